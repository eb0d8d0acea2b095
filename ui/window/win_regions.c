/* The region strip: the address space as /proc/PID/maps shows a process, one row per run of
 * present pages with the same rights (rs_pagemap_regions), with its bounds, size, U/S and R/W,
 * and a name where one is known: the program or kernel whose ELF segments lie there (symbols.h),
 * the heap (the break the last brk returned in this address space), the stack (where user ESP
 * is). Unmapped gaps between rows are one dim line saying how much is missing, and the line at
 * 0xc0000000 between user and kernel space is always a row. EIP, ESP and the last fault are
 * tagged on the row they fall in. Click a row (or press ] or [) to see its page table. */
#include <stdio.h>
#include <string.h>
#include "pagemap.h"
#include "symbols.h"
#include "win_theme.h"
#include "win_draw.h"
#include "win_ui.h"

#define KERNEL_BASE 0xc0000000u

static uint32_t region_end(const win_region *r) { return r->start + (r->pages - 1) * 4096u + 4095u; }

/* The break brk last returned in the address space CR3, from the events the snapshot holds. */
static uint32_t last_brk(const win_snapshot *s)
{
    for (int i = s->n_events - 1; i >= 0; i--) {
        const rs_event *ev = &s->events[i];
        if (ev->kind == RS_EV_SYSRET && ev->u.ret.nr == 45 && ev->cr3 == s->paging.cr3 && ev->u.ret.ret > 0)
            return (uint32_t)ev->u.ret.ret;
    }
    return 0;
}

/* User ESP: ESP now at CPL 3, or the one the last entry from ring 3 left. */
static uint32_t user_esp(const win_snapshot *s)
{
    if (s->regs.cpl == 3)
        return s->regs.seg[RS_SREG_SS].base + s->regs.gpr[RS_REG_ESP];
    const win_history *h = &s->history;
    if (h->have_cpl && h->last_cpl.u.cpl_change.from == 3 && h->last_cpl.cr3 == s->paging.cr3)
        return h->last_cpl.u.cpl_change.old_esp;
    return 0;
}

static void add_name(char *name, size_t len, const char *what)
{
    size_t n = strlen(name);
    if (n + 3 < len)
        snprintf(name + n, len - n, "%s%.*s", n ? " + " : "", (int)(len - n - 4), what);
}

static void name_region(const win_ui *ui, win_region *r, uint32_t brk, uint32_t esp)
{
    const rs_symtab *t = win_engine_symbols(ui->engine);
    uint32_t last = region_end(r);
    r->name[0] = '\0';
    int image = 0;
    for (int i = 0; t && i < rs_symtab_sources(t); i++) {
        int global = rs_symtab_source_global(t, i);
        if ((!global && !(ui->snap->sym_spaces >> i & 1)) || !rs_symtab_source_overlaps(t, i, r->start, last))
            continue;
        char what[48];
        if (global)
            snprintf(what, sizeof what, "%s image", rs_symtab_source_name(t, i));
        else
            snprintf(what, sizeof what, "%s %s", rs_symtab_source_name(t, i),
                     (r->attrs & RS_PAGE_WRITABLE) ? "data" : "code");
        add_name(r->name, sizeof r->name, what);
        image = 1;
    }
    if (brk && r->start < KERNEL_BASE && brk - 1 >= r->start && brk - 1 <= last)
        add_name(r->name, sizeof r->name, "heap (brk)");
    if (esp && esp >= r->start && esp <= last + 1 && (r->attrs & RS_PAGE_USER))
        add_name(r->name, sizeof r->name, "stack");
    if (r->start >= KERNEL_BASE && image && r->pages > 1024)
        add_name(r->name, sizeof r->name, "direct map");
    if (!r->name[0] && r->start >= KERNEL_BASE)
        snprintf(r->name, sizeof r->name, "kernel");
}

