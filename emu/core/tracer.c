/* See tracer.h. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "desc.h"
#include "machine_priv.h"
#include "mmu.h"
#include "sysstrings.h"

/* ---- the CPU state the tracer reads (cpuctx.h's live readers: a few ns, no copy) ---- */

static uint32_t live_reg(rs_machine *m, int id)
{
    uint32_t v = 0;
    uc_reg_read(m->uc, id, &v);
    return v;
}

static int live_cpl(rs_machine *m) { return rs_cpuctx_live_cpl(m->cpu); }

static rs_segcache live_cs(rs_machine *m) { return rs_cpuctx_live_seg(m->cpu, RS_CS); }
static uint32_t live_cs_base(rs_machine *m) { return live_cs(m).base; }
static int live_code32(rs_machine *m) { return (live_cs(m).flags & RS_DESC_B) != 0; }

/* Reads guest code without setting accessed bits: the tracer only looks. */
static uint32_t peek_linear(rs_machine *m, rs_paging pg, uint32_t linear, uint8_t *dst, uint32_t len)
{
    uint32_t done = 0;
    while (done < len) {
        rs_walk w;
        if (!rs_mmu_walk(&m->pm, pg, linear + done, RS_ACC_EXEC, 0, 0, &w))
            break;
        uint32_t chunk = 4096 - ((linear + done) & 4095);
        if (chunk > len - done)
            chunk = len - done;
        if (!rs_phys_in_ram(&m->pm, w.phys, chunk))
            break;
        memcpy(dst + done, m->pm.ram + w.phys, chunk);
        done += chunk;
    }
    return done;
}

/* ---- counting ---- */

rs_err rs_tracer_init(rs_tracer *t)
{
    memset(t, 0, sizeof *t);
    t->limit = t->insn_limit = t->deadline = UINT64_MAX;
    return rs_evlog_init(&t->log, RS_EVLOG_DEFAULT_CAPACITY);
}

void rs_tracer_free(rs_tracer *t) { rs_evlog_free(&t->log); }

void rs_tracer_code_flushed(rs_tracer *t)
{
    memset(t->cache, 0, sizeof t->cache);
    t->flushes++;
}

uint64_t rs_tracer_icount(const rs_tracer *t) { return t->base + t->blk_n; }

/* What this instruction can do to CPL, CR0, CR3 or CR4 by itself (not through a hook of ours). */
static int changes_state(const cs_insn *insn)
{
    const uint8_t *b = insn->bytes;
    int i = rs_disasm_prefix_length(b, insn->size, NULL);
    uint8_t op = b[i], next = i + 1 < insn->size ? b[i + 1] : 0;
    int reg = (next >> 3) & 7;
    switch (op) {
    case 0xcf:
        return RS_SENS_IRET;
    case 0xfb: case 0x9d:
        return RS_SENS_IF;                          /* STI, POPF: an interrupt may be due now */
    case 0xca: case 0xcb: case 0xea: case 0x9a:
        return RS_SENS_FAR;                         /* RETF, far JMP/CALL */
    case 0xff:
        return reg == 3 || reg == 5 ? RS_SENS_FAR : RS_SENS_NONE;   /* far CALL/JMP through memory */
    case 0x0f:
        if (next == 0x35)
            return RS_SENS_SYSEXIT;
        if (next == 0x22 || next == 0x06 || (next == 0x01 && i + 2 < insn->size && ((b[i + 2] >> 3) & 7) == 6))
            return RS_SENS_CR;                      /* MOV CR, CLTS, LMSW */
        return RS_SENS_NONE;
    }
    return RS_SENS_NONE;
}

/* Decodes a new block: what its last instruction can change (RS_SENS_UNSURE when the decoder
 * and Unicorn disagree on the instructions), and where that instruction is. */
static int block_sensitive(rs_machine *m, uint32_t pc, uint32_t size, uint32_t n, uint32_t *last)
{
    uint8_t code[4096];
    uint32_t len = size < sizeof code ? size : (uint32_t)sizeof code;
    len = peek_linear(m, rs_cpuctx_live_paging(m->cpu), pc, code, len);
    cs_insn *insn = NULL;
    size_t count = cs_disasm(rs_disasm_handle(m->dis, live_code32(m)), code, len, pc, 0, &insn);
    int sensitive = RS_SENS_UNSURE;
    *last = pc;
    if (count && count == n) {
        sensitive = changes_state(&insn[count - 1]);
        *last = (uint32_t)insn[count - 1].address;
    }
    cs_free(insn, count);
    return sensitive;
}

/* The set of a block: the top bits of a Fibonacci hash of its address (Knuth 6.4), so blocks a
 * few bytes or a power of two apart spread over all sets. */
