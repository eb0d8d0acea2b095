/* The colour legend, with how much of each the current address space has, and the control
 * buttons under it (win_buttons.c). */
#include <stdio.h>
#include "win_theme.h"
#include "win_draw.h"
#include "win_ui.h"

static void size_text(uint32_t pages, char *buf, size_t len)
{
    uint64_t kib = (uint64_t)pages * 4;
    if (!pages)
        snprintf(buf, len, "-");
    else if (kib >= 1024 * 1024 && kib % (1024 * 1024) == 0)
        snprintf(buf, len, "%llu GiB", (unsigned long long)(kib >> 20));
    else if (kib >= 1024 && kib % 1024 == 0)
        snprintf(buf, len, "%llu MiB", (unsigned long long)(kib >> 10));
    else
        snprintf(buf, len, "%llu KiB", (unsigned long long)kib);
}

static int swatch(win_ui *ui, int x, int y, uint32_t rgb, const char *label, const char *right, int w)
{
    win_fill(ui->r, (SDL_Rect){ x, y + 2, 12, 11 }, rgb);
    win_text_draw(&ui->text, WIN_FONT_TEXT, x + 18, y, WIN_RGB_TEXT, label, 0);
    if (right)
        win_text_draw(&ui->text, WIN_FONT_TEXT, x + w - win_text_width(&ui->text, WIN_FONT_TEXT, right), y,
                      WIN_RGB_DIM, right, 0);
    return y + win_text_height(&ui->text, WIN_FONT_TEXT) + 2;
}

static int marker_swatch(win_ui *ui, int x, int y, uint32_t rgb, const char *label)
{
    win_frame_thick(ui->r, (SDL_Rect){ x, y + 1, 12, 12 }, rgb, 2);
    win_text_draw(&ui->text, WIN_FONT_TEXT, x + 18, y, WIN_RGB_TEXT, label, 0);
    return y + win_text_height(&ui->text, WIN_FONT_TEXT) + 2;
}

static int legend_colours(win_ui *ui, SDL_Rect b, int compact)
{
    static const struct { int cls; uint32_t rgb; const char *label; } rows[] = {
        { 4, WIN_RGB_USER_RW, "user, writable" },        { 3, WIN_RGB_USER_RO, "user, read-only" },
        { 2, WIN_RGB_SUPER_RW, "supervisor, writable" }, { 1, WIN_RGB_SUPER_RO, "supervisor, read-only" },
        { 5, WIN_RGB_RESERVED, "reserved bit (faults)" }, { 0, WIN_RGB_NOT_PRESENT, "not present" },
    };
    if (ui->counted_serial != ui->snap->serial) {
        win_map_count_classes(ui->snap->attrs, ui->class_pages);
        ui->counted_serial = ui->snap->serial;
    }
    int y = b.y;
    /* Paging off: no page has rights; counting 4 GiB as "user, writable" would say it had. */
    int off = (ui->snap->paging.cr0 & (RS_CR0_PG | RS_CR0_PE)) != (RS_CR0_PG | RS_CR0_PE);
    if (off)
        y = swatch(ui, b.x, y, WIN_RGB_PAGING_OFF, "paging off: no rights", "4 GiB", b.w);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char size[32];
        size_text(off ? 0 : ui->class_pages[rows[i].cls], size, sizeof size);
        y = swatch(ui, b.x, y, rows[i].rgb, rows[i].label, rows[i].cls ? size : NULL, b.w);
    }
    if (compact)      /* a short pane: the colours, and room for every button */
        return y + 6;
    win_fill(ui->r, (SDL_Rect){ b.x + 1, y + 2, 3, 11 }, 0xb0b8c8);
    win_text_draw(&ui->text, WIN_FONT_TEXT, b.x + 18, y, WIN_RGB_TEXT, "4 MiB page (tick / hatch)", 0);
    y += win_text_height(&ui->text, WIN_FONT_TEXT) + 2;
    y = marker_swatch(ui, b.x, y, WIN_RGB_EIP, "page of EIP");
    y = marker_swatch(ui, b.x, y, WIN_RGB_ESP, "page of ESP");
    y = swatch(ui, b.x, y, WIN_RGB_GLOW, "touched lately (fades)", NULL, b.w);
    y = marker_swatch(ui, b.x, y, WIN_RGB_FAULT, "faulting page");
    char overlay[64];
    snprintf(overlay, sizeof overlay, "accessed/dirty overlay: %s (a)", ui->overlay_ad ? "on" : "off");
    win_text_draw(&ui->text, WIN_FONT_TEXT, b.x, y + 2, ui->overlay_ad ? WIN_RGB_DIRTY : WIN_RGB_DIM, overlay, b.w);
    return y + win_text_height(&ui->text, WIN_FONT_TEXT) + 8;
}

void win_legend_draw(win_ui *ui)
{
    win_panel(ui, ui->lay.legend, "Legend");
    SDL_Rect b = win_panel_body(ui, ui->lay.legend);
    /* Every button (5 rows of 26 px) must fit: the marker rows give way first (the help, ?, and
     * the README list them). */
    int row = win_text_height(&ui->text, WIN_FONT_TEXT) + 2;
    int compact = b.h < 13 * row + 8 + 5 * 26 + 8;
    int y = legend_colours(ui, b, compact);
    win_line(ui->r, b.x, y - 2, b.x + b.w, y - 2, WIN_RGB_PANEL_EDGE);
    win_buttons_draw(ui, (SDL_Rect){ b.x, y + 4, b.w, b.y + b.h - y - 4 });
}
