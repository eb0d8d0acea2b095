/* See explain.h. This file: the instruction decoder, the headline, the exceptions without
 * error codes, the dispatch and the API. #PF is explain_pf.c; #GP #NP #SS #TS explain_gp.c; the
 * lines for other event kinds explain_line.c. Each explainer decides which rule the CPU applied
 * from what the event holds and names it with its SDM section (Vol. 3 unless a volume is named). */
#include <string.h>
#include "disasm_cs.h"
#include "explain_priv.h"

/* ---- The instruction. ---- */

static int is_sreg(int r)
{
    return r == X86_REG_CS || r == X86_REG_DS || r == X86_REG_ES || r == X86_REG_FS ||
           r == X86_REG_GS || r == X86_REG_SS;
}

static int is_io(unsigned id)
{
    return id == X86_INS_IN || id == X86_INS_OUT || id == X86_INS_INSB || id == X86_INS_INSW ||
           id == X86_INS_INSD || id == X86_INS_OUTSB || id == X86_INS_OUTSW || id == X86_INS_OUTSD;
}

/* LDS/LES/LFS/LGS/LSS load the segment register their opcode implies. */
static int far_pointer_load(unsigned id)
{
    switch (id) {
    case X86_INS_LDS: return X86_REG_DS;
    case X86_INS_LES: return X86_REG_ES;
    case X86_INS_LFS: return X86_REG_FS;
    case X86_INS_LGS: return X86_REG_GS;
    case X86_INS_LSS: return X86_REG_SS;
    default: return 0;
    }
}

/* What the explainers ask of an instruction: does it touch memory, load a segment register,
 * move to or from a control or debug register, name a port. */
static void fill_operands(xp_insn *d, const cs_x86 *x)
{
    d->lock = x->prefix[0] == X86_PREFIX_LOCK;
    d->sreg = far_pointer_load(d->id);
    for (int i = 0; i < x->op_count; i++) {
        const cs_x86_op *op = &x->operands[i];
        if (i == 0)
            d->op0_size = op->size;
        if (op->type == X86_OP_MEM)
            d->mem = 1;
        if (op->type == X86_OP_IMM && d->io)
            d->port = (int)(op->imm & 0xff);
        if (op->type != X86_OP_REG)
            continue;
        if (i == 0 && is_sreg(op->reg) && (d->id == X86_INS_MOV || d->id == X86_INS_POP))
            d->sreg = op->reg;
        if (d->id == X86_INS_MOV && op->reg >= X86_REG_CR0 && op->reg <= X86_REG_CR15)
            *(i == 0 ? &d->cr_write : &d->cr_read) = op->reg - X86_REG_CR0;
        if (d->id == X86_INS_MOV && op->reg >= X86_REG_DR0 && op->reg <= X86_REG_DR15)
            d->dr = 1;
    }
}

/* Through the calling thread's disassembler (rs_disasm_of_thread): explanations come from any
 * front end's thread, and opening Capstone for each one cost more than the explanation. */
void rs_xp_decode(const rs_event *ev, xp_insn *d)
{
    const rs_event_exception *x = &ev->u.exc;
    int n = x->insn_len < RS_EVENT_INSN_MAX ? x->insn_len : RS_EVENT_INSN_MAX;
    memset(d, 0, sizeof *d);
    d->cr_write = d->cr_read = d->port = -1;
    if (n <= 0)
        return;
    d->present = 1;
    rs_disasm *dis = rs_disasm_of_thread();
    if (dis) {
        csh h = rs_disasm_detail_handle(dis, x->code32);
        cs_insn *insn = NULL;
        size_t count = cs_disasm(h, x->insn, (size_t)n, ev->eip, 1, &insn);
        if (count == 1) {
            d->ok = 1;
            d->id = insn->id;
            d->size = insn->size;
            d->io = is_io(insn->id);
            snprintf(d->mnemonic, sizeof d->mnemonic, "%s", insn->mnemonic);
            snprintf(d->operands, sizeof d->operands, "%s", insn->op_str);
            snprintf(d->text, sizeof d->text, "%s%s%s", insn->mnemonic,
                     insn->op_str[0] ? " " : "", insn->op_str);
            fill_operands(d, &insn->detail->x86);
        }
        cs_free(insn, count);
    }
    if (!d->ok)
        snprintf(d->text, sizeof d->text, "(bad)");
}

