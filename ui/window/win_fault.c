/* The fault view: when the guest takes an exception, the core's explanation (explain.h) and, for a
 * page fault, the page walk drawn: CR3 -> PDE -> PTE -> page, each entry's bits, the bit that
 * denied the access in red. It stays until dismissed (Esc, or its close box) or until the guest
 * is continued or stepped. The walk is the one the event carries: the tables as they were when
 * the CPU faulted. */
#include <stdio.h>
#include <string.h>
#include "explain.h"
#include "mmu.h"
#include "win_theme.h"
#include "win_draw.h"
#include "win_ui.h"

#define ENTRY_W 190
#define BIT_W 24

void win_fault_show(win_ui *ui, const rs_event *ev)
{
    ui->fault_ev = *ev;
    ui->fault_open = 1;
}

/* Opens the view when the engine paused on a new exception. */
void win_fault_update(win_ui *ui)
{
    const win_snapshot *s = ui->snap;
    if (s->status.generation != ui->generation_seen) {
        ui->generation_seen = s->status.generation;
        ui->fault_stop_seen = 0;
        ui->fault_open = 0;
    }
    uint64_t seq1 = s->status.fault_stop_seq;
    if (!seq1 || seq1 == ui->fault_stop_seen)
        return;
    ui->fault_stop_seen = seq1;
    for (int i = s->n_events - 1; i >= 0; i--)
        if (s->events[i].seq == seq1 - 1 && s->events[i].kind == RS_EV_EXCEPTION) {
            win_fault_show(ui, &s->events[i]);
            return;
        }
    if (s->history.have_fault && s->history.last_fault.seq == seq1 - 1)
        win_fault_show(ui, &s->history.last_fault);
}

/* ---- The walk ---- */

typedef struct denial {
    uint32_t bit;           /* the entry bit that denied (RS_PTE_P, _US, _RW, RS_PDE_4M_RSVD) */
    int pde, pte;           /* which entries show it: every level where it is clear (or set, RSVD) */
} denial;

/* Which bit denied, from the walk and error code the event holds (SDM 4.7): a clear P at the
 * level the walk stopped; a set reserved bit; else U/S for a user access, R/W for a write, at
 * every level where that bit is 0 (both levels must allow it, SDM 4.6). */
static denial find_denial(const rs_walk *w)
{
    denial d = { 0, 0, 0 };
    if (w->ok)
        return d;
    uint32_t ec = w->error_code;
    if (!(ec & RS_PF_P)) {
        d.bit = RS_PTE_P;
        d.pde = w->deny_level == 1, d.pte = w->deny_level == 2;
    } else if (ec & RS_PF_RSVD) {
        d.bit = RS_PDE_4M_RSVD;
        d.pde = 1;
    } else {   /* a protection violation: U/S is checked before R/W (SDM 4.6) */
        uint32_t rights = w->large ? w->pde : (w->pde & w->pte);
        d.bit = ((ec & RS_PF_U) && !(rights & RS_PTE_US)) ? RS_PTE_US : RS_PTE_RW;
        d.pde = !(w->pde & d.bit);
        d.pte = !w->large && !(w->pte & d.bit);
    }
    return d;
}

static void box(win_ui *ui, SDL_Rect r, uint32_t edge, const char *l1, const char *l2, const char *l3)
{
    win_fill(ui->r, r, 0x242933);
    win_frame(ui->r, r, edge);
    int lh = win_text_height(&ui->text, WIN_FONT_TEXT);
    win_text_draw(&ui->text, WIN_FONT_BOLD, r.x + 6, r.y + 4, WIN_RGB_TEXT, l1, r.w - 12);
    if (l2)
        win_text_draw(&ui->text, WIN_FONT_TEXT, r.x + 6, r.y + 4 + lh, WIN_RGB_TEXT, l2, r.w - 12);
    if (l3)
        win_text_draw(&ui->text, WIN_FONT_TEXT, r.x + 6, r.y + 4 + 2 * lh, WIN_RGB_DIM, l3, r.w - 12);
}

