/* `regs`: the registers a reader of the SDM's protection chapters wants, decoded, with '*' after
 * each value the last command that ran the guest changed (the debugger core keeps the registers
 * from before and after each command). */
#include <stdarg.h>
#include <string.h>
#include "debug_session.h"

/* Each line is built whole and printed without trailing blanks (an unchanged value at the end of
 * a line leaves its mark column empty), so transcripts compare cleanly. */
typedef struct line_buf {
    char text[512];
    size_t used;
} line_buf;

__attribute__((format(printf, 2, 3)))
static void add(line_buf *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (l->used < sizeof l->text) {
        int n = vsnprintf(l->text + l->used, sizeof l->text - l->used, fmt, ap);
        if (n > 0)
            l->used = l->used + (size_t)n < sizeof l->text ? l->used + (size_t)n : sizeof l->text - 1;
    }
    va_end(ap);
}

static void end_line(line_buf *l)
{
    while (l->used > 0 && l->text[l->used - 1] == ' ')
        l->used--;
    printf("%.*s\n", (int)l->used, l->text);
    l->used = 0;
    l->text[0] = '\0';
}

static const char *const gpr_names[] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi" };
static const char *const sreg_names[] = { "es", "cs", "ss", "ds", "fs", "gs" };
/* Shown in the order people read them, not the encoding order. */
static const int sreg_order[] = { RS_SREG_CS, RS_SREG_SS, RS_SREG_DS, RS_SREG_ES, RS_SREG_FS, RS_SREG_GS };

typedef struct bit_name {
    int bit;
    const char *name;
} bit_name;

static const bit_name eflags_bits[] = {
    { 0, "CF" }, { 2, "PF" }, { 4, "AF" }, { 6, "ZF" }, { 7, "SF" }, { 8, "TF" }, { 9, "IF" },
    { 10, "DF" }, { 11, "OF" }, { 14, "NT" }, { 16, "RF" }, { 17, "VM" }, { 18, "AC" },
    { 19, "VIF" }, { 20, "VIP" }, { 21, "ID" },
};
static const bit_name cr0_bits[] = {
    { 0, "PE" }, { 1, "MP" }, { 2, "EM" }, { 3, "TS" }, { 4, "ET" }, { 5, "NE" }, { 16, "WP" },
    { 18, "AM" }, { 29, "NW" }, { 30, "CD" }, { 31, "PG" },
};
static const bit_name cr4_bits[] = {
    { 0, "VME" }, { 1, "PVI" }, { 2, "TSD" }, { 3, "DE" }, { 4, "PSE" }, { 5, "PAE" }, { 6, "MCE" },
    { 7, "PGE" }, { 8, "PCE" }, { 9, "OSFXSR" }, { 10, "OSXMMEXCPT" }, { 11, "UMIP" }, { 13, "VMXE" },
    { 16, "FSGSBASE" }, { 17, "PCIDE" }, { 18, "OSXSAVE" }, { 20, "SMEP" }, { 21, "SMAP" },
};

static void add_bits(line_buf *l, uint32_t value, const bit_name *bits, size_t n)
{
    int any = 0;
    for (size_t i = 0; i < n; i++)
        if (value & (1u << bits[i].bit)) {
            add(l, " %s", bits[i].name);
            any = 1;
        }
    if (!any)
        add(l, " (none)");
}

#define BITS(l, v, table) add_bits((l), (v), (table), sizeof (table) / sizeof (table)[0])

static char mark(int changed) { return changed ? '*' : ' '; }

static void print_gprs(line_buf *l, const rs_regs *r, const rs_regs *b)
{
    for (int i = 0; i < 8; i++) {
        add(l, "%s 0x%08x%c ", gpr_names[i], r->gpr[i], mark(r->gpr[i] != b->gpr[i]));
        if (i % 4 == 3)
            end_line(l);
    }
}

