/* One line per event (explain.h, rs_explain_event_line): what the --explain terminal prints
 * after the instruction count. Exceptions get their summary from explain.c. */
#include "explain_priv.h"
#include "linux_i386.h"
#include "stop.h"
#include "trap.h"

/* Gate and descriptor types by number (SDM 3.5, Table 3-2; 6.11). */
static const char *gate_type_name(int type)
{
    switch (type) {
    case 5: return "task";
    case 6: return "16-bit interrupt";
    case 7: return "16-bit trap";
    case 12: return "call";
    case 14: return "interrupt";
    case 15: return "trap";
    default: return NULL;
    }
}

static void cause_words(xp_out *o, const rs_event_cpl *c)
{
    switch (c->cause) {
    case RS_CAUSE_INT: xp_put(o, "int 0x%x", (unsigned)c->vector); return;
    case RS_CAUSE_EXCEPTION: xp_put(o, "%s", rs_vector_mnemonic(c->vector)); return;
    case RS_CAUSE_HWINT: xp_put(o, "hardware interrupt 0x%x", (unsigned)c->vector); return;
    case RS_CAUSE_IRET: xp_put(o, "iret"); return;
    case RS_CAUSE_SYSENTER: xp_put(o, "sysenter"); return;
    case RS_CAUSE_SYSEXIT: xp_put(o, "sysexit"); return;
    case RS_CAUSE_FAR: xp_put(o, "far transfer"); return;
    }
    xp_put(o, "cause %d", (int)c->cause);
}

const char *rs_explain_stack_source(const rs_event_cpl *c)
{
    if (!c->stack_switched)
        return "none";
    switch (c->cause) {
    case RS_CAUSE_IRET: return "frame (IRET)";
    case RS_CAUSE_SYSENTER: return "MSR (SYSENTER_ESP)";
    case RS_CAUSE_SYSEXIT: return "ECX (SYSEXIT)";
    case RS_CAUSE_FAR: return c->to < c->from ? "TSS" : "frame (RET)";
    case RS_CAUSE_INT: case RS_CAUSE_EXCEPTION: case RS_CAUSE_HWINT: break;
    }
    return "TSS";
}

/* "CPL 3->0  int 0x80 via gate 0x80 (trap, DPL 3), stack 0x0023:0x0080fff0 -> 0x0010:0xc0215000"
 * "CPL 0->3  iret to 0x001b:0x0804801e". Through a gate the vector says where it went; otherwise
 * the new CS:EIP does. An IRET's stack is the one it pops, so only entries show the switch. */
static void cpl_line(xp_out *o, const rs_event *ev)
{
    const rs_event_cpl *c = &ev->u.cpl_change;
    int through_gate = c->vector >= 0 && c->cause != RS_CAUSE_IRET && c->cause != RS_CAUSE_SYSEXIT;
    const char *gate = gate_type_name(c->gate_type);
    xp_put(o, "CPL %d->%d  ", c->from, c->to);
    cause_words(o, c);
    if (through_gate) {
        xp_put(o, " via gate 0x%x", (unsigned)c->vector);
        if (gate)
            xp_put(o, " (%s, DPL %d)", gate, c->gate_dpl);
    } else {
        if (gate && c->cause == RS_CAUSE_FAR)
            xp_put(o, " via %s gate (DPL %d)", gate, c->gate_dpl);
        xp_put(o, " to 0x%04x:0x%08x", c->new_cs, (unsigned)c->new_eip);
    }
    /* Entries know the stack they left; IRET pops its new one from the frame (the caller's
     * stack is in EIP's line already) and SYSEXIT takes ESP from ECX. */
    if (c->stack_switched && c->cause == RS_CAUSE_SYSEXIT)
        xp_put(o, ", stack 0x%04x:0x%08x (ESP from ECX)", c->new_ss, (unsigned)c->new_esp);
    else if (c->stack_switched && c->cause != RS_CAUSE_IRET)
        xp_put(o, ", stack 0x%04x:0x%08x -> 0x%04x:0x%08x", c->old_ss, (unsigned)c->old_esp,
               c->new_ss, (unsigned)c->new_esp);
}

