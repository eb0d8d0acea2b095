/* Unicorn hooks: where the engine hands control to ringscope.
 *
 *  - UC_HOOK_INTR: every exception and INT n / INT3 / INTO. Unicorn stops there (unicorn#1227);
 *    we deliver through the guest IDT (trap.c) by editing the CPU state, inside the hook, so the
 *    engine runs straight on into the handler: no return to the run loop per system call.
 *  - UC_HOOK_INSN_INVALID: lets #UD reach the INTR hook as vector 6.
 *  - IN/OUT: I/O permission (io_permission.c), then the device bus.
 *  - SYSENTER / SYSCALL: their SDM semantics (Unicorn only calls the hook).
 *  - CPUID: the machine's CPU model (cpu_model.h); RDTSC arrives at the INTR hook (tsc.c).
 *
 * Aborting an I/O instruction. A denied IN/OUT must raise #GP(0) with nothing done, and a write
 * to isa-debug-exit must end the run before the next instruction; but an IN/OUT hook runs in the
 * middle of a translated block, cannot raise an exception, and the rest of the block would run
 * after it. So every translated IN/OUT is made to call QEMU's I/O-breakpoint check right after
 * the hook (the HF_IOBPT flag, armed at boot), and the hook points DR0 at the port: the check
 * raises #DB at once, which leaves the block with EIP after the instruction. The INTR hook sees
 * that #DB, restores DR0/DR6, finds the instruction start and delivers #GP(0) (or stops). */
#include <stdio.h>
#include <string.h>
#include "machine_priv.h"
#include "vectors.h"
#include "mmu.h"
#include "cpu_model.h"

static uint32_t reg32(uc_engine *uc, int id)
{
    uint32_t v = 0;
    uc_reg_read(uc, id, &v);
    return v;
}

static void io_abort_arm(rs_machine *m, uint16_t port, int size, int is_out, rs_io_abort_kind kind, int hint);

void rs_machine_stop_from_hook(rs_machine *m, rs_stop_reason reason, const char *detail)
{
    if (m->stop_pending)
        return;
    m->stop_pending = 1;
    m->stop.reason = reason;
    snprintf(m->stop.detail, sizeof m->stop.detail, "%s", detail);
    /* Inside an IN/OUT hook the engine would stop with EIP at the block's start and run the
     * block again on resume (its port accesses twice): stop right after the instruction. */
    if (m->in_io_hook) {
        m->in_io_hook = 2;
        return;
    }
    uc_emu_stop(m->uc);
}

/* The end of an IN/OUT hook: a stop asked for during it takes effect after the instruction. */
static void io_hook_end(rs_machine *m, uint16_t port, int size)
{
    int stop = m->in_io_hook == 2;
    m->in_io_hook = 0;
    if (stop && m->io_abort.kind == RS_IO_ABORT_NONE)
        io_abort_arm(m, port, size, 0, RS_IO_ABORT_STOP, RS_HINT_NONE);
}

/* Delivers REQ on the loaded blob and commits it, or stops the machine. The tracer records the
 * event (hint: an rs_fault_hint for a denied port, with its port and size). */
static void deliver_traced(rs_machine *m, const rs_trap_request *req, uint32_t eflags, int hint, uint16_t port,
                           int size)
{
    rs_trap_report rep;
    char line[200];
    rs_tracer_trap_before(m, req, eflags, hint, port, size);
    rs_trap_outcome out = rs_trap_deliver(m->cpu, &m->pm, eflags, req, &rep);
    if (out == RS_TRAP_DELIVERED) {
        rs_cpuctx_clear_exception_in_flight(m->cpu);
        rs_cpuctx_store(m->cpu);
    } else {
        rs_cpuctx_rollback(m->cpu);   /* the engine keeps the state it had before the event */
    }
    rs_tracer_trap_after(m, req, out, &rep);
    switch (out) {
    case RS_TRAP_DELIVERED:
        return;
    case RS_TRAP_TRIPLE_FAULT:
        snprintf(line, sizeof line, "triple fault at eip 0x%08x: %s", req->insn_eip, rep.why);
        rs_machine_stop_from_hook(m, RS_STOP_TRIPLE_FAULT, line);
        return;
    case RS_TRAP_UNSUPPORTED:
        snprintf(line, sizeof line, "vector %u at eip 0x%08x: %s", req->vector, req->insn_eip, rep.why);
        rs_machine_stop_from_hook(m, RS_STOP_UNSUPPORTED, line);
        return;
    }
}

