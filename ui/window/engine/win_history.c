/* See win_history.h. */
#include <string.h>
#include "win_history.h"

void win_history_reset(win_history *h)
{
    memset(h, 0, sizeof *h);
    h->seg[0] = (win_segment){ 0, 0 };
    h->n_seg = 1;
}

void win_history_touch(win_history *h, uint32_t page, win_touch_kind kind, uint32_t cr3, uint64_t ms)
{
    int oldest = 0;
    for (int i = 0; i < h->n_touch; i++) {
        win_touch *t = &h->touch[i];
        if (t->page == page && t->cr3 == cr3) {
            if (ms >= t->ms)
                t->ms = ms;
            if (kind == WIN_TOUCH_FAULT || t->kind != WIN_TOUCH_FAULT)
                t->kind = kind;
            return;
        }
        if (t->ms < h->touch[oldest].ms)
            oldest = i;
    }
    int slot = h->n_touch < WIN_TOUCHES ? h->n_touch++ : oldest;
    h->touch[slot] = (win_touch){ page, kind, cr3, ms };
}

static void add_segment(win_history *h, uint64_t icount, int cpl)
{
    win_segment *last = &h->seg[(h->n_seg - 1) % WIN_SEGMENTS];
    if (last->icount == icount) {     /* two changes at one count: the later one stands */
        last->cpl = cpl;
        return;
    }
    h->seg[h->n_seg++ % WIN_SEGMENTS] = (win_segment){ icount, cpl };
}

static void add_marker(win_history *h, const rs_event *ev)
{
    win_marker *m = &h->mark[h->n_mark++ % WIN_MARKERS];
    memset(m, 0, sizeof *m);
    m->ev = *ev;
}

/* A return belongs to the newest unanswered call of that number in that address space. */
static void attach_return(win_history *h, const rs_event *ev)
{
    uint64_t n = h->n_mark < WIN_MARKERS ? h->n_mark : WIN_MARKERS;
    for (uint64_t i = 1; i <= n; i++) {
        win_marker *m = &h->mark[(h->n_mark - i) % WIN_MARKERS];
        if (m->ev.kind == RS_EV_SYSCALL && !m->has_ret && m->ev.cr3 == ev->cr3 && m->ev.u.sys.nr == ev->u.ret.nr) {
            m->has_ret = 1;
            m->ret = ev->u.ret.ret;
            m->ret_icount = ev->icount;
            return;
        }
    }
}

static void absorb_one(win_history *h, const rs_event *ev, uint64_t ms)
{
    switch (ev->kind) {
    case RS_EV_CPL:
        add_segment(h, ev->icount, ev->u.cpl_change.to);
        h->last_cpl = *ev;
        h->have_cpl = 1;
        win_history_touch(h, ev->u.cpl_change.new_eip >> 12, WIN_TOUCH_CODE, ev->cr3, ms);
        if (ev->u.cpl_change.stack_switched)
            win_history_touch(h, ev->u.cpl_change.new_esp >> 12, WIN_TOUCH_DATA, ev->cr3, ms);
        break;
    case RS_EV_EXCEPTION:
        add_marker(h, ev);
        h->last_fault = *ev;
        h->have_fault = 1;
        if (ev->u.exc.vector == 14)
            win_history_touch(h, ev->u.exc.cr2 >> 12, WIN_TOUCH_FAULT, ev->cr3, ms);
        win_history_touch(h, ev->eip >> 12, WIN_TOUCH_CODE, ev->cr3, ms);
        break;
    case RS_EV_SYSCALL:
        add_marker(h, ev);
        win_history_touch(h, ev->eip >> 12, WIN_TOUCH_CODE, ev->cr3, ms);
        break;
    case RS_EV_SYSRET:
        attach_return(h, ev);
        break;
    case RS_EV_INTERRUPT: case RS_EV_BREAKPOINT:
        add_marker(h, ev);
        break;
    case RS_EV_CR:
        if (ev->u.cr.reg == 3)
            add_marker(h, ev);
        break;
    default:
        break;
    }
}

void win_history_absorb(win_history *h, const rs_evlog *log, uint64_t *seen, uint64_t now_ms,
                        uint64_t ms_per_event)
{
    uint64_t oldest = rs_evlog_oldest(log);
    if (*seen < oldest) {
        h->missed += oldest - *seen;
        *seen = oldest;
    }
    for (uint64_t seq = *seen; seq < log->next_seq; seq++) {
        const rs_event *ev = rs_evlog_get(log, seq);
        uint64_t back = (log->next_seq - 1 - seq) * ms_per_event;
        if (ev)
            absorb_one(h, ev, now_ms > back ? now_ms - back : 0);
    }
    *seen = log->next_seq;
}

int win_history_cpl_at(const win_history *h, uint64_t icount)
{
    uint64_t n = h->n_seg < WIN_SEGMENTS ? h->n_seg : WIN_SEGMENTS;
    for (uint64_t i = 1; i <= n; i++) {
        const win_segment *s = &h->seg[(h->n_seg - i) % WIN_SEGMENTS];
        if (s->icount <= icount)
            return s->cpl;
    }
    return h->seg[(h->n_seg - n) % WIN_SEGMENTS].cpl;
}