static inline struct rs_tracer_block *cache_set(rs_tracer *t, uint32_t pc)
{
    enum { SET_BITS = __builtin_ctz(RS_TRACER_CACHE / 2) };
    return &t->cache[((pc * 0x9e3779b1u) >> (32 - SET_BITS)) * 2];
}

/* A record's key: its size, with RS_TRACER_KEY_SENSITIVE for a block whose last instruction can
 * change CPL or a CR, which the fast path never matches (the block after it must be checked). */
#define RS_TRACER_KEY_SENSITIVE 0x80000000u

/* The record of block (PC, SIZE), or NULL. */
static inline struct rs_tracer_block *cache_find(rs_tracer *t, uint32_t pc, uint32_t size)
{
    struct rs_tracer_block *set = cache_set(t, pc);
    for (int way = 0; way < 2; way++)
        if (set[way].pc == pc && (set[way].key & ~RS_TRACER_KEY_SENSITIVE) == size && set[way].n)
            return &set[way];
    return NULL;
}

/* How many instructions Unicorn translated into the block at PC (its own record, so it agrees
 * with what runs), what its last instruction can change and where it is; cached by (pc, size)
 * until the next flush of translated code. */
static uint32_t block_insns(rs_machine *m, uint32_t pc, uint32_t size, int *sensitive, uint32_t *last)
{
    rs_tracer *t = &m->tracer;
    struct rs_tracer_block *b = cache_find(t, pc, size);
    if (b) {
        *sensitive = b->sensitive;
        *last = pc + b->last_off;
        return b->n;
    }
    uc_tb tb = { 0 };
    *sensitive = RS_SENS_UNSURE;
    *last = pc;
    /* uc_ctl_request_cache() is Unicorn's macro, but it shifts 3 into the sign bit of an int
     * (UB); build the same control word unsigned: read+write (3) << 30, two arguments << 26. */
    uint32_t ctl = (uint32_t)UC_CTL_TB_REQUEST_CACHE | (2u << 26) | (3u << 30);
    if (uc_ctl(m->uc, (uc_control_type)ctl, (uint64_t)pc, &tb) != UC_ERR_OK || tb.size != size || !tb.icount)
        return 0;
    *sensitive = block_sensitive(m, pc, size, tb.icount, last);
    t->decodes++;
    if (t->decode_probe)
        t->decode_probe(t->decode_probe_opaque, pc, size);
    struct rs_tracer_block *set = cache_set(t, pc);
    set[1] = set[0];                   /* the older record makes room */
    set[0] = (struct rs_tracer_block){ pc, size | (*sensitive ? RS_TRACER_KEY_SENSITIVE : 0), tb.icount,
                                       (uint16_t)(*last - pc), (uint8_t)*sensitive, 0 };
    return tb.icount;
}

/* Instructions of the current block that start before LINEAR (decoded from the block's bytes). */
static uint32_t insns_before(rs_machine *m, uint32_t linear)
{
    rs_tracer *t = &m->tracer;
    uint8_t code[4096];
    uint32_t len = linear - t->blk_pc;
    if (len > sizeof code)
        len = sizeof code;
    len = peek_linear(m, rs_cpuctx_live_paging(m->cpu), t->blk_pc, code, len);
    cs_insn *insn = NULL;
    size_t n = cs_disasm(rs_disasm_handle(m->dis, live_code32(m)), code, len, t->blk_pc, 0, &insn);
    uint32_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (insn[i].address + insn[i].size <= linear)
            count++;
    cs_free(insn, n);
    return count < t->blk_n ? count : t->blk_n;
}

/* Ends the current block at LINEAR: the instructions before it are complete. */
static uint64_t settle_at(rs_machine *m, uint32_t linear)
{
    rs_tracer *t = &m->tracer;
    if (t->blk_n) {
        uint32_t off = linear - t->blk_pc;
        const struct rs_tracer_block *b = cache_find(t, t->blk_pc, t->blk_size);
        if (b)
            t->blk_last = t->blk_pc + b->last_off;
        if (off < t->blk_size) {
            t->base += insns_before(m, linear);
            t->blk_sensitive = RS_SENS_NONE;   /* its last instruction did not run */
        } else {
            t->base += t->blk_n;
        }
        t->blk_n = 0;
    }
    /* The host may change state before the next block: check then, keeping a known cause. */
    if (t->blk_sensitive == RS_SENS_NONE)
        t->blk_sensitive = RS_SENS_UNSURE;
    t->limit = 0;                      /* (the fast path does not look at blk_sensitive) */
    return t->base;
}

void rs_tracer_settle(rs_machine *m)
{
    if (m->tracer.on)
        settle_at(m, live_cs_base(m) + live_reg(m, UC_X86_REG_EIP));
}

/* ---- emitting ---- */

