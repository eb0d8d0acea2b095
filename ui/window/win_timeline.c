/* The timeline: the recent past as a strip, ring 3 above and ring 0 below over the instruction
 * count, with markers for system calls (named), exceptions, interrupts, breakpoints and CR3
 * loads. The strip spans 2^timeline_log2 instructions ending now (the wheel zooms); hovering a
 * marker shows its event. */
#include <stdio.h>
#include "explain.h"
#include "linux_i386.h"
#include "win_theme.h"
#include "win_draw.h"
#include "win_ui.h"

typedef struct strip {
    SDL_Rect body;
    uint64_t t0, t1;          /* the instruction counts at the left and right edges */
    int label_y, lane3_y, lane0_y, lane_h, axis_y;
} strip;

static strip geometry(const win_ui *ui)
{
    strip s;
    s.body = win_panel_body(ui, ui->lay.timeline);
    s.body.x += 26;
    s.body.w -= 26;
    uint64_t span = 1ull << ui->timeline_log2;
    s.t1 = ui->snap->icount > span ? ui->snap->icount : span;
    s.t0 = s.t1 - span;
    s.label_y = s.body.y;
    s.lane_h = 9;
    s.lane3_y = s.body.y + 14;
    s.lane0_y = s.lane3_y + s.lane_h + 2;
    s.axis_y = s.lane0_y + s.lane_h + 1;
    return s;
}

static int x_of(const strip *s, uint64_t t)
{
    if (t < s->t0)
        t = s->t0;
    return s->body.x + (int)((double)(t - s->t0) * s->body.w / (double)(s->t1 - s->t0));
}

static uint32_t marker_rgb(const rs_event *ev)
{
    switch (ev->kind) {
    case RS_EV_SYSCALL: return WIN_RGB_MARK_SYSCALL;
    case RS_EV_EXCEPTION: return WIN_RGB_MARK_FAULT;
    case RS_EV_INTERRUPT: return WIN_RGB_MARK_INTERRUPT;
    case RS_EV_BREAKPOINT: return WIN_RGB_MARK_BREAK;
    default: return 0x9aa3b5;
    }
}

static void marker_label(const rs_event *ev, char *buf, size_t len)
{
    switch (ev->kind) {
    case RS_EV_SYSCALL: rs_linux_format_name(ev->u.sys.nr, buf, len); return;
    case RS_EV_EXCEPTION: snprintf(buf, len, "%s", rs_vector_mnemonic(ev->u.exc.vector)); return;
    case RS_EV_INTERRUPT: snprintf(buf, len, "int %x", (unsigned)ev->u.intr.vector); return;
    case RS_EV_BREAKPOINT: snprintf(buf, len, "break"); return;
    default: snprintf(buf, len, "cr3"); return;
    }
}

static void draw_segments(win_ui *ui, const strip *s)
{
    const win_history *h = &ui->snap->history;
    uint64_t n = h->n_seg < WIN_SEGMENTS ? h->n_seg : WIN_SEGMENTS;
    win_fill(ui->r, (SDL_Rect){ s->body.x, s->lane3_y, s->body.w, s->lane_h }, 0x1f2a22);
    win_fill(ui->r, (SDL_Rect){ s->body.x, s->lane0_y, s->body.w, s->lane_h }, 0x2e2020);
    for (uint64_t i = h->n_seg - n; i < h->n_seg; i++) {
        const win_segment *g = &h->seg[i % WIN_SEGMENTS];
        uint64_t end = i + 1 < h->n_seg ? h->seg[(i + 1) % WIN_SEGMENTS].icount : ui->snap->icount;
        if (end <= s->t0 || g->icount >= s->t1)
            continue;
        int x0 = x_of(s, g->icount), x1 = x_of(s, end);
        int y = g->cpl == 3 ? s->lane3_y : s->lane0_y;
        win_fill(ui->r, (SDL_Rect){ x0, y, x1 - x0 > 0 ? x1 - x0 : 1, s->lane_h }, win_ring_rgb(g->cpl));
    }
}

