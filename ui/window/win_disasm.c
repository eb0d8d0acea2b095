/* Disassembly around EIP (disasm.h): the line at EIP highlighted,
 * breakpoints as red dots (click a line to set or clear one), and for each line the U/S of its
 * page, in the map's colours: user code in green or blue, kernel code in red or violet. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "branch_target.h"
#include "pagemap.h"
#include "symbols.h"
#include "win_theme.h"
#include "win_draw.h"
#include "win_ui.h"

#define MAX_LINES 48

static int is_break(const win_snapshot *s, uint32_t address)
{
    for (int i = 0; i < s->n_breakpoints; i++)
        if (s->breakpoints[i] == address)
            return 1;
    return 0;
}

static int paging_on(const win_snapshot *s)
{
    return (s->paging.cr0 & (RS_CR0_PG | RS_CR0_PE)) == (RS_CR0_PG | RS_CR0_PE);
}

static void page_words(uint8_t a, char *buf, size_t len)
{
    if (!(a & RS_PAGE_PRESENT))
        snprintf(buf, len, "not present");
    else
        snprintf(buf, len, "%s, %s", (a & RS_PAGE_USER) ? "user (U/S=1)" : "supervisor (U/S=0)",
                 (a & RS_PAGE_WRITABLE) ? "writable" : "read-only");
}

/* " <kmain+35>" after a direct branch's target ("call 0xc0101220", "jne 0x8048072"). */
static void target_symbol(const win_ui *ui, const char *text, char *buf, size_t len)
{
    uint32_t target;
    char name[160];
    buf[0] = '\0';
    if (ui_branch_target(text, &target) &&
        rs_symtab_format(win_engine_symbols(ui->engine), target, ui->snap->sym_spaces, name, sizeof name))
        snprintf(buf, len, " <%s>", name);
}

static void draw_line(win_ui *ui, const rs_insn *in, int y, int at_eip, int width)
{
    const win_snapshot *s = ui->snap;
    int lh = win_text_height(&ui->text, WIN_FONT_TEXT), adv = win_text_advance(&ui->text, WIN_FONT_TEXT);
    SDL_Rect line = { ui->lay.disasm.x + 2, y, width, lh };
    if (at_eip)
        win_fill(ui->r, line, WIN_RGB_HIGHLIGHT);
    if (is_break(s, in->address))
        win_fill(ui->r, (SDL_Rect){ line.x + 4, y + 3, 8, 8 }, 0xff4060);
    uint8_t a = s->attrs[in->address >> 12];
    win_fill(ui->r, (SDL_Rect){ line.x + 16, y + 2, 3, lh - 4 }, paging_on(s) ? win_map_page_rgb(a) : WIN_RGB_PAGING_OFF);
    char text[640], bytes[40] = "";
    for (int i = 0; i < in->size && i < 7; i++)
        snprintf(bytes + strlen(bytes), sizeof bytes - strlen(bytes), "%02x", in->bytes[i]);
    if (in->size > 7)
        strcat(bytes, "..");
    char target[180];
    target_symbol(ui, in->text, target, sizeof target);
    snprintf(text, sizeof text, "%s%08x  %-16s %s%s", at_eip ? "=>" : "  ", in->address, bytes, in->text, target);
    if (!win_fits(ui, WIN_FONT_TEXT, text, width - 24 - adv))   /* narrow: the bytes go first */
        snprintf(text, sizeof text, "%s%08x  %s%s", at_eip ? "=>" : "  ", in->address, in->text, target);
    if (!win_fits(ui, WIN_FONT_TEXT, text, width - 24 - adv))   /* then the target's name */
        snprintf(text, sizeof text, "%s%08x  %s", at_eip ? "=>" : "  ", in->address, in->text);
    win_text_draw(&ui->text, WIN_FONT_TEXT, line.x + 24, y, at_eip ? WIN_RGB_EIP : WIN_RGB_TEXT, text,
                  width - 24 - adv);
    win_add_hit(ui, line, WIN_HIT_DISASM_LINE, in->address);
}

