/* See win_engine.h: the thread, the command queue and the snapshot buffers. What commands and
 * slices do is in win_control.c; what a snapshot holds is filled in win_publish.c. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <stdio.h>
#include "win_engine_priv.h"

const uint64_t win_speed_insns[WIN_SPEEDS] = { 1, 10, 100, 1000, 10000, 100000, 1000000, 0 };

const char *win_speed_name(int speed)
{
    static const char *names[WIN_SPEEDS] = { "60 insn/s", "600 insn/s", "6k insn/s", "60k insn/s",
                                             "600k insn/s", "6M insn/s", "60M insn/s", "full speed" };
    return speed >= 0 && speed < WIN_SPEEDS ? names[speed] : "?";
}

uint64_t win_engine_wall_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000u + (uint64_t)t.tv_nsec / 1000u;
}

uint64_t win_engine_now_ms(win_engine *e)
{
    return e->guest.virtual_clock ? e->vclock_ms : win_engine_wall_us() / 1000u;
}

/* A command should not wait for a slice to end: stop it at its next block (resumable). */
static void interrupt_slice_locked(win_engine *e)
{
    if (e->slice_machine)
        rs_machine_interrupt(e->slice_machine);
}

static void free_buffers(win_engine *e)
{
    for (int i = 0; i < 3; i++)
        free(e->snap[i]);
}

rs_err win_engine_create(const win_guest *g, win_engine **out, char *msg, size_t msg_len)
{
    *out = NULL;
    win_engine *e = calloc(1, sizeof *e);
    if (!e)
        return RS_ERR_NOMEM;
    e->guest = *g;
    e->back = 0, e->middle = 1, e->front = 2;
    e->taken = 1;
    e->vclock_ms = 1000000u;
    e->status.gdb_state = -1;   /* so that back-dated touches have a past to fade into */
    for (int i = 0; i < 3; i++)
        if (!(e->snap[i] = calloc(1, sizeof *e->snap[i]))) {
            free_buffers(e);
            free(e);
            return RS_ERR_NOMEM;
        }
    pthread_mutex_init(&e->lock, NULL);
    pthread_cond_init(&e->wake, NULL);
    /* The same images in the same order as the machine's own table: the same source numbers. */
    if (rs_symtab_create(&e->symbols) == RS_OK &&
        rs_symtab_add_images(e->symbols, g->kernel, g->modules, g->n_modules) == RS_ERR_NOMEM) {
        rs_symtab_destroy(e->symbols);
        e->symbols = NULL;
    }
    rs_err err = win_control_boot(e, msg, msg_len);
    if (err) {
        win_engine_destroy(e);
        return err;
    }
    *out = e;
    return RS_OK;
}

static void stop_thread(win_engine *e)
{
    if (!e->threaded)
        return;
    pthread_mutex_lock(&e->lock);
    e->quit = 1;
    interrupt_slice_locked(e);
    pthread_cond_signal(&e->wake);
    pthread_mutex_unlock(&e->lock);
    pthread_join(e->thread, NULL);
    e->threaded = 0;
}

int win_engine_hand_gdb_over(win_engine *e, const rs_gdb_config *cfg, rs_gdb_outcome *out)
{
    if (!e || !e->gdb || !rs_gdb_connected(e->gdb))
        return 0;
    stop_thread(e);
    fprintf(stderr, "ringscope: the window is closed; gdb keeps its session (headless)\n");
    rs_gdb_serve_on(e->gdb, e->d, cfg, 0, out);
    return 1;
}

void win_engine_destroy(win_engine *e)
{
    if (!e)
        return;
    stop_thread(e);
    rs_gdb_destroy(e->gdb);     /* first: it takes gdb's breakpoints out of the debugger */
    win_control_shutdown(e);
    pthread_cond_destroy(&e->wake);
    pthread_mutex_destroy(&e->lock);
    free_buffers(e);
    rs_symtab_destroy(e->symbols);
    free(e);
}

const rs_symtab *win_engine_symbols(const win_engine *e)
{
    return e->symbols;
}

void win_engine_slice_begin(win_engine *e)
{
    pthread_mutex_lock(&e->lock);
    e->slice_machine = e->m;
    e->slice_began_us = win_engine_wall_us();
    pthread_mutex_unlock(&e->lock);
}

void win_engine_slice_end(win_engine *e)
{
    pthread_mutex_lock(&e->lock);
    e->slice_machine = NULL;
    pthread_mutex_unlock(&e->lock);
}

void win_engine_post(win_engine *e, win_cmd cmd)
{
    pthread_mutex_lock(&e->lock);
    if (e->n_queue < WIN_CMD_QUEUE) {
        e->queue[e->n_queue++] = cmd;
        e->posted++;
    }
    interrupt_slice_locked(e);
    pthread_cond_signal(&e->wake);
    pthread_mutex_unlock(&e->lock);
}

