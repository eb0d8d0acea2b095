/* The window, rendered off screen (SDL's software renderer into a surface, no display): pixels
 * at known places after known moments of the teaching kernel running peek (which reads
 * 0xc0000000 at ring 3 and is killed by the #PF), input driving step and run-until, hover, zoom,
 * breakpoints by click, and the PNG writer read back. Places come from the window's own geometry
 * (win_map_cell_rect, win_probe_point); colours from win_theme.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "rs_test.h"
#include "png_read.h"
#include "pagemap.h"
#include "win_input.h"
#include "win_keys.h"
#include "win_probe.h"
#include "win_shot.h"
#include "win_theme.h"

typedef struct fixture {
    rs_image kernel, peek;
    win_engine *e;
    win_offscreen off;
} fixture;

static int load(const char *path, const char *cmdline, rs_image *img)
{
    char msg[256];
    if (rs_image_read_file(path, img, msg, sizeof msg) != RS_OK) {
        fprintf(stderr, "cannot read %s: %s\n", path, msg);
        return 0;
    }
    img->cmdline = strdup(cmdline);
    return 1;
}

static int setup(fixture *f)
{
    memset(f, 0, sizeof *f);
    char err[300];
    if (!load(RS_GUEST_OUT "/kernel.elf", "kernel.elf", &f->kernel) ||
        !load(RS_GUEST_OUT "/user/peek.elf", "peek.elf", &f->peek))
        return 0;
    win_guest g = { .kernel = &f->kernel, .modules = &f->peek, .n_modules = 1, .speed = WIN_SPEED_FULL,
                    .virtual_clock = 1 };
    rs_err e = win_engine_create(&g, &f->e, err, sizeof err);
    OK(e);
    if (e)
        return 0;
    if (!win_offscreen_open(&f->off, f->e, "test", 1280, 800, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return 0;
    }
    win_engine_tick(f->e);
    win_offscreen_draw(&f->off);
    return 1;
}

static void teardown(fixture *f)
{
    win_offscreen_close(&f->off);
    win_engine_destroy(f->e);
    rs_image_free(&f->kernel);
    rs_image_free(&f->peek);
}

/* A frame after the engine has taken what the last frame asked (input, hover). */
static void frame(fixture *f)
{
    win_engine_tick(f->e);
    win_offscreen_draw(&f->off);
}

static uint32_t pixel_at(fixture *f, int x, int y)
{
    uint32_t rgb = 0;
    CHECK(win_probe_pixel(&f->off.ui, x, y, &rgb));
    return rgb;
}

static uint32_t probe(fixture *f, const char *what)
{
    int x = -1, y = -1;
    int found = win_probe_point(&f->off.ui, what, &x, &y);
    if (!found)
        fprintf(stderr, "probe %s: not on screen\n", what);
    CHECK(found);
    return found ? pixel_at(f, x, y) : 0xffffffffu;
}

/* The colour of LINEAR's cell in the zoomed view of its 4 MiB region (one cell per page there). */
static uint32_t zoomed_cell(fixture *f, uint32_t linear)
{
    int was = f->off.ui.zoom_row;
    f->off.ui.zoom_row = (int)(linear >> 22);
    win_offscreen_draw(&f->off);
    SDL_Rect c;
    CHECK(win_map_cell_rect(&f->off.ui, linear, &c));
    uint32_t rgb = pixel_at(f, c.x + c.w / 2, c.y + c.h / 2);
    f->off.ui.zoom_row = was;
    win_offscreen_draw(&f->off);
    return rgb;
}

static int run_to(fixture *f, const char *kind, uint64_t n)
{
    char what[300];
    int ok = win_engine_run_to(f->e, rs_event_kind_from_name(kind), n, 120000000, what, sizeof what);
    if (!ok)
        fprintf(stderr, "run to %s:%llu: %s\n", kind, (unsigned long long)n, what);
    CHECK(ok);
    win_offscreen_draw(&f->off);
    return ok;
}

