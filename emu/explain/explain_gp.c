/* #GP, #NP, #SS and #TS explained: segment, gate, privilege and I/O checks (SDM 5.x, 6.12.1.1,
 * 6.15; Vol. 1 19.5 for I/O). Their error code is a selector or an IDT slot (SDM 6.13), or 0
 * when the rule is not about a descriptor; then the instruction tells which rule it was. */
#include "disasm_cs.h"
#include "explain_priv.h"

/* "error code 0x20a = IDT vector 0x41, EXT=0" (SDM 6.13: EXT bit 0, IDT bit 1, TI bit 2, index
 * bits 15:3). The RPL of the selector is not in the error code; TI is, and is part of the
 * selector (0x84 names LDT index 16, selector 0x84 with RPL 0). */
static void selector_error_code_line(xp_out *o, uint32_t ec)
{
    if (ec == 0)
        return;
    xp_detail(o, "error code 0x%x = ", (unsigned)ec);
    if (ec & RS_EC_IDT)
        xp_put(o, "IDT vector 0x%x", (unsigned)((ec >> 3) & 0xff));
    else if ((ec & ~7u) == 0)
        xp_put(o, "null selector (%s)", (ec & RS_EC_TI) ? "LDT" : "GDT");
    else
        xp_put(o, "%s index %u (selector 0x%x, RPL not recorded)", (ec & RS_EC_TI) ? "LDT" : "GDT",
               (unsigned)(ec >> 3), (unsigned)(ec & ~3u));
    xp_put(o, ", EXT=%u", (unsigned)(ec & RS_EC_EXT));
}

static const char *sreg_name(int r)
{
    switch (r) {
    case X86_REG_CS: return "CS";
    case X86_REG_DS: return "DS";
    case X86_REG_ES: return "ES";
    case X86_REG_FS: return "FS";
    case X86_REG_GS: return "GS";
    case X86_REG_SS: return "SS";
    default: return "a segment register";
    }
}

static int is_far_return(unsigned id)
{
    return id == X86_INS_RETF || id == X86_INS_IRET || id == X86_INS_IRETD;
}

static int is_far_transfer(unsigned id)
{
    return id == X86_INS_LJMP || id == X86_INS_LCALL || is_far_return(id);
}

static int is_software_int(unsigned id)
{
    return id == X86_INS_INT || id == X86_INS_INT3 || id == X86_INS_INTO;
}

/* ---- #GP: one function per family of causes. ---- */

/* SDM Vol. 1, 19.5.1-19.5.2: at CPL > IOPL every port byte needs a 0 bit in the TSS bitmap. */
static void gp_io(const rs_event *ev, const xp_insn *in, xp_out *o, xp_verdict *v)
{
    const rs_event_exception *x = &ev->u.exc;
    int iopl = xp_iopl(x->eflags);
    int hinted = x->hint == RS_HINT_IO_IOPL || x->hint == RS_HINT_IO_BITMAP;
    char ports[40];
    if (hinted && x->io_size > 1)
        snprintf(ports, sizeof ports, "ports 0x%x-0x%x", (unsigned)x->io_port,
                 (unsigned)(x->io_port + x->io_size - 1));
    else if (hinted || in->port >= 0)
        snprintf(ports, sizeof ports, "port 0x%x", hinted ? x->io_port : (unsigned)in->port);
    else
        snprintf(ports, sizeof ports, "the port in DX");
    xp_detail(o, "EFLAGS.IOPL=%d < CPL %d, so the TSS I/O permission bitmap decides", iopl,
              ev->cpl);
    if (x->hint == RS_HINT_IO_BITMAP) {
        xp_detail(o, "the bitmap has a 1 for %s", ports);
        xp_cause(v, "SDM Vol. 1, 19.5.2", "I/O bitmap denies %s", ports);
    } else if (x->hint == RS_HINT_IO_IOPL) {
        xp_detail(o, "the bitmap does not reach %s (TSS limit)", ports);
        xp_cause(v, "SDM Vol. 1, 19.5.1-19.5.2", "I/O at CPL %d > IOPL %d, no bitmap for %s",
                 ev->cpl, iopl, ports);
    } else {
        xp_cause(v, "SDM Vol. 1, 19.5.1-19.5.2", "I/O at CPL %d > IOPL %d (%s)", ev->cpl, iopl,
                 ports);
    }
    xp_rule(v, "At CPL > IOPL, IN, OUT, INS and OUTS need a 0 bit in the TSS I/O permission "
               "bitmap for every port byte; ports the bitmap does not reach are denied");
}