uint64_t win_engine_posted(win_engine *e)
{
    pthread_mutex_lock(&e->lock);
    uint64_t n = e->posted;
    pthread_mutex_unlock(&e->lock);
    return n;
}

void win_engine_set_hover(win_engine *e, int valid, uint32_t linear)
{
    pthread_mutex_lock(&e->lock);
    if (valid != e->hover_valid || (valid && linear != e->hover_linear)) {
        e->hover_valid = valid;
        e->hover_linear = linear;
        e->hover_changed = 1;
        pthread_cond_signal(&e->wake);
    }
    pthread_mutex_unlock(&e->lock);
}

const win_snapshot *win_engine_acquire(win_engine *e)
{
    pthread_mutex_lock(&e->lock);
    if (e->slice_machine && win_engine_wall_us() - e->slice_began_us > WIN_SLICE_OVERDUE_US)
        interrupt_slice_locked(e);   /* a slice that overran its time limit: keep snapshots coming */
    if (e->fresh) {
        int t = e->front;
        e->front = e->middle;
        e->middle = t;
        e->fresh = 0;
    }
    e->taken = 1;
    const win_snapshot *s = e->snap[e->front];
    pthread_mutex_unlock(&e->lock);
    return s->serial ? s : NULL;
}

/* Takes the queued commands out under the lock; returns how many. */
static int take_commands(win_engine *e, win_cmd *cmds, int *hover_changed)
{
    pthread_mutex_lock(&e->lock);
    int n = e->n_queue;
    memcpy(cmds, e->queue, (size_t)n * sizeof *cmds);
    e->n_queue = 0;
    *hover_changed = e->hover_changed;
    e->hover_changed = 0;
    pthread_mutex_unlock(&e->lock);
    return n;
}

static int apply_commands(win_engine *e)
{
    win_cmd cmds[WIN_CMD_QUEUE];
    int hover_changed;
    int n = take_commands(e, cmds, &hover_changed);
    for (int i = 0; i < n; i++)
        win_control_apply(e, &cmds[i]);
    return n > 0 || hover_changed;
}

void win_engine_tick(win_engine *e)
{
    apply_commands(e);
    win_gdb_tick(e);
    if (win_control_may_run(e)) {
        win_control_slice(e);
        e->vclock_ms += 16;     /* the virtual clock: one frame per slice */
    }
    win_publish(e, 1);
}

static void deadline_in(struct timespec *ts, uint64_t us)
{
    clock_gettime(CLOCK_REALTIME, ts);
    uint64_t ns = (uint64_t)ts->tv_nsec + us * 1000u;
    ts->tv_sec += (time_t)(ns / 1000000000u);
    ts->tv_nsec = (long)(ns % 1000000000u);
}

/* Sleeps until there is something to do: a command, a hover change, quit, or (while running
 * slowly) the next tick. */
static void wait_for_work(win_engine *e, uint64_t tick_us)
{
    struct timespec until;
    deadline_in(&until, tick_us);
    pthread_mutex_lock(&e->lock);
    while (!e->quit && !e->n_queue && !e->hover_changed) {
        if (!tick_us)
            pthread_cond_wait(&e->wake, &e->lock);
        else if (pthread_cond_timedwait(&e->wake, &e->lock, &until) == ETIMEDOUT)
            break;
    }
    pthread_mutex_unlock(&e->lock);
}

static int quitting(win_engine *e)
{
    pthread_mutex_lock(&e->lock);
    int q = e->quit;
    pthread_mutex_unlock(&e->lock);
    return q;
}

static void *engine_thread(void *opaque)
{
    win_engine *e = opaque;
    while (!quitting(e)) {
        int changed = apply_commands(e);
        changed |= win_gdb_tick(e);      /* --gdb: may run one of gdb's slices */
        int running = win_control_may_run(e), gdb_running = win_gdb_running(e);
        uint64_t began = win_engine_wall_us();
        if (running)
            win_control_slice(e);
        if (running || gdb_running || changed || !e->gdb)   /* gdb idle: nothing new to show */
            win_publish(e, changed || (!win_control_may_run(e) && !gdb_running));
        if (gdb_running) {
            continue;                    /* the next poll runs gdb's next slice */
        } else if (!win_control_may_run(e)) {
            wait_for_work(e, e->gdb ? WIN_TICK_US : 0);   /* --gdb: look at the socket each tick */
        } else if (e->status.speed != WIN_SPEED_FULL && e->status.mode != WIN_UNTIL) {
            uint64_t spent = win_engine_wall_us() - began;
            if (spent < WIN_TICK_US)
                wait_for_work(e, WIN_TICK_US - spent);
        }
    }
    return NULL;
}

rs_err win_engine_start(win_engine *e)
{
    win_publish(e, 1);
    if (pthread_create(&e->thread, NULL, engine_thread, e))
        return RS_ERR_NOMEM;
    e->threaded = 1;
    return RS_OK;
}
