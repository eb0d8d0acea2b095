/* The controls as buttons, for the mouse: each one runs a key of the key table (win_keys.h) and
 * names that key, so the buttons also teach the keys. */
#include <stdio.h>
#include "win_theme.h"
#include "win_draw.h"
#include "win_keys.h"

static const struct { const char *name; const char *label, *key; } buttons[] = {
    { "space", "Run/Pause", "Spc" }, { "s", "Step", "s" },
    { "n", "Step over", "n" },       { "c", "To CPL chg", "c" },
    { "y", "To syscall", "y" },      { "f", "To fault", "f" },
    { "minus", "Slower", "-" },      { "plus", "Faster", "+" },
    { "r", "Reset", "r" },           { "help", "All keys", "?" },
};

void win_buttons_draw(win_ui *ui, SDL_Rect area)
{
    int n = (int)(sizeof buttons / sizeof buttons[0]);
    int bw = (area.w - 6) / 2, bh = 22;
    int running = ui->snap->status.mode == WIN_RUNNING || ui->snap->status.mode == WIN_UNTIL;
    /* As many as fit; when some do not, the last place goes to "All keys", which lists them. */
    int fit = 2 * ((area.h + 4) / (bh + 4));
    for (int slot = 0; slot < n && slot < fit; slot++) {
        int i = fit < n && slot == fit - 1 ? n - 1 : slot;
        SDL_Rect r = { area.x + (slot % 2) * (bw + 6), area.y + (slot / 2) * (bh + 4), bw, bh };
        int hot = ui->mouse_in && win_inside(r, ui->mouse_x, ui->mouse_y);
        int active = i == 0 && running;
        win_fill(ui->r, r, active ? 0x2f5d43 : hot ? 0x33404f : 0x262b34);
        win_frame(ui->r, r, hot ? WIN_RGB_ACCENT : 0x3c4452);
        const char *label = buttons[i].label;
        if (i == 0)
            label = running ? "Pause" : "Run";
        /* The key at the right edge, the name in what is left: nothing overlaps at any width. */
        int kw = win_text_width(&ui->text, WIN_FONT_TEXT, buttons[i].key);
        win_text_draw(&ui->text, WIN_FONT_TEXT, r.x + r.w - 7 - kw, r.y + 4, WIN_RGB_DIM, buttons[i].key, 0);
        win_text_draw(&ui->text, WIN_FONT_TEXT, r.x + 7, r.y + 4, WIN_RGB_TEXT, label, r.w - 21 - kw);
        win_add_hit(ui, r, win_key_named(buttons[i].name), 0);
    }
}