static void deliver(rs_machine *m, const rs_trap_request *req, uint32_t eflags)
{
    deliver_traced(m, req, eflags, RS_HINT_NONE, 0, 0);
}

void rs_machine_deliver_external(rs_machine *m, const rs_trap_request *req, uint32_t eflags)
{
    deliver_traced(m, req, eflags, RS_HINT_NONE, 0, 0);
}

/* Unicorn reports INT n with EIP already past it; the instruction is CD ib, or CC (INT3), or
 * CE (INTO). A fault while delivering it must save the address of the instruction itself. */
static uint32_t software_int_start(rs_machine *m, uint32_t next_eip, uint32_t vector)
{
    if (vector != 3 && vector != 4)
        return next_eip - 2;             /* only CD ib raises other vectors: no need to look */
    uint8_t last = 0;
    rs_segcache cs = rs_cpuctx_seg(m->cpu, RS_CS);
    rs_mmu_read(&m->pm, rs_cpuctx_paging(m->cpu), cs.base + next_eip - 1, &last, 1, rs_cpuctx_cpl(m->cpu) == 3, NULL);
    if ((vector == 3 && last == 0xcc) || (vector == 4 && last == 0xce))
        return next_eip - 1;
    return next_eip - 2;
}

/* The opcode after the prefixes of the instruction in BYTES (LEN >= 1), and whether it addresses
 * memory with 16 bits. A LOCK first (Unicorn runs LOCK OUT) is passed over too. */
static void insn_opcode(const uint8_t *bytes, size_t len, int code32, uint8_t *opcode_out, int *addr16)
{
    size_t lock = 0;
    while (lock + 1 < len && bytes[lock] == 0xf0)
        lock++;
    int a16 = !code32;
    *opcode_out = bytes[lock + (size_t)rs_disasm_prefix_length(bytes + lock, (int)(len - lock), &a16)];
    *addr16 = a16;
}

/* Finds the instruction that ends at NEXT by decoding forward from FROM (a boundary). FROM is
 * where the translated block began, which can be a page and more before NEXT (a block holds up to
 * 512 instructions), so the bytes are decoded a window at a time. Where Capstone refuses what the
 * engine ran (e.g. LOCK OUT, which Unicorn executes), the bytes left, if no longer than an
 * instruction can be, are that last instruction. */
static int find_insn_start(rs_machine *m, uint32_t from, uint32_t next, uint32_t *start, uint8_t *opcode_out,
                           int *addr16)
{
    uint8_t code[64];
    rs_segcache cs = rs_cpuctx_seg(m->cpu, RS_CS);
    int code32 = (cs.flags & RS_DESC_B) != 0;
    int found = 0;
    while (from < next && !found) {
        uint32_t len = next - from < sizeof code ? next - from : (uint32_t)sizeof code;
        if (!rs_mmu_read(&m->pm, rs_cpuctx_paging(m->cpu), cs.base + from, code, len, rs_cpuctx_cpl(m->cpu) == 3, NULL))
            return 0;
        cs_insn *insn = NULL;
        size_t n = cs_disasm(rs_disasm_handle(m->dis, code32), code, len, from, 0, &insn);
        if (n == 0) {
            if (next - from > 15)
                return 0;
            *start = from;
            insn_opcode(code, len, code32, opcode_out, addr16);
            return 1;
        }
        for (size_t i = 0; i < n && !found; i++) {
            if (insn[i].address + insn[i].size != next)
                continue;
            found = 1;
            *start = (uint32_t)insn[i].address;
            insn_opcode(insn[i].bytes, insn[i].size, code32, opcode_out, addr16);
        }
        from = (uint32_t)(insn[n - 1].address + insn[n - 1].size);   /* the next whole instruction */
        cs_free(insn, n);
    }
    return found;
}

/* When decoding forward cannot work (EIP, which gave FROM, is stale after a chained jump between
 * translated blocks), the I/O instruction is read backwards from NEXT: the hook told the port,
 * the size and the direction. IN/OUT imm8 is E4-E7 ib with ib = the port; IN/OUT DX and
 * INS/OUTS are one byte (EC-EF, 6C-6F) with DX = the port. An operand-size prefix is there
 * exactly when the size says so; a REP before a string instruction is taken with it. */