static void print_eip_eflags(line_buf *l, const rs_regs *r, const rs_regs *b)
{
    uint32_t f = r->eflags;
    add(l, "eip 0x%08x%c eflags 0x%08x%c IOPL %u, IF %u (interrupts %s); flags:", r->eip, mark(r->eip != b->eip), f,
        mark(f != b->eflags), (f >> 12) & 3, (f >> 9) & 1, (f & (1u << 9)) ? "enabled" : "disabled");
    BITS(l, f & ~(3u << 12), eflags_bits);
    end_line(l);
}

static void print_segments(line_buf *l, const rs_regs *r, const rs_regs *b)
{
    for (size_t i = 0; i < sizeof sreg_order / sizeof sreg_order[0]; i++) {
        int k = sreg_order[i];
        const rs_sreg *s = &r->seg[k], *o = &b->seg[k];
        int changed = s->selector != o->selector || s->base != o->base || s->limit != o->limit || s->dpl != o->dpl;
        add(l, "%s  0x%04x%c index %-4u %s RPL %u  DPL %d  base 0x%08x  limit 0x%08x", sreg_names[k], s->selector,
            mark(changed), s->selector >> 3, (s->selector & 4) ? "LDT" : "GDT", s->selector & 3u, s->dpl, s->base,
            s->limit);
        end_line(l);
    }
    add(l, "CPL %d%c (the RPL of CS)", r->cpl, mark(r->cpl != b->cpl));
    end_line(l);
}

static void print_control(line_buf *l, const rs_regs *r, const rs_regs *b)
{
    add(l, "cr0 0x%08x%c", r->cr0, mark(r->cr0 != b->cr0));
    BITS(l, r->cr0, cr0_bits);
    end_line(l);
    add(l, "cr2 0x%08x%c the address of the last page fault", r->cr2, mark(r->cr2 != b->cr2));
    end_line(l);
    add(l, "cr3 0x%08x%c page directory at physical 0x%08x%s%s", r->cr3, mark(r->cr3 != b->cr3), r->cr3 & ~0xfffu,
        (r->cr3 & 8) ? ", PWT" : "", (r->cr3 & 16) ? ", PCD" : "");
    end_line(l);
    add(l, "cr4 0x%08x%c", r->cr4, mark(r->cr4 != b->cr4));
    BITS(l, r->cr4, cr4_bits);
    end_line(l);
}

static void print_tables(line_buf *l, const rs_regs *r, const rs_regs *b)
{
    add(l, "gdtr 0x%08x limit 0x%04x%c  idtr 0x%08x limit 0x%04x%c", r->gdtr_base, r->gdtr_limit,
        mark(r->gdtr_base != b->gdtr_base || r->gdtr_limit != b->gdtr_limit), r->idtr_base, r->idtr_limit,
        mark(r->idtr_base != b->idtr_base || r->idtr_limit != b->idtr_limit));
    end_line(l);
    if (!r->tr)
        add(l, "tr   0x0000%c no task register loaded (no TSS: no stack switch possible)", mark(r->tr != b->tr));
    else
        add(l, "tr   0x%04x%c TSS at 0x%08x: esp0 0x%08x%c ss0 0x%04x%c (the ring-0 stack for a switch from ring 3)",
            r->tr, mark(r->tr != b->tr || r->tss_base != b->tss_base), r->tss_base, r->tss_esp0,
            mark(r->tss_esp0 != b->tss_esp0), r->tss_ss0, mark(r->tss_ss0 != b->tss_ss0));
    end_line(l);
}

void dbg_cmd_regs_print(dbg_session *s)
{
    const rs_regs *r = rs_dbg_regs_now(s->d), *b = rs_dbg_regs_before(s->d);
    line_buf l = { .used = 0 };
    print_gprs(&l, r, b);
    print_eip_eflags(&l, r, b);
    print_segments(&l, r, b);
    print_control(&l, r, b);
    print_tables(&l, r, b);
}
