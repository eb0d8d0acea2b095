/* `ringscope run --gdb`: rs_gdb_serve (gdb_stub.h), the owner's loop around rs_gdb_poll. While
 * nobody holds the CPU the guest runs here, in the same slices, so a client can connect at any
 * time and stop it where it is. */
#include <string.h>
#include <time.h>
#include "gdb_stub.h"

#define POLL_MS 50

static uint64_t now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000u + (uint64_t)t.tv_nsec / 1000u;
}

/* One slice with nobody attached. Returns 0 when the session is over (*STOP says how). */
static int run_free_slice(rs_gdb *g, rs_dbg *d, const rs_gdb_config *cfg, rs_stop *stop)
{
    rs_run_limits limits = { .max_insns = cfg->max_insns, .slice = 1,
                             .timeout_us = cfg->slice_us ? cfg->slice_us : RS_GDB_DEFAULT_SLICE_US };
    rs_dbg_set_limits(d, &limits);
    rs_err err = rs_dbg_continue(d, stop);
    if (err) {
        *stop = (rs_stop){ .reason = RS_STOP_ENGINE_ERROR };
        snprintf(stop->detail, sizeof stop->detail, "cannot run: %s", rs_strerror(err));
        return 0;
    }
    switch (stop->reason) {
    case RS_STOP_TIMEOUT: case RS_STOP_BREAKPOINT: case RS_STOP_STEP: case RS_STOP_EVENT:
    case RS_STOP_INTERRUPTED:
        return 1;
    case RS_STOP_INSN_LIMIT:
        return 0;
    default:
        rs_gdb_guest_finished(g, stop);
        return 0;
    }
}

static void serve(rs_gdb *g, rs_dbg *d, const rs_gdb_config *cfg, uint64_t deadline_us, rs_gdb_outcome *out)
{
    for (;;) {
        rs_gdb_state st = rs_gdb_poll(g, POLL_MS);
        int alone = st == RS_GDB_FREE || st == RS_GDB_WAITING;
        if (rs_gdb_killed(g)) {
            out->killed = 1;
            return;
        }
        if (alone && rs_gdb_finished(g, &out->stop))
            return;
        if (deadline_us && now_us() >= deadline_us) {
            out->timed_out = 1;
            return;
        }
        if (st == RS_GDB_FREE && !run_free_slice(g, d, cfg, &out->stop))
            return;
    }
}

void rs_gdb_serve_on(rs_gdb *g, rs_dbg *d, const rs_gdb_config *cfg, uint64_t timeout_us, rs_gdb_outcome *out)
{
    memset(out, 0, sizeof *out);
    serve(g, d, cfg, timeout_us ? now_us() + timeout_us : 0, out);
}

rs_err rs_gdb_serve(rs_machine *m, const rs_gdb_config *cfg, uint64_t timeout_us, rs_gdb_outcome *out,
                    char *msg, size_t msg_len)
{
    memset(out, 0, sizeof *out);
    rs_dbg *d;
    rs_gdb *g;
    rs_err err = rs_dbg_create(m, &d);
    if (err) {
        snprintf(msg, msg_len, "cannot start the debugger: %s", rs_strerror(err));
        return err;
    }
    err = rs_gdb_create(cfg, m, d, &g, msg, msg_len);
    if (!err) {
        serve(g, d, cfg, timeout_us ? now_us() + timeout_us : 0, out);
        rs_gdb_destroy(g);
    }
    rs_dbg_destroy(d);
    return err;
}