static int find_io_insn_backwards(rs_machine *m, uint32_t next, uint16_t port, int size, int is_out,
                                  uint32_t *start, uint8_t *opcode_out, int *addr16)
{
    uint8_t b[4];
    rs_segcache cs = rs_cpuctx_seg(m->cpu, RS_CS);
    int code32 = (cs.flags & RS_DESC_B) != 0;
    if (next < 4 || !rs_mmu_read(&m->pm, rs_cpuctx_paging(m->cpu), cs.base + next - 4, b, 4, rs_cpuctx_cpl(m->cpu) == 3, NULL))
        return 0;
    uint8_t wide = size == 1 ? 0 : 1, dir = is_out ? 2 : 0;
    int dx_form = b[3] == (0xec | dir | wide) || b[3] == (0x6c | dir | wide);
    int imm_form = port < 256 && b[2] == (0xe4 | dir | wide) && b[3] == port;
    if (dx_form && imm_form && (rs_cpuctx_gpr(m->cpu, RS_EDX) & 0xffffu) != port)
        dx_form = 0;
    if (!dx_form && !imm_form)
        return 0;
    int at = dx_form ? 3 : 2;                           /* index in b of the opcode */
    *opcode_out = b[at];
    *addr16 = !code32;
    if (size > 1 && (size == 2) == (code32 != 0) && at > 0 && b[at - 1] == 0x66)
        at--;
    if (dx_form && b[3] < 0x70 && at > 0 && (b[at - 1] == 0xf3 || b[at - 1] == 0xf2))
        at--;
    *start = next - 4 + (uint32_t)at;
    return 1;
}

/* INS/OUTS moved EDI/ESI before the abort fired: put them back (SDM: a fault leaves them). */
static void undo_string_step(rs_machine *m, uint8_t opcode, int addr16, uint32_t eflags, int size)
{
    if (opcode < 0x6c || opcode > 0x6f)
        return;
    enum rs_gpr r = opcode <= 0x6d ? RS_EDI : RS_ESI;
    uint32_t v = rs_cpuctx_gpr(m->cpu, r);
    uint32_t delta = (eflags & RS_EFL_DF) ? (uint32_t)size : (uint32_t)-size;
    uint32_t mask = addr16 ? 0xffffu : 0xffffffffu;
    rs_cpuctx_set_gpr(m->cpu, r, (v & ~mask) | ((v + delta) & mask));
}

static void io_abort_finish(rs_machine *m)
{
    uint32_t eflags = reg32(m->uc, UC_X86_REG_EFLAGS);
    rs_cpuctx_load(m->cpu);
    rs_cpuctx_set_dr(m->cpu, 0, 0x10000000u);
    rs_cpuctx_set_dr(m->cpu, 6, m->io_abort.saved_dr6);
    rs_cpuctx_clear_exception_in_flight(m->cpu);
    rs_io_abort abort = m->io_abort;
    m->io_abort.kind = RS_IO_ABORT_NONE;
    uint32_t next = rs_cpuctx_eip(m->cpu);
    if (abort.kind == RS_IO_ABORT_RECONFIG) {
        rs_cpuctx_store(m->cpu);
        m->want_tracer = 1;
        uc_emu_stop(m->uc);     /* EIP is exact here (after the OUT): the run loop resumes there */
        return;
    }
    if (abort.kind == RS_IO_ABORT_EXIT) {
        rs_cpuctx_store(m->cpu);
        rs_tracer_settle(m);
        char line[96];
        m->stop_pending = 0;      /* the exit outranks a stop on the OUT's event */
        m->stop.exit_status = (int)((m->debugexit.value << 1) | 1);
        snprintf(line, sizeof line, "the guest wrote 0x%x to isa-debug-exit", m->debugexit.value);
        rs_machine_stop_from_hook(m, RS_STOP_EXIT, line);
        return;
    }
    if (abort.kind == RS_IO_ABORT_STOP) {
        rs_cpuctx_store(m->cpu);
        rs_tracer_settle(m);
        uc_emu_stop(m->uc);       /* EIP is exact here (after the instruction) */
        return;
    }
    uint32_t start;
    uint8_t opcode = 0;
    int addr16 = 0;
    if (!find_insn_start(m, abort.scan_from, next, &start, &opcode, &addr16) &&
        !find_io_insn_backwards(m, next, abort.port, abort.size, abort.is_out, &start, &opcode, &addr16)) {
        rs_cpuctx_rollback(m->cpu);
        char line[128];
        snprintf(line, sizeof line, "could not locate the denied I/O instruction before eip 0x%08x", next);
        rs_machine_stop_from_hook(m, RS_STOP_ENGINE_ERROR, line);
        return;
    }
    undo_string_step(m, opcode, addr16, eflags, abort.size);
    rs_cpuctx_set_eip(m->cpu, start);
    rs_trap_request req = { .vector = 13, .source = RS_SRC_EXCEPTION, .has_error_code = 1,
                            .error_code = 0, .return_eip = start, .insn_eip = start };
    deliver_traced(m, &req, eflags, abort.hint, abort.port, abort.size);
    if (m->stop_pending)
        uc_emu_stop(m->uc);       /* a stop asked for on the denied access: at the handler */
}