void rs_tracer_emit(rs_machine *m, rs_event *ev)
{
    rs_tracer *t = &m->tracer;
    const rs_event *stored = rs_evlog_push(&t->log, ev);
    int stop = (t->stop_mask & (1u << ev->kind)) != 0;
    for (unsigned i = 0; i < t->n_listeners; i++)
        if (t->listeners[i].fn(t->listeners[i].opaque, stored))
            stop = 1;
    if (stop) {
        char line[64];
        snprintf(line, sizeof line, "stopped after event %llu (%s)", (unsigned long long)stored->seq,
                 rs_event_kind_name(stored->kind));
        if (!m->stop_pending) {
            rs_machine_stop_from_hook(m, RS_STOP_EVENT, line);
            m->stop.event_seq = stored->seq;
        }
    }
}

static void pending_push(rs_tracer *t, uint32_t cr3, uint32_t nr, uint64_t icount)
{
    for (unsigned i = 0; i < RS_TRACER_PENDING; i++) {
        if (!t->pending[i].used || t->pending[i].cr3 == cr3) {
            t->pending[i].used = 1;
            t->pending[i].cr3 = cr3;
            t->pending[i].nr = nr;
            t->pending[i].icount = icount;
            return;
        }
    }
}

static int pending_pop(rs_tracer *t, uint32_t cr3, uint32_t *nr, uint64_t *icount)
{
    for (unsigned i = 0; i < RS_TRACER_PENDING; i++) {
        if (t->pending[i].used && t->pending[i].cr3 == cr3) {
            t->pending[i].used = 0;
            *nr = t->pending[i].nr;
            *icount = t->pending[i].icount;
            return 1;
        }
    }
    return 0;
}

/* Linux i386: exit and exit_group never return. */
static int syscall_returns(uint32_t nr) { return nr != 1 && nr != 252; }

static void base_event(rs_machine *m, rs_event *ev, rs_event_kind kind, uint64_t icount)
{
    memset(ev, 0, sizeof *ev);
    ev->kind = kind;
    ev->icount = icount;
    ev->cr3 = rs_cpuctx_live_cr(m->cpu, 3);
    ev->cpl = rs_cpuctx_live_cpl(m->cpu);
    ev->cs = live_cs(m).selector;
}

/* The instruction's bytes, as far as they can be read. */
static void copy_insn(rs_machine *m, rs_paging pg, uint32_t linear, rs_event_exception *x)
{
    x->insn_len = (int)peek_linear(m, pg, linear, x->insn, RS_EVENT_INSN_MAX);
}

/* SDM 4.7: the error code of a #PF says which access faulted; walk CR2 again for the record
 * (without setting A/D bits). A fetch fault is an access at EIP itself. */
static void walk_for_pf(rs_machine *m, rs_paging pg, uint32_t insn_linear, rs_event_exception *x)
{
    rs_access acc = (x->error_code & RS_PF_W) ? RS_ACC_WRITE : RS_ACC_READ;
    if (!(x->error_code & RS_PF_W) && x->cr2 == insn_linear)
        acc = RS_ACC_EXEC;
    rs_mmu_walk(&m->pm, pg, x->cr2, acc, (x->error_code & RS_PF_U) != 0, 0, &x->walk);
}

/* #TS #NP #SS #GP with a selector error code (SDM 6.13): the descriptor it names, read now, before
 * the handler can change the table (supervisor reads, no accessed bits). */
static void read_named_descriptor(rs_machine *m, rs_paging pg, rs_event_exception *x)
{
    if (x->vector < 10 || x->vector > 13 || !x->has_error_code || (x->error_code & RS_EC_IDT) ||
        (x->error_code & ~7u) == 0)
        return;
    rs_dtreg gdtr = rs_cpuctx_gdtr(m->cpu), ldtr = rs_cpuctx_ldtr(m->cpu);
    uint16_t sel = (uint16_t)(x->error_code & 0xfffcu);
    x->table_limit = (sel & 4) ? ldtr.limit : gdtr.limit;
    rs_desc d;
    rs_walk w;
    switch (rs_desc_fetch(&m->pm, pg, gdtr, ldtr, sel, &d, &w)) {
    case RS_DESC_OK:
        x->desc_state = 1, x->desc_lo = d.lo, x->desc_hi = d.hi;
        break;
    case RS_DESC_BEYOND_LIMIT: x->desc_state = 2; break;
    case RS_DESC_PAGE_FAULT: break;
    }
}

/* Reads the instruction's bytes into the pre-delivery facts, once. */
static void facts_complete(rs_machine *m, rs_paging pg)
{
    rs_event_exception *f = &m->tracer.pre_facts;
    if (f->insn_len >= 0)
        return;
    memset(f->insn, 0, sizeof f->insn);
    memset(&f->walk, 0, sizeof f->walk);
    f->insn_len = 0;
    copy_insn(m, pg, m->tracer.pre_linear, f);
}

