/* The hover text of a map cell: the page's virtual range, its PDE and PTE decoded (rs_mmu_inspect,
 * as a read at CPL 3, which also says whether user code may touch it and why not), the frame, and
 * the address space it belongs to. The engine walks the address the UI asked about
 * (win_engine_set_hover); until its answer arrives the box shows the range alone. */
#include <stdio.h>
#include "mmu.h"
#include "pagemap.h"
#include "symbols.h"
#include "win_theme.h"
#include "win_ui.h"

#define LINES 9

static void entry_line(char *buf, size_t len, const char *name, const rs_mmu_entry *e, rs_mmu_level level)
{
    char words[160];
    rs_mmu_entry_text(e, level, words, sizeof words);
    snprintf(buf, len, "%s[%u] = 0x%08x at phys 0x%08x: %.120s", name, e->index, e->raw, e->addr, words);
}

static void frame_line(char *buf, size_t len, const rs_mmu_inspection *in)
{
    if (!in->paging) {
        snprintf(buf, len, "paging off: the linear address is the physical one");
    } else if (in->deny == RS_DENY_NOT_PRESENT || in->deny == RS_DENY_RESERVED) {
        snprintf(buf, len, "frame: none (the walk stops at the %s)", rs_mmu_level_name(in->deny_level));
    } else {
        uint64_t frame = in->large ? in->pde.frame : in->pte.frame;
        snprintf(buf, len, "frame: phys 0x%08llx%s", (unsigned long long)(frame + (in->large ? (in->linear & 0x3ff000u) : 0)),
                 in->large ? " (in a 4 MiB page)" : "");
    }
}

static int hover_lines(const win_ui *ui, uint32_t linear, char lines[LINES][200], uint32_t *colours)
{
    const win_inspect *h = &ui->snap->hover;
    uint32_t page = linear & ~0xfffu;
    int n = 0;
    colours[n] = WIN_RGB_TEXT;
    snprintf(lines[n++], 200, "0x%08x-0x%08x  (PDE %u, PTE %u)  %s", page, page + 0xfffu, page >> 22, (page >> 12) & 1023,
             page >= 0xc0000000u ? "kernel half" : "user half");
    char name[160];
    if (rs_symtab_format(win_engine_symbols(ui->engine), linear, ui->snap->sym_spaces, name, sizeof name)) {
        colours[n] = WIN_RGB_ACCENT;
        snprintf(lines[n++], 200, "0x%08x <%s>", linear, name);
    }
    if (!h->valid || (h->linear & ~0xfffu) != page)
        return n;
    const rs_mmu_inspection *in = &h->in;
    if (!in->paging) {
        /* No page tables: nothing here is user or supervisor, writable or read-only. */
        colours[n] = WIN_RGB_TEXT;
        snprintf(lines[n++], 200, "paging off (CR0.PG=0): linear = physical 0x%08x", page);
        colours[n] = WIN_RGB_DIM;
        snprintf(lines[n++], 200, "no U/S or R/W checks: only segment limits and CPL guard memory");
        return n;
    }
    if (in->paging) {
        uint8_t a = ui->snap->attrs[page >> 12];
        colours[n] = (a & RS_PAGE_PRESENT) ? win_map_page_rgb(a) : WIN_RGB_DIM;
        entry_line(lines[n++], 200, "PDE", &in->pde, RS_LEVEL_PDE);
        if (in->levels == 2) {
            colours[n] = colours[n - 1];
            entry_line(lines[n++], 200, "PTE", &in->pte, RS_LEVEL_PTE);
        }
    }
    colours[n] = WIN_RGB_TEXT;
    frame_line(lines[n++], 200, in);
    char why[160];
    rs_mmu_denial_text(in, why, sizeof why);
    colours[n] = in->allowed ? WIN_RGB_USER_RW : WIN_RGB_SUPER_RW;
    snprintf(lines[n++], 200, "user-mode read: %s", in->allowed ? "allowed" : why);
    colours[n] = WIN_RGB_DIM;
    snprintf(lines[n++], 200, "address space: CR3 0x%08x", ui->snap->paging.cr3);
    return n;
}

void win_hover_draw(win_ui *ui)
{
    uint32_t linear;
    int over = ui->mouse_in && !ui->help_open && !ui->fault_open &&
               win_map_hit(ui, ui->mouse_x, ui->mouse_y, &linear);
    if (ui->engine)
        win_engine_set_hover(ui->engine, over, over ? linear : 0);
    if (!over)
        return;
    char lines[LINES][200];
    uint32_t colours[LINES];
    int n = hover_lines(ui, linear, lines, colours);
    const char *ptrs[LINES];
    for (int i = 0; i < n; i++)
        ptrs[i] = lines[i];
    win_tooltip(ui, ui->mouse_x, ui->mouse_y, ptrs, colours, n);
    SDL_Rect c;
    if (win_map_cell_rect(ui, linear, &c)) {
        SDL_SetRenderDrawBlendMode(ui->r, SDL_BLENDMODE_NONE);
        SDL_SetRenderDrawColor(ui->r, 255, 255, 255, 255);
        SDL_RenderDrawRect(ui->r, &(SDL_Rect){ c.x - 1, c.y - 1, c.w + 2, c.h + 2 });
    }
}