/* Lines around TARGET for the listing: BYTES[0..LEN) are the code at BASE, with TARGET inside.
 * Up to BEFORE instructions before TARGET (found from at most 48 bytes back), then instructions
 * from TARGET on until MAX lines are filled; undecodable bytes become one-byte "(bad)" lines.
 * Returns the number of lines; *TARGET_LINE is TARGET's line (-1 if TARGET lies outside). */
static int lines_around(rs_disasm *d, int code32, const uint8_t *bytes, size_t len, uint32_t base,
                        uint32_t target, int before, rs_insn *out, int max, int *target_line)
{
    *target_line = -1;
    size_t t = (size_t)(target - base);
    if (target < base || t >= len || max <= 0)
        return 0;
    size_t offset = rs_disasm_back(d, code32, bytes, len, base, t, 48, before);
    int lines = 0;
    while (lines < max && offset < len) {
        rs_insn *line = &out[lines];
        if (!rs_disasm_one(d, code32, bytes + offset, len - offset, base + (uint32_t)offset, line)) {
            memset(line, 0, sizeof *line);
            line->address = base + (uint32_t)offset;
            line->size = 1;
            line->bytes[0] = bytes[offset];
            snprintf(line->text, sizeof line->text, "(bad)");
        }
        if (offset == t)
            *target_line = lines;
        offset += line->size;
        lines++;
    }
    return lines;
}

static void draw_title(win_ui *ui, uint32_t eip)
{
    const win_snapshot *s = ui->snap;
    char words[48], title[320];
    if (paging_on(s))
        page_words(s->attrs[eip >> 12], words, sizeof words);
    else
        snprintf(words, sizeof words, "rights: none (paging off)");
    char name[160] = "";
    if (rs_symtab_format(win_engine_symbols(ui->engine), eip, s->sym_spaces, name + 2, sizeof name - 4))
        name[0] = ' ', name[1] = '<', strcat(name, ">");
    char shorter[320];
    snprintf(title, sizeof title, "Code at %04x:%08x%s  page %s%s", s->regs.seg[RS_SREG_CS].selector, s->regs.eip,
             name, words, s->code.code32 ? "" : "  (16-bit)");
    snprintf(shorter, sizeof shorter, "Code at %04x:%08x%s%s", s->regs.seg[RS_SREG_CS].selector, s->regs.eip, name,
             s->code.code32 ? "" : " (16-bit)");
    const char *const titles[] = { title, shorter };
    win_panel_fit(ui, ui->lay.disasm, titles, 2);
}

void win_disasm_draw(win_ui *ui)
{
    const win_snapshot *s = ui->snap;
    uint32_t eip = s->regs.seg[RS_SREG_CS].base + s->regs.eip;
    draw_title(ui, eip);
    SDL_Rect b = win_panel_body(ui, ui->lay.disasm);
    int lh = win_text_height(&ui->text, WIN_FONT_TEXT);
    int rows = b.h / lh < MAX_LINES ? b.h / lh : MAX_LINES;
    rs_insn lines[MAX_LINES];
    int at = -1;
    int n = lines_around(ui->dis, s->code.code32, s->code.bytes, s->code.len, s->code.start, eip, rows / 3, lines,
                         rows, &at);
    if (at < 0) {
        win_text_draw(&ui->text, WIN_FONT_TEXT, b.x, b.y, WIN_RGB_FAULT, "EIP's page cannot be read (not present)", b.w);
        return;
    }
    /* A symbol's first instruction gets its name on a line of its own, as objdump writes it. */
    const rs_symtab *syms = win_engine_symbols(ui->engine);
    int y = b.y;
    for (int i = 0; i < n && y + lh <= b.y + b.h; i++) {
        rs_symbol sym;
        if (rs_symtab_lookup(syms, lines[i].address, s->sym_spaces, &sym) && sym.address == lines[i].address &&
            y + 2 * lh <= b.y + b.h && (i > 0 || at == 0)) {
            char label[170];
            snprintf(label, sizeof label, "<%s>:", sym.name);
            win_text_draw(&ui->text, WIN_FONT_BOLD, ui->lay.disasm.x + 26, y, WIN_RGB_ACCENT, label, b.w - 20);
            y += lh;
        }
        draw_line(ui, &lines[i], y, i == at, ui->lay.disasm.w - 4);
        y += lh;
    }
}
