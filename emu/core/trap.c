/* See trap.h. Each function below implements one rule of the Intel SDM Vol. 3 and says which. */
#include "trap.h"
#include "desc.h"
#include "mmu.h"
#include "vectors.h"
#include "x86.h"

/* A fault raised while delivering: which exception, its error code, CR2 for #PF. */
typedef struct nested_fault {
    uint8_t vector;
    uint32_t error_code;
    uint32_t cr2;
} nested_fault;

typedef struct deliver {
    rs_cpuctx *cpu;
    const rs_physmem *pm;
    rs_paging pg;
    uint32_t eflags;
    int cpl;
    uint32_t ext;           /* EXT bit for error codes of faults raised now (SDM 6.13) */
    rs_trap_report *rep;
    nested_fault fault;
} deliver;

enum step { STEP_OK, STEP_FAULT, STEP_UNSUPPORTED };

static enum step raise(deliver *d, uint8_t vector, uint32_t error_code)
{
    d->fault = (nested_fault){ vector, error_code, 0 };
    return STEP_FAULT;
}

static enum step raise_pf(deliver *d, const rs_walk *w)
{
    d->fault = (nested_fault){ RS_VEC_PF, w->error_code, w->linear };
    return STEP_FAULT;
}

static enum step unsupported(deliver *d, const char *why)
{
    d->rep->why = why;
    return STEP_UNSUPPORTED;
}

/* Error code for a selector or IDT slot (SDM 6.13): index, TI/IDT bits, EXT. */
static uint32_t sel_error(const deliver *d, uint16_t selector) { return (selector & 0xfffcu) | d->ext; }
static uint32_t idt_error(const deliver *d, uint8_t vector)
{
    return ((uint32_t)vector << 3) | RS_EC_IDT | d->ext;
}

/* SDM 6.12.1.1 / INT n pseudo-code: read the gate, check its type, DPL (software only), P. */
static enum step read_gate(deliver *d, const rs_trap_request *ev, rs_desc *gate)
{
    rs_dtreg idtr = rs_cpuctx_idtr(d->cpu);
    uint32_t off = (uint32_t)ev->vector * 8u;
    if (off + 7 > idtr.limit)
        return raise(d, RS_VEC_GP, idt_error(d, ev->vector));
    rs_walk w;
    uint32_t raw[2];
    if (!rs_mmu_read(d->pm, d->pg, idtr.base + off, raw, 8, 0, &w))
        return raise_pf(d, &w);
    gate->lo = raw[0];
    gate->hi = raw[1];
    int type = rs_desc_type(*gate);
    if (gate->hi & RS_DESC_S)
        return raise(d, RS_VEC_GP, idt_error(d, ev->vector));
    if (type == 5)
        return unsupported(d, "task gate in the IDT (task switching is not modelled)");
    if (type != 6 && type != 7 && type != 14 && type != 15)
        return raise(d, RS_VEC_GP, idt_error(d, ev->vector));
    if (ev->source == RS_SRC_SOFTWARE && rs_desc_dpl(*gate) < d->cpl)
        return raise(d, RS_VEC_GP, idt_error(d, ev->vector));
    if (!rs_desc_present(*gate))
        return raise(d, RS_VEC_NP, idt_error(d, ev->vector));
    return STEP_OK;
}

/* SDM INT n pseudo-code, "PROTECTED-MODE": the handler's code segment. */
static enum step read_handler_cs(deliver *d, uint16_t selector, rs_desc *cs)
{
    if ((selector & 0xfffcu) == 0)
        return raise(d, RS_VEC_GP, d->ext);
    rs_walk w;
    switch (rs_desc_fetch(d->pm, d->pg, rs_cpuctx_gdtr(d->cpu), rs_cpuctx_ldtr(d->cpu), selector, cs, &w)) {
    case RS_DESC_BEYOND_LIMIT: return raise(d, RS_VEC_GP, sel_error(d, selector));
    case RS_DESC_PAGE_FAULT: return raise_pf(d, &w);
    case RS_DESC_OK: break;
    }
    if (!(cs->hi & RS_DESC_S) || !(cs->hi & RS_DESC_CODE) || rs_desc_dpl(*cs) > d->cpl)
        return raise(d, RS_VEC_GP, sel_error(d, selector));
    if (!rs_desc_present(*cs))
        return raise(d, RS_VEC_NP, sel_error(d, selector));
    return STEP_OK;
}

