/* The event log: every crossing, system call (named, with arguments and results), exception
 * (with its one-line explanation; click it for the fault view), interrupt, CR change and port
 * access, newest at the bottom, as the core's explanations word them (explain.h). */
#include <stdio.h>
#include "explain.h"
#include "win_theme.h"
#include "win_draw.h"
#include "win_ui.h"

static uint32_t kind_rgb(const rs_event *ev)
{
    switch (ev->kind) {
    case RS_EV_CPL: return win_ring_rgb(ev->u.cpl_change.to);
    case RS_EV_SYSCALL: return WIN_RGB_MARK_SYSCALL;
    case RS_EV_SYSRET: return 0x8fbff0;
    case RS_EV_EXCEPTION: return WIN_RGB_FAULT;
    case RS_EV_INTERRUPT: return WIN_RGB_MARK_INTERRUPT;
    case RS_EV_CR: return 0xc0c8d8;
    case RS_EV_IO: return WIN_RGB_DIM;
    default: return WIN_RGB_TEXT;
    }
}

static void event_text(const rs_event *ev, char *buf, size_t len)
{
    char body[300];
    if (ev->kind == RS_EV_EXCEPTION)
        rs_explain_exception_summary(ev, body, sizeof body);
    else
        rs_explain_event_line(ev, body, sizeof body);
    snprintf(buf, len, "[%9llu] %s", (unsigned long long)ev->icount, body);
}

/* The snapshot's events the log shows, oldest first (port I/O only when asked for). */
static int visible_events(const win_ui *ui, int *index)
{
    int n = 0;
    for (int i = 0; i < ui->snap->n_events; i++)
        if (ui->events_io || ui->snap->events[i].kind != RS_EV_IO)
            index[n++] = i;
    return n;
}

void win_events_draw(win_ui *ui)
{
    const win_snapshot *s = ui->snap;
    char title[3][160];
    snprintf(title[0], sizeof title[0], "Events (%llu so far%s%s)   wheel: scroll   i: port I/O   click a fault: explain",
             (unsigned long long)s->events_total, ui->events_io ? "" : ", port I/O hidden",
             ui->events_scroll ? ", scrolled back" : "");
    snprintf(title[1], sizeof title[1], "Events (%llu%s%s)  i: port I/O", (unsigned long long)s->events_total,
             ui->events_io ? "" : ", I/O hidden", ui->events_scroll ? ", back" : "");
    snprintf(title[2], sizeof title[2], "Events (%llu)", (unsigned long long)s->events_total);
    const char *const titles[] = { title[0], title[1], title[2] };
    win_panel_fit(ui, ui->lay.events, titles, 3);
    SDL_Rect b = win_panel_body(ui, ui->lay.events);
    int lh = win_text_height(&ui->text, WIN_FONT_TEXT);
    int rows = b.h / lh;
    int index[WIN_EVENTS_KEPT];
    int n = visible_events(ui, index);
    int max_scroll = n > rows ? n - rows : 0;
    if (ui->events_scroll > max_scroll)
        ui->events_scroll = max_scroll;
    int last = n - 1 - ui->events_scroll;
    /* Newest at the bottom; a long line wraps under its text (after the "[icount] " column). */
    int indent = 12 * win_text_advance(&ui->text, WIN_FONT_TEXT);
    int first = last + 1, used = 0;
    char line[360];
    while (first > 0) {
        event_text(&s->events[index[first - 1]], line, sizeof line);
        int lines = win_text_wrap(&ui->text, WIN_FONT_TEXT, 0, 0, 0, line, b.w, indent, 4, 0);
        if (used + lines > rows)
            break;
        used += lines;
        first--;
    }
    int y = b.y;
    for (int k = first; k <= last; k++) {
        const rs_event *ev = &s->events[index[k]];
        event_text(ev, line, sizeof line);
        int lines = win_text_wrap(&ui->text, WIN_FONT_TEXT, b.x, y, kind_rgb(ev), line, b.w, indent, 4, 1);
        if (ev->kind == RS_EV_EXCEPTION)
            win_add_hit(ui, (SDL_Rect){ b.x, y, b.w, lines * lh }, WIN_HIT_SHOW_FAULT, (uint32_t)index[k]);
        y += lines * lh;
    }
}