void win_regions_update(win_ui *ui)
{
    const win_snapshot *s = ui->snap;
    if (ui->regions_serial == s->serial && ui->n_regions)
        return;
    static rs_pagemap_region buf[WIN_MAX_REGIONS];
    ui->regions_total = rs_pagemap_regions_from_attrs(s->attrs, buf, WIN_MAX_REGIONS);
    ui->n_regions = ui->regions_total < WIN_MAX_REGIONS ? (int)ui->regions_total : WIN_MAX_REGIONS;
    uint32_t brk = last_brk(s), esp = user_esp(s);
    for (int i = 0; i < ui->n_regions; i++) {
        ui->regions[i] = (win_region){ .start = buf[i].start, .pages = buf[i].pages, .attrs = buf[i].attrs };
        name_region(ui, &ui->regions[i], brk, esp);
    }
    ui->regions_serial = s->serial;
    if (ui->region_selected >= ui->n_regions)
        ui->region_selected = -1;
}

/* Beside the grid: what the selected region or the directory holds, and the keys. */
void win_regions_info_draw(win_ui *ui)
{
    SDL_Rect m = ui->lay.map;
    int x = m.x + m.w + 12, w = ui->lay.map_pane.x + ui->lay.map_pane.w - x - 8;
    if (ui->map_linear || w < 80 || (ui->snap->paging.cr0 & (RS_CR0_PG | RS_CR0_PE)) != (RS_CR0_PG | RS_CR0_PE))
        return;
    int lh = win_text_height(&ui->text, WIN_FONT_TEXT), y = m.y;
    char line[160];
    const win_snapshot *s = ui->snap;
    if (ui->zoom_row >= 0) {
        uint32_t pde = (uint32_t)ui->zoom_row, present = 0, user = 0;
        for (uint32_t i = 0; i < 1024; i++) {
            uint8_t a = s->attrs[pde << 10 | i];
            present += (a & RS_PAGE_PRESENT) != 0;
            user += (a & RS_PAGE_PRESENT) && (a & RS_PAGE_USER);
        }
        snprintf(line, sizeof line, "PDE[%u]: its page table", pde);
        if (!win_fits(ui, WIN_FONT_BOLD, line, w))
            snprintf(line, sizeof line, "PDE[%u]", pde);
        win_text_draw(&ui->text, WIN_FONT_BOLD, x, y, WIN_RGB_TITLE, line, w);
        snprintf(line, sizeof line, "%u of 1024 pages present, %u user", present, user);
        y += win_text_wrap(&ui->text, WIN_FONT_TEXT, x, y + lh, WIN_RGB_TEXT, line, w, 0, 3, 1) * lh + lh;
    } else {
        if (win_fits(ui, WIN_FONT_BOLD, "page directory", w))
            win_text_draw(&ui->text, WIN_FONT_BOLD, x, y, WIN_RGB_TITLE, "page directory", w);
        y += win_text_wrap(&ui->text, WIN_FONT_TEXT, x, y + lh, WIN_RGB_TEXT,
                           "1024 entries, 4 MiB each, row by row; a cell shows its strongest page", w, 0, 6, 1) * lh + lh;
    }
    static const char *const keys[] = { "click: page table", "] Tab: next region", "[: previous region",
                                        "Esc: back", "l: to scale" };
    y += lh / 2;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0] && y + lh <= m.y + m.h; i++, y += lh)
        if (win_fits(ui, WIN_FONT_TEXT, keys[i], w))
            win_text_draw(&ui->text, WIN_FONT_TEXT, x, y, WIN_RGB_DIM, keys[i], w);
}

/* The strip as tall as its rows need (at most 45% of the space), the grid the rest. */
void win_regions_fit(win_ui *ui)
{
    SDL_Rect *st = &ui->lay.regions, *m = &ui->lay.map;
    if (st->w <= 0 || ui->map_linear)
        return;
    int lh = win_text_height(&ui->text, WIN_FONT_TEXT);
    int total = st->h + (m->y - st->y - st->h) + m->h;       /* strip, gap, grid */
    int off = (ui->snap->paging.cr0 & (RS_CR0_PG | RS_CR0_PE)) != (RS_CR0_PG | RS_CR0_PE);
    int wide = st->w >= 64 * win_text_advance(&ui->text, WIN_FONT_TEXT);   /* a row and its name on one line */
    int want = (off ? 14 : (wide ? 2 : 4) * ui->n_regions + 4) * lh;
    int most = total * 45 / 100, least = 4 * lh;
    int h = want < least ? least : want > most ? most : want;
    int gap = m->y - st->y - st->h;
    int side = total - h - gap;
    int room = ui->lay.map_pane.x + ui->lay.map_pane.w - m->x - 6;
    side = side < room ? side : room;
    side = side < 64 ? 64 : side / 32 * 32;
    st->h = total - side - gap;
    *m = (SDL_Rect){ m->x, st->y + st->h + gap, side, side };
}