/* ---- The headline: "#XX[(error code)] at CPL n: `insn` at 0xEIP[ access 0xCR2]". ---- */

static void headline(xp_out *o, const rs_event *ev, const xp_insn *in)
{
    const rs_event_exception *x = &ev->u.exc;
    static const char *const access[] = { [XP_READ] = "read", [XP_WRITE] = "write",
                                          [XP_FETCH] = "fetch" };
    xp_put(o, "%s", rs_vector_mnemonic(x->vector));
    if (x->has_error_code && x->vector != 14)   /* SDM notation: #GP(0), #GP(0x20a) */
        xp_put(o, x->error_code ? "(0x%x)" : "(%u)", (unsigned)x->error_code);
    xp_put(o, " at CPL %d: ", ev->cpl);
    if (in->present)
        xp_put(o, "`%s` ", in->text);
    xp_put(o, "at 0x%08x", (unsigned)ev->eip);
    if (x->vector == 14)
        xp_put(o, " %s 0x%08x", access[rs_xp_pf_access(ev, in)], (unsigned)x->cr2);
}

/* ---- #DF, #UD, #DE and the exceptions without a choice of rules (SDM 6.15). ---- */

/* SDM Table 6-4 classes; Table 6-5 says which pairs become #DF. */
static const char *exception_class(int vector)
{
    switch (vector) {
    case 0: case 10: case 11: case 12: case 13: return ", a contributory exception";
    case 8: case 14: return "";
    default: return ", a benign exception";
    }
}

static void explain_df(const rs_event *ev, xp_out *o, xp_verdict *v)
{
    int first = ev->u.exc.double_fault_of;
    const char *sdm = "SDM 6.15, Interrupt 8, Table 6-5";
    if (first < 0) {
        xp_cause(v, sdm, "fault while delivering an exception");
        xp_rule(v, "A contributory exception or #PF raised while delivering another becomes #DF");
        return;
    }
    xp_detail(o, "first: %s %s%s", rs_vector_mnemonic(first), rs_vector_name(first),
              exception_class(first));
    int second = ev->u.exc.df_second;
    uint32_t ec = ev->u.exc.df_second_error_code;
    if (second >= 0) {
        /* The fault that became the #DF, with what its error code names. */
        xp_detail(o, "then: %s", rs_vector_mnemonic(second));
        if (rs_vector_has_error_code(second))
            xp_put(o, "(0x%x)", (unsigned)ec);
        xp_put(o, " %s while delivering it", rs_vector_name(second));
        if (rs_vector_has_error_code(second) && (ec & RS_EC_IDT))
            xp_put(o, " (IDT vector 0x%x: %s)", (unsigned)((ec >> 3) & 0xff),
                   second == 11 ? "its gate is not present" : "its gate was refused");
        xp_put(o, "%s: it becomes #DF", exception_class(second));
    }
    xp_cause(v, sdm, "fault while delivering %s", rs_vector_mnemonic(first));
    if (first == 14)
        xp_rule(v, "A #PF or a contributory exception raised while delivering a #PF becomes #DF");
    else
        xp_rule(v, "A contributory exception (#DE #TS #NP #SS #GP) raised while delivering "
                   "another contributory one becomes #DF");
}

/* Capstone 4 refuses LOCK on an instruction that cannot take it, so a failed decode starting with
 * F0 is that case too. */
static int has_lock_prefix(const rs_event *ev, const xp_insn *in)
{
    if (in->ok)
        return in->lock;
    return ev->u.exc.insn_len > 0 && ev->u.exc.insn[0] == 0xf0;
}