/* INT n, INT3, INTO through a gate whose DPL < CPL (SDM 6.12.1.1). An IDT error code with EXT=0
 * comes from one of those (SDM 6.13); without the core's hint it could also mean an entry beyond
 * the IDT limit or one that is not a gate. */
static void gp_gate_dpl(const rs_event *ev, xp_out *o, xp_verdict *v)
{
    unsigned vec = (ev->u.exc.error_code >> 3) & 0xff;
    int sure = ev->u.exc.hint == RS_HINT_GATE_DPL;
    xp_detail(o, "INT n, INT3 or INTO at CPL %d asked for vector 0x%x, whose gate has DPL < %d%s",
              ev->cpl, vec, ev->cpl, sure ? "" : " (or is beyond the IDT limit, or not a gate)");
    xp_cause(v, "SDM 6.12.1.1", "%sgate DPL < CPL %d for vector 0x%x", sure ? "" : "probably ",
             ev->cpl, vec);
    xp_rule(v, "INT n, INT3 and INTO need CPL <= the gate's DPL; exceptions and hardware "
               "interrupts skip this check");
}

typedef enum need { NEED_CPL0, NEED_PCE, NEED_TSD, NEED_UMIP } need;

/* SDM 5.9 "Privileged instructions", and 2.5 for those CR4 makes privileged. */
static const struct {
    unsigned id;
    need when;
} privileged[] = {
    { X86_INS_HLT, NEED_CPL0 }, { X86_INS_LGDT, NEED_CPL0 }, { X86_INS_LIDT, NEED_CPL0 },
    { X86_INS_LLDT, NEED_CPL0 }, { X86_INS_LTR, NEED_CPL0 }, { X86_INS_LMSW, NEED_CPL0 },
    { X86_INS_CLTS, NEED_CPL0 }, { X86_INS_INVD, NEED_CPL0 }, { X86_INS_WBINVD, NEED_CPL0 },
    { X86_INS_INVLPG, NEED_CPL0 }, { X86_INS_RDMSR, NEED_CPL0 }, { X86_INS_WRMSR, NEED_CPL0 },
    { X86_INS_SYSEXIT, NEED_CPL0 }, { X86_INS_RDPMC, NEED_PCE }, { X86_INS_RDTSC, NEED_TSD },
    { X86_INS_RDTSCP, NEED_TSD }, { X86_INS_SGDT, NEED_UMIP }, { X86_INS_SIDT, NEED_UMIP },
    { X86_INS_SLDT, NEED_UMIP }, { X86_INS_STR, NEED_UMIP }, { X86_INS_SMSW, NEED_UMIP },
};

/* Whether IN needs CPL 0 given CR4: 1 yes (*why says which rule), 0 not now, -1 never. */
static int privileged_need(const xp_insn *in, uint32_t cr4, need *why)
{
    if (in->cr_write >= 0 || in->cr_read >= 0 || in->dr) {
        *why = NEED_CPL0;
        return 1;
    }
    for (size_t i = 0; i < sizeof privileged / sizeof privileged[0]; i++) {
        if (privileged[i].id != in->id)
            continue;
        *why = privileged[i].when;
        return *why == NEED_CPL0 || (*why == NEED_PCE && !(cr4 & RS_CR4_PCE)) ||
               (*why == NEED_TSD && (cr4 & RS_CR4_TSD)) || (*why == NEED_UMIP && (cr4 & RS_CR4_UMIP));
    }
    return -1;
}

/* "HLT", "MOV to CR3". */
static void insn_name(char *buf, size_t len, const xp_insn *in)
{
    xp_out o = xp_start(buf, len, NULL);
    if (in->cr_write >= 0 || in->cr_read >= 0)
        xp_put(&o, "MOV %s CR%d", in->cr_write >= 0 ? "to" : "from",
               in->cr_write >= 0 ? in->cr_write : in->cr_read);
    else if (in->dr)
        xp_put(&o, "MOV %s a debug register", in->operands[0] == 'd' ? "to" : "from");
    else
        for (const char *s = in->mnemonic; *s; s++)
            xp_put(&o, "%c", (*s >= 'a' && *s <= 'z') ? *s - 'a' + 'A' : *s);
}