void rs_tracer_trap_before(rs_machine *m, const rs_trap_request *req, uint32_t eflags, int io_hint,
                           uint16_t io_port, int io_size)
{
    rs_tracer *t = &m->tracer;
    t->n_pre = 0;
    if (!t->on)
        return;
    rs_segcache cs = rs_cpuctx_seg(m->cpu, RS_CS);
    rs_paging pg = rs_cpuctx_paging(m->cpu);
    uint32_t linear = cs.base + req->insn_eip;
    int done = req->source == RS_SRC_SOFTWARE;
    uint64_t icount = done && cs.base + req->return_eip == t->blk_pc + t->blk_size
                          ? (t->base += t->blk_n, t->blk_n = 0, t->base)
                          : settle_at(m, linear) + (uint64_t)done;
    if (done)
        t->base = icount;
    rs_event *ev = &t->pre[t->n_pre++];
    int cpl = rs_cpuctx_cpl(m->cpu);
    /* The facts an exception needs (also one raised while delivering this event, see
     * emit_chain): the instruction's bytes are read only then. */
    rs_event_exception *f = &t->pre_facts;
    f->eflags = eflags;
    f->cr0 = pg.cr0;
    f->cr4 = pg.cr4;
    f->double_fault_of = -1;
    f->df_second = -1;
    f->code32 = (cs.flags & RS_DESC_B) != 0;
    f->insn_len = -1;                   /* not read yet */
    t->pre_linear = linear;
    if (req->vector == 0x80 && req->source == RS_SRC_SOFTWARE && cpl == 3) {
        base_event(m, ev, RS_EV_SYSCALL, icount);
        ev->u.sys.nr = rs_cpuctx_gpr(m->cpu, RS_EAX);
        static const enum rs_gpr args[6] = { RS_EBX, RS_ECX, RS_EDX, RS_ESI, RS_EDI, RS_EBP };
        for (int i = 0; i < 6; i++)
            ev->u.sys.args[i] = rs_cpuctx_gpr(m->cpu, args[i]);
        rs_sysstrings_capture(m, &ev->u.sys);
    } else if (req->vector >= 32 || req->source == RS_SRC_EXTERNAL ||
               (req->source == RS_SRC_SOFTWARE && req->return_eip - req->insn_eip == 2)) {
        /* INT n (CD ib, 2 bytes) is a software interrupt whatever its vector: INT 0x0d runs
         * #GP's handler but is no #GP (no error code; the gate's DPL is checked: SDM 6.4.2).
         * INT3 and INTO (1 byte) are the real #BP and #OF. */
        base_event(m, ev, RS_EV_INTERRUPT, icount);
        ev->u.intr.vector = req->vector;
        ev->u.intr.hardware = req->source == RS_SRC_EXTERNAL;
    } else {
        base_event(m, ev, RS_EV_EXCEPTION, icount);
        rs_event_exception *x = &ev->u.exc;
        facts_complete(m, pg);
        *x = *f;
        x->vector = req->vector;
        x->has_error_code = req->has_error_code;
        x->error_code = req->error_code;
        x->cr2 = rs_cpuctx_cr(m->cpu, 2);
        x->hint = (rs_fault_hint)io_hint;
        x->io_port = io_port;
        x->io_size = io_size;
        x->software = req->source == RS_SRC_SOFTWARE;
        x->frame_eip = req->return_eip;
        if (req->vector == 14)
            walk_for_pf(m, pg, linear, x);
        read_named_descriptor(m, pg, x);
    }
    ev->eip = req->insn_eip;
}

static void fill_cpl_change(rs_event *ev, const rs_event *like, const rs_trap_report *rep, int vector,
                            rs_cpl_cause cause)
{
    memset(ev, 0, sizeof *ev);
    ev->kind = RS_EV_CPL;
    ev->icount = like->icount;
    ev->cr3 = like->cr3;
    ev->cpl = rep->from_cpl;
    ev->cs = like->cs;
    ev->eip = like->eip;
    rs_event_cpl *c = &ev->u.cpl_change;
    c->from = rep->from_cpl;
    c->to = rep->to_cpl;
    c->cause = cause;
    c->vector = vector;
    c->gate_type = rep->gate_type;
    c->gate_dpl = rep->gate_dpl;
    c->stack_switched = rep->stack_switched;
    c->old_ss = rep->old_ss;
    c->new_ss = rep->new_ss;
    c->old_esp = rep->old_esp;
    c->new_esp = rep->new_esp;
    c->new_cs = rep->handler_cs;
    c->new_eip = rep->handler_eip;
}