static void explain_ud(const rs_event *ev, const xp_insn *in, xp_out *o, xp_verdict *v)
{
    const char *sdm = "SDM 6.15, Interrupt 6";
    int shown = in->ok ? in->size : ev->u.exc.insn_len;
    if (shown > RS_EVENT_INSN_MAX)
        shown = RS_EVENT_INSN_MAX;
    if (shown > 0) {
        xp_detail(o, "bytes at EIP:");
        for (int i = 0; i < shown; i++)
            xp_put(o, " %02x", ev->u.exc.insn[i]);
    }
    if (in->ok && strncmp(in->mnemonic, "ud", 2) == 0) {
        xp_cause(v, sdm, "%s", in->mnemonic);
        xp_rule(v, "UD0, UD1 and UD2 are reserved to raise #UD");
    } else if (in->ok && in->id == X86_INS_SYSCALL) {
        xp_cause(v, "SDM Vol. 2B, SYSCALL", "SYSCALL outside 64-bit mode");
        xp_rule(v, "SYSCALL is valid only in 64-bit mode on Intel CPUs");
    } else if (has_lock_prefix(ev, in)) {
        xp_cause(v, sdm, "LOCK prefix not allowed here");
        xp_rule(v, "LOCK is allowed only on read-modify-write instructions with a memory "
                   "destination");
    } else {
        xp_cause(v, sdm, "invalid opcode");
        xp_rule(v, "An undefined or reserved opcode, or an encoding not valid here (a LOCK "
                   "prefix, a register where memory is required, MOV to CS), raises #UD");
    }
}

static void explain_de(const xp_insn *in, xp_out *o, xp_verdict *v)
{
    static const char *const dividend[5] = { [1] = "ax", [2] = "dx:ax", [4] = "edx:eax" };
    static const char *const quotient[5] = { [1] = "al", [2] = "ax", [4] = "eax" };
    const char *sdm = "SDM 6.15, Interrupt 0";
    int size = in->op0_size;
    if ((in->id == X86_INS_DIV || in->id == X86_INS_IDIV) && size > 0 && size <= 4 &&
        dividend[size])
        xp_detail(o, "`%s` divides %s by %s; the quotient must fit in %s", in->text,
                  dividend[size], in->operands, quotient[size]);
    if (in->id == X86_INS_AAM) {
        xp_cause(v, sdm, "AAM with base 0");
        xp_rule(v, "AAM divides AL by its immediate, which must not be 0");
    } else {
        xp_cause(v, sdm, "divide error");
        xp_rule(v, "DIV and IDIV fault when the divisor is 0 or the quotient does not fit the "
                   "destination");
    }
}

