/* The top bar: what runs, the run state and speed, the instruction count and guest speed, what
 * the engine did last, and the window's own frame time. */
#include <stdio.h>
#include <string.h>
#include "win_theme.h"
#include "win_draw.h"
#include "win_ui.h"

static const char *state_text(const win_status *st, uint32_t *rgb)
{
    switch (st->mode) {
    case WIN_RUNNING: *rgb = WIN_RGB_USER_RW; return "▶ RUNNING";
    case WIN_UNTIL: *rgb = WIN_RGB_USER_RW; return "▶ RUNNING UNTIL";
    case WIN_PAUSED: *rgb = WIN_RGB_CHANGED; return "PAUSED";
    case WIN_FINISHED: break;
    }
    *rgb = WIN_RGB_DIM;
    return "FINISHED";
}

static void until_words(uint32_t mask, char *buf, size_t len)
{
    snprintf(buf, len, "%s%s%s%s", (mask & (1u << RS_EV_CPL)) ? " CPL change" : "",
             (mask & (1u << RS_EV_SYSCALL)) ? " syscall" : "", (mask & (1u << RS_EV_EXCEPTION)) ? " fault" : "",
             (mask & (1u << RS_EV_CR)) ? " CR load" : "");
}

static int state_pill(win_ui *ui, int x)
{
    const win_status *st = &ui->snap->status;
    uint32_t rgb;
    char text[96], until[64] = "";
    const char *state = state_text(st, &rgb);
    if (st->mode == WIN_UNTIL)
        until_words(st->until_mask, until, sizeof until);
    snprintf(text, sizeof text, "%s%s", state, until);
    int w = win_text_width(&ui->text, WIN_FONT_BOLD, text) + 16;
    win_fill(ui->r, (SDL_Rect){ x, 5, w, 20 }, win_mix(rgb, 0x000000, 170));
    win_frame(ui->r, (SDL_Rect){ x, 5, w, 20 }, rgb);
    win_text_draw(&ui->text, WIN_FONT_BOLD, x + 8, 8, rgb, text, 0);
    return x + w + 10;
}

void win_topbar_draw(win_ui *ui)
{
    const win_snapshot *s = ui->snap;
    SDL_Rect top = ui->lay.top;
    win_fill(ui->r, top, 0x1c2028);
    win_line(ui->r, 0, top.h - 1, top.w, top.h - 1, WIN_RGB_PANEL_EDGE);
    int x = 10;
    x += win_text_draw(&ui->text, WIN_FONT_BOLD, x, 8, WIN_RGB_ACCENT, "ringscope", 0) + 8;
    x += win_text_draw(&ui->text, WIN_FONT_TEXT, x, 8, WIN_RGB_DIM, ui->title, 200) + 12;
    x = state_pill(ui, x);
    char info[200];
    snprintf(info, sizeof info, "%s%s  icount %llu", win_speed_name(s->status.speed),
             s->status.pause_on_fault ? ", pause on faults" : "", (unsigned long long)s->icount);
    if (s->guest_mips > 0)
        snprintf(info + strlen(info), sizeof info - strlen(info), "  %.1f MIPS", s->guest_mips);
    x += win_text_draw(&ui->text, WIN_FONT_TEXT, x, 8, WIN_RGB_TEXT, info, 0) + 14;
    char perf[96] = "";
    if (!ui->headless && ui->stats.n > 2)
        snprintf(perf, sizeof perf, "frame %.1f ms (p99 %.1f)  %.0f fps", win_stats_percentile(&ui->stats, 120, 0.5),
                 win_stats_percentile(&ui->stats, 120, 0.99), win_stats_fps(&ui->stats, 120));
    int pw = win_text_width(&ui->text, WIN_FONT_TEXT, perf);
    win_text_draw(&ui->text, WIN_FONT_TEXT, top.w - pw - 10, 8, WIN_RGB_DIM, perf, 0);
    /* The message may be long (a fault's whole headline): cut, it ends in an ellipsis (not
     * counted as a cut: the event log and the fault view have it whole), and hovering shows it. */
    int cuts = ui->text.cuts, room = top.w - pw - 24 - x;
    win_text_draw(&ui->text, WIN_FONT_TEXT, x, 8, WIN_RGB_CHANGED, s->status.message, room);
    if (ui->text.cuts != cuts && ui->mouse_in && win_inside((SDL_Rect){ x, 0, room, top.h }, ui->mouse_x, ui->mouse_y)) {
        const char *line = s->status.message;
        uint32_t rgb = WIN_RGB_CHANGED;
        win_tooltip(ui, ui->mouse_x, ui->mouse_y + 12, &line, &rgb, 1);
    }
    ui->text.cuts = cuts;
}
