/* Memory views: `x`, `disas`, `pagewalk`, `map`, and the "=> next instruction" line.
 *
 * Memory is read through the current page tables with supervisor rights (what the kernel could
 * read), never changing the guest (no accessed bits). Instructions are decoded with Capstone in
 * Intel syntax, 32- or 16-bit as the current code segment's D bit says. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "branch_target.h"
#include "debug_session.h"
#include "debug_text.h"

#define INSN_BYTES_SHOWN 7

uint32_t dbg_current_linear(dbg_session *s)
{
    const rs_regs *r = rs_dbg_regs_now(s->d);
    return r->seg[RS_SREG_CS].base + r->eip;
}

int dbg_is_breakpoint(dbg_session *s, uint32_t linear)
{
    uint32_t bp[RS_DBG_MAX_BREAKPOINTS];
    int n = rs_dbg_breakpoints(s->d, bp, RS_DBG_MAX_BREAKPOINTS);
    for (int i = 0; i < n && i < RS_DBG_MAX_BREAKPOINTS; i++)
        if (bp[i] == linear)
            return 1;
    return 0;
}

/* Why LINEAR cannot be read: "PDE[768] P=0: not present", or its frame lies outside RAM. */
static void unreadable_reason(dbg_session *s, uint32_t linear, char *buf, size_t len)
{
    rs_mmu_inspection in;
    if (rs_mmu_inspect(rs_machine_physmem(s->m), rs_machine_paging(s->m), linear, RS_ACC_READ, 0, &in)) {
        snprintf(buf, len, "physical 0x%08llx is outside RAM", (unsigned long long)in.phys);
        return;
    }
    char why[160];
    rs_mmu_denial_text(&in, why, sizeof why);
    snprintf(buf, len, "not mapped: %s", why);
}

static void print_unreadable(dbg_session *s, uint32_t linear)
{
    char why[200];
    unreadable_reason(s, linear, why, sizeof why);
    dbg_error("cannot read 0x%08x: %s", linear, why);
}

/* " <kmain>" after a direct CALL, JMP or Jcc whose target has a symbol. */
static void branch_target_symbol(dbg_session *s, const rs_insn *insn, char *buf, size_t len)
{
    uint32_t target;
    buf[0] = '\0';
    if (ui_branch_target(insn->text, &target))
        rs_machine_symbolize(s->m, target, 1, buf, len);
}

uint32_t dbg_print_insn(dbg_session *s, const char *mark, uint32_t linear)
{
    uint8_t code[16];
    uint32_t n = rs_machine_read_linear(s->m, linear, code, sizeof code, NULL);
    if (n == 0) {
        char why[200];
        unreadable_reason(s, linear, why, sizeof why);
        printf("%s0x%08x  (cannot read: %s)\n", mark, linear, why);
        return 0;
    }
    rs_insn insn;
    if (!rs_disasm_one(s->dis, rs_machine_code32(s->m), code, n, linear, &insn)) {
        printf("%s0x%08x  %02x                    (not a valid instruction)\n", mark, linear, code[0]);
        return 0;
    }
    char bytes[3 * INSN_BYTES_SHOWN + 4] = "";
    size_t shown = insn.size <= INSN_BYTES_SHOWN ? insn.size : INSN_BYTES_SHOWN - 1;
    for (size_t i = 0; i < shown; i++)
        snprintf(bytes + strlen(bytes), sizeof bytes - strlen(bytes), "%s%02x", i ? " " : "", insn.bytes[i]);
    if (shown < insn.size)
        strcat(bytes, " ..");
    char at[180], target[180] = "";
    rs_machine_symbolize(s->m, linear, 1, at, sizeof at);
    branch_target_symbol(s, &insn, target, sizeof target);
    printf("%s0x%08x%s  %-*s  %s%s\n", mark, linear, at, 3 * INSN_BYTES_SHOWN - 1, bytes, insn.text, target);
    return insn.size;
}

void dbg_print_next_insn(dbg_session *s) { dbg_print_insn(s, "=> ", dbg_current_linear(s)); }

/* ---- x ---- */