/* SDM 7.2.1 / INT n "INTER-PRIVILEGE-LEVEL-INTERRUPT": SS:ESP for the new CPL from the TSS. */
static enum step tss_stack(deliver *d, int dpl, uint16_t *ss, uint32_t *esp)
{
    rs_dtreg tr = rs_cpuctx_tr(d->cpu);
    int type = (int)((tr.flags >> 8) & 0xf);
    int is32 = (type & 8) != 0;
    uint32_t off = is32 ? 4u + 8u * (uint32_t)dpl : 2u + 4u * (uint32_t)dpl;
    uint32_t need = is32 ? 6 : 4;
    if (!(tr.flags & RS_DESC_P) || (type & 7) != 1 || off + need - 1 > tr.limit)
        return raise(d, RS_VEC_TS, sel_error(d, tr.selector));
    uint32_t raw[2] = { 0, 0 };
    rs_walk w;
    if (!rs_mmu_read(d->pm, d->pg, tr.base + off, raw, is32 ? 8 : 4, 0, &w))
        return raise_pf(d, &w);
    *esp = is32 ? raw[0] : (raw[0] & 0xffffu);
    *ss = is32 ? (uint16_t)raw[1] : (uint16_t)(raw[0] >> 16);
    return STEP_OK;
}

/* INT n pseudo-code: checks on the new stack segment from the TSS. */
static enum step check_new_ss(deliver *d, uint16_t ss, int dpl, rs_desc *desc)
{
    if ((ss & 0xfffcu) == 0)
        return raise(d, RS_VEC_TS, d->ext);
    if ((ss & 3) != dpl)
        return raise(d, RS_VEC_TS, sel_error(d, ss));
    rs_walk w;
    switch (rs_desc_fetch(d->pm, d->pg, rs_cpuctx_gdtr(d->cpu), rs_cpuctx_ldtr(d->cpu), ss, desc, &w)) {
    case RS_DESC_BEYOND_LIMIT: return raise(d, RS_VEC_TS, sel_error(d, ss));
    case RS_DESC_PAGE_FAULT: return raise_pf(d, &w);
    case RS_DESC_OK: break;
    }
    if (rs_desc_dpl(*desc) != dpl || !(desc->hi & RS_DESC_S) || (desc->hi & RS_DESC_CODE) ||
        !(desc->hi & RS_DESC_WRITABLE))
        return raise(d, RS_VEC_TS, sel_error(d, ss));
    if (!rs_desc_present(*desc))
        return raise(d, RS_VEC_SS, sel_error(d, ss));
    return STEP_OK;
}

/* Writes the frame below ESP on stack SS (cache given), at privilege NEW_CPL. WORDS are pushed in
 * order (first = highest address); 16-bit gates push 2-byte items, 32-bit gates 4-byte items. */
static enum step push_frame(deliver *d, rs_segcache ss, uint32_t esp, int new_cpl, int item_size,
                            const uint32_t *words, int n, uint32_t *new_esp)
{
    uint8_t buf[6 * 4];
    uint32_t size = (uint32_t)(item_size * n);
    for (int i = 0; i < n; i++) {
        uint32_t v = words[n - 1 - i];      /* lowest address holds the last item pushed */
        for (int b = 0; b < item_size; b++)
            buf[i * item_size + b] = (uint8_t)(v >> (8 * b));
    }
    uint32_t mask = (ss.flags & RS_DESC_B) ? 0xffffffffu : 0xffffu;
    uint32_t sp = (esp - size) & mask;
    rs_walk w;
    if (!rs_mmu_write(d->pm, d->pg, ss.base + sp, buf, size, new_cpl == 3, &w))
        return raise_pf(d, &w);
    *new_esp = (esp & ~mask) | sp;
    return STEP_OK;
}