/* "cr0 0x00000011 -> 0x80010011 (+WP +PG)": the bits that changed, by name (SDM 2.5). */
static void cr_line(xp_out *o, const rs_event_cr *cr)
{
    static const char *const cr0[32] = { [0] = "PE", [1] = "MP", [2] = "EM", [3] = "TS",
        [4] = "ET", [5] = "NE", [16] = "WP", [18] = "AM", [29] = "NW", [30] = "CD", [31] = "PG" };
    static const char *const cr4[32] = { [0] = "VME", [1] = "PVI", [2] = "TSD", [3] = "DE",
        [4] = "PSE", [5] = "PAE", [6] = "MCE", [7] = "PGE", [8] = "PCE", [9] = "OSFXSR",
        [10] = "OSXMMEXCPT", [11] = "UMIP", [13] = "VMXE", [14] = "SMXE", [16] = "FSGSBASE",
        [17] = "PCIDE", [18] = "OSXSAVE", [20] = "SMEP", [21] = "SMAP", [22] = "PKE" };
    const char *const *names = cr->reg == 0 ? cr0 : cr->reg == 4 ? cr4 : NULL;
    uint32_t changed = cr->old_value ^ cr->new_value;
    xp_put(o, "cr%d 0x%08x -> 0x%08x", cr->reg, (unsigned)cr->old_value, (unsigned)cr->new_value);
    if (!names || !changed)
        return;
    const char *sep = " (";
    for (int bit = 0; bit < 32; bit++) {
        if (!(changed & (1u << bit)))
            continue;
        xp_put(o, "%s%c", sep, (cr->new_value & (1u << bit)) ? '+' : '-');
        if (names[bit])
            xp_put(o, "%s", names[bit]);
        else
            xp_put(o, "bit%d", bit);
        sep = " ";
    }
    xp_put(o, ")");
}

/* "out port 0x3f8 <- 0x21 (1 byte)", "in port 0x3fd -> 0x60 (1 byte)",
 * "out port 0x3f8 (1 byte) denied at CPL 3". */
static void io_line(xp_out *o, const rs_event *ev)
{
    const rs_event_io *io = &ev->u.io;
    int digits = io->size == 4 ? 8 : io->size == 2 ? 4 : 2;
    const char *plural = io->size == 1 ? "" : "s";
    xp_put(o, "%s port 0x%x", io->write ? "out" : "in", io->port);
    if (io->denied)
        xp_put(o, " (%d byte%s) denied at CPL %d", io->size, plural, ev->cpl);
    else
        xp_put(o, " %s 0x%0*x (%d byte%s)", io->write ? "<-" : "->", digits, (unsigned)io->value,
               io->size, plural);
}

/* Halt, exit, limits and stops all carry an rs_stop_reason (machine.h). */
static void stop_line(xp_out *o, const rs_event *ev)
{
    const rs_event_stop *s = &ev->u.stop;
    unsigned eip = (unsigned)ev->eip;
    switch (s->reason) {
    case RS_STOP_HALT:
        xp_put(o, "halt at 0x%08x: HLT with IF=0, nothing can wake the CPU", eip);
        return;
    case RS_STOP_HALT_IF:
        xp_put(o, "halt at 0x%08x: HLT with IF=1, but no interrupt source exists", eip);
        return;
    case RS_STOP_EXIT:
        xp_put(o, "exit status %d (the guest wrote 0x%x to isa-debug-exit)", s->exit_status,
               (unsigned)s->exit_status >> 1);
        return;
    case RS_STOP_INSN_LIMIT: xp_put(o, "limit: instruction limit at 0x%08x", eip); return;
    case RS_STOP_TIMEOUT: xp_put(o, "limit: time limit at 0x%08x", eip); return;
    }
    /* Triple fault, unsupported feature, engine error: the core's own sentence says it best. */
    if (s->detail[0])
        xp_put(o, "stop: %.*s", (int)sizeof s->detail, s->detail);
    else if (s->reason == RS_STOP_TRIPLE_FAULT)
        xp_put(o, "stop: triple fault at 0x%08x", eip);
    else if (s->reason == RS_STOP_UNSUPPORTED)
        xp_put(o, "stop: unsupported feature at 0x%08x", eip);
    else if (s->reason == RS_STOP_ENGINE_ERROR)
        xp_put(o, "stop: engine error at 0x%08x", eip);
    else
        xp_put(o, "stop: %s at 0x%08x", rs_stop_reason_name((rs_stop_reason)s->reason), eip);
}

