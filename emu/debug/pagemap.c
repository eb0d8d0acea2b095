/* See pagemap.h. The walk is rs_mmu_inspect's, turned inside out: instead of one address
 * through both levels, every directory entry once and every table of a present one once. */
#include "text.h"
#include "pagemap.h"
#include <stdio.h>
#include <string.h>

enum {
    ENTRIES = 1024,   /* per directory and per table (SDM 4.3: 10 index bits each) */
    TABLE_BYTES = 4096,
    /* The region merge key: what `info mem` shows (plus the reserved-bit trap). */
    REGION_KEY = RS_PAGE_PRESENT | RS_PAGE_USER | RS_PAGE_WRITABLE | RS_PAGE_RESERVED,
};

/* Entries outside RAM read as 0, i.e. not present (never read past the buffer). */
static uint32_t entry_at(const rs_physmem *pm, uint64_t pa)
{
    return rs_phys_in_ram(pm, pa, 4) ? rs_phys_read32(pm, pa) : 0;
}

/* Directory entry I (it maps linear I << 22 on); 0 when it lies outside RAM. */
static uint32_t pde_at(const rs_physmem *pm, rs_paging pg, uint32_t i)
{
    return entry_at(pm, (uint64_t)(pg.cr3 & 0xfffff000u) + i * 4);
}

static int maps_large_page(rs_paging pg, uint32_t pde)
{
    return (pde & RS_PDE_PS) && (pg.cr4 & RS_CR4_PSE);   /* SDM 4.3: PS counts only with PSE */
}

static int paging_on(rs_paging pg)
{
    return (pg.cr0 & RS_CR0_PG) && (pg.cr0 & RS_CR0_PE);
}

/* The attribute byte of every page of a 4 MiB page (SDM 4.3, Table 4-4; 4.6). */
static uint8_t large_page_attrs(uint32_t pde)
{
    uint32_t a = (pde & (RS_PAGE_PRESENT | RS_PAGE_WRITABLE | RS_PAGE_USER | RS_PAGE_ACCESSED |
                         RS_PAGE_DIRTY)) | RS_PAGE_LARGE;
    if (pde & RS_PDE_4M_RSVD)
        a |= RS_PAGE_RESERVED;
    return (uint8_t)a;
}

/* What a present PTE contributes once ANDed with it: its own P, A, D, and the R/W and U/S the
 * PDE allows (SDM 4.6: both levels must agree). The flag positions equal the entry bits. */
static uint32_t pte_keep_mask(uint32_t pde)
{
    return RS_PAGE_PRESENT | RS_PAGE_ACCESSED | RS_PAGE_DIRTY |
           (pde & (RS_PAGE_WRITABLE | RS_PAGE_USER));
}

/* A page table wholly in RAM: a straight loop the compiler vectorises. "0u - (v & 1)" is all
 * ones for a present entry and 0 otherwise, so a not-present page is 0 whatever else it holds. */
static void fill_table_fast(const uint8_t *restrict table, uint32_t keep, uint8_t *restrict out)
{
    for (uint32_t j = 0; j < ENTRIES; j++) {
        uint32_t v;
        memcpy(&v, table + 4 * j, 4);
        out[j] = (uint8_t)(v & keep & (0u - (v & 1u)));
    }
}

static void fill_table_slow(const rs_physmem *pm, uint64_t table, uint32_t keep, uint8_t *out)
{
    for (uint32_t j = 0; j < ENTRIES; j++) {
        uint32_t v = entry_at(pm, table + 4 * j);
        out[j] = (uint8_t)(v & keep & (0u - (v & 1u)));
    }
}

/* One directory entry's 1024 pages. */
static void fill_pde(const rs_physmem *pm, rs_paging pg, uint32_t pde, uint8_t *out)
{
    if (maps_large_page(pg, pde)) {
        memset(out, large_page_attrs(pde), ENTRIES);
        return;
    }
    uint64_t table = pde & 0xfffff000u;
    if (rs_phys_in_ram(pm, table, TABLE_BYTES))
        fill_table_fast(pm->ram + table, pte_keep_mask(pde), out);
    else
        fill_table_slow(pm, table, pte_keep_mask(pde), out);
}

void rs_pagemap_fill(const rs_physmem *pm, rs_paging pg, uint8_t *attrs)
{
    if (!paging_on(pg)) {
        memset(attrs, RS_PAGE_PRESENT | RS_PAGE_WRITABLE | RS_PAGE_USER, RS_PAGEMAP_PAGES);
        return;
    }
    for (uint32_t i = 0; i < ENTRIES;) {
        uint32_t pde = pde_at(pm, pg, i);
        if (pde & RS_PTE_P) {
            fill_pde(pm, pg, pde, attrs + (size_t)i * ENTRIES);
            i++;
            continue;
        }
        uint32_t run = 1;   /* not-present directory entries, cleared in one go */
        while (i + run < ENTRIES && !(pde_at(pm, pg, i + run) & RS_PTE_P))
            run++;
        memset(attrs + (size_t)i * ENTRIES, 0, (size_t)run * ENTRIES);
        i += run;
    }
}

/* ---- Regions ---- */

/* Builds regions from runs of present pages handed over in address order. */
typedef struct merger {
    rs_pagemap_region *out;
    size_t max, count;
    rs_pagemap_region cur;   /* cur.pages == 0: no open region */
} merger;

