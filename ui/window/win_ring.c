/* The ring indicator: RING 3 user / RING 0 kernel, large, in the colour the map gives user and
 * supervisor pages, and below it the cause of the last change (from the CPL event, event.h). */
#include <stdio.h>
#include "explain.h"
#include "linux_i386.h"
#include "win_theme.h"
#include "win_draw.h"
#include "win_ui.h"

#define BAND_H 84

uint32_t win_ring_rgb(int cpl)
{
    return cpl == 3 ? WIN_RGB_RING3 : cpl == 0 ? WIN_RGB_RING0 : 0xe6c229;
}

/* The system call that entered the kernel at ICOUNT, if H remembers one. */
static const win_marker *syscall_at(const win_history *h, uint64_t icount)
{
    uint64_t n = h->n_mark < WIN_MARKERS ? h->n_mark : WIN_MARKERS;
    for (uint64_t i = 1; i <= n; i++) {
        const win_marker *m = &h->mark[(h->n_mark - i) % WIN_MARKERS];
        if (m->ev.kind == RS_EV_SYSCALL && m->ev.icount == icount)
            return m;
        if (m->ev.icount < icount)
            break;
    }
    return NULL;
}

static void cause_text(const win_history *h, char *buf, size_t len)
{
    const rs_event_cpl *c = &h->last_cpl.u.cpl_change;
    const win_marker *sys = syscall_at(h, h->last_cpl.icount);
    char name[48];
    switch (c->cause) {
    case RS_CAUSE_INT:
        if (sys) {
            rs_linux_format_name(sys->ev.u.sys.nr, name, sizeof name);
            snprintf(buf, len, "int 0x%x: system call %s()", (unsigned)c->vector, name);
        } else {
            snprintf(buf, len, "int 0x%x", (unsigned)c->vector);
        }
        break;
    case RS_CAUSE_EXCEPTION:
        snprintf(buf, len, "%s: %s", rs_vector_mnemonic(c->vector), rs_vector_name(c->vector));
        break;
    case RS_CAUSE_HWINT: snprintf(buf, len, "hardware interrupt 0x%x", (unsigned)c->vector); break;
    case RS_CAUSE_IRET: snprintf(buf, len, "iret"); break;
    case RS_CAUSE_SYSENTER: snprintf(buf, len, "sysenter%s", sys ? ": a system call" : ""); break;
    case RS_CAUSE_SYSEXIT: snprintf(buf, len, "sysexit"); break;
    case RS_CAUSE_FAR: snprintf(buf, len, "a far jump, call or return"); break;
    }
}

static void draw_cause(win_ui *ui, SDL_Rect b)
{
    const win_history *h = &ui->snap->history;
    int lh = win_text_height(&ui->text, WIN_FONT_TEXT), y = b.y;
    if (!h->have_cpl) {
        win_text_draw(&ui->text, WIN_FONT_TEXT, b.x, y, WIN_RGB_DIM, "no ring change yet:", b.w);
        win_text_draw(&ui->text, WIN_FONT_TEXT, b.x, y + lh, WIN_RGB_DIM, "the kernel boots at ring 0", b.w);
        return;
    }
    const rs_event_cpl *c = &h->last_cpl.u.cpl_change;
    char line[160], cause[120];
    snprintf(line, sizeof line, "last change: ring %d -> %d", c->from, c->to);
    win_text_draw(&ui->text, WIN_FONT_BOLD, b.x, y, WIN_RGB_TEXT, line, b.w);
    cause_text(h, cause, sizeof cause);
    snprintf(line, sizeof line, "by %s", cause);
    y += lh;
    y += (win_text_wrap(&ui->text, WIN_FONT_TEXT, b.x, y, win_ring_rgb(c->to), line, b.w, 3 * win_text_advance(&ui->text, WIN_FONT_TEXT), 2, 1) - 1) * lh;
    snprintf(line, sizeof line, "icount %llu → %04x:%08x", (unsigned long long)h->last_cpl.icount, c->new_cs,
             c->new_eip);
    win_text_draw(&ui->text, WIN_FONT_TEXT, b.x, y += lh, WIN_RGB_DIM, line, b.w);
    if (c->stack_switched)
        snprintf(line, sizeof line, "stack %04x:%08x from %s", c->new_ss, c->new_esp, rs_explain_stack_source(c));
    else
        snprintf(line, sizeof line, "%llu ring changes so far", (unsigned long long)(h->n_seg - 1));
    y += lh;
    int room = (b.y + b.h - y) / lh;
    win_text_wrap(&ui->text, WIN_FONT_TEXT, b.x, y, WIN_RGB_DIM, line, b.w, 6 * win_text_advance(&ui->text, WIN_FONT_TEXT),
                  room < 1 ? 1 : room, 1);
}

void win_ring_draw(win_ui *ui)
{
    SDL_Rect box = ui->lay.ring;
    int cpl = ui->snap->regs.cpl;
    uint32_t rgb = win_ring_rgb(cpl);
    win_panel(ui, box, NULL);
    SDL_Rect band = { box.x + 1, box.y + 1, box.w - 2, BAND_H };
    win_fill(ui->r, band, rgb);
    char big[16];
    snprintf(big, sizeof big, "RING %d", cpl);
    const char *mode = cpl == 3 ? "user mode" : cpl == 0 ? "kernel mode" : "middle ring";
    win_text_draw(&ui->text, WIN_FONT_HUGE, band.x + 12, band.y + 2, 0x101214, big, 0);
    win_text_draw(&ui->text, WIN_FONT_LARGE, band.x + 14, band.y + 54, 0x101214, mode, 0);
    if (!(ui->snap->regs.cr0 & 1))
        win_text_draw(&ui->text, WIN_FONT_BOLD, band.x + band.w - 90, band.y + 60, 0x101214, "real mode", 0);
    draw_cause(ui, (SDL_Rect){ box.x + 8, box.y + BAND_H + 8, box.w - 16, box.h - BAND_H - 10 });
}
