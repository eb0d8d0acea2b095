/* The help overlay: every key of the key table and every mouse action. */
#include <stdio.h>
#include "win_theme.h"
#include "win_draw.h"
#include "win_keys.h"

static const char *const mouse_help[][2] = {
    { "hover the map", "the page's range, PDE and PTE decoded, frame, CR3" },
    { "click a map row", "zoom into that 4 MiB region (right click: back)" },
    { "wheel on the map", "zoomed: the region before / after" },
    { "click a code line", "breakpoint there on/off" },
    { "hover the timeline", "the event under the pointer" },
    { "wheel on the timeline", "zoom the timeline in / out" },
    { "wheel on the events", "scroll the event log; click a fault: explain it" },
    { "buttons (left)", "the same as their keys" },
};

void win_help_draw(win_ui *ui)
{
    int lh = win_text_height(&ui->text, WIN_FONT_TEXT) + 1;
    int n_mouse = (int)(sizeof mouse_help / sizeof mouse_help[0]);
    int h = (win_n_keys + n_mouse + 5) * lh + 30, w = 640;
    SDL_Rect r = { (ui->lay.w - w) / 2, (ui->lay.h - h) / 2, w, h };
    win_fill_alpha(ui->r, (SDL_Rect){ 0, 0, ui->lay.w, ui->lay.h }, 0x000000, 120);
    win_fill(ui->r, r, 0x161a20);
    win_frame_thick(ui->r, r, WIN_RGB_ACCENT, 2);
    int x = r.x + 18, y = r.y + 12;
    win_text_draw(&ui->text, WIN_FONT_LARGE, x, y, WIN_RGB_TEXT, "Keys", 0);
    y += lh + 10;
    for (int i = 0; i < win_n_keys; i++, y += lh) {
        win_text_draw(&ui->text, WIN_FONT_BOLD, x, y, WIN_RGB_CHANGED, win_keys[i].label, 0);
        win_text_draw(&ui->text, WIN_FONT_TEXT, x + 90, y, WIN_RGB_TEXT, win_keys[i].help, 0);
    }
    y += lh / 2;
    win_text_draw(&ui->text, WIN_FONT_LARGE, x, y, WIN_RGB_TEXT, "Mouse", 0);
    y += lh + 6;
    for (int i = 0; i < n_mouse; i++, y += lh) {
        win_text_draw(&ui->text, WIN_FONT_BOLD, x, y, WIN_RGB_CHANGED, mouse_help[i][0], 0);
        win_text_draw(&ui->text, WIN_FONT_TEXT, x + 190, y, WIN_RGB_TEXT, mouse_help[i][1], 0);
    }
}