static int gp_privileged(const rs_event *ev, const xp_insn *in, xp_verdict *v)
{
    static const char *const cr4_bit[] = { [NEED_PCE] = "PCE=0", [NEED_TSD] = "TSD=1",
                                           [NEED_UMIP] = "UMIP=1" };
    need why;
    if (ev->cpl == 0 || privileged_need(in, ev->u.exc.cr4, &why) != 1)
        return 0;
    char name[48];
    insn_name(name, sizeof name, in);
    if (why == NEED_CPL0) {
        /* SYSEXIT is not in 5.9's list; its own page says CPL must be 0. */
        xp_cause(v, in->id == X86_INS_SYSEXIT ? "SDM Vol. 2B, SYSEXIT" : "SDM 5.9",
                 "privileged instruction %s at CPL %d", name, ev->cpl);
        xp_rule(v, "%s is a privileged instruction: it runs only at CPL 0", name);
    } else {
        xp_cause(v, "SDM 2.5", "%s at CPL %d with CR4.%s", name, ev->cpl, cr4_bit[why]);
        xp_rule(v, "With CR4.%s, %s runs only at CPL 0", cr4_bit[why], name);
    }
    return 1;
}

/* CLI and STI are I/O-sensitive: they need CPL <= IOPL (SDM Vol. 1, 19.5.1). */
static int gp_iopl_sensitive(const rs_event *ev, const xp_insn *in, xp_out *o, xp_verdict *v)
{
    int iopl = xp_iopl(ev->u.exc.eflags);
    if ((in->id != X86_INS_CLI && in->id != X86_INS_STI) || ev->cpl <= iopl)
        return 0;
    xp_detail(o, "EFLAGS=0x%08x: IOPL=%d", (unsigned)ev->u.exc.eflags, iopl);
    xp_cause(v, "SDM Vol. 1, 19.5.1", "%s at CPL %d > IOPL %d",
             in->id == X86_INS_CLI ? "CLI" : "STI", ev->cpl, iopl);
    xp_rule(v, "CLI and STI are I/O-sensitive: they need CPL <= IOPL");
    return 1;
}

/* The other #GP(0) rules: null selectors, SYSENTER/SYSEXIT, CPL-0 MSR and CR writes, and last
 * a memory operand, which can only have broken a segment limit or type rule. */
static int gp_zero_by_instruction(const rs_event *ev, const xp_insn *in, xp_verdict *v)
{
    if (in->sreg == X86_REG_SS) {
        xp_cause(v, "SDM 5.4.1", "null selector loaded into SS");
        xp_rule(v, "SS cannot be loaded with a null selector (outside 64-bit mode)");
    } else if (is_far_transfer(in->id)) {
        xp_cause(v, "SDM 5.4.1, 5.8", "null code-segment selector");
        xp_rule(v, "A far JMP, CALL, RET or IRET to a null code-segment selector raises #GP(0)");
    } else if (in->id == X86_INS_SYSENTER || in->id == X86_INS_SYSEXIT) {
        xp_cause(v, "SDM Vol. 2B, SYSENTER, SYSEXIT", "IA32_SYSENTER_CS is 0");
        xp_rule(v, "SYSENTER and SYSEXIT need a nonzero IA32_SYSENTER_CS MSR");
    } else if (ev->cpl == 0 && (in->id == X86_INS_RDMSR || in->id == X86_INS_WRMSR)) {
        xp_cause(v, "SDM Vol. 2B, RDMSR, WRMSR", "MSR access refused");
        xp_rule(v, "RDMSR and WRMSR fault on an MSR the CPU does not implement, or (WRMSR) on a "
                   "reserved bit");
    } else if (ev->cpl == 0 && in->cr_write >= 0) {
        xp_cause(v, "SDM 2.5", "invalid value for CR%d", in->cr_write);
        xp_rule(v, "MOV to a control register faults on a reserved bit or an invalid "
                   "combination (CR0.PG=1 with PE=0, CR0.NW=1 with CD=0)");
    } else if (in->mem) {
        xp_cause(v, "SDM 5.3, 5.4", "probably a segment limit or type violation");
        xp_rule(v, "A memory operand must lie within its segment's limit, through a non-null "
                   "selector, and writes need a writable data segment");
    } else {
        return 0;
    }
    return 1;
}

/* The check a segment-register load failed, from the descriptor the event holds (SDM Vol. 2B
 * MOV/POP "Protected Mode" checks, 5.6 for data, 5.7 for SS): the index against the table limit,
 * the descriptor type, then privilege; when all of those pass, the RPL (which the error code
 * drops) is what failed. Writes one detail line and returns 1, or 0 when the event has no
 * descriptor. */