static void finish(deliver *d, rs_desc gate, uint16_t cs_sel, rs_desc cs, int new_cpl, uint32_t new_esp)
{
    int type = rs_desc_type(gate);
    uint32_t eip = rs_gate_offset(gate);
    if (!(type & 8))
        eip &= 0xffffu;      /* 16-bit gates: EIP <- offset[15:0] */
    rs_cpuctx_set_seg(d->cpu, RS_CS, rs_desc_cache((uint16_t)((cs_sel & 0xfffcu) | (uint16_t)new_cpl), cs));
    rs_cpuctx_set_cpl(d->cpu, new_cpl);
    rs_cpuctx_set_gpr(d->cpu, RS_ESP, new_esp);
    rs_cpuctx_set_eip(d->cpu, eip);
    /* SDM 6.12.1.3: TF, VM, RF, NT cleared; an interrupt gate also clears IF. */
    uint32_t fl = d->eflags & ~(uint32_t)(RS_EFL_TF | RS_EFL_VM | RS_EFL_RF | RS_EFL_NT);
    if (!(type & 1))
        fl &= ~(uint32_t)RS_EFL_IF;
    rs_cpuctx_set_eflags_running(d->cpu, fl);
    d->rep->gate_type = type;
    d->rep->gate_dpl = rs_desc_dpl(gate);
    d->rep->to_cpl = new_cpl;
    d->rep->new_ss = rs_cpuctx_seg(d->cpu, RS_SS).selector;
    d->rep->new_esp = new_esp;
    d->rep->handler_cs = (uint16_t)((cs_sel & 0xfffcu) | (uint16_t)new_cpl);
    d->rep->handler_eip = eip;
}

/* SDM 17.3.1.1: the EFLAGS image pushed for a fault has RF set, so that IRET back to the
 * faulting instruction does not take an instruction breakpoint on it again. Faults here are the
 * exceptions whose saved EIP is the faulting instruction (Table 6-1); traps (#BP, #OF, #DB),
 * aborts (#DF, #MC) and INT n are not. */
static int is_fault(const rs_trap_request *ev)
{
    if (ev->source != RS_SRC_EXCEPTION)
        return 0;
    switch (ev->vector) {
    case 0: case 5: case 6: case 7: case 10: case 11: case 12: case 13: case 14: case 16: case 17: case 19:
        return 1;
    default:
        return 0;
    }
}

static int frame_words(const rs_trap_request *ev, const deliver *d, uint32_t *w, int with_stack,
                       uint16_t old_ss, uint32_t old_esp)
{
    int n = 0;
    if (with_stack) {
        w[n++] = old_ss;
        w[n++] = old_esp;
    }
    w[n++] = d->eflags | (is_fault(ev) ? RS_EFL_RF : 0);
    w[n++] = rs_cpuctx_seg(d->cpu, RS_CS).selector;
    w[n++] = ev->return_eip;
    if (ev->has_error_code)
        w[n++] = ev->error_code;
    return n;
}

/* SDM 6.12.1: protected-mode delivery through an interrupt or trap gate. */
static enum step deliver_protected(deliver *d, const rs_trap_request *ev)
{
    if (d->eflags & RS_EFL_VM)
        return unsupported(d, "interrupt in virtual-8086 mode (not modelled)");
    rs_desc gate, cs;
    enum step s = read_gate(d, ev, &gate);
    if (s == STEP_OK)
        s = read_handler_cs(d, rs_gate_selector(gate), &cs);
    if (s != STEP_OK)
        return s;
    uint16_t cs_sel = rs_gate_selector(gate);
    int dpl = (cs.hi & RS_DESC_CONFORMING) ? d->cpl : rs_desc_dpl(cs);
    uint32_t eip = rs_gate_offset(gate) & ((rs_desc_type(gate) & 8) ? 0xffffffffu : 0xffffu);
    if (eip > rs_desc_limit(cs))
        return raise(d, RS_VEC_GP, d->ext);
    int item = (rs_desc_type(gate) & 8) ? 4 : 2;
    uint32_t words[6], new_esp;
    rs_segcache old_ss = rs_cpuctx_seg(d->cpu, RS_SS);
    uint32_t old_esp = rs_cpuctx_gpr(d->cpu, RS_ESP);
    d->rep->old_ss = old_ss.selector;
    d->rep->old_esp = old_esp;