static void hook_intr(uc_engine *uc, uint32_t intno, void *user_data)
{
    rs_machine *m = user_data;
    if (intno == 1 && m->io_abort.kind != RS_IO_ABORT_NONE) {
        io_abort_finish(m);
        return;
    }
    if (intno == RS_CPUCTX_RDTSC_EXIT) {
        rs_machine_rdtsc(m);
        return;
    }
    uint32_t eflags = reg32(uc, UC_X86_REG_EFLAGS);
    rs_cpuctx_load(m->cpu);
    uint32_t eip = rs_cpuctx_eip(m->cpu);
    rs_trap_request req = { .vector = (uint8_t)intno, .return_eip = eip, .insn_eip = eip };
    if (rs_cpuctx_exception_is_int(m->cpu)) {
        req.source = RS_SRC_SOFTWARE;
        req.insn_eip = software_int_start(m, eip, intno);
    } else {
        req.source = RS_SRC_EXCEPTION;
        req.has_error_code = (rs_cpuctx_cr(m->cpu, 0) & RS_CR0_PE) && rs_vector_has_error_code((int)intno);
        req.error_code = (uint32_t)rs_cpuctx_error_code(m->cpu);
    }
    deliver(m, &req, eflags);
}

static bool hook_invalid(uc_engine *uc, void *user_data)
{
    (void)uc, (void)user_data;
    return true;    /* go on to the INTR hook with vector 6 (#UD) */
}

static void io_abort_arm(rs_machine *m, uint16_t port, int size, int is_out, rs_io_abort_kind kind, int hint)
{
    m->io_abort.kind = kind;
    m->io_abort.is_out = is_out;
    m->io_abort.port = port;
    m->io_abort.hint = hint;
    m->io_abort.size = size;
    m->io_abort.scan_from = reg32(m->uc, UC_X86_REG_EIP);
    m->io_abort.saved_dr6 = reg32(m->uc, UC_X86_REG_DR6);
    uint32_t dr0 = port;
    uc_reg_write(m->uc, UC_X86_REG_DR0, &dr0);
}

static uint32_t hook_in(uc_engine *uc, uint32_t port, int size, void *user_data)
{
    rs_machine *m = user_data;
    int hint;
    m->in_io_hook = 1;
    if (!rs_io_permitted(m, (uint16_t)port, size, &hint)) {
        rs_tracer_io(m, (uint16_t)port, size, 0, 0, 1);
        io_abort_arm(m, (uint16_t)port, size, 0, RS_IO_ABORT_DENIED, hint);
        io_hook_end(m, (uint16_t)port, size);
        uint32_t eax = reg32(uc, UC_X86_REG_EAX);     /* leave the register as it was */
        return size == 4 ? eax : eax & ((1u << (8 * size)) - 1);
    }
    uint32_t v = rs_io_read(&m->bus, (uint16_t)port, size);
    rs_tracer_io(m, (uint16_t)port, size, 0, v, 0);
    if (m->tracer.on && rs_machine_pc_timed_port((uint16_t)port))
        rs_machine_time_arm(m);      /* a read can lower or raise IRQ 4, or make room for input */
    io_hook_end(m, (uint16_t)port, size);
    return v;
}