static int segment_load_reason(const rs_event *ev, int ss, xp_out *o)
{
    const rs_event_exception *x = &ev->u.exc;
    unsigned sel = x->error_code & ~3u;
    const char *table = (sel & 4) ? "LDT" : "GDT";
    if (x->desc_state == 2) {
        xp_detail(o, "because index %u (bytes 0x%x-0x%x) lies beyond the %s limit 0x%x", sel >> 3, sel & ~7u,
                  (sel & ~7u) + 7, table, (unsigned)x->table_limit);
        return 1;
    }
    if (x->desc_state != 1)
        return 0;
    uint32_t hi = x->desc_hi;
    int dpl = (int)((hi >> 13) & 3), type = (int)((hi >> 8) & 0xf), system = !(hi & (1u << 12));
    int code = type & 8, readable = type & 2, writable = type & 2, conforming = type & 4;
    xp_detail(o, "%s[%u] = %08x %08x: ", table, sel >> 3, (unsigned)hi, (unsigned)x->desc_lo);
    if (system) {
        xp_put(o, "a system descriptor (type %d: TSS, LDT or gate), not a code or data segment", type);
        return 1;
    }
    if (ss) {
        if (code || !writable)
            xp_put(o, "%s, but SS needs a writable data segment", code ? "a code segment" : "read-only data");
        else if (dpl != ev->cpl)
            xp_put(o, "DPL %d, but SS needs DPL = CPL (%d)", dpl, ev->cpl);
        else
            xp_put(o, "type and DPL pass, so the selector's RPL (which the error code drops) is what "
                      "failed: SS needs RPL = CPL (%d)", ev->cpl);
        return 1;
    }
    if (code && !readable) {
        xp_put(o, "execute-only code, which DS, ES, FS and GS cannot hold (it cannot be read)");
        return 1;
    }
    if ((!code || !conforming) && dpl < ev->cpl) {
        xp_put(o, "DPL %d < CPL %d: a data segment (or non-conforming code) is reachable only from "
                  "rings up to its DPL", dpl, ev->cpl);
        return 1;
    }
    xp_put(o, "type and DPL %d pass at CPL %d, so the selector's RPL (which the error code drops) is "
              "what failed: it must be <= DPL", dpl, ev->cpl);
    return 1;
}

/* #GP(selector): the descriptor that selector names failed a check; the instruction says which
 * load it was, and the descriptor (read at the fault) which check. */
static void gp_selector(const rs_event *ev, const xp_insn *in, xp_out *o, xp_verdict *v)
{
    unsigned sel = ev->u.exc.error_code & ~7u;
    if (ev->u.exc.hint == RS_HINT_DELIVERY || (ev->u.exc.error_code & RS_EC_EXT) ||
        is_software_int(in->id)) {
        xp_cause(v, "SDM 6.12.1.1", "handler code segment 0x%x refused", sel);
        xp_rule(v, "A gate's selector must name a code segment within the GDT/LDT limit with "
                   "DPL <= CPL");
    } else if (in->sreg && in->sreg != X86_REG_SS) {
        segment_load_reason(ev, 0, o);
        xp_cause(v, "SDM 5.6", "%s load of selector 0x%x refused at CPL %d", sreg_name(in->sreg),
                 sel, ev->cpl);
        xp_rule(v, "Loading DS, ES, FS or GS needs a data or readable code segment within the "
                   "GDT/LDT limit, with DPL >= max(CPL, RPL) unless it is conforming code");
    } else if (in->sreg == X86_REG_SS) {
        segment_load_reason(ev, 1, o);
        xp_cause(v, "SDM 5.7", "SS load of selector 0x%x refused at CPL %d", sel, ev->cpl);
        xp_rule(v, "Loading SS needs a writable data segment with RPL = DPL = CPL");
    } else if (is_far_return(in->id)) {
        xp_cause(v, "SDM 5.8.6", "return to selector 0x%x refused", sel);
        xp_rule(v, "A far RET or IRET returns only to the same or an outer level: the return CS "
                   "must be code with RPL >= CPL and DPL = RPL (DPL <= RPL if conforming)");
    } else if (in->id == X86_INS_LJMP || in->id == X86_INS_LCALL) {
        xp_cause(v, "SDM 5.8.1, 5.8.4", "far transfer to selector 0x%x refused", sel);
        xp_rule(v, "A far JMP or CALL needs code with DPL = CPL and RPL <= CPL (conforming: "
                   "DPL <= CPL), or a call gate with DPL >= max(CPL, RPL)");
    } else {
        xp_cause(v, "SDM 6.15, Interrupt 13", "selector 0x%x refused", sel);
        xp_rule(v, "The descriptor this selector names failed a type, privilege or limit check");
    }
}