/* A user page the program mapped that neither glows nor carries a marker. */
static uint32_t quiet_user_page(fixture *f)
{
    const win_snapshot *s = f->off.ui.snap;
    uint32_t eip_page = (s->regs.eip >> 12), esp_page = s->regs.gpr[RS_REG_ESP] >> 12;
    for (uint32_t p = 0; p < RS_PAGEMAP_PAGES / 4 * 3; p++) {
        if (!(s->attrs[p] & RS_PAGE_USER) || p == eip_page || p == esp_page)
            continue;
        int glows = 0;
        for (int i = 0; i < s->history.n_touch; i++)
            glows |= s->history.touch[i].page == p;
        if (!glows)
            return p << 12;
    }
    return 0;
}

static void test_ring3_and_the_map(fixture *f)
{
    if (!run_to(f, "cpl", 1))
        return;
    CHECK_EQ(f->off.ui.snap->regs.cpl, 3);
    CHECK_EQ(probe(f, "ring"), WIN_RGB_RING3);
    CHECK_EQ(probe(f, "cell:0xc0000000"), WIN_RGB_SUPER_RW);      /* the kernel half */
    CHECK_EQ(probe(f, "cell:0xc2000000"), WIN_RGB_SUPER_RW);
    CHECK_EQ(probe(f, "cell:0x64200000"), WIN_RGB_NOT_PRESENT);  /* (off the grid lines) */
    CHECK_EQ(probe(f, "eip"), WIN_RGB_EIP);
    uint32_t user = quiet_user_page(f);
    CHECK(user != 0);
    uint8_t a = f->off.ui.snap->attrs[user >> 12];
    CHECK_EQ(zoomed_cell(f, user), (a & RS_PAGE_WRITABLE) ? WIN_RGB_USER_RW : WIN_RGB_USER_RO);
}

static void key(fixture *f, const char *name);

/* Pixels of colour RGB inside R. */
static int count_rgb(fixture *f, SDL_Rect r, uint32_t rgb)
{
    int n = 0;
    for (int y = r.y; y < r.y + r.h; y++)
        for (int x = r.x; x < r.x + r.w; x++)
            n += pixel_at(f, x, y) == rgb;
    return n;
}

/* At peek's first system call the default view shows user space at a glance: user pages in the
 * page directory (a whole cell, not a fraction of a pixel), and the region strip lists peek's
 * code, its stack and the kernel, by name. */
static void test_user_space_visible(fixture *f)
{
    if (!run_to(f, "syscall", 1))
        return;
    win_ui *ui = &f->off.ui;
    CHECK_EQ(ui->zoom_row, -1);
    CHECK(!ui->map_linear);
    SDL_Rect c;
    CHECK(win_map_cell_rect(ui, 0x08048000u, &c));
    CHECK(c.w >= 7 && c.h >= 7);
    CHECK_EQ(pixel_at(f, c.x + c.w / 2, c.y + c.h / 2), WIN_RGB_USER_RO);   /* peek's code */
    CHECK(count_rgb(f, ui->lay.map, WIN_RGB_USER_RW) >= c.w * c.h / 2);    /* its stack */
    CHECK_EQ(ui->n_regions, 3);
    if (ui->n_regions == 3) {
        CHECK_EQ(ui->regions[0].start, 0x08048000u);
        CHECK_EQ(ui->regions[0].pages, 1u);
        CHECK_EQ(ui->regions[0].attrs, RS_PAGE_PRESENT | RS_PAGE_USER);
        CHECK(strcmp(ui->regions[0].name, "peek.elf code") == 0);
        CHECK_EQ(ui->regions[1].start, 0xbfffb000u);
        CHECK_EQ(ui->regions[1].pages, 4u);
        CHECK(strcmp(ui->regions[1].name, "stack") == 0);
        CHECK_EQ(ui->regions[2].start, 0xc0000000u);
        CHECK(strcmp(ui->regions[2].name, "kernel.elf image + direct map") == 0);
    }
    /* The strip's rows carry the map's colours: a user swatch is on screen inside the strip. */
    CHECK(count_rgb(f, ui->lay.regions, WIN_RGB_USER_RO) > 0);
    CHECK(count_rgb(f, ui->lay.regions, WIN_RGB_USER_RW) > 0);
    /* ] selects the next region after EIP's (the kernel's: EIP is in the int 0x80 handler) and
     * shows its page table. */
    key(f, "prev");
    CHECK_EQ(ui->region_selected, 1);
    CHECK_EQ(ui->zoom_row, 0xbfffb000 >> 22);
    key(f, "next");
    CHECK_EQ(ui->region_selected, 2);
    CHECK_EQ(ui->zoom_row, 768);
    key(f, "esc");
    CHECK_EQ(ui->zoom_row, -1);
}