static void syscall_line(xp_out *o, const rs_event *ev)
{
    char text[256];
    if (!rs_linux_syscall_name(ev->kind == RS_EV_SYSCALL ? ev->u.sys.nr : ev->u.ret.nr)) {
        /* Not a number in Linux's table (a guest's own convention, or a stale EAX): Linux would
         * answer -ENOSYS, and a name like syscall_1048611 would pretend to know more. */
        if (ev->kind == RS_EV_SYSCALL) {
            static const char *const regs[6] = { "ebx", "ecx", "edx", "esi", "edi", "ebp" };
            xp_put(o, "syscall eax=0x%x (no such Linux i386 call: Linux says -ENOSYS)", (unsigned)ev->u.sys.nr);
            for (int i = 0; i < 6; i++)
                xp_put(o, "%s%s=0x%08x", i ? ", " : " ", regs[i], (unsigned)ev->u.sys.args[i]);
            if (ev->u.sys.via_sysenter)
                xp_put(o, " via sysenter");
        } else
            xp_put(o, "syscall eax=0x%x returns, eax=0x%x", (unsigned)ev->u.ret.nr, (unsigned)ev->u.ret.ret);
        return;
    }
    if (ev->kind == RS_EV_SYSCALL) {
        rs_linux_format_call_with(ev->u.sys.nr, ev->u.sys.args, ev->u.sys.strings, text, sizeof text);
        xp_put(o, "syscall %s%s", text, ev->u.sys.via_sysenter ? " via sysenter" : "");
    } else {
        rs_linux_format_return(ev->u.ret.nr, ev->u.ret.ret, text, sizeof text);
        xp_put(o, "syscall %s", text);
    }
}

void rs_xp_event_line(const rs_event *ev, xp_out *o)
{
    switch (ev->kind) {
    case RS_EV_CPL: cpl_line(o, ev); return;
    case RS_EV_EXCEPTION: rs_xp_exception_text(ev, o, 0); return;
    case RS_EV_INTERRUPT:
        xp_put(o, "%s 0x%x from CPL %d at 0x%08x",
               ev->u.intr.hardware ? "hardware interrupt" : "int", (unsigned)ev->u.intr.vector,
               ev->cpl, (unsigned)ev->eip);
        return;
    case RS_EV_SYSCALL: case RS_EV_SYSRET: syscall_line(o, ev); return;
    case RS_EV_CR: cr_line(o, &ev->u.cr); return;
    case RS_EV_IO: io_line(o, ev); return;
    case RS_EV_HALT: case RS_EV_EXIT: case RS_EV_LIMIT: case RS_EV_STOP: stop_line(o, ev); return;
    case RS_EV_BREAKPOINT:
        if (ev->u.brk.watch)
            xp_put(o, "watch: %s of 0x%08x at 0x%08x", ev->u.brk.write ? "write" : "read",
                   (unsigned)ev->u.brk.address, (unsigned)ev->eip);
        else
            xp_put(o, "breakpoint at 0x%08x", (unsigned)ev->u.brk.address);
        return;
    case RS_EV__COUNT: break;
    }
    xp_put(o, "event kind %d", (int)ev->kind);
}
