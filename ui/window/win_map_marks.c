/* What is drawn over the map's cells: the 3 GiB user/kernel line, pages touched lately (they glow
 * and fade), the pages EIP and ESP are in, breakpoints, and the faulting page (it flashes while
 * the fault is fresh or the fault view is open, then keeps a small cross). */
#include <stdio.h>
#include "win_theme.h"
#include "win_draw.h"
#include "win_ui.h"

#define GLOW_MS 2500u
#define FAULT_FRESH_MS 4000u

/* The cell of LINEAR grown to at least MIN pixels square around its centre. */
static int marker_rect(const win_ui *ui, uint32_t linear, int min, SDL_Rect *out)
{
    SDL_Rect c;
    if (!win_map_cell_rect(ui, linear, &c))
        return 0;
    int w = c.w < min ? min : c.w + 4, h = c.h < min ? min : c.h + 4;
    *out = (SDL_Rect){ c.x + c.w / 2 - w / 2, c.y + c.h / 2 - h / 2, w, h };
    return 1;
}

static void tag(win_ui *ui, int x, int y, uint32_t rgb, const char *text)
{
    int w = win_text_width(&ui->text, WIN_FONT_BOLD, text) + 6;
    win_fill_alpha(ui->r, (SDL_Rect){ x, y, w, win_text_height(&ui->text, WIN_FONT_BOLD) }, 0x000000, 190);
    win_text_draw(&ui->text, WIN_FONT_BOLD, x + 3, y, rgb, text, 0);
}

static void draw_user_kernel_line(win_ui *ui)
{
    SDL_Rect m = ui->lay.map;
    if (ui->zoom_row >= 0)
        return;
    int y = m.y + 768 * m.h / 1024;
    win_line_alpha(ui->r, m.x - 8, y - 1, m.x + m.w - 1, y - 1, WIN_RGB_LINE_3G, 230);
    win_line_alpha(ui->r, m.x - 8, y - 2, m.x + m.w - 1, y - 2, WIN_RGB_LINE_3G, 90);
    int th = win_text_height(&ui->text, WIN_FONT_BOLD);
    const char *up = "▲ user space 0-3 GiB", *down = "▼ kernel space 3-4 GiB";
    int x = m.x + m.w - win_text_width(&ui->text, WIN_FONT_BOLD, down) - 12;
    if (!ui->map_linear) {      /* beside the directory, where it covers no cells */
        x = m.x + m.w + 8;
        win_line_alpha(ui->r, m.x + m.w, y - 1, x + 8, y - 1, WIN_RGB_LINE_3G, 230);
    }
    tag(ui, x, y - th - 3, WIN_RGB_USER_RW, up);
    tag(ui, x, y + 12, WIN_RGB_SUPER_RW, down);
}

static int current_space(const win_ui *ui, uint32_t cr3)
{
    return !(ui->snap->paging.cr0 & RS_CR0_PG) || cr3 == ui->snap->paging.cr3;
}

static void draw_glow(win_ui *ui)
{
    const win_history *h = &ui->snap->history;
    SDL_SetRenderDrawBlendMode(ui->r, SDL_BLENDMODE_ADD);
    for (int i = 0; i < h->n_touch; i++) {
        const win_touch *t = &h->touch[i];
        uint64_t age = ui->now_ms > t->ms ? ui->now_ms - t->ms : 0;
        SDL_Rect outer, inner;
        if (age >= GLOW_MS || !current_space(ui, t->cr3) || !marker_rect(ui, t->page << 12, 17, &outer) ||
            !marker_rect(ui, t->page << 12, 7, &inner))
            continue;
        double f = 1.0 - (double)age / GLOW_MS;
        uint32_t rgb = t->kind == WIN_TOUCH_FAULT ? WIN_RGB_FAULT : WIN_RGB_GLOW;
        if (!ui->map_linear) {
            /* Grid cells are big enough to see: a glowing frame, the cell's colour kept. */
            SDL_Rect c;
            if (!win_map_cell_rect(ui, t->page << 12, &c))
                continue;
            SDL_SetRenderDrawColor(ui->r, win_rgb_r(rgb), win_rgb_g(rgb), win_rgb_b(rgb), (Uint8)(230 * f));
            SDL_RenderDrawRect(ui->r, &(SDL_Rect){ c.x - 1, c.y - 1, c.w + 2, c.h + 2 });
            SDL_RenderDrawRect(ui->r, &(SDL_Rect){ c.x - 2, c.y - 2, c.w + 4, c.h + 4 });
            continue;
        }
        SDL_SetRenderDrawColor(ui->r, win_rgb_r(rgb), win_rgb_g(rgb), win_rgb_b(rgb), (Uint8)(90 * f * f));
        SDL_RenderFillRect(ui->r, &outer);
        SDL_SetRenderDrawColor(ui->r, win_rgb_r(rgb), win_rgb_g(rgb), win_rgb_b(rgb), (Uint8)(200 * f));
        SDL_RenderFillRect(ui->r, &inner);
    }
    SDL_SetRenderDrawBlendMode(ui->r, SDL_BLENDMODE_NONE);
}