/* Paging off (at the kernel's entry): nothing is drawn as user or supervisor. */
static void test_paging_off(fixture *f)
{
    win_ui *ui = &f->off.ui;
    CHECK(!(ui->snap->paging.cr0 & RS_CR0_PG));
    SDL_Rect m = ui->lay.map;
    CHECK_EQ(pixel_at(f, m.x + m.w - 4, m.y + m.h - 4), WIN_RGB_PAGING_OFF);
    CHECK_EQ(count_rgb(f, m, WIN_RGB_USER_RW), 0);
    CHECK_EQ(count_rgb(f, ui->lay.legend, WIN_RGB_USER_RW), 12 * 11);    /* only its swatch */
}

static int inside(SDL_Rect in, SDL_Rect r)
{
    return r.x >= in.x && r.y >= in.y && r.x + r.w <= in.x + in.w && r.y + r.h <= in.y + in.h;
}

static int disjoint(SDL_Rect a, SDL_Rect b)
{
    return a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
}

/* The layout at the smallest, a common and the largest size: every pane inside the window and
 * apart from the others, the grid and the strip inside the map's pane, and no text cut to fit
 * (the status line's message excepted: it ends in an ellipsis and is whole in the event log). */
static void test_three_sizes(fixture *f)
{
    static const int sizes[][2] = { { 800, 600 }, { 1366, 768 }, { 2560, 1440 } };
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        win_offscreen o;
        char err[300];
        if (!win_offscreen_open(&o, f->e, "test", sizes[k][0], sizes[k][1], err, sizeof err)) {
            fprintf(stderr, "%s\n", err);
            CHECK(0);
            continue;
        }
        win_offscreen_draw(&o);      /* the first frame sizes the strip */
        o.ui.text.cuts = 0;
        win_offscreen_draw(&o);
        const win_layout *l = &o.ui.lay;
        SDL_Rect all = { 0, 0, sizes[k][0], sizes[k][1] };
        SDL_Rect panes[] = { l->top, l->ring, l->legend, l->map_pane, l->regs, l->disasm, l->timeline, l->events,
                             l->console };
        int n = (int)(sizeof panes / sizeof panes[0]);
        for (int i = 0; i < n; i++) {
            CHECK(inside(all, panes[i]));
            for (int j = i + 1; j < n; j++)
                if (!disjoint(panes[i], panes[j])) {
                    fprintf(stderr, "%dx%d: panes %d and %d overlap\n", sizes[k][0], sizes[k][1], i, j);
                    CHECK(0);
                }
        }
        CHECK(inside(l->map_pane, l->map));
        CHECK(inside(l->map_pane, l->regions));
        CHECK(disjoint(l->map, l->regions));
        if (o.ui.text.cuts)
            fprintf(stderr, "%dx%d: %d texts cut, the last: %s\n", sizes[k][0], sizes[k][1], o.ui.text.cuts,
                    o.ui.text.last_cut);
        CHECK_EQ(o.ui.text.cuts, 0);
        /* Every button from 1366 x 768 up (at 800 x 600 the legend's colours leave room for
         * two, one of them "All keys"; the keys do the rest). */
        int buttons = 0, help = 0;
        for (int i = 0; i < o.ui.n_hits; i++)
            if (o.ui.hits[i].action >= 0 && inside(l->legend, o.ui.hits[i].rect)) {
                buttons++;
                help |= o.ui.hits[i].action == win_key_named("help");
            }
        if (sizes[k][0] >= 1366)
            CHECK_EQ(buttons, 10);
        else
            CHECK(buttons >= 2);
        CHECK(help);      /* "All keys" is always one of them */
        win_offscreen_close(&o);
    }
}