static void size_text(uint64_t bytes, char *buf, size_t len)
{
    if (bytes >= (1ull << 30) && bytes % (1ull << 30) == 0)
        snprintf(buf, len, "%lluG", (unsigned long long)(bytes >> 30));
    else if (bytes >= (1u << 20) && bytes % (1u << 20) == 0)
        snprintf(buf, len, "%lluM", (unsigned long long)(bytes >> 20));
    else if (bytes >= (1u << 30))
        snprintf(buf, len, "%.2fG", (double)bytes / (1u << 30));
    else if (bytes >= (1u << 20))
        snprintf(buf, len, "%.1fM", (double)bytes / (1u << 20));
    else
        snprintf(buf, len, "%lluK", (unsigned long long)(bytes >> 10));
}

void win_regions_select(win_ui *ui, uint32_t start)
{
    for (int i = 0; i < ui->n_regions; i++)
        if (ui->regions[i].start == start) {
            ui->region_selected = i;
            if (!ui->map_linear)
                ui->zoom_row = (int)(start >> 22);
            return;
        }
}

void win_regions_jump(win_ui *ui, int dir)
{
    if (!ui->snap || !ui->n_regions)
        return;
    int from = ui->region_selected;
    if (from < 0) {     /* from EIP's region */
        uint32_t eip = ui->snap->regs.seg[RS_SREG_CS].base + ui->snap->regs.eip;
        from = dir > 0 ? -1 : ui->n_regions;
        for (int i = 0; i < ui->n_regions; i++)
            if (eip >= ui->regions[i].start && eip <= region_end(&ui->regions[i]))
                from = i;
    }
    int to = (from + dir + ui->n_regions) % ui->n_regions;
    win_regions_select(ui, ui->regions[to].start);
}

/* The tags of the marks that fall in [LO, HI]: "EIP ESP #PF". */
static void marks_in(const win_ui *ui, uint32_t lo, uint32_t hi, char *buf, size_t len)
{
    const win_snapshot *s = ui->snap;
    uint32_t eip = s->regs.seg[RS_SREG_CS].base + s->regs.eip;
    uint32_t esp = s->regs.seg[RS_SREG_SS].base + s->regs.gpr[RS_REG_ESP];
    buf[0] = '\0';
    if (eip >= lo && eip <= hi)
        snprintf(buf + strlen(buf), len - strlen(buf), " EIP");
    if (esp >= lo && esp <= hi)
        snprintf(buf + strlen(buf), len - strlen(buf), " ESP");
    const win_history *h = &s->history;
    if (h->have_fault && h->last_fault.u.exc.vector == 14 && h->last_fault.cr3 == s->paging.cr3 &&
        h->last_fault.u.exc.cr2 >= lo && h->last_fault.u.exc.cr2 <= hi)
        snprintf(buf + strlen(buf), len - strlen(buf), " #PF");
}

typedef struct strip {
    win_ui *ui;
    SDL_Rect b;
    int lh, y, row, skip;
} strip;

/* The next row's top, or -1 when it is scrolled away or below the strip. */
static int next_row(strip *st)
{
    int row = st->row++;
    if (row < st->skip || st->y + st->lh > st->b.y + st->b.h)
        return -1;
    int y = st->y;
    st->y += st->lh;
    return y;
}

static void draw_marks(strip *st, int y, const char *marks)
{
    if (!marks[0])
        return;
    int w = win_text_width(&st->ui->text, WIN_FONT_BOLD, marks);
    SDL_Rect box = { st->b.x + st->b.w - w - 4, y, w + 4, st->lh };
    win_fill(st->ui->r, box, 0x000000);
    uint32_t rgb = strstr(marks, "#PF") ? WIN_RGB_FAULT : strstr(marks, "EIP") ? WIN_RGB_EIP : WIN_RGB_ESP;
    win_text_draw(&st->ui->text, WIN_FONT_BOLD, box.x + 2, y, rgb, marks, 0);
}