static void hook_out(uc_engine *uc, uint32_t port, int size, uint32_t value, void *user_data)
{
    (void)uc;
    rs_machine *m = user_data;
    int hint;
    m->in_io_hook = 1;
    if (!rs_io_permitted(m, (uint16_t)port, size, &hint)) {
        rs_tracer_io(m, (uint16_t)port, size, 1, value, 1);
        io_abort_arm(m, (uint16_t)port, size, 1, RS_IO_ABORT_DENIED, hint);
        io_hook_end(m, (uint16_t)port, size);
        return;
    }
    rs_tracer_io(m, (uint16_t)port, size, 1, value, 0);
    rs_io_write(&m->bus, (uint16_t)port, size, value);
    if (m->debugexit.requested)
        io_abort_arm(m, (uint16_t)port, size, 1, RS_IO_ABORT_EXIT, RS_HINT_NONE);
    else if (!m->tracer.on && (rs_machine_time_port((uint16_t)port) || rs_machine_pc_wants_time(m, (uint16_t)port)))
        io_abort_arm(m, (uint16_t)port, size, 1, RS_IO_ABORT_RECONFIG, RS_HINT_NONE);
    else if (m->tracer.on && (rs_machine_time_port((uint16_t)port) || rs_machine_pc_timed_port((uint16_t)port)))
        rs_machine_time_arm(m);      /* a new count, mask, EOI or IRQ 4 moves the next stop point */
    io_hook_end(m, (uint16_t)port, size);
}

/* Unicorn adds the instruction's length to EIP after a SYSENTER/SYSCALL hook returns, and for
 * SYSENTER it does not even store EIP first: EIP may still be the start of the translated block.
 * So find the instruction by decoding forward from EIP (a block ends at SYSENTER/SYSCALL). */
static int find_sys_insn(rs_machine *m, unsigned insn_id, uint32_t *start, uint32_t *len)
{
    uint8_t code[64];
    uint32_t from = rs_cpuctx_eip(m->cpu);
    rs_segcache cs = rs_cpuctx_seg(m->cpu, RS_CS);
    if (!rs_mmu_read(&m->pm, rs_cpuctx_paging(m->cpu), cs.base + from, code, sizeof code, rs_cpuctx_cpl(m->cpu) == 3, NULL))
        return 0;
    int code32 = (cs.flags & RS_DESC_B) != 0;
    cs_insn *insn = NULL;
    size_t n = cs_disasm(rs_disasm_handle(m->dis, code32), code, sizeof code, from, 0, &insn);
    int found = 0;
    for (size_t i = 0; i < n && !found; i++) {
        if (insn[i].id == insn_id) {
            *start = (uint32_t)insn[i].address;
            *len = insn[i].size;
            found = 1;
        }
    }
    cs_free(insn, n);
    return found;
}

static void fault_in_insn_hook(rs_machine *m, uint8_t vector, int has_ec, uint32_t eflags, uint32_t eip,
                               uint32_t len)
{
    rs_trap_request req = { .vector = vector, .source = RS_SRC_EXCEPTION, .has_error_code = has_ec,
                            .return_eip = eip, .insn_eip = eip };
    rs_trap_report rep;
    rs_tracer_trap_before(m, &req, eflags, RS_HINT_NONE, 0, 0);
    rs_trap_outcome out = rs_trap_deliver(m->cpu, &m->pm, eflags, &req, &rep);
    if (out == RS_TRAP_DELIVERED) {
        rs_cpuctx_set_eip(m->cpu, rs_cpuctx_eip(m->cpu) - len);
        rs_cpuctx_clear_exception_in_flight(m->cpu);
        rs_cpuctx_store(m->cpu);
    } else {
        rs_cpuctx_rollback(m->cpu);
    }
    rs_tracer_trap_after(m, &req, out, &rep);
    if (out != RS_TRAP_DELIVERED) {
        rs_machine_stop_from_hook(m, out == RS_TRAP_TRIPLE_FAULT ? RS_STOP_TRIPLE_FAULT : RS_STOP_UNSUPPORTED,
                                  rep.why ? rep.why : "delivery failed");
    }
}