void rs_xp_explain_gp(const rs_event *ev, const xp_insn *in, xp_out *o, xp_verdict *v)
{
    const rs_event_exception *x = &ev->u.exc;
    uint32_t ec = x->error_code;
    selector_error_code_line(o, ec);
    if (x->hint == RS_HINT_IO_IOPL || x->hint == RS_HINT_IO_BITMAP ||
        (in->io && ec == 0 && ev->cpl > xp_iopl(x->eflags))) {
        gp_io(ev, in, o, v);
    } else if (x->hint == RS_HINT_GATE_DPL || ((ec & RS_EC_IDT) && !(ec & RS_EC_EXT) && ev->cpl > 0)) {
        gp_gate_dpl(ev, o, v);
    } else if (ec & RS_EC_IDT) {
        xp_cause(v, "SDM 6.10, 6.11", "IDT entry 0x%x unusable", (unsigned)((ec >> 3) & 0xff));
        xp_rule(v, "A vector needs an IDT entry within the IDT limit that is an interrupt, trap "
                   "or task gate");
    } else if ((ec & ~RS_EC_EXT) == 0 && x->hint == RS_HINT_DELIVERY) {
        xp_cause(v, "SDM 6.12.1.1", "probably a null code-segment selector in the gate");
        xp_rule(v, "Delivery needs a non-null code-segment selector in the gate, and the "
                   "handler's EIP within that segment's limit");
    } else if (ec != 0) {
        gp_selector(ev, in, o, v);
    } else if (!gp_privileged(ev, in, v) && !gp_iopl_sensitive(ev, in, o, v) &&
               !gp_zero_by_instruction(ev, in, v)) {
        xp_cause(v, "SDM 6.15, Interrupt 13", "cause not identified");
        xp_rule(v, "None of the common #GP(0) rules matches this instruction; the SDM lists "
                   "them all");
    }
}

/* ---- #NP, #SS, #TS. ---- */

void rs_xp_explain_np(const rs_event *ev, xp_out *o, xp_verdict *v)
{
    uint32_t ec = ev->u.exc.error_code;
    selector_error_code_line(o, ec);
    if (ec & RS_EC_IDT) {
        xp_cause(v, "SDM 6.12.1.1; 6.15, Interrupt 11", "gate for vector 0x%x not present",
                 (unsigned)((ec >> 3) & 0xff));
        xp_rule(v, "A gate must have P=1; delivery through an absent one raises #NP with the "
                   "vector in the error code");
    } else {
        xp_cause(v, "SDM 3.4.5; 6.15, Interrupt 11", "segment 0x%x not present",
                 (unsigned)(ec & ~7u));
        xp_rule(v, "A segment must have P=1 when CS, DS, ES, FS or GS is loaded with it (SS "
                   "raises #SS instead)");
    }
}

void rs_xp_explain_ss(const rs_event *ev, xp_out *o, xp_verdict *v)
{
    uint32_t ec = ev->u.exc.error_code;
    selector_error_code_line(o, ec);
    if ((ec & ~RS_EC_EXT) == 0) {
        xp_cause(v, "SDM 5.3; 6.15, Interrupt 12", "stack access beyond the SS limit");
        xp_rule(v, "Pushes, pops and ESP/EBP-based operands must stay within the SS limit");
    } else {
        xp_cause(v, "SDM 6.15, Interrupt 12", "stack segment 0x%x not present",
                 (unsigned)(ec & ~7u));
        xp_rule(v, "Loading SS, by an instruction or by the stack switch into an inner ring, "
                   "needs a present stack segment");
    }
}

/* #TS comes from the stack switch of a delivery, or from a task switch: IRET with EFLAGS.NT=1
 * (to the back link), or a far JMP/CALL to a TSS or task gate (SDM 7.3). */
void rs_xp_explain_ts(const rs_event *ev, const xp_insn *in, xp_out *o, xp_verdict *v)
{
    uint32_t ec = ev->u.exc.error_code;
    selector_error_code_line(o, ec);
    if (ev->u.exc.hint != RS_HINT_DELIVERY && (is_far_transfer(in->id))) {
        xp_cause(v, "SDM 7.3; 6.15, Interrupt 10", "task switch to TSS 0x%x refused",
                 (unsigned)(ec & ~7u));
        xp_rule(v, "A task switch (IRET with EFLAGS.NT=1 to the back link, or a far JMP or CALL "
                   "to a TSS) needs a valid TSS descriptor, and the new task's segments valid");
        return;
    }
    if ((ec & ~7u) == 0)
        xp_cause(v, "SDM 6.12.1; 6.15, Interrupt 10", "invalid TSS: null stack selector");
    else
        xp_cause(v, "SDM 6.12.1; 6.15, Interrupt 10", "invalid TSS: stack selector 0x%x",
                 (unsigned)(ec & ~7u));
    xp_rule(v, "A switch to an inner ring takes SS:ESP for it from the TSS; that SS must be "
               "non-null, within the limit, writable data with RPL = DPL = the new CPL");
}
