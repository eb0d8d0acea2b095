/* c, s and vCont: the run the client asked for, in time slices (gdb_stub.h), and the stop replies.
 *
 *   T05swbreak:;   a Z0 breakpoint (T05hwbreak:; for Z1); EIP is at the breakpoint
 *   T05watch:ADDR; a Z2 watchpoint (rwatch: Z3, awatch: Z4); the block that touched it has run
 *   T05            a single step done, the instruction limit, or a stop someone else caused
 *   T02            Ctrl-C (gdb's SIGINT), or rs_machine_interrupt from the owner
 *   Wnn            the guest finished: nn is ringscope run's exit status (isa-debug-exit,
 *                  HLT: 00, HLT with IF=1: 0c); a console line says why
 *   Xnn            it ended abnormally: SIGSEGV (0b) triple fault, SIGILL (04) unsupported
 *                  feature, SIGABRT (06) emulator error */
#include <string.h>
#include "gdb_priv.h"

#define STOP_TRAP "T05thread:1;"
#define STOP_INT "T02thread:1;"
#define STOP_SWBREAK "T05swbreak:;thread:1;"
#define STOP_HWBREAK "T05hwbreak:;thread:1;"

void gdb_final_reply(const rs_stop *stop, char *out, size_t len)
{
    switch (stop->reason) {
    case RS_STOP_EXIT: snprintf(out, len, "W%02x", stop->exit_status & 0xff); break;
    case RS_STOP_HALT: snprintf(out, len, "W00"); break;
    case RS_STOP_HALT_IF: snprintf(out, len, "W0c"); break;
    case RS_STOP_TRIPLE_FAULT: snprintf(out, len, "X0b"); break;
    case RS_STOP_UNSUPPORTED: snprintf(out, len, "X04"); break;
    default: snprintf(out, len, "X06"); break;
    }
}

static void send_stop(rs_gdb *g, const char *reply)
{
    snprintf(g->last_stop_reply, sizeof g->last_stop_reply, "%s", reply);
    g->state = RS_GDB_STOPPED;
    g->interrupted = 0;
    gdb_send_str(g, reply);
}

static void console_line(rs_gdb *g, const char *prefix, const char *text)
{
    char line[512];
    int n = snprintf(line, sizeof line, "ringscope: %s%s\n", prefix, text);
    gdb_send_console(g, line, n < (int)sizeof line ? (size_t)n : sizeof line - 1);
}

static void finish(rs_gdb *g, const rs_stop *stop)
{
    char reply[16], what[320];
    g->finished = 1;
    g->final_stop = *stop;
    snprintf(what, sizeof what, "%s: %s", rs_stop_reason_name(stop->reason), stop->detail);
    console_line(g, "the guest finished: ", what);
    gdb_final_reply(stop, reply, sizeof reply);
    send_stop(g, reply);
}

void gdb_reply_stop_status(rs_gdb *g)
{
    gdb_send_str(g, g->last_stop_reply[0] ? g->last_stop_reply : STOP_TRAP);
}

void gdb_resume(rs_gdb *g, char action)
{
    if (g->finished) {              /* nothing can run: say so again */
        finish(g, &g->final_stop);
        return;
    }
    g->resume = action;
    g->resume_icount = rs_machine_icount(g->m);
    g->interrupted = 0;
    g->state = RS_GDB_RUNNING;
    gdb_watch_snapshot(g);
}

static uint32_t current_linear(rs_gdb *g)
{
    rs_regs r;
    rs_machine_regs(g->m, &r);
    return r.seg[RS_SREG_CS].base + r.eip;
}

/* The newest breakpoint event at or after SEQ, or NULL. */
static const rs_event *breakpoint_event(rs_gdb *g, uint64_t seq)
{
    const rs_evlog *log = rs_machine_event_log(g->m);
    uint64_t oldest = rs_evlog_oldest(log);
    for (uint64_t q = log->next_seq; q > seq && q > oldest; q--) {
        const rs_event *ev = rs_evlog_get(log, q - 1);
        if (ev->kind == RS_EV_BREAKPOINT)
            return ev;
    }
    return NULL;
}

static void breakpoint_reply(rs_gdb *g, uint32_t linear)
{
    int hw = 0;
    if (gdb_break_is_ours(g, linear, &hw))
        send_stop(g, hw ? STOP_HWBREAK : STOP_SWBREAK);
    else
        send_stop(g, STOP_TRAP);
}

/* A stop at a watched page or a breakpoint: reports it, or returns 0 to run on. */
static int breakpoint_stop(rs_gdb *g, const rs_stop *stop, uint64_t seq)
{
    const rs_event *ev = breakpoint_event(g, seq);
    if (!ev || !ev->u.brk.watch) {
        breakpoint_reply(g, ev ? ev->u.brk.address : stop->eip);
        return 1;
    }
    char reply[64] = "T05";
    if (gdb_watch_match(g, ev, reply + 3, sizeof reply - 3)) {
        strncat(reply, "thread:1;", sizeof reply - strlen(reply) - 1);
        send_stop(g, reply);
        gdb_watch_snapshot(g);
        return 1;
    }
    if (g->resume == 's') {
        send_stop(g, STOP_TRAP);
        return 1;
    }
    return 0;
}

/* A slice ended on time. Unicorn stops slices at block entries: if that entry is one of gdb's
 * breakpoints, its hook has not run yet and the next slice would step over it. */
static int slice_ended(rs_gdb *g)
{
    if (g->interrupted) {
        send_stop(g, STOP_INT);
        return 1;
    }
    int hw;
    if (g->resume == 'c' && rs_machine_icount(g->m) != g->resume_icount &&
        gdb_break_is_ours(g, current_linear(g), &hw)) {
        breakpoint_reply(g, current_linear(g));
        return 1;
    }
    return 0;
}

static void report(rs_gdb *g, const rs_stop *stop, uint64_t seq)
{
    if (rs_stop_is_final(stop->reason)) {
        finish(g, stop);
        return;
    }
    switch (stop->reason) {
    case RS_STOP_TIMEOUT:
        slice_ended(g);
        break;
    case RS_STOP_BREAKPOINT:
        if (!breakpoint_stop(g, stop, seq))
            slice_ended(g);
        break;
    case RS_STOP_INTERRUPTED:
        send_stop(g, STOP_INT);
        break;
    case RS_STOP_INSN_LIMIT:
        console_line(g, "instruction limit reached: ", stop->detail);
        send_stop(g, STOP_TRAP);
        break;
    default:             /* a step done, or an event a listener stopped at */
        send_stop(g, STOP_TRAP);
        break;
    }
}

void gdb_run_slice(rs_gdb *g)
{
    if (g->interrupted) {
        send_stop(g, STOP_INT);
        return;
    }
    rs_run_limits limits = { .max_insns = g->cfg.max_insns, .timeout_us = g->cfg.slice_us, .slice = 1 };
    rs_dbg_set_limits(g->d, &limits);
    uint64_t seq = rs_machine_event_log(g->m)->next_seq;
    rs_stop stop;
    rs_err err = g->resume == 's' ? rs_dbg_step(g->d, 1, &stop) : rs_dbg_continue(g->d, &stop);
    if (err == RS_ERR_STATE) {       /* finished before the stub was told */
        if (!g->finished)
            g->final_stop = (rs_stop){ .reason = RS_STOP_ENGINE_ERROR, .detail = "the guest had already finished" };
        finish(g, &g->final_stop);
    } else if (err) {
        console_line(g, "cannot run the guest: ", rs_strerror(err));
        send_stop(g, STOP_TRAP);
    } else {
        report(g, &stop, seq);
    }
}
