/* The address-space map's cells (SDL 4.3 "32-bit paging"): the 4 GiB of the current CR3 as 1024
 * rows (page-directory entries, 4 MiB each) by 1024 columns (page-table entries, 4 KiB each),
 * scaled to the pane; or, zoomed, one row's 1024 pages as a 32 x 32 grid.
 *
 * Scaled down, several pages share a pixel; the pixel takes the colour of the strongest of them
 * (user over supervisor, writable over read-only, anything present over nothing), so a single
 * user page in a sea of unmapped space still shows. The texture is rebuilt only when a new
 * snapshot arrives (the attribute array itself is refilled by the engine every snapshot). */
#include <stdio.h>
#include <string.h>
#include "pagemap.h"
#include "win_theme.h"
#include "win_draw.h"
#include "win_ui.h"

enum { CLASS_NONE, CLASS_SUPER_RO, CLASS_SUPER_RW, CLASS_USER_RO, CLASS_USER_RW, CLASS_RESERVED, CLASSES };

static const uint32_t class_rgb[CLASSES] = { WIN_RGB_NOT_PRESENT, WIN_RGB_SUPER_RO, WIN_RGB_SUPER_RW,
                                             WIN_RGB_USER_RO, WIN_RGB_USER_RW, WIN_RGB_RESERVED };

static int page_class(uint8_t a)
{
    if (!(a & RS_PAGE_PRESENT))
        return CLASS_NONE;
    if (a & RS_PAGE_RESERVED)
        return CLASS_RESERVED;
    if (a & RS_PAGE_USER)
        return (a & RS_PAGE_WRITABLE) ? CLASS_USER_RW : CLASS_USER_RO;
    return (a & RS_PAGE_WRITABLE) ? CLASS_SUPER_RW : CLASS_SUPER_RO;
}

uint32_t win_map_page_rgb(uint8_t attrs) { return class_rgb[page_class(attrs)]; }

static int row_is_empty(const uint8_t *row)
{
    uint64_t any = 0;
    for (int i = 0; i < 1024; i += 8) {
        uint64_t v;
        memcpy(&v, row + i, 8);
        any |= v;
    }
    return any == 0;
}

void win_map_count_classes(const uint8_t *attrs, uint32_t counts[8])
{
    uint32_t by_attr[256] = { 0 };
    for (size_t row = 0; row < 1024; row++) {
        const uint8_t *a = attrs + row * 1024;
        if (row_is_empty(a)) {
            by_attr[0] += 1024;
            continue;
        }
        for (int c = 0; c < 1024; c++)
            by_attr[a[c]]++;
    }
    for (int c = 0; c < 8; c++)
        counts[c] = 0;
    for (int a = 0; a < 256; a++)
        counts[page_class((uint8_t)a)] += by_attr[a];
}

/* A pixel's key: class << 3 | large << 2 | dirty << 1 | accessed; the larger key wins. */
static uint8_t page_key(uint8_t a)
{
    return (uint8_t)(page_class(a) << 3 | ((a & RS_PAGE_LARGE) ? 4 : 0) | ((a & RS_PAGE_DIRTY) ? 2 : 0) |
                     ((a & RS_PAGE_ACCESSED) ? 1 : 0));
}

/* The colour of a key; with the accessed/dirty overlay, pages never accessed are dimmed and
 * dirty ones tinted. */
static uint32_t key_rgb(uint8_t key, int overlay)
{
    uint32_t rgb = class_rgb[key >> 3];
    if (overlay && (key >> 3)) {
        if (!(key & 1))
            rgb = win_mix(rgb, WIN_RGB_NOT_PRESENT, 160);
        if (key & 2)
            rgb = win_mix(rgb, WIN_RGB_DIRTY, 120);
    }
    return rgb;
}