static void draw_register_mark(win_ui *ui, uint32_t linear, uint32_t rgb, const char *name, int dy)
{
    SDL_Rect r;
    if (!marker_rect(ui, linear, 11, &r))
        return;
    win_frame_thick(ui->r, (SDL_Rect){ r.x - 1, r.y - 1, r.w + 2, r.h + 2 }, 0x000000, 1);
    win_frame_thick(ui->r, r, rgb, 2);
    int w = win_text_width(&ui->text, WIN_FONT_BOLD, name) + 6;
    int x = r.x + r.w + 3 + w <= ui->lay.map.x + ui->lay.map.w ? r.x + r.w + 3 : r.x - w - 3;
    tag(ui, x, r.y + dy, rgb, name);
}

static void draw_breakpoints(win_ui *ui)
{
    for (int i = 0; i < ui->snap->n_breakpoints; i++) {
        SDL_Rect r;
        if (marker_rect(ui, ui->snap->breakpoints[i] & ~0xfffu, 5, &r))
            win_fill(ui->r, r, 0xff4060);
    }
}

/* When the fault's page was touched (its glow's stamp), or 0. */
static uint64_t fault_ms(const win_history *h, uint32_t page)
{
    for (int i = 0; i < h->n_touch; i++)
        if (h->touch[i].page == page && h->touch[i].kind == WIN_TOUCH_FAULT)
            return h->touch[i].ms;
    return 0;
}

static void draw_fault(win_ui *ui)
{
    const win_history *h = &ui->snap->history;
    if (!h->have_fault || h->last_fault.u.exc.vector != 14)
        return;
    uint32_t cr2 = h->last_fault.u.exc.cr2;
    SDL_Rect r, m = ui->lay.map;
    if (!marker_rect(ui, cr2 & ~0xfffu, 15, &r))
        return;
    uint64_t at = fault_ms(h, cr2 >> 12);
    int fresh = ui->fault_open || (at && ui->now_ms - at < FAULT_FRESH_MS);
    if (!fresh) {
        win_line(ui->r, r.x + 3, r.y + 3, r.x + r.w - 4, r.y + r.h - 4, WIN_RGB_FAULT);
        win_line(ui->r, r.x + r.w - 4, r.y + 3, r.x + 3, r.y + r.h - 4, WIN_RGB_FAULT);
        return;
    }
    int cx = r.x + r.w / 2, cy = r.y + r.h / 2;
    win_line_alpha(ui->r, m.x, cy, m.x + m.w - 1, cy, WIN_RGB_FAULT, 110);
    win_line_alpha(ui->r, cx, m.y, cx, m.y + m.h - 1, WIN_RGB_FAULT, 110);
    int on = ui->headless || (ui->now_ms / 300) % 2 == 0;
    win_frame_thick(ui->r, r, WIN_RGB_FAULT, 3);
    if (on)     /* the flash: a white ring around the marker, every other 300 ms */
        win_frame_thick(ui->r, (SDL_Rect){ r.x - 3, r.y - 3, r.w + 6, r.h + 6 }, 0xffffff, 2);
    char text[40];
    snprintf(text, sizeof text, "#PF 0x%08x", cr2);
    int w = win_text_width(&ui->text, WIN_FONT_BOLD, text) + 6;
    tag(ui, r.x + r.w + 4 + w <= m.x + m.w ? r.x + r.w + 4 : r.x - w - 4, r.y - 16, WIN_RGB_FAULT, text);
}

void win_map_marks_draw(win_ui *ui)
{
    const rs_regs *regs = &ui->snap->regs;
    if ((ui->snap->paging.cr0 & (RS_CR0_PG | RS_CR0_PE)) != (RS_CR0_PG | RS_CR0_PE))
        return;     /* no map to mark: the strip gives EIP and ESP in words */
    SDL_RenderSetClipRect(ui->r, &(SDL_Rect){ ui->lay.map_pane.x, ui->lay.map.y - 6, ui->lay.map_pane.w,
                                              ui->lay.map.h + 12 });
    draw_user_kernel_line(ui);
    draw_glow(ui);
    draw_breakpoints(ui);
    draw_register_mark(ui, regs->seg[RS_SREG_SS].base + regs->gpr[RS_REG_ESP], WIN_RGB_ESP, "ESP", 10);
    draw_register_mark(ui, regs->seg[RS_SREG_CS].base + regs->eip, WIN_RGB_EIP, "EIP", -8);
    draw_fault(ui);
    SDL_RenderSetClipRect(ui->r, NULL);
}