/* Events raised while delivering the first one (#DF, or serial faults): one exception event each,
 * about the same instruction. A #GP(vector*8+2) right after INT n is that INT's gate DPL check
 * (SDM 6.12.1.1); anything else is a fault during delivery. */
static void emit_chain(rs_machine *m, const rs_event *first, const rs_trap_report *rep, int software)
{
    for (int i = 1; i < rep->n_chain; i++) {
        rs_event ev = *first;
        ev.kind = RS_EV_EXCEPTION;
        memset(&ev.u, 0, sizeof ev.u);
        rs_event_exception *x = &ev.u.exc;
        rs_paging pg = { m->tracer.pre_facts.cr0, first->cr3, m->tracer.pre_facts.cr4 };
        facts_complete(m, pg);
        *x = m->tracer.pre_facts;
        x->vector = rep->chain[i].vector;
        x->has_error_code = rep->chain[i].has_error_code;
        x->error_code = rep->chain[i].error_code;
        x->cr2 = rep->chain[i].cr2;
        int gate_check = i == 1 && software && x->vector == 13 &&
                         x->error_code == ((uint32_t)rep->chain[0].vector << 3 | 2u);
        x->hint = gate_check ? RS_HINT_GATE_DPL : RS_HINT_DELIVERY;
        x->frame_eip = first->eip;      /* a fault while delivering: the instruction's address */
        x->double_fault_of = x->vector == 8 ? rep->chain[0].vector : -1;
        x->df_second = x->vector == 8 && i < RS_TRAP_MAX_CHAIN ? rep->chain[i].became_df : -1;
        x->df_second_error_code = x->df_second >= 0 ? rep->chain[i].became_df_error_code : 0;
        if (x->vector == 14) {
            rs_paging pg = { x->cr0, first->cr3, x->cr4 };
            walk_for_pf(m, pg, ~0u, x);
        }
        rs_tracer_emit(m, &ev);
    }
}

void rs_tracer_trap_after(rs_machine *m, const rs_trap_request *req, rs_trap_outcome out,
                          const rs_trap_report *rep)
{
    rs_tracer *t = &m->tracer;
    if (!t->on || !t->n_pre)
        return;
    rs_event *first = &t->pre[0];
    t->n_pre = 0;
    int crossed = out == RS_TRAP_DELIVERED && rep->from_cpl != rep->to_cpl;
    rs_event change;
    if (crossed) {
        rs_cpl_cause cause = req->source == RS_SRC_SOFTWARE ? RS_CAUSE_INT
                             : req->source == RS_SRC_EXTERNAL ? RS_CAUSE_HWINT : RS_CAUSE_EXCEPTION;
        fill_cpl_change(&change, first, rep, rep->chain[rep->n_chain - 1].vector, cause);
        if (rep->n_chain > 1)
            change.u.cpl_change.cause = RS_CAUSE_EXCEPTION;
        t->cpl = rep->to_cpl;
    }
    if (out == RS_TRAP_DELIVERED)
        t->cs = rep->handler_cs;
    if (first->kind == RS_EV_SYSCALL) {
        if (crossed)
            rs_tracer_emit(m, &change);
        if (syscall_returns(first->u.sys.nr))
            pending_push(t, first->cr3, first->u.sys.nr, first->icount);
        rs_tracer_emit(m, first);
    } else {
        rs_tracer_emit(m, first);
        emit_chain(m, first, rep, req->source == RS_SRC_SOFTWARE);
        if (crossed)
            rs_tracer_emit(m, &change);
    }
}

void rs_tracer_sysenter(rs_machine *m, uint32_t insn_eip, uint16_t old_ss, uint32_t old_esp)
{
    rs_tracer *t = &m->tracer;
    if (!t->on)
        return;
    uint64_t icount = (t->base += t->blk_n, t->blk_n = 0, t->base);
    rs_event sys, change;
    base_event(m, &sys, RS_EV_SYSCALL, icount);
    sys.cpl = t->cpl;
    sys.eip = insn_eip;
    sys.u.sys.nr = rs_cpuctx_gpr(m->cpu, RS_EAX);
    static const enum rs_gpr args[6] = { RS_EBX, RS_ECX, RS_EDX, RS_ESI, RS_EDI, RS_EBP };
    for (int i = 0; i < 6; i++)
        sys.u.sys.args[i] = rs_cpuctx_gpr(m->cpu, args[i]);
    sys.u.sys.via_sysenter = 1;
    /* Linux's SYSENTER convention (arch/x86/entry/entry_32.S, __kernel_vsyscall): EBP holds the
     * user stack pointer and the sixth argument is the word it points to. */
    uint32_t arg6;
    if (rs_machine_read_linear(m, sys.u.sys.args[5], &arg6, 4, NULL) == 4)
        sys.u.sys.args[5] = arg6;
    rs_sysstrings_capture(m, &sys.u.sys);
    rs_trap_report rep = { .from_cpl = t->cpl, .to_cpl = 0, .gate_type = -1, .gate_dpl = -1,
                           .stack_switched = 1, .old_ss = old_ss, .old_esp = old_esp,
                           .new_ss = rs_cpuctx_seg(m->cpu, RS_SS).selector,
                           .new_esp = rs_cpuctx_gpr(m->cpu, RS_ESP),
                           .handler_cs = rs_cpuctx_seg(m->cpu, RS_CS).selector,
                           .handler_eip = rs_cpuctx_sysenter(m->cpu, 2) };
    sys.cs = t->cs;
    t->cs = rep.handler_cs;
    if (t->cpl != 0) {
        fill_cpl_change(&change, &sys, &rep, -1, RS_CAUSE_SYSENTER);
        change.u.cpl_change.gate_type = change.u.cpl_change.gate_dpl = -1;
        t->cpl = 0;
        rs_tracer_emit(m, &change);
    }
    if (sys.cpl == 3) {
        pending_push(t, sys.cr3, sys.u.sys.nr, icount);
        rs_tracer_emit(m, &sys);
    }
}