static void gap_row(strip *st, uint32_t lo, uint64_t end)
{
    if (end <= lo)
        return;
    int y = next_row(st);
    if (y < 0)
        return;
    char size[24], text[96], marks[24];
    size_text(end - lo, size, sizeof size);
    snprintf(text, sizeof text, "  ·· %s unmapped ··", size);
    win_text_draw(&st->ui->text, WIN_FONT_TEXT, st->b.x + 10, y, 0x59606e, text, st->b.w - 10);
    marks_in(st->ui, lo, (uint32_t)(end - 1), marks, sizeof marks);
    draw_marks(st, y, marks);
}

static void line_3g(strip *st)
{
    int y = next_row(st);
    if (y < 0)
        return;
    int mid = y + st->lh / 2;
    win_line(st->ui->r, st->b.x, mid, st->b.x + st->b.w - 1, mid, WIN_RGB_LINE_3G);
    static const char *const texts[] = { " 0xc0000000: user space (3 GiB) above ▲ | ▼ kernel space (1 GiB) below ",
                                         " 0xc0000000 ▲ user | kernel ▼ ", " ▲ 0xc0000000 ▼ " };
    int k = 0;
    while (k < 2 && !win_fits(st->ui, WIN_FONT_BOLD, texts[k], st->b.w))
        k++;
    const char *text = texts[k];
    int w = win_text_width(&st->ui->text, WIN_FONT_BOLD, text);
    int x = w < st->b.w ? st->b.x + (st->b.w - w) / 2 : st->b.x;
    win_fill(st->ui->r, (SDL_Rect){ x, y, w, st->lh }, WIN_RGB_PANEL);
    win_text_draw(&st->ui->text, WIN_FONT_BOLD, x, y, WIN_RGB_LINE_3G, text, st->b.w);
}

static void region_row(strip *st, int index)
{
    win_ui *ui = st->ui;
    const win_region *r = &ui->regions[index];
    int y = next_row(st);
    if (y < 0)
        return;
    SDL_Rect line = { st->b.x, y, st->b.w, st->lh };
    if (index == ui->region_selected)
        win_fill(ui->r, line, WIN_RGB_HIGHLIGHT);
    win_fill(ui->r, (SDL_Rect){ st->b.x, y + 2, 6, st->lh - 4 }, win_map_page_rgb(r->attrs));
    char size[24], text[160], marks[24];
    size_text((uint64_t)r->pages * 4096u, size, sizeof size);
    char u = (r->attrs & RS_PAGE_USER) ? 'u' : 's', w = (r->attrs & RS_PAGE_WRITABLE) ? 'w' : 'r';
    marks_in(ui, r->start, region_end(r), marks, sizeof marks);
    int mw = marks[0] ? win_text_width(&ui->text, WIN_FONT_BOLD, marks) + 6 : 0;
    int room = st->b.w - 10 - mw;
    snprintf(text, sizeof text, "%08x-%08x %5s %c%c %s", r->start, region_end(r), size, u, w, r->name);
    if (!win_fits(ui, WIN_FONT_TEXT, text, room)) {
        /* Narrow: bounds, size and rights on this row, the name on the next. */
        room = st->b.w - 10;      /* the marks go on the next row */
        snprintf(text, sizeof text, "%08x-%08x %s %c%c", r->start, region_end(r), size, u, w);
        if (!win_fits(ui, WIN_FONT_TEXT, text, room))
            snprintf(text, sizeof text, "%08x %s %c%c", r->start, size, u, w);
        win_text_draw(&ui->text, WIN_FONT_TEXT, st->b.x + 10, y, WIN_RGB_TEXT, text, room);
        win_add_hit(ui, line, WIN_HIT_REGION, r->start);
        if (!r->name[0] && !marks[0])
            return;
        int y2 = next_row(st);
        if (y2 < 0)
            return;
        draw_marks(st, y2, marks);
        int nw = st->b.w - 24 - mw;
        int lines = win_text_wrap(&ui->text, WIN_FONT_TEXT, 0, 0, 0, r->name, nw, 0, 3, 0);
        for (int k = 1; k < lines; k++)
            if (st->y + st->lh > st->b.y + st->b.h || next_row(st) < 0)
                lines = k;
        win_text_wrap(&ui->text, WIN_FONT_TEXT, st->b.x + 24, y2, WIN_RGB_DIM, r->name, nw, 0, lines, 1);
        return;
    }
    win_text_draw(&ui->text, WIN_FONT_TEXT, st->b.x + 10, y, WIN_RGB_TEXT, text, room);
    draw_marks(st, y, marks);
    win_add_hit(ui, line, WIN_HIT_REGION, r->start);
}