/* SDM Vol. 2B, SYSENTER: flat ring-0 CS/SS from IA32_SYSENTER_CS, ESP/EIP from the MSRs. */
static void hook_sysenter(uc_engine *uc, void *user_data)
{
    rs_machine *m = user_data;
    uint32_t eflags = reg32(uc, UC_X86_REG_EFLAGS);
    rs_cpuctx_load(m->cpu);
    uint32_t start, len;
    if (!find_sys_insn(m, X86_INS_SYSENTER, &start, &len)) {
        rs_machine_stop_from_hook(m, RS_STOP_ENGINE_ERROR, "could not locate the SYSENTER instruction");
        return;
    }
    uint32_t cs = rs_cpuctx_sysenter(m->cpu, 0);
    if (!(rs_cpuctx_cr(m->cpu, 0) & RS_CR0_PE) || (cs & 0xfffcu) == 0) {
        fault_in_insn_hook(m, 13, 1, eflags, start, len);
        return;
    }
    uint16_t old_ss = rs_cpuctx_seg(m->cpu, RS_SS).selector;
    uint32_t old_esp = rs_cpuctx_gpr(m->cpu, RS_ESP);
    rs_segcache code = { (uint16_t)(cs & 0xfffcu), 0, 0xffffffffu, 0x00cf9b00u };
    rs_segcache stack = { (uint16_t)((cs & 0xfffcu) + 8), 0, 0xffffffffu, 0x00cf9300u };
    rs_cpuctx_set_seg(m->cpu, RS_CS, code);
    rs_cpuctx_set_seg(m->cpu, RS_SS, stack);
    rs_cpuctx_set_cpl(m->cpu, 0);
    rs_cpuctx_set_gpr(m->cpu, RS_ESP, rs_cpuctx_sysenter(m->cpu, 1));
    rs_cpuctx_set_eip(m->cpu, rs_cpuctx_sysenter(m->cpu, 2) - len);
    rs_cpuctx_set_eflags_running(m->cpu, eflags & ~(uint32_t)(RS_EFL_VM | RS_EFL_IF | RS_EFL_RF));
    rs_cpuctx_store(m->cpu);
    rs_tracer_sysenter(m, start, old_ss, old_esp);
}

/* SDM Vol. 2B, SYSCALL: "#UD If not in 64-bit mode". ringscope is a 32-bit machine. */
static void hook_syscall(uc_engine *uc, void *user_data)
{
    rs_machine *m = user_data;
    uint32_t eflags = reg32(uc, UC_X86_REG_EFLAGS);
    rs_cpuctx_load(m->cpu);
    uint32_t start, len;
    if (!find_sys_insn(m, X86_INS_SYSCALL, &start, &len)) {
        rs_machine_stop_from_hook(m, RS_STOP_ENGINE_ERROR, "could not locate the SYSCALL instruction");
        return;
    }
    fault_in_insn_hook(m, 6, 0, eflags, start, len);
}

/* CPUID answers from the machine's CPU model (cpu_model.h); returning 1 skips Unicorn's own. */
static int hook_cpuid(uc_engine *uc, void *user_data)
{
    rs_machine *m = user_data;
    uint32_t r[4];
    rs_cpu_model_cpuid(m->cpu_model, reg32(uc, UC_X86_REG_EAX), reg32(uc, UC_X86_REG_ECX), r);
    uc_reg_write(uc, UC_X86_REG_EAX, &r[0]);
    uc_reg_write(uc, UC_X86_REG_EBX, &r[1]);
    uc_reg_write(uc, UC_X86_REG_ECX, &r[2]);
    uc_reg_write(uc, UC_X86_REG_EDX, &r[3]);
    return 1;
}

rs_err rs_hooks_install(rs_machine *m)
{
    uc_engine *uc = m->uc;
    uc_err e = uc_hook_add(uc, &m->hooks[0], UC_HOOK_INTR, (void *)hook_intr, m, 1, 0);
    if (!e) e = uc_hook_add(uc, &m->hooks[1], UC_HOOK_INSN_INVALID, (void *)hook_invalid, m, 1, 0);
    if (!e) e = uc_hook_add(uc, &m->hooks[2], UC_HOOK_INSN, (void *)hook_in, m, 1, 0, UC_X86_INS_IN);
    if (!e) e = uc_hook_add(uc, &m->hooks[3], UC_HOOK_INSN, (void *)hook_out, m, 1, 0, UC_X86_INS_OUT);
    if (!e) e = uc_hook_add(uc, &m->hooks[4], UC_HOOK_INSN, (void *)hook_sysenter, m, 1, 0, UC_X86_INS_SYSENTER);
    if (!e) e = uc_hook_add(uc, &m->hooks[5], UC_HOOK_INSN, (void *)hook_syscall, m, 1, 0, UC_X86_INS_SYSCALL);
    if (!e) e = uc_hook_add(uc, &m->hooks[6], UC_HOOK_INSN, (void *)hook_cpuid, m, 1, 0, UC_X86_INS_CPUID);
    return e ? RS_ERR_ENGINE : RS_OK;
}