/* The n-th (0-based) I/O instruction of the current block: where a port hook was called from. */
static uint64_t io_icount(rs_machine *m, unsigned nth, uint32_t *linear)
{
    rs_tracer *t = &m->tracer;
    uint8_t code[4096];
    uint32_t len = t->blk_size < sizeof code ? t->blk_size : (uint32_t)sizeof code;
    len = peek_linear(m, rs_cpuctx_live_paging(m->cpu), t->blk_pc, code, len);
    cs_insn *insn = NULL;
    size_t n = cs_disasm(rs_disasm_handle(m->dis, live_code32(m)), code, len, t->blk_pc, 0, &insn);
    uint64_t at = t->base;
    unsigned seen = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned id = insn[i].id;
        if (id == X86_INS_IN || id == X86_INS_OUT || id == X86_INS_INSB || id == X86_INS_INSW ||
            id == X86_INS_INSD || id == X86_INS_OUTSB || id == X86_INS_OUTSW || id == X86_INS_OUTSD) {
            if (seen++ == nth) {
                at = t->base + i;
                *linear = (uint32_t)insn[i].address;
                break;
            }
        }
    }
    cs_free(insn, n);
    return at;
}

void rs_tracer_io(rs_machine *m, uint16_t port, int size, int write, uint32_t value, int denied)
{
    rs_tracer *t = &m->tracer;
    if (!t->on)
        return;
    rs_event ev;
    uint32_t linear = t->blk_pc;
    base_event(m, &ev, RS_EV_IO, io_icount(m, t->io_in_block++, &linear));
    ev.eip = linear - live_cs_base(m);
    ev.u.io.port = port;
    ev.u.io.size = size;
    ev.u.io.write = write;
    ev.u.io.value = denied ? 0 : value;
    ev.u.io.denied = denied;
    rs_tracer_emit(m, &ev);
}

/* ---- the block hook ---- */

static rs_cpl_cause cause_of(int sensitive)
{
    return sensitive == RS_SENS_IRET ? RS_CAUSE_IRET : sensitive == RS_SENS_SYSEXIT ? RS_CAUSE_SYSEXIT : RS_CAUSE_FAR;
}

/* CPL changed at the end of the previous block (PREV_SENS, its last instruction at INSN_LINEAR). */
static void cpl_changed(rs_machine *m, int cpl, rs_paging pg, uint32_t new_linear, int prev_sens,
                        uint32_t insn_linear)
{
    rs_tracer *t = &m->tracer;
    rs_segcache cs = live_cs(m);
    rs_cpl_cause cause = cause_of(prev_sens);
    rs_event ev;
    base_event(m, &ev, RS_EV_CPL, t->base);
    ev.cpl = t->cpl;
    ev.eip = insn_linear;     /* the old CS base is gone; flat kernels have 0 */
    ev.cs = t->cs;
    rs_event_cpl *c = &ev.u.cpl_change;
    c->from = t->cpl;
    c->to = cpl;
    c->cause = cause;
    c->vector = c->gate_type = c->gate_dpl = -1;
    c->stack_switched = 1;
    c->new_ss = rs_cpuctx_live_seg(m->cpu, RS_SS).selector;
    c->new_esp = rs_cpuctx_live_gpr(m->cpu, RS_ESP);
    c->new_cs = cs.selector;
    c->new_eip = new_linear - cs.base;
    t->cpl = cpl;
    t->cs = cs.selector;
    uint32_t nr;
    uint64_t entry;
    if (cpl == 3 && pending_pop(t, pg.cr3, &nr, &entry)) {
        rs_event ret;
        base_event(m, &ret, RS_EV_SYSRET, t->base);
        ret.cpl = ev.cpl;
        ret.eip = ev.eip;
        ret.cs = ev.cs;
        ret.u.ret.nr = nr;
        ret.u.ret.ret = (int32_t)rs_cpuctx_live_gpr(m->cpu, RS_EAX);
        ret.u.ret.entry_icount = entry;
        rs_tracer_emit(m, &ret);
    }
    rs_tracer_emit(m, &ev);
}

