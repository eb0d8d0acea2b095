/* The engine's insides, shared by win_engine.c (thread, queue, buffers), win_control.c (what the
 * commands and slices do) and win_publish.c (filling a snapshot). */
#ifndef RS_WIN_ENGINE_PRIV_H
#define RS_WIN_ENGINE_PRIV_H
#include <pthread.h>
#include "debugger.h"
#include "gdb_stub.h"
#include "win_engine.h"

#define WIN_CMD_QUEUE 64
#define WIN_SLICE_US 10000u          /* a full-speed slice: the UI's snapshots are this fresh */
#define WIN_TICK_US 16667u           /* slow speeds run their instructions once per tick */
#define WIN_NEXT_TIMEOUT_US 250000u  /* step over gives up (and pauses) after this */
#define WIN_STEP_TIMEOUT_US 10000000u /* one instruction cannot hang: this only catches a bug (a
                                       * slice's 10 ms ran out before a step's first instruction on
                                       * a machine at load 10) */
#define WIN_SLICE_OVERDUE_US 40000u  /* the UI interrupts a slice running longer than this */

struct win_engine {
    win_guest guest;

    /* The engine thread's own (or the caller's, before win_engine_start). */
    rs_machine *m;
    rs_dbg *d;
    win_serial serial;
    win_history hist;
    uint64_t seen_seq;
    win_status status;
    uint32_t breaks[RS_DBG_MAX_BREAKPOINTS];   /* kept across resets */
    int n_breaks;
    uint64_t vclock_ms;
    uint64_t mips_icount, mips_us;             /* where the last speed measurement began */
    double mips;
    uint64_t published;                        /* snapshots so far */
    rs_gdb *gdb;                               /* --gdb: the stub (win_gdb.c); NULL: none */
    int gdb_killed_seen;                       /* the window has taken in gdb's kill */
    rs_symtab *symbols;                        /* the images' (win_engine_symbols) */

    /* Shared with the UI thread, under lock. */
    pthread_mutex_t lock;
    pthread_cond_t wake;
    win_cmd queue[WIN_CMD_QUEUE];
    int n_queue;
    uint64_t posted;
    int hover_valid, hover_changed;
    uint32_t hover_linear;
    win_snapshot *snap[3];
    int back, middle, front;
    int fresh;                                 /* middle holds a snapshot the UI has not seen */
    int taken;                                 /* the UI took the last one: publish again */
    rs_machine *slice_machine;                 /* the machine while a slice runs, else NULL */
    uint64_t slice_began_us;
    int quit;
    int threaded;
    pthread_t thread;
};

/* Brackets a run of the machine, so other threads can interrupt it (win_engine.c). */
void win_engine_slice_begin(win_engine *e);
void win_engine_slice_end(win_engine *e);

/* win_control.c */
rs_err win_control_boot(win_engine *e, char *msg, size_t len);   /* machine + debugger */
void win_control_shutdown(win_engine *e);
void win_control_apply(win_engine *e, const win_cmd *cmd);
int win_control_running(const win_engine *e);
int win_control_may_run(const win_engine *e);                     /* running, and gdb lets it */
void win_control_slice(win_engine *e);
void win_control_absorb(win_engine *e);                            /* history from the event log */

/* win_gdb.c: one rs_gdb_poll (which may run one of gdb's slices) and what it means for the
 * window's status. Returns 1 when something the UI shows changed. */
int win_gdb_tick(win_engine *e);
int win_gdb_holds_cpu(const win_engine *e);                       /* a client holds it, or waits */
int win_gdb_running(const win_engine *e);                         /* gdb's c/s/vCont is going */
void win_gdb_guest_finished(win_engine *e, const rs_stop *stop);  /* the window's run ended it */
void win_gdb_reattach(win_engine *e);                             /* after a reset (e->m, e->d) */

/* win_publish.c: fills e->snap[e->back] and swaps it into the middle. FORCE: even if the UI has
 * not taken the last one. */
void win_publish(win_engine *e, int force);

#endif
