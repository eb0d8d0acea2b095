/* Filling a snapshot (win_snapshot.h) from the machine, on the engine thread, and handing it to
 * the UI (win_engine.h: triple buffering). */
#include <string.h>
#include "win_engine_priv.h"

/* Code around EIP: from 64 bytes before it, or from its page when the page before is unmapped. */
static void fill_code(win_engine *e, win_snapshot *s)
{
    uint32_t eip = s->regs.seg[RS_SREG_CS].base + s->regs.eip;
    uint32_t start = eip - WIN_CODE_BEFORE;
    uint32_t n = rs_machine_read_linear(e->m, start, s->code.bytes, WIN_CODE_BYTES, NULL);
    if (n <= WIN_CODE_BEFORE) {
        start = eip & ~0xfffu;
        if (eip - start > WIN_CODE_BEFORE)
            start = eip - WIN_CODE_BEFORE;
        n = rs_machine_read_linear(e->m, start, s->code.bytes, WIN_CODE_BYTES, NULL);
    }
    s->code.start = start;
    s->code.len = n;
    s->code.code32 = rs_machine_code32(e->m);
}

static void fill_events(win_engine *e, win_snapshot *s)
{
    const rs_evlog *log = rs_machine_event_log(e->m);
    uint64_t from = rs_evlog_oldest(log);
    if (log->next_seq - from > WIN_EVENTS_KEPT)
        from = log->next_seq - WIN_EVENTS_KEPT;
    s->n_events = 0;
    for (uint64_t seq = from; seq < log->next_seq; seq++) {
        const rs_event *ev = rs_evlog_get(log, seq);
        if (ev)
            s->events[s->n_events++] = *ev;
    }
    s->events_total = log->next_seq;
}

static void fill_hover(win_engine *e, win_snapshot *s)
{
    pthread_mutex_lock(&e->lock);
    s->hover.valid = e->hover_valid;
    s->hover.linear = e->hover_linear;
    pthread_mutex_unlock(&e->lock);
    if (s->hover.valid)
        rs_mmu_inspect(rs_machine_physmem(e->m), s->paging, s->hover.linear, RS_ACC_READ, 3, &s->hover.in);
}

static void measure_speed(win_engine *e, win_snapshot *s)
{
    uint64_t now = win_engine_wall_us();
    if (!win_control_running(e)) {
        e->mips = 0;
        e->mips_icount = s->icount;
        e->mips_us = now;
    } else if (now - e->mips_us >= 250000u) {
        e->mips = (double)(s->icount - e->mips_icount) / (double)(now - e->mips_us);
        e->mips_icount = s->icount;
        e->mips_us = now;
    }
    s->guest_mips = e->mips;
}

/* The page EIP and the page ESP are in count as touched now. */
static void touch_now(win_engine *e, const win_snapshot *s)
{
    uint32_t eip = s->regs.seg[RS_SREG_CS].base + s->regs.eip;
    uint32_t esp = s->regs.seg[RS_SREG_SS].base + s->regs.gpr[RS_REG_ESP];
    win_history_touch(&e->hist, eip >> 12, WIN_TOUCH_CODE, s->regs.cr3, s->clock_ms);
    win_history_touch(&e->hist, esp >> 12, WIN_TOUCH_DATA, s->regs.cr3, s->clock_ms);
}

static void fill(win_engine *e, win_snapshot *s)
{
    s->clock_ms = win_engine_now_ms(e);
    s->status = e->status;
    if (e->m) {
        s->icount = rs_machine_icount(e->m);
        rs_machine_regs(e->m, &s->regs);
        s->regs_before = *rs_dbg_regs_before(e->d);
        s->paging = rs_machine_paging(e->m);
        rs_pagemap_fill(rs_machine_physmem(e->m), s->paging, s->attrs);
        s->sym_spaces = rs_machine_symbol_spaces(e->m, 0);
        fill_code(e, s);
        s->n_breakpoints = rs_dbg_breakpoints(e->d, s->breakpoints, RS_DBG_MAX_BREAKPOINTS);
        fill_hover(e, s);
        fill_events(e, s);
        win_control_absorb(e);
        touch_now(e, s);
    }
    measure_speed(e, s);
    s->history = e->hist;
    win_serial_copy(&e->serial, &s->console);
}

void win_publish(win_engine *e, int force)
{
    pthread_mutex_lock(&e->lock);
    int wanted = force || e->taken;
    pthread_mutex_unlock(&e->lock);
    if (!wanted)
        return;
    win_snapshot *s = e->snap[e->back];
    fill(e, s);
    pthread_mutex_lock(&e->lock);
    s->serial = ++e->published;
    int t = e->middle;
    e->middle = e->back;
    e->back = t;
    e->fresh = 1;
    e->taken = 0;
    pthread_mutex_unlock(&e->lock);
}
