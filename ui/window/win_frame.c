/* One frame, pane by pane, and the helpers panes share (panels, tooltips, click targets). */
#include <string.h>
#include "win_theme.h"
#include "win_draw.h"
#include "win_ui.h"

#define TITLE_H 20

int win_ui_open(win_ui *ui, SDL_Renderer *r, win_engine *engine, const char *title, char *err, size_t len)
{
    memset(ui, 0, sizeof *ui);
    ui->r = r;
    ui->engine = engine;
    ui->title = title;
    ui->zoom_row = -1;
    ui->region_selected = -1;
    ui->timeline_log2 = 12;
    if (!win_text_open(&ui->text, r, err, len))
        return 0;
    if (rs_disasm_create(&ui->dis) != RS_OK) {
        snprintf(err, len, "cannot open the disassembler (Capstone)");
        win_ui_close(ui);
        return 0;
    }
    return 1;
}

void win_ui_close(win_ui *ui)
{
    win_text_close(&ui->text);
    rs_disasm_destroy(ui->dis);
    if (ui->map_tex)
        SDL_DestroyTexture(ui->map_tex);
    SDL_free(ui->map_keys);
    SDL_free(ui->map_pixels);
    ui->dis = NULL;
    ui->map_tex = NULL;
    ui->map_keys = NULL;
    ui->map_pixels = NULL;
}

void win_panel(win_ui *ui, SDL_Rect rect, const char *title)
{
    win_fill(ui->r, rect, WIN_RGB_PANEL);
    win_frame(ui->r, rect, WIN_RGB_PANEL_EDGE);
    if (title) {
        win_fill(ui->r, (SDL_Rect){ rect.x + 1, rect.y + 1, rect.w - 2, TITLE_H - 2 }, 0x20242c);
        win_text_draw(&ui->text, WIN_FONT_BOLD, rect.x + 8, rect.y + 3, WIN_RGB_TITLE, title, rect.w - 16);
    }
}

int win_fits(const win_ui *ui, int f, const char *text, int w)
{
    return win_text_width(&ui->text, (win_font_id)f, text) <= w;
}

void win_panel_fit(win_ui *ui, SDL_Rect rect, const char *const *titles, int n)
{
    int i = 0;
    while (i + 1 < n && !win_fits(ui, WIN_FONT_BOLD, titles[i], rect.w - 16))
        i++;
    win_panel(ui, rect, titles[i]);
}

SDL_Rect win_panel_body(const win_ui *ui, SDL_Rect rect)
{
    (void)ui;
    return (SDL_Rect){ rect.x + 8, rect.y + TITLE_H + 3, rect.w - 16, rect.h - TITLE_H - 6 };
}

void win_add_hit(win_ui *ui, SDL_Rect rect, int action, uint32_t address)
{
    if (ui->n_hits < WIN_MAX_HITS)
        ui->hits[ui->n_hits++] = (win_hit){ rect, action, address };
}

/* A box of text lines near (X, Y), kept inside the window. */
void win_tooltip(win_ui *ui, int x, int y, const char *const *lines, const uint32_t *colours, int n)
{
    int w = 0, lh = win_text_height(&ui->text, WIN_FONT_TEXT);
    for (int i = 0; i < n; i++) {
        int lw = win_text_width(&ui->text, WIN_FONT_TEXT, lines[i]);
        w = lw > w ? lw : w;
    }
    SDL_Rect box = { x + 16, y + 16, w + 16, n * lh + 10 };
    if (box.x + box.w > ui->lay.w - 4)
        box.x = x - box.w - 12 > 4 ? x - box.w - 12 : ui->lay.w - 4 - box.w;
    if (box.y + box.h > ui->lay.h - 4)
        box.y = y - box.h - 12 > 4 ? y - box.h - 12 : 4;
    win_fill_alpha(ui->r, box, 0x0b0d10, 240);
    win_frame(ui->r, box, 0x4a5260);
    for (int i = 0; i < n; i++)
        win_text_draw(&ui->text, WIN_FONT_TEXT, box.x + 8, box.y + 5 + i * lh, colours ? colours[i] : WIN_RGB_TEXT,
                      lines[i], 0);
}

void win_frame_draw(win_ui *ui, const win_snapshot *snap, int w, int h)
{
    ui->snap = snap;
    ui->n_hits = 0;
    win_layout_compute(&ui->lay, w, h);
    if (ui->map_linear) {
        ui->lay.map = ui->lay.map_linear;
        ui->lay.regions.w = 0;
    }
    win_regions_update(ui);
    win_regions_fit(ui);
    win_fault_update(ui);
    win_fill(ui->r, (SDL_Rect){ 0, 0, w, h }, WIN_RGB_BACKGROUND);
    win_topbar_draw(ui);
    win_ring_draw(ui);
    win_legend_draw(ui);
    win_map_draw(ui);
    win_regions_draw(ui);
    win_regions_info_draw(ui);
    win_map_marks_draw(ui);
    win_regs_draw(ui);
    win_disasm_draw(ui);
    win_timeline_draw(ui);
    win_events_draw(ui);
    win_console_draw(ui);
    if (ui->fault_open)
        win_fault_draw(ui);
    win_hover_draw(ui);
    win_timeline_hover_draw(ui);
    if (ui->help_open)
        win_help_draw(ui);
}