static void test_fault(fixture *f)
{
    if (!run_to(f, "fault", 1))
        return;
    const win_snapshot *s = f->off.ui.snap;
    CHECK_EQ(s->history.last_fault.u.exc.vector, 14);
    CHECK_EQ(s->history.last_fault.u.exc.cr2, 0xc0000000u);
    CHECK_EQ(s->regs.cpl, 0);
    CHECK_EQ(probe(f, "ring"), WIN_RGB_RING0);
    CHECK_EQ(probe(f, "fault"), WIN_RGB_FAULT);                   /* the marker on 0xc0000000 */
    CHECK(f->off.ui.fault_open);
    CHECK_EQ(pixel_at(f, f->off.ui.lay.timeline.x + 4, f->off.ui.lay.timeline.y + 10), 0x5a1822); /* its title */
    CHECK_EQ(zoomed_cell(f, 0xc0085000u), WIN_RGB_SUPER_RW);     /* (well off the marker and its flash) */
}

static void test_png(fixture *f)
{
    char path[] = "/tmp/rs_window_png_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        return;
    close(fd);
    char err[300];
    CHECK(win_probe_save_png(&f->off.ui, path, err, sizeof err));
    int w = 0, h = 0;
    uint32_t *png = png_read_rgb(path, &w, &h);
    CHECK(png != NULL);
    CHECK_EQ(w, 1280);
    CHECK_EQ(h, 800);
    int same = png != NULL;
    for (int y = 0; png && y < h && same; y += 7)
        for (int x = 0; x < w && same; x += 3)
            same = png[(size_t)y * (size_t)w + (size_t)x] == pixel_at(f, x, y);
    CHECK(same);
    free(png);
    unlink(path);
}

static void key(fixture *f, const char *name)
{
    int k = win_key_named(name);
    CHECK(k >= 0);
    win_key_run(&f->off.ui, k);
    frame(f);
}

/* Keys through the key table, as the window's keyboard and --keys use it. */
static void test_keys(fixture *f)
{
    const win_snapshot *s = f->off.ui.snap;
    CHECK_EQ(s->icount, 0);
    CHECK_EQ(s->status.mode, WIN_PAUSED);
    key(f, "s");
    CHECK_EQ(f->off.ui.snap->icount, 1);
    key(f, "c");                                      /* until the CPL changes */
    for (int i = 0; i < 200 && f->off.ui.snap->status.mode == WIN_UNTIL; i++)
        frame(f);
    CHECK_EQ(f->off.ui.snap->regs.cpl, 3);
    CHECK_EQ(probe(f, "ring"), WIN_RGB_RING3);
    key(f, "f");                                      /* until the fault */
    for (int i = 0; i < 200 && f->off.ui.snap->status.mode == WIN_UNTIL; i++)
        frame(f);
    CHECK_EQ(probe(f, "ring"), WIN_RGB_RING0);
    CHECK(f->off.ui.fault_open);
    CHECK_EQ(probe(f, "fault"), WIN_RGB_FAULT);
    key(f, "esc");
    CHECK(!f->off.ui.fault_open);
    key(f, "z");
    CHECK_EQ(f->off.ui.zoom_row, (int)((f->off.ui.snap->regs.eip) >> 22));
    key(f, "esc");
    CHECK_EQ(f->off.ui.zoom_row, -1);
}