    if (dpl < d->cpl) {
        /* Inter-privilege: switch to the TSS stack for the new CPL, save the old SS:ESP. */
        uint16_t ss_sel;
        uint32_t esp;
        rs_desc ss;
        s = tss_stack(d, dpl, &ss_sel, &esp);
        if (s == STEP_OK)
            s = check_new_ss(d, ss_sel, dpl, &ss);
        if (s != STEP_OK)
            return s;
        int n = frame_words(ev, d, words, 1, old_ss.selector, old_esp);
        rs_segcache ss_cache = rs_desc_cache(ss_sel, ss);
        s = push_frame(d, ss_cache, esp, dpl, item, words, n, &new_esp);
        if (s != STEP_OK)
            return s;
        rs_cpuctx_set_seg(d->cpu, RS_SS, ss_cache);
        d->rep->stack_switched = 1;
    } else {
        /* Intra-privilege (or conforming): same stack, no SS:ESP in the frame. */
        int n = frame_words(ev, d, words, 0, 0, 0);
        s = push_frame(d, old_ss, old_esp, dpl, item, words, n, &new_esp);
        if (s != STEP_OK)
            return s;
        d->rep->stack_switched = 0;
    }
    finish(d, gate, cs_sel, cs, dpl, new_esp);
    return STEP_OK;
}

/* SDM 20.1.4: real-address mode uses the IVT (4-byte CS:IP entries at IDTR.base). */
static enum step deliver_real(deliver *d, const rs_trap_request *ev)
{
    rs_dtreg idtr = rs_cpuctx_idtr(d->cpu);
    uint32_t off = (uint32_t)ev->vector * 4u;
    if (off + 3 > idtr.limit)
        return raise(d, RS_VEC_GP, 0);
    uint32_t entry = rs_phys_read32(d->pm, idtr.base + off);
    rs_segcache ss = rs_cpuctx_seg(d->cpu, RS_SS);
    uint32_t esp = rs_cpuctx_gpr(d->cpu, RS_ESP);
    uint32_t words[3] = { d->eflags & 0xffffu, rs_cpuctx_seg(d->cpu, RS_CS).selector, ev->return_eip & 0xffffu };
    uint32_t new_esp;
    ss.flags &= ~(uint32_t)RS_DESC_B;     /* real mode pushes with SP */
    enum step s = push_frame(d, ss, esp, 0, 2, words, 3, &new_esp);
    if (s != STEP_OK)
        return s;
    rs_segcache cs = rs_cpuctx_seg(d->cpu, RS_CS);
    cs.selector = (uint16_t)(entry >> 16);
    cs.base = (uint32_t)cs.selector << 4;
    rs_cpuctx_set_seg(d->cpu, RS_CS, cs);
    rs_cpuctx_set_gpr(d->cpu, RS_ESP, new_esp);
    rs_cpuctx_set_eip(d->cpu, entry & 0xffffu);
    rs_cpuctx_set_eflags_running(d->cpu, d->eflags & ~(uint32_t)(RS_EFL_IF | RS_EFL_TF | RS_EFL_AC | RS_EFL_RF));
    d->rep->gate_type = -1;
    d->rep->to_cpl = 0;
    d->rep->handler_cs = cs.selector;
    d->rep->handler_eip = entry & 0xffffu;
    d->rep->new_esp = new_esp;
    return STEP_OK;
}

/* SDM Table 6-4 classes: benign, contributory (#DE #TS #NP #SS #GP), page fault, double fault. */
enum fault_class { BENIGN, CONTRIBUTORY, PAGE_FAULT, DOUBLE_FAULT };

