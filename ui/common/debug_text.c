/* See debug_text.h. (Moved here from debug_memory.c and debug_events.c, unchanged in output.) */
#include <ctype.h>
#include <stdlib.h>
#include "cli_trace.h"
#include "debug_text.h"
#include "explain.h"
#include "pagemap.h"

/* ---- pagewalk ---- */

static void print_entry(FILE *out, const char *name, const rs_mmu_entry *e, rs_mmu_level level)
{
    char text[200];
    rs_mmu_entry_text(e, level, text, sizeof text);
    char label[16];
    snprintf(label, sizeof label, "%s[%u]", name, e->index);
    fprintf(out, "  %-9s at 0x%08x = 0x%08x  %s\n", label, e->addr, e->raw, text);
}

static void print_access(FILE *out, rs_machine *m, uint32_t linear, rs_access access, int cpl)
{
    rs_mmu_inspection in;
    rs_mmu_inspect(rs_machine_physmem(m), rs_machine_paging(m), linear, access, cpl, &in);
    char who[32];
    snprintf(who, sizeof who, "%s %s", cpl == 3 ? "user" : "supervisor", rs_mmu_access_name(access));
    if (in.allowed) {
        fprintf(out, "  %-17s allowed\n", who);
        return;
    }
    char why[160], code[96];
    rs_mmu_denial_text(&in, why, sizeof why);
    rs_mmu_pf_error_text(in.error_code, code, sizeof code);
    fprintf(out, "  %-17s #PF(%s): %s\n", who, code, why);
}

static void print_indices(FILE *out, const rs_mmu_inspection *in, uint32_t linear)
{
    if (in->large)
        fprintf(out, "  directory index %u (bits 31-22), offset 0x%06x in a 4 MiB page (bits 21-0)\n",
                linear >> 22, linear & 0x3fffffu);
    else
        fprintf(out, "  directory index %u (bits 31-22), table index %u (bits 21-12), offset 0x%03x (bits 11-0)\n",
                linear >> 22, (linear >> 12) & 0x3ffu, linear & 0xfffu);
}

void dbg_text_pagewalk(FILE *out, rs_machine *m, uint32_t linear)
{
    rs_paging pg = rs_machine_paging(m);
    rs_mmu_inspection in;
    rs_mmu_inspect(rs_machine_physmem(m), pg, linear, RS_ACC_READ, 0, &in);
    if (!in.paging) {
        fprintf(out, "paging is off (CR0.PG=0): linear 0x%08x is physical 0x%08x, every access allowed\n",
                linear, linear);
        return;
    }
    fprintf(out, "pagewalk 0x%08x: CR3 0x%08x, CR4.PSE=%d, CR0.WP=%d\n", linear, pg.cr3,
            (pg.cr4 & RS_CR4_PSE) != 0, (pg.cr0 & RS_CR0_WP) != 0);
    print_indices(out, &in, linear);
    print_entry(out, "PDE", &in.pde, RS_LEVEL_PDE);
    if (in.levels == 2)
        print_entry(out, "PTE", &in.pte, RS_LEVEL_PTE);
    if (in.deny == RS_DENY_NOT_PRESENT || in.deny == RS_DENY_RESERVED) {
        char why[160];
        rs_mmu_denial_text(&in, why, sizeof why);
        fprintf(out, "  not mapped: %s\n", why);
    } else {
        fprintf(out, "  maps to physical 0x%08llx; %s, %s (U/S and R/W combined over every level)\n",
                (unsigned long long)in.phys, in.user ? "user" : "supervisor", in.writable ? "writable" : "read-only");
    }
    print_access(out, m, linear, RS_ACC_READ, 3);
    print_access(out, m, linear, RS_ACC_WRITE, 3);
    print_access(out, m, linear, RS_ACC_READ, 0);
    print_access(out, m, linear, RS_ACC_WRITE, 0);
}

/* ---- map ---- */

int dbg_text_map(FILE *out, rs_machine *m)
{
    rs_paging pg = rs_machine_paging(m);
    const rs_physmem *pm = rs_machine_physmem(m);
    size_t n = rs_pagemap_regions(pm, pg, NULL, 0);
    rs_pagemap_region *r = malloc((n ? n : 1) * sizeof *r);
    size_t len = 0;
    char *text = NULL;
    if (r) {
        rs_pagemap_regions(pm, pg, r, n);
        len = rs_pagemap_format(r, n, NULL, 0) + 1;
        text = malloc(len);
    }
    if (text) {
        rs_pagemap_format(r, n, text, len);
        fprintf(out, "CR3 0x%08x, paging %s, CR4.PSE=%d, CR0.WP=%d\n%s", pg.cr3,
                (pg.cr0 & RS_CR0_PG) && (pg.cr0 & RS_CR0_PE) ? "on" : "off (every address is physical)",
                (pg.cr4 & RS_CR4_PSE) != 0, (pg.cr0 & RS_CR0_WP) != 0, text);
    }
    free(text);
    free(r);
    return text ? 0 : -1;
}

/* ---- x/Nb ---- */

void dbg_text_hexdump(FILE *out, uint32_t addr, const uint8_t *data, uint32_t n)
{
    for (uint32_t off = 0; off < n; off += 16) {
        uint32_t k = n - off < 16 ? n - off : 16;
        fprintf(out, "0x%08x ", addr + off);
        for (uint32_t i = 0; i < 16; i++) {
            if (i == 8)
                fputc(' ', out);
            if (i < k)
                fprintf(out, " %02x", data[off + i]);
            else
                fputs("   ", out);
        }
        fputs("  |", out);
        for (uint32_t i = 0; i < k; i++)
            fputc(isprint(data[off + i]) ? data[off + i] : '.', out);
        fputs("|\n", out);
    }
}

/* ---- events, explain ---- */

int dbg_text_is_chatter(const rs_event *ev) { return ev->kind == RS_EV_IO && !ev->u.io.denied; }

static int wanted(const rs_event *ev, int kind)
{
    return kind >= 0 ? (int)ev->kind == kind : !dbg_text_is_chatter(ev);
}

void dbg_text_events(FILE *out, rs_machine *m, uint64_t n, int kind)
{
    const rs_evlog *log = rs_machine_event_log(m);
    uint64_t oldest = rs_evlog_oldest(log), first = log->next_seq, found = 0;
    while (first > oldest && found < n) {
        if (wanted(rs_evlog_get(log, first - 1), kind))
            found++;
        first--;
    }
    if (!found) {
        fprintf(out, "no %s%sevents in the log\n", kind >= 0 ? rs_event_kind_name((rs_event_kind)kind) : "",
                kind >= 0 ? " " : "");
        return;
    }
    for (uint64_t q = first; q < log->next_seq; q++) {
        const rs_event *ev = rs_evlog_get(log, q);
        if (wanted(ev, kind))
            rs_cli_explain_print(out, ev);
    }
}

void dbg_text_explain_last(FILE *out, rs_machine *m)
{
    const rs_evlog *log = rs_machine_event_log(m);
    for (uint64_t q = log->next_seq; q > rs_evlog_oldest(log); q--) {
        const rs_event *ev = rs_evlog_get(log, q - 1);
        if (ev->kind != RS_EV_EXCEPTION)
            continue;
        char text[4096];
        rs_explain_exception(ev, text, sizeof text);
        fprintf(out, "the last exception, at icount %llu:\n%s\n", (unsigned long long)ev->icount, text);
        return;
    }
    fprintf(out, "no exception in the log yet\n");
}
