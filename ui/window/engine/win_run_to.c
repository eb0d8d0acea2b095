/* The engine on the caller's thread: win_engine_run_to runs the guest to a chosen moment for a
 * headless screenshot, with the moments `ringscope pagemap --at` knows (the Nth event of a kind,
 * an instruction count, the end); win_engine_bench measures the guest alone. */
#include <stdio.h>
#include <string.h>
#include "explain.h"
#include "win_engine_priv.h"

#define RUN_TO_SLICE_US 50000u

typedef struct counter {
    int kind;
    uint64_t left;
    int found;
    rs_event hit;
} counter;

/* Stops the run just after the Nth event of the kind (a listener: copies, never calls back). */
static int count_listener(void *opaque, const rs_event *ev)
{
    counter *c = opaque;
    if ((int)ev->kind != c->kind || c->found || --c->left)
        return 0;
    c->hit = *ev;
    c->found = 1;
    return 1;
}

/* Runs in slices until the point or a stop; returns 1 at the point. */
static int run_slices(win_engine *e, counter *c, uint64_t icount, uint64_t timeout_us, rs_stop *stop)
{
    uint64_t start = win_engine_wall_us();
    for (;;) {
        uint64_t spent = win_engine_wall_us() - start;
        if (spent >= timeout_us)
            return 0;
        uint64_t slice = timeout_us - spent < RUN_TO_SLICE_US ? timeout_us - spent : RUN_TO_SLICE_US;
        rs_run_limits limits = { .max_insns = icount ? icount : e->guest.max_insns, .timeout_us = slice, .slice = 1 };
        rs_dbg_set_limits(e->d, &limits);
        rs_err err = rs_dbg_continue(e->d, stop);
        e->vclock_ms += 16;
        win_control_absorb(e);
        if (err)
            return 0;
        if (c->found)
            return 1;
        if (stop->reason == RS_STOP_INSN_LIMIT)
            return icount && stop->icount >= icount;
        if (rs_stop_is_final(stop->reason))
            return c->kind < 0 && !icount;
        if (stop->reason != RS_STOP_TIMEOUT && stop->reason != RS_STOP_INTERRUPTED)
            return 0;
    }
}

static void describe(win_engine *e, const counter *c, const rs_stop *stop, int reached, char *what, size_t len)
{
    char line[200];
    if (reached && c->found) {
        rs_explain_event_line(&c->hit, line, sizeof line);
        snprintf(what, len, "at icount %llu, after: %s", (unsigned long long)c->hit.icount, line);
    } else if (reached && c->kind < 0 && stop->reason == RS_STOP_INSN_LIMIT) {
        snprintf(what, len, "at icount %llu", (unsigned long long)stop->icount);
    } else if (reached) {
        snprintf(what, len, "at the end (icount %llu): %s", (unsigned long long)stop->icount, stop->detail);
    } else {
        snprintf(what, len, "the guest stopped (%s: %s, icount %llu)", rs_stop_reason_name(stop->reason),
                 stop->detail, (unsigned long long)rs_machine_icount(e->m));
    }
}

int win_engine_run_to(win_engine *e, int stop_kind, uint64_t n, uint64_t timeout_us, char *what, size_t len)
{
    counter c = { .kind = stop_kind, .left = n };
    rs_stop stop;
    memset(&stop, 0, sizeof stop);
    if (!e->m || (stop_kind >= 0 && rs_machine_add_listener(e->m, count_listener, &c) != RS_OK)) {
        snprintf(what, len, "the machine is not running");
        return 0;
    }
    int reached = run_slices(e, &c, stop_kind < 0 ? n : 0, timeout_us, &stop);
    rs_machine_remove_listeners(e->m);
    describe(e, &c, &stop, reached, what, len);
    e->status.mode = (stop.reason == RS_STOP_TIMEOUT || stop.reason == RS_STOP_EVENT ||
                      stop.reason == RS_STOP_INSN_LIMIT || stop.reason == RS_STOP_BREAKPOINT) ? WIN_PAUSED
                                                                                            : WIN_FINISHED;
    if (c.found && c.hit.kind == RS_EV_EXCEPTION)
        e->status.fault_stop_seq = c.hit.seq + 1;
    snprintf(e->status.message, sizeof e->status.message, "%s", what);
    e->status.last_stop = stop;
    e->status.have_stop = 1;
    win_publish(e, 1);
    return reached;
}

double win_engine_bench(win_engine *e, double seconds)
{
    uint64_t start = win_engine_wall_us(), icount0 = rs_machine_icount(e->m);
    while (e->m && (double)(win_engine_wall_us() - start) < seconds * 1e6) {
        /* Slices by instruction count: they end on time even where a timeout would not. */
        rs_run_limits limits = { .max_insns = rs_machine_icount(e->m) + 20000000u, .slice = 1 };
        rs_stop stop;
        rs_dbg_set_limits(e->d, &limits);
        if (rs_dbg_continue(e->d, &stop) != RS_OK || stop.reason != RS_STOP_INSN_LIMIT)
            break;
        win_control_absorb(e);
    }
    double secs = (double)(win_engine_wall_us() - start) / 1e6;
    return (double)(rs_machine_icount(e->m) - icount0) / secs / 1e6;
}