static void cr_changed(rs_machine *m, int reg, uint32_t old_value, uint32_t new_value, uint32_t insn_linear)
{
    rs_event ev;
    base_event(m, &ev, RS_EV_CR, m->tracer.base);
    ev.cr3 = m->tracer.cr3;
    ev.eip = insn_linear;
    ev.u.cr.reg = reg;
    ev.u.cr.old_value = old_value;
    ev.u.cr.new_value = new_value;
    rs_tracer_emit(m, &ev);
}

static void state_changed(rs_machine *m, int cpl, rs_paging pg, uint32_t pc, int prev_sens, uint32_t prev_last)
{
    rs_tracer *t = &m->tracer;
    uint32_t old[3] = { t->cr0, t->cr3, t->cr4 }, now[3] = { pg.cr0, pg.cr3, pg.cr4 };
    static const int regs[3] = { 0, 3, 4 };
    for (int i = 0; i < 3; i++) {
        if (old[i] != now[i]) {
            cr_changed(m, regs[i], old[i], now[i], prev_last);
            if (i == 0) t->cr0 = now[i];
            if (i == 1) t->cr3 = now[i];
            if (i == 2) t->cr4 = now[i];
        }
    }
    if (cpl != t->cpl)
        cpl_changed(m, cpl, pg, pc, prev_sens, prev_last);
}

/* Everything but the common case: a block not seen since the last flush, a state check after a
 * state-changing instruction, the instruction limit. */