/* The mouse: a map row zooms, a code line sets a breakpoint, hovering walks the page. */
static void test_mouse(fixture *f)
{
    win_ui *ui = &f->off.ui;
    SDL_Rect c;
    CHECK(win_map_cell_rect(ui, 0xc0001000u, &c));
    ui->mouse_x = c.x + c.w / 2, ui->mouse_y = c.y + c.h / 2, ui->mouse_in = 1;
    frame(f);
    frame(f);
    CHECK(ui->snap->hover.valid);
    CHECK_EQ(ui->snap->hover.linear >> 22, 768);
    CHECK_EQ(ui->snap->hover.in.pde.index, 768);
    CHECK(!ui->snap->hover.in.allowed);               /* user code may not read the kernel half */
    win_input_click(ui, c.x + c.w / 2, c.y + c.h / 2, SDL_BUTTON_LEFT);
    CHECK_EQ(ui->zoom_row, 768);
    win_input_click(ui, c.x, c.y, SDL_BUTTON_RIGHT);
    CHECK_EQ(ui->zoom_row, -1);
    ui->mouse_in = 0;
    frame(f);
    int line = -1;
    for (int i = 0; i < ui->n_hits; i++)
        if (ui->hits[i].action == WIN_HIT_DISASM_LINE)
            line = i;
    CHECK(line >= 0);
    if (line < 0)
        return;
    uint32_t address = ui->hits[line].address;
    win_input_click(ui, ui->hits[line].rect.x + 30, ui->hits[line].rect.y + 2, SDL_BUTTON_LEFT);
    frame(f);
    CHECK_EQ(ui->snap->n_breakpoints, 1);
    CHECK_EQ(ui->snap->breakpoints[0], address);
}

/* Pixels lit (any channel above the background's) in the rectangle X, Y, W, H. */
static int lit_pixels(fixture *f, int x, int y, int w, int h)
{
    int n = 0;
    for (int j = y; j < y + h; j++)
        for (int i = x; i < x + w; i++)
            n += pixel_at(f, i, j) != 0;
    return n;
}

/* Every glyph of "_gjpqy|" drawn whole: the window's cell keeps each glyph's lowest inked row.
 * SDL_ttf renders DejaVu's underscore one row below TTF_FontHeight; a cell that height drew no
 * underscore at all, and every descender lost its last row. The ink each glyph has alone (drawn
 * one per cell with room around it) must match the ink in the line, and the line must have ink in
 * the cell's bottom rows, where the descenders end. */
static void test_glyph_coverage(fixture *f)
{
    win_ui *ui = &f->off.ui;
    win_text *t = &ui->text;
    const char *s = "_gjpqy|";
    int adv = win_text_advance(t, WIN_FONT_TEXT), lh = win_text_height(t, WIN_FONT_TEXT);
    SDL_SetRenderDrawColor(ui->r, 0, 0, 0, 255);
    SDL_RenderClear(ui->r);
    int x0 = 20, y0 = 20;
    win_text_draw(t, WIN_FONT_TEXT, x0, y0, 0xffffff, s, 0);
    for (int i = 0; s[i]; i++) {
        char one[2] = { s[i], 0 };
        win_text_draw(t, WIN_FONT_TEXT, x0 + i * 3 * adv, y0 + 3 * lh, 0xffffff, one, 0);
    }
    for (int i = 0; s[i]; i++) {
        int in_line = lit_pixels(f, x0 + i * adv, y0, adv, lh);
        int alone = lit_pixels(f, x0 + i * 3 * adv - adv, y0 + 2 * lh, 3 * adv, 3 * lh);
        if (in_line == 0 || in_line != alone)
            fprintf(stderr, "glyph '%c': %d pixels in the line, %d alone\n", s[i], in_line, alone);
        CHECK(in_line > 0);
        CHECK_EQ(in_line, alone);
    }
    CHECK(lit_pixels(f, x0, y0 + lh - 2, adv, 2) > 0);            /* the underscore itself */
    CHECK(lit_pixels(f, x0 + adv, y0 + lh - 2, 5 * adv, 2) > 0);  /* the descenders' ends */
    CHECK_EQ(lit_pixels(f, x0, y0 + lh, 7 * adv, 1), 0);          /* nothing below the cell */
}

int main(void)
{
    fixture f;
    if (setup(&f)) {
        test_ring3_and_the_map(&f);
        test_fault(&f);
        test_three_sizes(&f);
        test_png(&f);
        test_glyph_coverage(&f);
    }
    teardown(&f);
    if (setup(&f)) {
        test_paging_off(&f);
        test_user_space_visible(&f);
    }
    teardown(&f);
    if (setup(&f)) {
        test_keys(&f);
        test_mouse(&f);
    }
    teardown(&f);
    return rs_test_done();
}