static int ensure_texture(win_ui *ui, int w, int h)
{
    if (ui->map_tex && ui->map_tex_w == w && ui->map_tex_h == h)
        return 1;
    if (ui->map_tex)
        SDL_DestroyTexture(ui->map_tex);
    SDL_free(ui->map_keys);
    SDL_free(ui->map_pixels);
    ui->map_tex = SDL_CreateTexture(ui->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, w, h);
    ui->map_keys = SDL_malloc((size_t)w * (size_t)h);
    ui->map_pixels = SDL_malloc((size_t)w * (size_t)h * 4);
    ui->map_tex_w = w, ui->map_tex_h = h;
    ui->map_built_serial = 0;
    return ui->map_tex && ui->map_keys && ui->map_pixels;
}

/* Every page into the pixel that shows it, the strongest page winning. */
static void build_keys(win_ui *ui, const uint8_t *attrs, int w, int h)
{
    static uint8_t key_of[256];
    if (!key_of[RS_PAGE_PRESENT])
        for (int a = 0; a < 256; a++)
            key_of[a] = page_key((uint8_t)a);
    int col_x[1024];
    for (int c = 0; c < 1024; c++)
        col_x[c] = c * w / 1024;
    memset(ui->map_keys, 0, (size_t)w * (size_t)h);
    for (int row = 0; row < 1024; row++) {
        const uint8_t *a = attrs + (size_t)row * 1024;
        if (row_is_empty(a))
            continue;
        uint8_t *line = ui->map_keys + (size_t)(row * h / 1024) * (size_t)w;
        for (int c = 0; c < 1024; c++) {
            uint8_t k = key_of[a[c]];
            if (k > line[col_x[c]])
                line[col_x[c]] = k;
        }
    }
}

static void build_texture(win_ui *ui)
{
    const win_snapshot *s = ui->snap;
    int w = ui->lay.map.w < 1024 ? ui->lay.map.w : 1024, h = ui->lay.map.h < 1024 ? ui->lay.map.h : 1024;
    if (!ensure_texture(ui, w, h))
        return;
    if (ui->map_built_serial == s->serial && ui->map_built_overlay == ui->overlay_ad)
        return;
    build_keys(ui, s->attrs, w, h);
    uint32_t lut[CLASSES << 3];
    for (int k = 0; k < (CLASSES << 3); k++)
        lut[k] = 0xff000000u | key_rgb((uint8_t)k, ui->overlay_ad);
    for (size_t i = 0; i < (size_t)w * (size_t)h; i++)
        ui->map_pixels[i] = lut[ui->map_keys[i]];
    SDL_UpdateTexture(ui->map_tex, NULL, ui->map_pixels, w * 4);
    ui->map_built_serial = s->serial;
    ui->map_built_overlay = ui->overlay_ad;
}

/* ---- Geometry ---- */

/* The pages pixel (X, Y) of the scaled map covers span [first, end) rows and columns; it shows
 * the colour of the strongest of them, so the first page of that colour is the one it stands for
 * (for hover and clicks). */
static uint32_t strongest_page(const win_ui *ui, int x, int y)
{
    int w = ui->lay.map.w, h = ui->lay.map.h;
    uint32_t r0 = (uint32_t)(y * 1024 / h), c0 = (uint32_t)(x * 1024 / w);
    uint32_t r1 = (uint32_t)((y + 1) * 1024 / h), c1 = (uint32_t)((x + 1) * 1024 / w);
    r1 = r1 > r0 ? r1 : r0 + 1, c1 = c1 > c0 ? c1 : c0 + 1;
    uint32_t best = r0 << 10 | c0;
    int best_key = -1;
    for (uint32_t r = r0; r < r1 && r < 1024; r++)
        for (uint32_t c = c0; c < c1 && c < 1024; c++) {
            int k = page_class(ui->snap->attrs[r << 10 | c]);
            if (k > best_key)
                best_key = k, best = r << 10 | c;
        }
    return best;
}

