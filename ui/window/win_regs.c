/* Registers: general, EIP, EFLAGS (IF and IOPL decoded), the segment registers with RPL and DPL,
 * CR0/CR2/CR3/CR4 decoded, and the TSS's ring-0 stack. While paused, values the last command
 * changed are highlighted (rs_dbg_regs_before against now). */
#include <stdio.h>
#include <string.h>
#include "win_theme.h"
#include "win_draw.h"
#include "win_ui.h"

typedef struct cursor {
    win_ui *ui;
    int x0, x, y, lh, highlight;
    int x_max;               /* a field that would pass it goes on the next line */
} cursor;

/* "NAME value" at the cursor; the value is highlighted when it changed. */
static void field(cursor *c, const char *name, const char *value, int changed, int width)
{
    win_ui *ui = c->ui;
    int adv = win_text_advance(&ui->text, WIN_FONT_TEXT);
    if (c->x > c->x0 && c->x + (int)(strlen(name) + 1 + strlen(value)) * adv > c->x_max) {
        c->x = c->x0 + 2 * adv;     /* a narrow pane: the rest of the group on the next line */
        c->y += c->lh;
    }
    win_text_draw(&ui->text, WIN_FONT_TEXT, c->x, c->y, WIN_RGB_DIM, name, 0);
    int vx = c->x + (int)(strlen(name) + 1) * adv;
    int hot = changed && c->highlight;
    if (hot)
        win_fill(ui->r, (SDL_Rect){ vx - 2, c->y, (int)strlen(value) * adv + 4, c->lh - 1 }, 0x4a3c12);
    win_text_draw(&ui->text, WIN_FONT_TEXT, vx, c->y, hot ? WIN_RGB_CHANGED : WIN_RGB_TEXT, value, 0);
    c->x += width * adv;
}

/* A dim remark after the fields, if it fits on their line. */
static void note(cursor *c, const char *text)
{
    if (c->x + win_text_width(&c->ui->text, WIN_FONT_TEXT, text) <= c->x_max)
        win_text_draw(&c->ui->text, WIN_FONT_TEXT, c->x, c->y, WIN_RGB_DIM, text, 0);
}

static void newline(cursor *c)
{
    c->x = c->x0;
    c->y += c->lh;
}

static void hex_field(cursor *c, const char *name, uint32_t now, uint32_t before, int width)
{
    char v[16];
    snprintf(v, sizeof v, "%08x", now);
    field(c, name, v, now != before, width);
}

static void general(cursor *c, const rs_regs *r, const rs_regs *b)
{
    static const struct { const char *name; int reg; } order[] = {
        { "EAX", RS_REG_EAX }, { "EBX", RS_REG_EBX }, { "ECX", RS_REG_ECX }, { "EDX", RS_REG_EDX },
        { "ESI", RS_REG_ESI }, { "EDI", RS_REG_EDI }, { "EBP", RS_REG_EBP }, { "ESP", RS_REG_ESP },
    };
    for (int i = 0; i < 8; i++) {
        hex_field(c, order[i].name, r->gpr[order[i].reg], b->gpr[order[i].reg], 14);
        if (i % 4 == 3)
            newline(c);
    }
}

static void flags(cursor *c, const rs_regs *r, const rs_regs *b)
{
    static const struct { uint32_t bit; const char *name; } names[] = {
        { 1u << 0, "CF" }, { 1u << 2, "PF" }, { 1u << 4, "AF" }, { 1u << 6, "ZF" }, { 1u << 7, "SF" },
        { 1u << 8, "TF" }, { 1u << 10, "DF" }, { 1u << 11, "OF" }, { 1u << 14, "NT" }, { 1u << 17, "VM" },
    };
    hex_field(c, "EIP", r->eip, b->eip, 15);
    hex_field(c, "EFLAGS", r->eflags, b->eflags, 18);
    char v[80];
    snprintf(v, sizeof v, "IF=%u IOPL=%u", (r->eflags >> 9) & 1, (r->eflags >> 12) & 3);
    field(c, "", v, ((r->eflags ^ b->eflags) & 0x3200u) != 0, 20);
    newline(c);
    char set[64] = "";
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (r->eflags & names[i].bit)
            snprintf(set + strlen(set), sizeof set - strlen(set), "%s ", names[i].name);
    field(c, "flags set:", *set ? set : "none", 0, 40);
    newline(c);
}