static void draw_markers(win_ui *ui, const strip *s)
{
    const win_history *h = &ui->snap->history;
    uint64_t n = h->n_mark < WIN_MARKERS ? h->n_mark : WIN_MARKERS;
    int label_end = s->body.x - 1000;
    for (uint64_t i = h->n_mark - n; i < h->n_mark; i++) {
        const rs_event *ev = &h->mark[i % WIN_MARKERS].ev;
        if (ev->icount < s->t0 || ev->icount > s->t1)
            continue;
        int x = x_of(s, ev->icount);
        uint32_t rgb = marker_rgb(ev);
        win_line(ui->r, x, s->label_y + 11, x, s->lane0_y + s->lane_h - 1, rgb);
        if (ev->kind == RS_EV_EXCEPTION)
            win_fill(ui->r, (SDL_Rect){ x - 2, s->label_y + 9, 5, 4 }, rgb);
        char label[32];
        marker_label(ev, label, sizeof label);
        int w = win_text_width(&ui->text, WIN_FONT_TEXT, label);
        if (x - w / 2 > label_end + 4 && x + w / 2 < s->body.x + s->body.w) {
            win_text_draw(&ui->text, WIN_FONT_TEXT, x - w / 2, s->label_y - 3, rgb, label, 0);
            label_end = x + w / 2;
        }
    }
}

static void span_text(uint64_t n, char *buf, size_t len)
{
    if (n >= 1u << 30)
        snprintf(buf, len, "%lluG", (unsigned long long)(n >> 30));
    else if (n >= 1u << 20)
        snprintf(buf, len, "%lluM", (unsigned long long)(n >> 20));
    else if (n >= 1u << 10)
        snprintf(buf, len, "%lluk", (unsigned long long)(n >> 10));
    else
        snprintf(buf, len, "%llu", (unsigned long long)n);
}

void win_timeline_draw(win_ui *ui)
{
    strip s = geometry(ui);
    char span[16], title[200];
    span_text(s.t1 - s.t0, span, sizeof span);
    snprintf(title, sizeof title, "Timeline: ring 3 (top) / ring 0 (bottom) over the last %s instructions   "
                                  "icount %llu .. %llu   wheel: zoom", span, (unsigned long long)s.t0,
             (unsigned long long)s.t1);
    win_panel(ui, ui->lay.timeline, title);
    win_text_draw(&ui->text, WIN_FONT_BOLD, s.body.x - 26, s.lane3_y - 3, WIN_RGB_RING3, "R3", 0);
    win_text_draw(&ui->text, WIN_FONT_BOLD, s.body.x - 26, s.lane0_y - 2, WIN_RGB_RING0, "R0", 0);
    draw_segments(ui, &s);
    draw_markers(ui, &s);
    int now_x = x_of(&s, ui->snap->icount);
    win_line(ui->r, now_x, s.lane3_y - 2, now_x, s.lane0_y + s.lane_h + 1, 0xffffff);
}

/* ---- Hover ---- */

static void describe_marker(const win_marker *m, char *buf, size_t len)
{
    char text[300];
    const rs_event *ev = &m->ev;
    if (ev->kind == RS_EV_SYSCALL) {
        char call[200], result[64] = "(not returned yet)";
        rs_linux_format_call_with(ev->u.sys.nr, ev->u.sys.args, ev->u.sys.strings, call, sizeof call);
        if (m->has_ret)
            rs_linux_format_result(ev->u.sys.nr, m->ret, result, sizeof result);
        snprintf(text, sizeof text, "system call %s -> %s", call, result);
    } else if (ev->kind == RS_EV_EXCEPTION) {
        rs_explain_exception_summary(ev, text, sizeof text);
    } else {
        rs_explain_event_line(ev, text, sizeof text);
    }
    snprintf(buf, len, "icount %llu: %s", (unsigned long long)ev->icount, text);
}

void win_timeline_hover_draw(win_ui *ui)
{
    strip s = geometry(ui);
    if (!ui->mouse_in || ui->help_open || !win_inside(ui->lay.timeline, ui->mouse_x, ui->mouse_y))
        return;
    const win_history *h = &ui->snap->history;
    uint64_t n = h->n_mark < WIN_MARKERS ? h->n_mark : WIN_MARKERS;
    const win_marker *best = NULL;
    int best_d = 5;
    for (uint64_t i = h->n_mark - n; i < h->n_mark; i++) {
        const win_marker *m = &h->mark[i % WIN_MARKERS];
        int d = x_of(&s, m->ev.icount) - ui->mouse_x;
        d = d < 0 ? -d : d;
        if (m->ev.icount >= s.t0 && m->ev.icount <= s.t1 && d <= best_d)
            best = m, best_d = d;
    }
    char line[360];
    uint64_t t = s.t0 + (uint64_t)((double)(ui->mouse_x - s.body.x) * (double)(s.t1 - s.t0) / s.body.w);
    if (best)
        describe_marker(best, line, sizeof line);
    else
        snprintf(line, sizeof line, "icount %llu: ring %d", (unsigned long long)t, win_history_cpl_at(h, t));
    const char *lines[1] = { line };
    win_tooltip(ui, ui->mouse_x, ui->mouse_y - 60, lines, NULL, 1);
}