/* The exceptions whose cause the vector alone gives; the detail shows the state it depends on. */
static void explain_simple(const rs_event *ev, xp_out *o, xp_verdict *v)
{
    const rs_event_exception *x = &ev->u.exc;
    char sdm[40];
    snprintf(sdm, sizeof sdm, "SDM 6.15, Interrupt %d", x->vector);
    switch (x->vector) {
    case 1:
        xp_cause(v, sdm, "debug exception");
        xp_rule(v, "#DB comes from a DR0-DR3 breakpoint, single-stepping (EFLAGS.TF=1) or a "
                   "task switch to a TSS with T=1");
        return;
    case 3:
        xp_cause(v, sdm, "breakpoint");
        xp_rule(v, "INT3 is a trap: the handler sees the EIP after it; from CPL 3 the gate "
                   "needs DPL 3");
        return;
    case 4:
        xp_detail(o, "EFLAGS.OF=%d", (x->eflags & RS_EFL_OF) ? 1 : 0);
        xp_cause(v, sdm, "overflow");
        xp_rule(v, "INTO traps when EFLAGS.OF=1");
        return;
    case 5:
        xp_cause(v, sdm, "BOUND range exceeded");
        xp_rule(v, "BOUND faults when the index lies outside the bounds it reads from memory");
        return;
    case 7:
        xp_detail(o, "CR0=0x%08x: TS=%d, EM=%d", (unsigned)x->cr0, (x->cr0 & RS_CR0_TS) ? 1 : 0,
                  (x->cr0 & RS_CR0_EM) ? 1 : 0);
        xp_cause(v, sdm, "device not available");
        xp_rule(v, "x87 and SSE instructions fault while CR0.TS=1 (lazy FPU switching) or "
                   "CR0.EM=1");
        return;
    case 17:
        xp_detail(o, "CR0.AM=%d, EFLAGS.AC=%d, CPL %d", (x->cr0 & RS_CR0_AM) ? 1 : 0,
                  (x->eflags & RS_EFL_AC) ? 1 : 0, ev->cpl);
        xp_cause(v, sdm, "unaligned access with alignment checking on");
        xp_rule(v, "At CPL 3 with CR0.AM=1 and EFLAGS.AC=1 an unaligned data access faults");
        return;
    default:
        xp_cause(v, sdm, "%s", rs_vector_name(x->vector));
        xp_rule(v, "Vector %d is %s", x->vector, rs_vector_name(x->vector));
        return;
    }
}

static void explain_details(const rs_event *ev, const xp_insn *in, xp_out *o, xp_verdict *v)
{
    switch (ev->u.exc.vector) {
    case 0: explain_de(in, o, v); return;
    case 6: explain_ud(ev, in, o, v); return;
    case 8: explain_df(ev, o, v); return;
    case 10: rs_xp_explain_ts(ev, in, o, v); return;
    case 11: rs_xp_explain_np(ev, o, v); return;
    case 12: rs_xp_explain_ss(ev, o, v); return;
    case 13: rs_xp_explain_gp(ev, in, o, v); return;
    case 14: rs_xp_explain_pf(ev, in, o, v); return;
    default: explain_simple(ev, o, v); return;
    }
}

void rs_xp_exception_text(const rs_event *ev, xp_out *o, int details)
{
    xp_insn in;
    xp_verdict v = { "", "", "" };
    xp_out discard = xp_start(NULL, 0, NULL);
    rs_xp_decode(ev, &in);
    headline(o, ev, &in);
    if (ev->u.exc.hint == RS_HINT_DELIVERY && details)
        xp_detail(o, "raised while the CPU delivered the event before it (SDM 6.12.1, 6.13)");
    explain_details(ev, &in, details ? o : &discard, &v);
    if (details)
        xp_detail(o, "%s (%s).", v.rule, v.sdm);
    else
        xp_put(o, ": %s (%s)", v.cause, v.sdm);
}

/* ---- The API. ---- */

int rs_explain_exception(const rs_event *ev, char *buf, size_t len)
{
    return rs_explain_event_text(ev, NULL, buf, len);
}

int rs_explain_exception_summary(const rs_event *ev, char *buf, size_t len)
{
    xp_out o = xp_start(buf, len, NULL);
    rs_xp_event_line(ev, &o);
    return (int)o.pos;
}

int rs_explain_event_line(const rs_event *ev, char *buf, size_t len)
{
    xp_out o = xp_start(buf, len, NULL);
    if (ev->kind == RS_EV_EXCEPTION) {
        xp_insn in;
        rs_xp_decode(ev, &in);
        headline(&o, ev, &in);
    } else {
        rs_xp_event_line(ev, &o);
    }
    return (int)o.pos;
}

int rs_explain_event_text(const rs_event *ev, const char *indent, char *buf, size_t len)
{
    xp_out o = xp_start(buf, len, indent);
    if (ev->kind == RS_EV_EXCEPTION)
        rs_xp_exception_text(ev, &o, 1);
    else
        rs_xp_event_line(ev, &o);
    return (int)o.pos;
}