static void segment(cursor *c, const char *name, const rs_sreg *s, const rs_sreg *b)
{
    char v[64];
    snprintf(v, sizeof v, "%04x", s->selector);
    field(c, name, v, s->selector != b->selector, 8);
    snprintf(v, sizeof v, "RPL %d DPL %d", s->selector & 3, s->dpl);
    field(c, "", v, s->dpl != b->dpl || ((s->selector ^ b->selector) & 3), 13);
    snprintf(v, sizeof v, "base %08x limit %08x", s->base, s->limit);
    field(c, "", v, s->base != b->base || s->limit != b->limit, 32);
    newline(c);
}

static void data_segments(cursor *c, const rs_regs *r, const rs_regs *b)
{
    static const struct { const char *name; int seg; } order[] = {
        { "DS", RS_SREG_DS }, { "ES", RS_SREG_ES }, { "FS", RS_SREG_FS }, { "GS", RS_SREG_GS },
    };
    for (int i = 0; i < 4; i++) {
        char v[32];
        const rs_sreg *s = &r->seg[order[i].seg], *p = &b->seg[order[i].seg];
        snprintf(v, sizeof v, "%04x/%d", s->selector, s->dpl);
        field(c, order[i].name, v, s->selector != p->selector || s->dpl != p->dpl, 12);
    }
    note(c, "(sel/DPL)");
    newline(c);
}

static void control(cursor *c, const rs_regs *r, const rs_regs *b)
{
    char v[64];
    hex_field(c, "CR0", r->cr0, b->cr0, 15);
    snprintf(v, sizeof v, "PE=%u WP=%u PG=%u", r->cr0 & 1, (r->cr0 >> 16) & 1, r->cr0 >> 31);
    field(c, "", v, ((r->cr0 ^ b->cr0) & 0x80010001u) != 0, 18);
    hex_field(c, "CR4", r->cr4, b->cr4, 13);
    snprintf(v, sizeof v, "PSE=%u", (r->cr4 >> 4) & 1);
    field(c, "", v, ((r->cr4 ^ b->cr4) & 0x10u) != 0, 8);
    newline(c);
    hex_field(c, "CR2", r->cr2, b->cr2, 15);
    field(c, "", "(#PF address)", 0, 18);
    hex_field(c, "CR3", r->cr3, b->cr3, 15);
    newline(c);
    hex_field(c, "TSS esp0", r->tss_esp0, b->tss_esp0, 20);
    snprintf(v, sizeof v, "%04x", r->tss_ss0);
    field(c, "ss0", v, r->tss_ss0 != b->tss_ss0, 9);
    snprintf(v, sizeof v, "%04x", r->tr);
    field(c, "TR", v, r->tr != b->tr, 8);
    note(c, "ring-0 stack");
    newline(c);
}

void win_regs_draw(win_ui *ui)
{
    const win_snapshot *s = ui->snap;
    int paused = (s->status.mode == WIN_PAUSED || s->status.mode == WIN_FINISHED) && s->status.show_changes;
    win_panel(ui, ui->lay.regs, paused && ui->lay.regs.w > 400 ? "Registers (yellow: changed by the last command)"
                                : paused ? "Registers (yellow: changed)" : "Registers");
    SDL_Rect b = win_panel_body(ui, ui->lay.regs);
    cursor c = { ui, b.x, b.x, b.y, win_text_height(&ui->text, WIN_FONT_TEXT) + 1, paused, b.x + b.w };
    SDL_RenderSetClipRect(ui->r, &b);
    general(&c, &s->regs, &s->regs_before);
    flags(&c, &s->regs, &s->regs_before);
    segment(&c, "CS", &s->regs.seg[RS_SREG_CS], &s->regs_before.seg[RS_SREG_CS]);
    segment(&c, "SS", &s->regs.seg[RS_SREG_SS], &s->regs_before.seg[RS_SREG_SS]);
    data_segments(&c, &s->regs, &s->regs_before);
    control(&c, &s->regs, &s->regs_before);
    SDL_RenderSetClipRect(ui->r, NULL);
}