/* One entry: its name and value, then a cell per bit, the denying one in red. */
static void entry_box(win_ui *ui, SDL_Rect r, const char *name, uint32_t raw, const char *points,
                      uint32_t deny_bit)
{
    static const struct { uint32_t bit; const char *label; } bits[] = {
        { RS_PTE_P, "P" }, { RS_PTE_RW, "RW" }, { RS_PTE_US, "US" }, { RS_PTE_A, "A" },
        { RS_PTE_D, "D" }, { RS_PDE_PS, "PS" }, { RS_PTE_G, "G" },
    };
    char l2[48];
    snprintf(l2, sizeof l2, "= 0x%08x", raw);
    box(ui, r, deny_bit ? WIN_RGB_FAULT : 0x59637a, name, l2, points);
    int y = r.y + r.h - 36, x = r.x + 6;
    for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++) {
        int set = (raw & bits[i].bit) != 0, denies = bits[i].bit == deny_bit;
        SDL_Rect c = { x + (int)i * (BIT_W + 2), y, BIT_W, 30 };
        win_fill(ui->r, c, denies ? WIN_RGB_FAULT : set ? 0x2f5d43 : 0x2a2f38);
        win_frame(ui->r, c, denies ? 0xffffff : 0x48505e);
        int lw = win_text_width(&ui->text, WIN_FONT_TEXT, bits[i].label);
        win_text_draw(&ui->text, WIN_FONT_TEXT, c.x + (BIT_W - lw) / 2, c.y + 1, WIN_RGB_TEXT, bits[i].label, 0);
        win_text_draw(&ui->text, WIN_FONT_BOLD, c.x + (BIT_W - 7) / 2, c.y + 15, WIN_RGB_TEXT, set ? "1" : "0", 0);
    }
}

/* The walk's width: CR3's box (when WITH_CR3), the PDE's and the PTE's, and the arrows. */
static int walk_width(int with_cr3) { return (with_cr3 ? 118 + 26 : 0) + 2 * ENTRY_W + 26; }

static int draw_walk(win_ui *ui, const rs_event *ev, int x, int y, int with_cr3)
{
    const rs_walk *w = &ev->u.exc.walk;
    denial d = find_denial(w);
    char l1[48], l2[48], l3[64];
    int ex = x;
    if (with_cr3) {     /* a narrow window leaves CR3's box out (the PDE's address says it) */
        SDL_Rect cr3 = { x, y, 118, 96 };
        snprintf(l2, sizeof l2, "0x%08x", ev->cr3);
        box(ui, cr3, 0x59637a, "CR3", l2, "page directory");
        ex = x + 118 + 26;
        win_arrow_right(ui->r, x + 118 + 2, ex - 3, y + 48, WIN_RGB_TEXT);
    }
    snprintf(l1, sizeof l1, "PDE[%u] @%08x", w->linear >> 22, w->pde_addr);
    int pde_present = (w->pde & RS_PTE_P) != 0;
    snprintf(l3, sizeof l3, pde_present ? (w->large ? "maps a 4 MiB page" : "-> table 0x%08x") : "not present",
             w->pde & 0xfffff000u);
    entry_box(ui, (SDL_Rect){ ex, y, ENTRY_W, 96 }, l1, w->pde, l3, d.pde ? d.bit : 0);
    int nx = ex + ENTRY_W + 26;
    if (!pde_present || w->large)
        return y + 96;
    win_arrow_right(ui->r, ex + ENTRY_W + 2, nx - 3, y + 48, WIN_RGB_TEXT);
    snprintf(l1, sizeof l1, "PTE[%u] @%08x", (w->linear >> 12) & 1023, w->pte_addr);
    snprintf(l3, sizeof l3, (w->pte & RS_PTE_P) ? "-> page 0x%08x" : "not present", w->pte & 0xfffff000u);
    entry_box(ui, (SDL_Rect){ nx, y, ENTRY_W, 96 }, l1, w->pte, l3, d.pte ? d.bit : 0);
    return y + 96;
}

/* ---- The view ---- */