static void merger_close(merger *m)
{
    if (!m->cur.pages)
        return;
    if (m->count < m->max)
        m->out[m->count] = m->cur;
    m->count++;
    m->cur.pages = 0;
}

/* PAGES present pages from linear page number FIRST with attribute byte ATTRS. */
static void merger_add(merger *m, uint32_t first, uint32_t pages, uint8_t attrs)
{
    uint8_t key = attrs & REGION_KEY;
    if (m->cur.pages && key == m->cur.attrs && (m->cur.start >> 12) + m->cur.pages == first) {
        m->cur.pages += pages;
        return;
    }
    merger_close(m);
    m->cur = (rs_pagemap_region){ .start = first << 12, .pages = pages, .attrs = key };
}

/* How many bytes from A[P] on (up to END) have region key KEY: eight at a time while whole
 * words match, since uniform runs of thousands of pages are the common case. */
static uint32_t run_length(const uint8_t *a, uint32_t p, uint32_t end, uint8_t key)
{
    const uint64_t ones = 0x0101010101010101ull, mask = REGION_KEY * ones, want = key * ones;
    uint32_t q = p;
    for (uint64_t w; q + 8 <= end; q += 8) {
        memcpy(&w, a + q, 8);
        if ((w & mask) != want)
            break;
    }
    while (q < end && (a[q] & REGION_KEY) == key)
        q++;
    return q - p;
}

/* Hands the present runs of ATTRS[0..N), which describe pages FIRST.., to the merger. */
static void merge_attrs(merger *m, const uint8_t *attrs, uint32_t n, uint32_t first)
{
    for (uint32_t p = 0; p < n;) {
        uint8_t key = attrs[p] & REGION_KEY;
        uint32_t run = run_length(attrs, p, n, key);
        if (key & RS_PAGE_PRESENT)
            merger_add(m, first + p, run, key);
        p += run;
    }
}

size_t rs_pagemap_regions(const rs_physmem *pm, rs_paging pg, rs_pagemap_region *out, size_t max)
{
    merger m = { .out = out, .max = max };
    if (!paging_on(pg)) {
        merger_add(&m, 0, RS_PAGEMAP_PAGES, RS_PAGE_PRESENT | RS_PAGE_WRITABLE | RS_PAGE_USER);
        merger_close(&m);
        return m.count;
    }
    /* One directory entry at a time through the same fill as the array, 1 KiB on the stack. */
    uint8_t block[ENTRIES];
    for (uint32_t i = 0; i < ENTRIES; i++) {
        uint32_t pde = pde_at(pm, pg, i);
        if (!(pde & RS_PTE_P))
            continue;
        fill_pde(pm, pg, pde, block);
        merge_attrs(&m, block, ENTRIES, i * ENTRIES);
    }
    merger_close(&m);
    return m.count;
}

size_t rs_pagemap_regions_from_attrs(const uint8_t *attrs, rs_pagemap_region *out, size_t max)
{
    merger m = { .out = out, .max = max };
    merge_attrs(&m, attrs, RS_PAGEMAP_PAGES, 0);
    merger_close(&m);
    return m.count;
}

/* ---- Text ---- */


/* An exact size in the largest unit that divides it: "12 KiB", "4 MiB", "4 GiB". */
static void add_size(rs_text *t, uint64_t pages, int width)
{
    uint64_t kib = pages * 4;
    if (kib % (1u << 20) == 0)
        rs_text_add(t, "%*llu GiB", width, (unsigned long long)(kib >> 20));
    else if (kib % 1024 == 0)
        rs_text_add(t, "%*llu MiB", width, (unsigned long long)(kib >> 10));
    else
        rs_text_add(t, "%*llu KiB", width, (unsigned long long)kib);
}

static void add_region(rs_text *t, const rs_pagemap_region *r)
{
    rs_text_add(t, "0x%08x-0x%08x  ", r->start, rs_pagemap_region_last(r));
    add_size(t, r->pages, 6);
    rs_text_add(t, "  %-10s  %s", (r->attrs & RS_PAGE_USER) ? "user" : "supervisor",
             (r->attrs & RS_PAGE_WRITABLE) ? "writable" : "read-only");
    if (r->attrs & RS_PAGE_RESERVED)
        rs_text_add(t, ", reserved bit set: every access faults");
}

size_t rs_pagemap_region_text(const rs_pagemap_region *r, char *buf, size_t len)
{
    rs_text t = rs_text_begin(buf, len);
    add_region(&t, r);
    return t.used;
}

size_t rs_pagemap_format(const rs_pagemap_region *regions, size_t n, char *buf, size_t len)
{
    rs_text t = rs_text_begin(buf, len);
    uint64_t pages = 0;
    rs_text_add(&t, "%-23s%10s  %-10s  %s\n", "linear range", "size", "privilege", "access");
    for (size_t i = 0; i < n; i++) {
        add_region(&t, &regions[i]);
        rs_text_add(&t, "\n");
        pages += regions[i].pages;
    }
    if (n == 0) {
        rs_text_add(&t, "no pages present\n");
        return t.used;
    }
    rs_text_add(&t, "%zu region%s, ", n, n == 1 ? "" : "s");
    add_size(&t, pages, 0);
    rs_text_add(&t, " present\n");
    return t.used;
}
