/* Internals of the explanations (explain.h), shared by explain.c (headline, dispatch, the
 * exceptions without error codes, the API), explain_pf.c (#PF), explain_gp.c (#GP #NP #SS #TS)
 * and explain_line.c (one line per event kind). Front ends include explain.h, never this. */
#ifndef RS_EXPLAIN_PRIV_H
#define RS_EXPLAIN_PRIV_H
#include <stdarg.h>
#include <stdio.h>
#include "explain.h"
#include "x86.h"

static inline int xp_iopl(uint32_t eflags) { return (int)((eflags & RS_EFL_IOPL) >> RS_EFL_IOPL_SHIFT); }

/* ---- Text output, snprintf-style: pos counts the whole text, even the part that did not fit
 * (so the API can return it); nothing is written past len. ---- */

typedef struct xp_out {
    char *buf;
    size_t len, pos;
    const char *indent;          /* written after the '\n' that starts each detail line */
} xp_out;

static inline xp_out xp_start(char *buf, size_t len, const char *indent)
{
    if (len > 0)
        buf[0] = '\0';
    return (xp_out){ buf, len, 0, indent ? indent : "" };
}

static inline void xp_vput(xp_out *o, const char *fmt, va_list ap)
{
    int room = o->pos < o->len;
    int n = vsnprintf(room ? o->buf + o->pos : NULL, room ? o->len - o->pos : 0, fmt, ap);
    if (n > 0)
        o->pos += (size_t)n;
}

__attribute__((format(printf, 2, 3)))
static inline void xp_put(xp_out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    xp_vput(o, fmt, ap);
    va_end(ap);
}

/* Starts a detail line. */
__attribute__((format(printf, 2, 3)))
static inline void xp_detail(xp_out *o, const char *fmt, ...)
{
    xp_put(o, "\n%s", o->indent);
    va_list ap;
    va_start(ap, fmt);
    xp_vput(o, fmt, ap);
    va_end(ap);
}

/* ---- What an explanation concludes: a short cause for one-line logs, the rule as one
 * sentence, and where the SDM states it ("SDM 4.6", "SDM 6.15, Interrupt 0"). ---- */

typedef struct xp_verdict {
    char cause[96];
    char rule[224];
    char sdm[64];
} xp_verdict;

__attribute__((format(printf, 3, 4)))
static inline void xp_cause(xp_verdict *v, const char *sdm, const char *fmt, ...)
{
    snprintf(v->sdm, sizeof v->sdm, "%s", sdm);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v->cause, sizeof v->cause, fmt, ap);
    va_end(ap);
}

__attribute__((format(printf, 2, 3)))
static inline void xp_rule(xp_verdict *v, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v->rule, sizeof v->rule, fmt, ap);
    va_end(ap);
}

/* ---- The faulting instruction, decoded (Capstone, Intel syntax) from the event's bytes. ---- */

typedef struct xp_insn {
    int present;            /* the event holds bytes */
    int ok;                 /* Capstone decoded them */
    unsigned id;            /* X86_INS_* */
    int size;
    char text[32 + 1 + 160];/* "mov eax, dword ptr [0xc0000000]", or "(bad)" (cs_insn sizes) */
    char mnemonic[32];
    char operands[160];
    int mem;                /* has a memory operand */
    int sreg;               /* the segment register it loads (X86_REG_DS ...), else 0 */
    int cr_write, cr_read;  /* MOV to / from CRn: n; else -1 */
    int dr;                 /* MOV to or from a debug register */
    int io;                 /* IN, OUT, INS, OUTS */
    int port;               /* an immediate port; else -1 */
    int lock;               /* a LOCK prefix */
    int op0_size;           /* the first operand's size in bytes (the divisor of DIV/IDIV) */
} xp_insn;

/* Fills *IN from EV's bytes; IN->present is 0 when the event holds none. */
void rs_xp_decode(const rs_event *ev, xp_insn *in);

/* ---- The parts. ---- */

typedef enum xp_access { XP_READ, XP_WRITE, XP_FETCH } xp_access;

/* The access a #PF was for (explain_pf.c). */
xp_access rs_xp_pf_access(const rs_event *ev, const xp_insn *in);

/* Each writes detail lines to O and its conclusion to V. */
void rs_xp_explain_pf(const rs_event *ev, const xp_insn *in, xp_out *o, xp_verdict *v);
void rs_xp_explain_gp(const rs_event *ev, const xp_insn *in, xp_out *o, xp_verdict *v);
void rs_xp_explain_np(const rs_event *ev, xp_out *o, xp_verdict *v);
void rs_xp_explain_ss(const rs_event *ev, xp_out *o, xp_verdict *v);
void rs_xp_explain_ts(const rs_event *ev, const xp_insn *in, xp_out *o, xp_verdict *v);

/* Headline, then either the detail lines and the rule (DETAILS=1) or ": cause (SDM ...)". */
void rs_xp_exception_text(const rs_event *ev, xp_out *o, int details);

/* The one-line description of any event (explain_line.c); an exception gets its summary. */
void rs_xp_event_line(const rs_event *ev, xp_out *o);

#endif