static __attribute__((noinline)) void block_entry_slow(rs_machine *m, uint32_t pc, uint32_t size)
{
    rs_tracer *t = &m->tracer;
    int check = t->blk_sensitive;
    uint32_t prev_last = t->blk_last;
    if (t->blk_n && check) {      /* the fast path does not keep blk_last: look it up */
        const struct rs_tracer_block *b = cache_find(t, t->blk_pc, t->blk_size);
        if (b)
            prev_last = t->blk_pc + b->last_off;
    }
    uint64_t decodes = t->decodes;
    t->base += t->blk_n;
    t->blk_pc = pc;
    t->blk_size = size;
    t->blk_n = block_insns(m, pc, size, &t->blk_sensitive, &t->blk_last);
    t->io_in_block = 0;
    if (check) {
        int cpl = live_cpl(m);
        rs_paging pg = rs_cpuctx_live_paging(m->cpu);
        if (cpl != t->cpl || pg.cr0 != t->cr0 || pg.cr3 != t->cr3 || pg.cr4 != t->cr4)
            state_changed(m, cpl, pg, pc, check, prev_last);
    }
    int stop = m->stop_pending;
    if (t->stop_next_block && !stop) {
        rs_machine_stop_from_hook(m, (rs_stop_reason)t->stop_next_block,
                                  t->stop_next_block == RS_STOP_INTERRUPTED ? "interrupted" : t->stop_detail);
        t->stop_next_block = 0;
        rs_tracer_update_limit(t);
        stop = 1;
    }
    /* A timer edge first: a straight run takes it at this boundary, so a run that ends (or
     * counts its last instructions) inside this block must take it here too. */
    if (t->base + t->blk_n > t->deadline && !t->deadline_pending && !t->deadline_grace) {
        t->deadline_pending = 1;      /* a timer edge: taken at this block boundary */
        uc_emu_stop(m->uc);
        stop = 1;
    } else if (t->base + t->blk_n > t->insn_limit && !t->limit_pending) {
        t->limit_pending = 1;
        uc_emu_stop(m->uc);
        stop = 1;
    }
    t->deadline_grace = 0;
    /* The clock: every RS_TRACER_CLOCK_INSNS instructions (the fast path's limit includes the
     * count at which to look), or after RS_TRACER_CLOCK_EVERY slow entries, a decode weighing
     * RS_TRACER_DECODE_WEIGHT of them. */
    t->slow_since_clock += decodes != t->decodes ? RS_TRACER_DECODE_WEIGHT : 1;
    if (t->timeout_at_us && !stop &&
        (t->base + t->blk_n > t->clock_at || t->slow_since_clock >= RS_TRACER_CLOCK_EVERY)) {
        t->slow_since_clock = 0;
        t->clock_at = t->base + RS_TRACER_CLOCK_INSNS;
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        if ((uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u >= t->timeout_at_us) {
            t->timed_out = 1;
            uc_emu_stop(m->uc);
            stop = 1;
        }
    }
    /* A waiting request is taken once IF=1, but not in STI's shadow: `sti; hlt` must halt first
     * and be woken (the run loop delivers after the HLT then). */
    if (t->irq_watch && (live_reg(m, UC_X86_REG_EFLAGS) & RS_EFL_IF)) {
        if (rs_cpuctx_live_irq_inhibited(m->cpu)) {
            t->blk_sensitive = RS_SENS_UNSURE;      /* look again after this block */
        } else {
            t->irq_ready = 1;
            t->irq_watch = 0;
            uc_emu_stop(m->uc);
            stop = 1;
        }
    }
    /* Stopped before the block runs: Unicorn leaves EIP where the last block that stored it
     * left it when this block was entered by a chained jump (it skips the resync when a stop is
     * pending), so the run would resume there. Store the block's own EIP. */
    if (stop) {
        uint32_t eip = pc - live_cs_base(m);
        uc_reg_write(m->uc, UC_X86_REG_EIP, &eip);
    }
    rs_tracer_update_limit(t);         /* a sensitive block: the next entry comes here too */
}

/* Runs at every translated-block entry while the tracer is on: a cache probe, one compare and a
 * few stores (bench/ measures it). Everything else is folded into that compare: t->limit is 0
 * while the block before must be checked, a stop is asked for or a timer edge was just taken, and
 * otherwise the nearest of the instruction limit, the next timer edge and the next look at the
 * clock; a block whose last instruction can change CPL or a CR never matches here. */
static void hook_block(uc_engine *uc, uint64_t address, uint32_t size, void *user_data)
{
    (void)uc;
    rs_machine *m = user_data;
    rs_tracer *t = &m->tracer;
    uint32_t pc = (uint32_t)address;
    const struct rs_tracer_block *b = cache_set(t, pc);
    if (b->key != size || b->pc != pc) {
        b++;
        if (b->key != size || b->pc != pc)
            goto slow;
    }
    uint64_t base = t->base + t->blk_n;
    if (__builtin_expect(base + b->n <= t->limit, 1)) {
        t->base = base;
        t->blk_pc = pc;
        t->blk_size = size;
        t->blk_n = b->n;
        t->io_in_block = 0;
        return;
    }
slow:
    block_entry_slow(m, pc, size);
}

void rs_tracer_set_timeout(rs_tracer *t, uint64_t at_us)
{
    t->timeout_at_us = at_us;
    t->clock_at = at_us ? 0 : UINT64_MAX;      /* the first slow entry looks */
    t->slow_since_clock = 0;
    rs_tracer_update_limit(t);
}

void rs_tracer_update_limit(rs_tracer *t)
{
    uint64_t l = t->insn_limit < t->deadline ? t->insn_limit : t->deadline;
    if (t->clock_at < l)
        l = t->clock_at;
    t->limit = t->blk_sensitive || t->deadline_grace ? 0 : l;
    /* rs_tracer_request_stop may run on another thread: it sets stop_next_block, then limit = 0.
     * Look at stop_next_block only after our store, so one of the two zeroes wins. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (t->stop_next_block)
        t->limit = 0;
}

void rs_tracer_request_stop(rs_tracer *t, int reason, const char *detail)
{
    if (detail)
        snprintf(t->stop_detail, sizeof t->stop_detail, "%s", detail);
    t->stop_next_block = reason;
    t->limit = 0;
}

void rs_tracer_sync(rs_machine *m)
{
    rs_tracer *t = &m->tracer;
    t->cpl = live_cpl(m);
    rs_paging pg = rs_cpuctx_live_paging(m->cpu);
    t->cr0 = pg.cr0;
    t->cr3 = pg.cr3;
    t->cr4 = pg.cr4;
    t->cs = live_cs(m).selector;
    t->blk_sensitive = RS_SENS_UNSURE;
    rs_tracer_update_limit(t);
}

rs_err rs_tracer_enable(rs_machine *m, int on)
{
    rs_tracer *t = &m->tracer;
    if (!!on == t->on)
        return RS_OK;
    if (on) {
        if (uc_hook_add(m->uc, &t->block_hook, UC_HOOK_BLOCK, (void *)hook_block, m, 1, 0) != UC_ERR_OK)
            return RS_ERR_ENGINE;
        rs_tracer_sync(m);
        t->blk_n = 0;
    } else {
        rs_tracer_settle(m);
        uc_hook_del(m->uc, t->block_hook);
    }
    t->on = !!on;
    uc_ctl_flush_tb(m->uc);
    rs_tracer_code_flushed(t);
    return RS_OK;
}