static int draw_text_block(win_ui *ui, const char *text, int x, int y, int w, int max_y)
{
    int lh = win_text_height(&ui->text, WIN_FONT_TEXT), cols = w / win_text_advance(&ui->text, WIN_FONT_TEXT);
    char line[400];
    for (const char *p = text; *p && y + lh <= max_y;) {
        const char *nl = strchr(p, '\n');
        int len = nl ? (int)(nl - p) : (int)strlen(p);
        int take = len < cols ? len : cols;
        if (take < len)   /* wrap at a space if there is one */
            for (int k = take; k > cols / 2; k--)
                if (p[k] == ' ') {
                    take = k;
                    break;
                }
        snprintf(line, sizeof line, "%.*s", take, p);
        win_text_draw(&ui->text, WIN_FONT_TEXT, x, y, WIN_RGB_TEXT, line, w);
        y += lh;
        p += take;
        while (*p == ' ' && take < len)
            p++;
        if (*p == '\n')
            p++;
    }
    return y;
}

void win_fault_draw(win_ui *ui)
{
    const rs_event *ev = &ui->fault_ev;
    SDL_Rect r = { ui->lay.timeline.x, ui->lay.timeline.y, ui->lay.timeline.w, ui->lay.h - ui->lay.timeline.y - 6 };
    win_fill_alpha(ui->r, r, 0x101318, 250);
    win_frame_thick(ui->r, r, WIN_RGB_FAULT, 2);
    char title[160];
    snprintf(title, sizeof title, "%s %s at CPL %d, icount %llu", rs_vector_mnemonic(ev->u.exc.vector),
             rs_vector_name(ev->u.exc.vector), ev->cpl, (unsigned long long)ev->icount);
    win_fill(ui->r, (SDL_Rect){ r.x + 2, r.y + 2, r.w - 4, 24 }, 0x5a1822);
    int title_w = win_text_draw(&ui->text, WIN_FONT_LARGE, r.x + 10, r.y + 3, 0xffffff, title, r.w - 60);
    /* The keys, as many as fit beside the title (a narrow window keeps the first). */
    static const char *const hints[] = { "Esc: dismiss   Space: continue   s: step   e: show again",
                                         "Esc: dismiss   Space: continue", "Esc: dismiss" };
    for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++) {
        int hw = win_text_width(&ui->text, WIN_FONT_TEXT, hints[i]);
        if (r.x + 10 + title_w + 16 + hw <= r.x + r.w - 48) {
            win_text_draw(&ui->text, WIN_FONT_TEXT, r.x + r.w - 48 - hw, r.y + 7, 0xe0c0c8, hints[i], 0);
            break;
        }
    }
    SDL_Rect close = { r.x + r.w - 30, r.y + 4, 22, 20 };
    win_frame(ui->r, close, 0xffffff);
    win_text_draw(&ui->text, WIN_FONT_BOLD, close.x + 7, close.y + 3, 0xffffff, "×", 0);
    win_add_hit(ui, close, WIN_HIT_CLOSE_FAULT, 0);
    int walk = ev->u.exc.vector == 14;
    int with_cr3 = r.w - walk_width(1) - 36 >= 380;
    int text_w = walk ? r.w - walk_width(with_cr3) - 36 : r.w - 24;
    text_w = walk && text_w > r.w * 52 / 100 ? r.w * 52 / 100 : text_w;
    char text[2048];
    rs_explain_exception(ev, text, sizeof text);
    draw_text_block(ui, text, r.x + 12, r.y + 36, text_w - 12, r.y + r.h - 6);
    if (walk) {
        int x = r.x + text_w + 12;
        static const char *const heads[] = { "The page walk (SDM 4.3), as the CPU did it:", "The page walk (SDM 4.3):" };
        int room = r.x + r.w - 8 - x;
        win_text_draw(&ui->text, WIN_FONT_BOLD, x, r.y + 36, WIN_RGB_TITLE,
                      heads[!win_fits(ui, WIN_FONT_BOLD, heads[0], room)], room);
        int y = draw_walk(ui, ev, x, r.y + 58, with_cr3);
        uint32_t a = ev->u.exc.walk.linear;
        char split[120];
        snprintf(split, sizeof split, "linear 0x%08x = directory index %u | table index %u | offset 0x%03x", a,
                 a >> 22, (a >> 12) & 1023, a & 0xfff);
        win_text_wrap(&ui->text, WIN_FONT_TEXT, x, y + 10, WIN_RGB_DIM, split, room, 0, 2, 1);
    }
}
