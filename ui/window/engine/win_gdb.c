/* The window's engine serving gdb (win_engine_serve_gdb, gdb_stub.h). The stub is polled once per
 * engine tick, on the engine thread, between the window's own slices, as gdb_headless.c polls it
 * in `run --gdb`: while a client holds the CPU (or --gdb-wait waits for one) the window does not
 * run the guest, and gdb's runs go one slice per poll so the window keeps publishing snapshots of
 * where gdb is. The stub's own cached registers are re-read by gdb at its next stop. */
#include <stdio.h>
#include "win_engine_priv.h"

rs_err win_engine_serve_gdb(win_engine *e, const rs_gdb_config *cfg, char *msg, size_t msg_len)
{
    if (!e->m) {
        snprintf(msg, msg_len, "no machine to serve gdb for");
        return RS_ERR_STATE;
    }
    rs_gdb_config c = *cfg;
    if (!c.slice_us)
        c.slice_us = WIN_SLICE_US;
    rs_err err = rs_gdb_create(&c, e->m, e->d, &e->gdb, msg, msg_len);
    if (!err)
        e->status.gdb_state = c.wait ? RS_GDB_WAITING : RS_GDB_FREE;
    return err;
}

int win_gdb_holds_cpu(const win_engine *e)
{
    return e->gdb && e->status.gdb_state != RS_GDB_FREE;
}

int win_gdb_running(const win_engine *e)
{
    return e->gdb && e->status.gdb_state == RS_GDB_RUNNING;
}

void win_gdb_guest_finished(win_engine *e, const rs_stop *stop)
{
    if (e->gdb)
        rs_gdb_guest_finished(e->gdb, stop);
}

void win_gdb_reattach(win_engine *e)
{
    if (!e->gdb)
        return;
    if (e->m) {
        rs_gdb_attach(e->gdb, e->m, e->d);
        e->gdb_killed_seen = rs_gdb_killed(e->gdb);
        return;
    }
    rs_gdb_destroy(e->gdb);       /* no machine to attach to (the reset failed): drop the client */
    e->gdb = NULL;
    e->status.gdb_state = -1;
}

/* What the state change means, on the status line. */
static void tell(win_engine *e, int before, int after, int ran)
{
    char *m = e->status.message;
    size_t n = sizeof e->status.message;
    if (ran && after != RS_GDB_RUNNING) {
        rs_regs r;
        rs_machine_regs(e->m, &r);
        snprintf(m, n, "gdb stopped the CPU at 0x%08x (icount %llu)", r.eip,
                 (unsigned long long)rs_machine_icount(e->m));
    } else if (after == RS_GDB_RUNNING && before != RS_GDB_RUNNING)
        snprintf(m, n, "gdb runs the CPU; Space stops it");
    else if (after == RS_GDB_STOPPED && before != RS_GDB_STOPPED)
        snprintf(m, n, "gdb holds the CPU; continue or detach in gdb");
    else if (after == RS_GDB_FREE && before != RS_GDB_FREE)
        snprintf(m, n, "gdb let go of the CPU; the window runs it again");
    else if (after == RS_GDB_WAITING && before != RS_GDB_WAITING)
        snprintf(m, n, "waiting for gdb (%s)", rs_gdb_address(e->gdb));
}

/* gdb's run or kill ended the guest: the window shows it finished too. */
static void take_in_ending(win_engine *e)
{
    rs_stop stop;
    if (!e->gdb_killed_seen && rs_gdb_killed(e->gdb)) {
        e->gdb_killed_seen = 1;
        e->status.mode = WIN_FINISHED;
        snprintf(e->status.message, sizeof e->status.message, "gdb killed the guest; r resets");
        return;
    }
    if (e->status.mode != WIN_FINISHED && rs_gdb_finished(e->gdb, &stop)) {
        e->status.mode = WIN_FINISHED;
        e->status.last_stop = stop;
        e->status.have_stop = 1;
        snprintf(e->status.message, sizeof e->status.message, "finished under gdb (%s): %.150s; r resets",
                 rs_stop_reason_name(stop.reason), stop.detail);
    }
}

int win_gdb_tick(win_engine *e)
{
    if (!e->gdb || !e->m)
        return 0;
    int before = e->status.gdb_state;
    uint64_t icount = rs_machine_icount(e->m);
    int after = (int)rs_gdb_poll(e->gdb, 0);
    int ran = before == RS_GDB_RUNNING || rs_machine_icount(e->m) != icount;
    e->status.gdb_state = after;
    if (ran && after != RS_GDB_RUNNING) {
        e->status.gdb_stops++;
        e->status.show_changes = 1;
        win_control_absorb(e);
    }
    tell(e, before, after, ran);
    take_in_ending(e);
    return after != before || ran;
}