/* The page a page-directory cell stands for: the first of its strongest class. */
static uint32_t strongest_in_table(const win_ui *ui, uint32_t pde)
{
    const uint8_t *a = ui->snap->attrs + (size_t)pde * 1024;
    uint32_t best = pde << 10;
    int best_key = 0;
    if (row_is_empty(a))
        return best;
    for (uint32_t c = 0; c < 1024; c++) {
        int k = page_class(a[c]);
        if (k > best_key)
            best_key = k, best = pde << 10 | c;
    }
    return best;
}

static int zoom_cell(const win_ui *ui)
{
    int side = ui->lay.map.w < ui->lay.map.h ? ui->lay.map.w : ui->lay.map.h;
    return side / 32;
}

int win_map_cell_rect(const win_ui *ui, uint32_t linear, SDL_Rect *out)
{
    SDL_Rect m = ui->lay.map;
    uint32_t row = linear >> 22, col = (linear >> 12) & 1023;
    if (ui->zoom_row >= 0) {
        if ((int)row != ui->zoom_row)
            return 0;
        int cell = zoom_cell(ui);
        *out = (SDL_Rect){ m.x + (int)(col % 32) * cell, m.y + (int)(col / 32) * cell, cell - 1, cell - 1 };
        return 1;
    }
    if (!ui->map_linear) {      /* the page directory: one cell per 4 MiB */
        int cell = zoom_cell(ui);
        *out = (SDL_Rect){ m.x + (int)(row % 32) * cell, m.y + (int)(row / 32) * cell, cell - 1, cell - 1 };
        return 1;
    }
    int x0 = m.x + (int)col * m.w / 1024, x1 = m.x + (int)(col + 1) * m.w / 1024;
    int y0 = m.y + (int)row * m.h / 1024, y1 = m.y + (int)(row + 1) * m.h / 1024;
    *out = (SDL_Rect){ x0, y0, x1 > x0 ? x1 - x0 : 1, y1 > y0 ? y1 - y0 : 1 };
    return 1;
}

int win_map_hit(const win_ui *ui, int x, int y, uint32_t *linear)
{
    SDL_Rect m = ui->lay.map;
    if (ui->zoom_row >= 0) {
        int cell = zoom_cell(ui);
        int cx = (x - m.x) / cell, cy = (y - m.y) / cell;
        if (x < m.x || y < m.y || cx >= 32 || cy >= 32)
            return 0;
        *linear = (uint32_t)ui->zoom_row << 22 | (uint32_t)(cy * 32 + cx) << 12;
        return 1;
    }
    if (!win_inside(m, x, y))
        return 0;
    if (!ui->map_linear) {
        int cell = zoom_cell(ui);
        int cx = (x - m.x) / cell, cy = (y - m.y) / cell;
        if (cx >= 32 || cy >= 32)
            return 0;
        *linear = strongest_in_table(ui, (uint32_t)(cy * 32 + cx)) << 12;
        return 1;
    }
    *linear = strongest_page(ui, x - m.x, y - m.y) << 12;
    return 1;
}

/* ---- Drawing ---- */

static void draw_gutter_full(win_ui *ui)
{
    SDL_Rect m = ui->lay.map;
    for (int row = 0; row <= 1024; row += 128) {
        int y = m.y + row * m.h / 1024;
        char label[16];
        snprintf(label, sizeof label, "0x%08x", row == 1024 ? 0xffffffffu : (uint32_t)row << 22);
        win_line(ui->r, m.x - 6, y, m.x - 1, y, WIN_RGB_DIM);
        if (row > 0 && row < 1024 && row != 768)
            win_line_alpha(ui->r, m.x, y, m.x + m.w - 1, y, 0x8090a0, 36);
        int ty = y - win_text_height(&ui->text, WIN_FONT_TEXT) / 2;
        if (row == 1024)
            ty -= 6;
        win_text_draw(&ui->text, WIN_FONT_TEXT, ui->lay.map_pane.x + 4, ty, row == 768 ? WIN_RGB_LINE_3G : WIN_RGB_DIM,
                      label, 0);
    }
    /* 4 MiB pages: a tick beside their row. */
    for (int row = 0; row < 1024; row++)
        if (ui->snap->attrs[(size_t)row * 1024] & RS_PAGE_LARGE) {
            int y0 = m.y + row * m.h / 1024, y1 = m.y + (row + 1) * m.h / 1024;
            win_fill(ui->r, (SDL_Rect){ m.x - 4, y0, 3, y1 > y0 ? y1 - y0 : 1 }, 0xb0b8c8);
        }
}