void win_regions_draw(win_ui *ui)
{
    SDL_Rect b = ui->lay.regions;
    if (b.w <= 0)
        return;
    const win_snapshot *s = ui->snap;
    int lh = win_text_height(&ui->text, WIN_FONT_TEXT);
    if (!(s->paging.cr0 & RS_CR0_PG) || !(s->paging.cr0 & RS_CR0_PE)) {
        static const char *const lines[] = {
            "Paging is off (CR0.PG=0).", "", "A linear address is the physical", "address: there are no page",
            "tables, so no page is user or", "supervisor, writable or read-only,", "and no U/S or R/W check is made.",
            "", "Only the segments (base, limit,", "DPL) and the privilege rules for", "instructions protect memory.",
        };
        size_t i = 0;
        for (; i < sizeof lines / sizeof lines[0] && (int)(i + 1) * lh <= b.h; i++)
            win_text_draw(&ui->text, i ? WIN_FONT_TEXT : WIN_FONT_BOLD, b.x, b.y + (int)i * lh,
                          i ? WIN_RGB_TEXT : WIN_RGB_CHANGED, lines[i], b.w);
        char where[96];
        snprintf(where, sizeof where, "EIP 0x%08x  ESP 0x%08x (physical)", s->regs.seg[RS_SREG_CS].base + s->regs.eip,
                 s->regs.seg[RS_SREG_SS].base + s->regs.gpr[RS_REG_ESP]);
        if ((int)(i + 2) * lh <= b.h)
            win_text_draw(&ui->text, WIN_FONT_BOLD, b.x, b.y + (int)(i + 1) * lh, WIN_RGB_EIP, where, b.w);
        return;
    }
    char head[96];
    snprintf(head, sizeof head, "%zu region%s (l: to scale)", ui->regions_total, ui->regions_total == 1 ? "" : "s");
    if (!win_fits(ui, WIN_FONT_BOLD, head, b.w))
        snprintf(head, sizeof head, "%zu regions", ui->regions_total);
    win_text_draw(&ui->text, WIN_FONT_BOLD, b.x, b.y, WIN_RGB_TITLE, head, b.w);
    strip st = { ui, { b.x, b.y + lh + 2, b.w, b.h - lh - 2 }, lh, b.y + lh + 2, 0, ui->regions_scroll };
    /* Rows in address order, with the gaps and the 3 GiB line among them. */
    uint64_t at = 0;
    int line_done = 0;
    for (int i = 0; i <= ui->n_regions; i++) {
        uint64_t start = i < ui->n_regions ? ui->regions[i].start : (1ull << 32);
        if (!line_done && start >= KERNEL_BASE) {
            gap_row(&st, (uint32_t)at, at < KERNEL_BASE ? KERNEL_BASE : at);
            line_3g(&st);
            line_done = 1;
            at = at < KERNEL_BASE ? KERNEL_BASE : at;
        }
        gap_row(&st, (uint32_t)at, start);
        if (i == ui->n_regions)
            break;
        region_row(&st, i);
        at = (uint64_t)region_end(&ui->regions[i]) + 1;
    }
    if (st.y + lh > st.b.y + st.b.h || ui->regions_scroll) {     /* rows below, or scrolled: say so */
        const char *more = "wheel: more";
        int w = win_text_width(&ui->text, WIN_FONT_TEXT, more);
        win_fill(ui->r, (SDL_Rect){ b.x + b.w - w - 4, b.y + b.h - lh, w + 4, lh }, WIN_RGB_PANEL);
        win_text_draw(&ui->text, WIN_FONT_TEXT, b.x + b.w - w, b.y + b.h - lh, WIN_RGB_DIM, more, 0);
    }
}