static enum fault_class classify(const rs_trap_request *ev)
{
    if (ev->source != RS_SRC_EXCEPTION)
        return BENIGN;
    switch (ev->vector) {
    case RS_VEC_DE: case RS_VEC_TS: case RS_VEC_NP: case RS_VEC_SS: case RS_VEC_GP: return CONTRIBUTORY;
    case RS_VEC_PF: return PAGE_FAULT;
    case RS_VEC_DF: return DOUBLE_FAULT;
    default: return BENIGN;
    }
}

static void record(rs_trap_report *rep, const rs_trap_request *ev, uint32_t cr2)
{
    if (rep->n_chain < RS_TRAP_MAX_CHAIN) {
        rep->chain[rep->n_chain].vector = ev->vector;
        rep->chain[rep->n_chain].has_error_code = ev->has_error_code;
        rep->chain[rep->n_chain].error_code = ev->error_code;
        rep->chain[rep->n_chain].cr2 = cr2;
        rep->chain[rep->n_chain].became_df = -1;
    }
    rep->n_chain++;
}

rs_trap_outcome rs_trap_deliver(rs_cpuctx *cpu, const rs_physmem *pm, uint32_t eflags,
                                const rs_trap_request *req, rs_trap_report *rep)
{
    *rep = (rs_trap_report){ .gate_type = -1 };
    deliver d = { .cpu = cpu, .pm = pm, .eflags = eflags, .rep = rep };
    d.pg = rs_cpuctx_paging(cpu);
    d.cpl = rs_cpuctx_cpl(cpu);
    rep->from_cpl = d.cpl;
    int protected_mode = (d.pg.cr0 & RS_CR0_PE) != 0;
    rs_trap_request ev = *req;
    record(rep, &ev, ev.vector == RS_VEC_PF ? rs_cpuctx_cr(cpu, 2) : 0);

    for (;;) {
        d.ext = ev.source == RS_SRC_SOFTWARE ? 0 : RS_EC_EXT;
        enum step s = protected_mode ? deliver_protected(&d, &ev) : deliver_real(&d, &ev);
        if (s == STEP_OK)
            return rep->outcome = RS_TRAP_DELIVERED;
        if (s == STEP_UNSUPPORTED)
            return rep->outcome = RS_TRAP_UNSUPPORTED;

        /* A fault while delivering EV: SDM 6.15, Interrupt 8, Table 6-5. */
        rs_trap_request next = { .vector = d.fault.vector, .source = RS_SRC_EXCEPTION,
                                 .has_error_code = protected_mode && rs_vector_has_error_code(d.fault.vector),
                                 .error_code = d.fault.error_code,
                                 .return_eip = ev.insn_eip, .insn_eip = ev.insn_eip };
        enum fault_class first = classify(&ev), second = classify(&next);
        if (first == DOUBLE_FAULT) {
            record(rep, &next, d.fault.cr2);
            rep->why = "a fault while delivering a double fault (#DF): the CPU shuts down";
            return rep->outcome = RS_TRAP_TRIPLE_FAULT;
        }
        if (d.fault.vector == RS_VEC_PF)
            rs_cpuctx_set_cr2(cpu, d.fault.cr2);
        int became_df = -1;
        if ((first == CONTRIBUTORY && second == CONTRIBUTORY) ||
            (first == PAGE_FAULT && (second == CONTRIBUTORY || second == PAGE_FAULT))) {
            became_df = next.vector;
            next.vector = RS_VEC_DF;
            next.has_error_code = 1;
            next.error_code = 0;
        }
        record(rep, &next, next.vector == RS_VEC_PF ? d.fault.cr2 : 0);
        if (became_df >= 0 && rep->n_chain <= RS_TRAP_MAX_CHAIN) {
            rep->chain[rep->n_chain - 1].became_df = became_df;
            rep->chain[rep->n_chain - 1].became_df_error_code = d.fault.error_code;
        }
        if (rep->n_chain > 16) {   /* cannot happen with the rules above; never loop forever */
            rep->why = "exception delivery did not converge";
            return rep->outcome = RS_TRAP_TRIPLE_FAULT;
        }
        ev = next;
    }
}