static void draw_zoom_cell(win_ui *ui, SDL_Rect c, uint8_t a)
{
    win_fill(ui->r, c, key_rgb(page_key(a), ui->overlay_ad));
    if ((a & RS_PAGE_LARGE) && c.w >= 6)
        for (int d = 0; d < c.w; d += 5)
            win_line_alpha(ui->r, c.x + d, c.y + c.h - 1, c.x + c.w - 1, c.y + d, 0x000000, 70);
    if (!(a & RS_PAGE_PRESENT) || c.w < 8)
        return;
    if (a & RS_PAGE_ACCESSED)
        win_fill(ui->r, (SDL_Rect){ c.x + 2, c.y + 2, 2, 2 }, 0x000000);
    if (a & RS_PAGE_DIRTY)
        win_fill(ui->r, (SDL_Rect){ c.x + c.w - 4, c.y + 2, 2, 2 }, 0x000000);
}

static void draw_zoom(win_ui *ui)
{
    const uint8_t *a = ui->snap->attrs + (size_t)ui->zoom_row * 1024;
    int cell = zoom_cell(ui);
    SDL_Rect m = ui->lay.map;
    for (int j = 0; j < 1024; j++) {
        SDL_Rect c;
        win_map_cell_rect(ui, (uint32_t)ui->zoom_row << 22 | (uint32_t)j << 12, &c);
        draw_zoom_cell(ui, c, a[j]);
    }
    for (int r = 0; r < 32; r += 4) {
        char label[16];
        snprintf(label, sizeof label, "0x%08x", (uint32_t)ui->zoom_row << 22 | (uint32_t)r << 17);
        win_text_draw(&ui->text, WIN_FONT_TEXT, m.x - 6 - win_text_width(&ui->text, WIN_FONT_TEXT, label),
                      m.y + r * cell + (cell - win_text_height(&ui->text, WIN_FONT_TEXT)) / 2, WIN_RGB_DIM, label, 0);
    }
}

static int paging_on(const win_ui *ui) { return (ui->snap->paging.cr0 & (RS_CR0_PG | RS_CR0_PE)) == (RS_CR0_PG | RS_CR0_PE); }

static void draw_title(win_ui *ui)
{
    const win_snapshot *s = ui->snap;
    char t[3][200];
    if (!paging_on(ui)) {
        snprintf(t[0], sizeof t[0], "Address space: paging off (CR0.PG=0): linear = physical");
        snprintf(t[1], sizeof t[1], "Paging off: linear = physical");
        snprintf(t[2], sizeof t[2], "Paging off");
    } else if (ui->zoom_row >= 0) {
        uint32_t base = (uint32_t)ui->zoom_row << 22;
        snprintf(t[0], sizeof t[0], "Page table of PDE[%d]: 0x%08x-0x%08x, %s, 1024 pages   (Esc: the directory)",
                 ui->zoom_row, base, base + 0x3fffffu, ui->zoom_row >= 768 ? "kernel space" : "user space");
        snprintf(t[1], sizeof t[1], "Page table of PDE[%d]: 0x%08x-0x%08x", ui->zoom_row, base, base + 0x3fffffu);
        snprintf(t[2], sizeof t[2], "PDE[%d]'s table", ui->zoom_row);
    } else if (ui->map_linear) {
        snprintf(t[0], sizeof t[0], "Address space of CR3 0x%08x to scale   (l: regions; click a row to zoom)",
                 s->paging.cr3);
        snprintf(t[1], sizeof t[1], "CR3 0x%08x to scale", s->paging.cr3);
        snprintf(t[2], sizeof t[2], "CR3 0x%08x", s->paging.cr3);
    } else {
        snprintf(t[0], sizeof t[0], "Address space of CR3 0x%08x: regions | page directory (click a cell)",
                 s->paging.cr3);
        snprintf(t[1], sizeof t[1], "CR3 0x%08x: regions, directory", s->paging.cr3);
        snprintf(t[2], sizeof t[2], "CR3 0x%08x", s->paging.cr3);
    }
    const char *const titles[] = { t[0], t[1], t[2] };
    win_panel_fit(ui, ui->lay.map_pane, titles, 3);
}

