/* Reading what the user typed: numbers, addresses, event kinds; and the one-line error. */
#include <ctype.h>
#include <stdarg.h>
#include <string.h>
#include "debug_session.h"
#include "number.h"
#include "symbols.h"

void dbg_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("error: ", stdout);
    vprintf(fmt, ap);
    fputc('\n', stdout);
    va_end(ap);
}

/* ---- Numbers and addresses ---- */

int dbg_parse_number(const char *text, uint64_t max, const char *what, uint64_t *out)
{
    switch (rs_parse_number(text, max, out)) {
    case RS_NUMBER_OK: return 1;
    case RS_NUMBER_BAD: dbg_error("bad %s '%s' (write 0x hex or decimal)", what, text); return 0;
    case RS_NUMBER_TOO_BIG: dbg_error("%s %s is too big (at most %llu)", what, text, (unsigned long long)max); return 0;
    }
    return 0;
}

int dbg_parse_count(const char *text, uint64_t max, uint64_t *out)
{
    if (!dbg_parse_number(text, max, "count", out))
        return 0;
    if (*out == 0) {
        dbg_error("count must be at least 1");
        return 0;
    }
    return 1;
}

static const char *const reg_names[] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi" };

static int register_value(dbg_session *s, const char *name, size_t len, uint32_t *out)
{
    const rs_regs *r = rs_dbg_regs_now(s->d);
    if (len == 3 && !strncmp(name, "eip", 3)) {
        *out = r->eip;
        return 1;
    }
    for (int i = 0; i < 8; i++)
        if (len == 3 && !strncmp(name, reg_names[i], 3)) {
            *out = r->gpr[i];
            return 1;
        }
    return 0;
}

/* "kmain", "main+4", "hello.elf:main-2": a symbol of the kernel or of a program this address
 * space maps (symbols.h), with an optional offset. */
static int symbol_address(dbg_session *s, const char *p, uint32_t *out)
{
    char name[160];
    size_t len = strcspn(p, "+-");
    if (len >= sizeof name) {
        dbg_error("symbol name too long");
        return 0;
    }
    memcpy(name, p, len);
    name[len] = '\0';
    rs_symbol sym;
    if (!rs_symtab_find(rs_machine_symbols(s->m), name, rs_machine_symbol_spaces(s->m, 0), &sym)) {
        dbg_error("no symbol '%s' (the kernel's and the programs' ELF symbol tables; 0x hex or decimal for an "
                  "address)", name);
        return 0;
    }
    uint64_t off = 0;
    if (p[len] && !dbg_parse_number(p + len + 1, UINT32_MAX, "offset", &off))
        return 0;
    *out = p[len] == '-' ? sym.address - (uint32_t)off : sym.address + (uint32_t)off;
    return 1;
}

int dbg_parse_address(dbg_session *s, const char *text, uint32_t *out)
{
    const char *p = text[0] == '*' ? text + 1 : text;    /* gdb's "break *0x..." */
    if (isalpha((unsigned char)*p) || *p == '_' || *p == '.')
        return symbol_address(s, p, out);
    if (*p != '$') {
        uint64_t v;
        if (!dbg_parse_number(p, UINT32_MAX, "address", &v))
            return 0;
        *out = (uint32_t)v;
        return 1;
    }
    size_t len = strcspn(p + 1, "+-");
    uint32_t base;
    if (!register_value(s, p + 1, len, &base)) {
        dbg_error("unknown register '%.*s' (use $eax $ecx $edx $ebx $esp $ebp $esi $edi $eip)", (int)len, p + 1);
        return 0;
    }
    const char *rest = p + 1 + len;
    uint64_t off = 0;
    if (*rest && !dbg_parse_number(rest + 1, UINT32_MAX, "offset", &off))
        return 0;
    *out = *rest == '-' ? base - (uint32_t)off : base + (uint32_t)off;
    return 1;
}

int dbg_parse_kind(const char *word)
{
    int k = rs_event_kind_from_name(word);
    if (k < 0 || k == RS_EV_BREAKPOINT || k == RS_EV_LIMIT || k == RS_EV_STOP) {
        dbg_error("unknown event kind '%s' (one of: %s)", word, DBG_KIND_WORDS);
        return -1;
    }
    return k;
}