static void dump_words(uint32_t addr, const uint8_t *data, uint32_t n)
{
    for (uint32_t off = 0; off + 4 <= n; off += 16) {
        printf("0x%08x ", addr + off);
        for (uint32_t i = off; i < off + 16 && i + 4 <= n; i += 4) {
            uint32_t w;
            memcpy(&w, data + i, 4);
            printf(" 0x%08x", w);
        }
        printf("\n");
    }
}

static void dump_string(uint32_t addr, const uint8_t *data, uint32_t n, uint32_t max)
{
    printf("0x%08x  \"", addr);
    uint32_t i;
    for (i = 0; i < n && data[i]; i++) {
        uint8_t c = data[i];
        if (c == '\n') printf("\\n");
        else if (c == '\t') printf("\\t");
        else if (c == '\r') printf("\\r");
        else if (c == '"' || c == '\\') printf("\\%c", c);
        else if (isprint(c)) putchar(c);
        else printf("\\x%02x", c);
    }
    printf("\"%s\n", i == n && n == max ? "  (no NUL within the count)" : "");
}

void dbg_dump_memory(dbg_session *s, uint32_t addr, uint32_t count, char format)
{
    uint8_t probe;
    if (rs_machine_read_linear(s->m, addr, &probe, 1, NULL) == 0) {
        print_unreadable(s, addr);
        return;
    }
    if (format == 'i') {
        for (uint32_t i = 0; i < count; i++) {
            uint32_t len = dbg_print_insn(s, dbg_is_breakpoint(s, addr) ? "b   " : "    ", addr);
            if (!len)
                return;
            addr += len;
        }
        return;
    }
    uint32_t bytes = format == 'w' ? count * 4 : count;
    uint8_t *data = malloc(bytes);
    if (!data) {
        dbg_error("out of memory");
        return;
    }
    uint32_t n = rs_machine_read_linear(s->m, addr, data, bytes, NULL);
    if (format == 's' && n > 0)
        dump_string(addr, data, n, bytes);
    else if (format == 'w')
        dump_words(addr, data, n);
    else
        dbg_text_hexdump(stdout, addr, data, n);
    if (n < bytes && !(format == 's' && memchr(data, 0, n)))
        print_unreadable(s, addr + n);
    free(data);
}

/* ---- disas ---- */

/* The up-to-3 instructions before LINEAR, found by decoding from up to 32 readable bytes back
 * (rs_disasm_back). Returns how many, in OUT. */
static int instructions_before(dbg_session *s, uint32_t linear, uint32_t *out)
{
    uint8_t code[32];
    uint32_t back = sizeof code;
    for (; back >= 1; back--)
        if (linear >= back && rs_machine_read_linear(s->m, linear - back, code, back, NULL) == back)
            break;
    if (!back)
        return 0;
    int code32 = rs_machine_code32(s->m);
    uint32_t base = linear - back;
    size_t at = rs_disasm_back(s->dis, code32, code, back, base, back, back, 3);
    int n = 0;
    while (at < back) {
        out[n++] = base + (uint32_t)at;
        at += (size_t)rs_disasm_one(s->dis, code32, code + at, back - at, base + (uint32_t)at, NULL);
    }
    return n;
}

void dbg_disassemble(dbg_session *s, uint32_t addr, uint32_t count, int around_eip)
{
    uint32_t eip = dbg_current_linear(s);
    if (around_eip) {
        uint32_t before[3];
        int n = instructions_before(s, addr, before);
        for (int i = 0; i < n; i++)
            dbg_print_insn(s, dbg_is_breakpoint(s, before[i]) ? "b   " : "    ", before[i]);
    }
    for (uint32_t i = 0; i < count; i++) {
        char mark[5] = "    ";
        if (dbg_is_breakpoint(s, addr))
            mark[0] = 'b';
        if (addr == eip)
            mark[1] = '=', mark[2] = '>';
        uint32_t len = dbg_print_insn(s, mark, addr);
        if (!len)
            return;
        addr += len;
    }
}

/* ---- pagewalk ---- */

void dbg_pagewalk(dbg_session *s, uint32_t linear) { dbg_text_pagewalk(stdout, s->m, linear); }

/* ---- map ---- */

void dbg_print_map(dbg_session *s)
{
    if (dbg_text_map(stdout, s->m) < 0)
        dbg_error("out of memory");
}