/* The page directory as the CPU walks it: 32 x 32 cells, PDE 0 top left, each the 4 MiB it maps
 * in the colour of its strongest page (so one user page in a table shows), a 4 MiB page hatched.
 * Row labels give each row's first address (a row is 128 MiB). */
static void draw_directory(win_ui *ui)
{
    SDL_Rect m = ui->lay.map;
    int cell = zoom_cell(ui);
    for (int pde = 0; pde < 1024; pde++) {
        const uint8_t *a = ui->snap->attrs + (size_t)pde * 1024;
        uint8_t best = 0;
        if (!row_is_empty(a))
            for (int c = 0; c < 1024; c++)
                best = page_key(a[c]) > page_key(best) ? a[c] : best;
        SDL_Rect c;
        win_map_cell_rect(ui, (uint32_t)pde << 22, &c);
        draw_zoom_cell(ui, c, best);
    }
    int lh = win_text_height(&ui->text, WIN_FONT_TEXT);
    int every = 1;
    while (every < 16 && every * cell < lh + 2)
        every *= 2;
    for (int r = 0; r < 32; r += every) {
        char label[16];
        snprintf(label, sizeof label, "0x%08x", (uint32_t)r << 27);
        win_text_draw(&ui->text, WIN_FONT_TEXT, m.x - 6 - win_text_width(&ui->text, WIN_FONT_TEXT, label),
                      m.y + r * cell + (cell - lh) / 2, r == 24 ? WIN_RGB_LINE_3G : WIN_RGB_DIM, label, 0);
    }
}

/* Paging off: no tables to draw, and nothing to colour by U/S or R/W. Say so where the map was. */
static void draw_paging_off(win_ui *ui)
{
    SDL_Rect m = ui->lay.map;
    win_fill(ui->r, m, WIN_RGB_PAGING_OFF);
    static const char *const lines[] = {
        "PAGING OFF (CR0.PG=0)", "linear = physical", "no page directory,", "no U/S or R/W checks:",
        "ring 3 could touch", "any byte its segments", "reach",
    };
    int lh = win_text_height(&ui->text, WIN_FONT_TEXT);
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
        win_text_draw(&ui->text, i ? WIN_FONT_TEXT : WIN_FONT_BOLD, m.x + 8, m.y + 8 + (int)i * lh, 0xffffff, lines[i],
                      m.w - 16);
}

void win_map_draw(win_ui *ui)
{
    draw_title(ui);
    if (!paging_on(ui)) {
        draw_paging_off(ui);
        return;
    }
    if (ui->zoom_row >= 0) {
        draw_zoom(ui);
        return;
    }
    if (!ui->map_linear) {
        draw_directory(ui);
        return;
    }
    build_texture(ui);
    if (ui->map_tex)
        SDL_RenderCopy(ui->r, ui->map_tex, NULL, &ui->lay.map);
    draw_gutter_full(ui);
}
