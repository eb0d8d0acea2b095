/* The address-space map (emu/debug/pagemap.c): the per-page attribute array and the merged regions on
 * hand-built tables with exact expected values and text, the worst case for the number of
 * regions, and, on random tables, page-by-page agreement with the inspector (rs_mmu_inspect). */
#include <stdlib.h>
#include <string.h>
#include "pagemap.h"
#include "rs_test.h"

enum {
    RAM = 0x10000, PD = 0x1000, PT_A = 0x2000, PT_B = 0x3000, PT_C = 0x4000,
    PD_ALT = 0x6000, PT_ALT = 0x7000,
    P = RS_PTE_P, W = RS_PTE_RW, U = RS_PTE_US, A = RS_PTE_A, D = RS_PTE_D, PS = RS_PDE_PS,
    G = RS_PTE_G,
};

static rs_physmem pm;
static uint8_t *attrs;
static const rs_paging pse_on = { RS_CR0_PE | RS_CR0_PG, PD, RS_CR4_PSE };
static const rs_paging pse_off = { RS_CR0_PE | RS_CR0_PG, PD, 0 };

#define CHECK_STR(got, want) do { \
    if (strcmp((got), (want)) == 0) rs_test_passed++; \
    else { rs_test_failed++; fprintf(stderr, "%s:%d: got\n%s\nwant\n%s\n", __FILE__, __LINE__, (got), (want)); } \
} while (0)

static void put(uint32_t pa, uint32_t v) { rs_phys_write32(&pm, pa, v); }
static void pde(uint32_t i, uint32_t v) { put(PD + 4 * i, v); }
static void pte(uint32_t table, uint32_t i, uint32_t v) { put(table + 4 * i, v); }

/* A small kernel-and-user address space touching every case the map distinguishes. */
static void build_tables(void)
{
    memset(pm.ram, 0, RAM);
    pde(0, PT_A | P | W | U);
    for (uint32_t i = 1; i <= 3; i++)
        pte(PT_A, i, (i << 12) | P | W);             /* supervisor, writable */
    pte(PT_A, 4, 0x9000 | P | W | U);                /* user, writable */
    pte(PT_A, 5, 0x9000 | P | U | A);                /* user, read-only ... */
    pte(PT_A, 6, 0x9000 | P | U | A | D);            /* ... A/D do not split regions */
    pte(PT_A, 7, 0xfffffffe);                        /* not present, whatever else it holds */
    pte(PT_A, 8, 0x9000 | P | W | U);
    pte(PT_A, 1023, 0x9000 | P | W);                 /* merges with the 4 MiB page after it */
    pde(1, 0x00400000 | P | W | PS | A | D);         /* 4 MiB, supervisor, writable */
    pde(2, 0x00a00000 | P | U | PS);                 /* 4 MiB with reserved bit 21 */
    pde(3, PT_B | P | W);                            /* supervisor PDE over user PTEs */
    pte(PT_B, 0, 0x9000 | P | W | U);
    pte(PT_B, 1, 0x9000 | P | U);
    pde(4, 0x00800000 | P | W | U);                  /* a table outside RAM: nothing present */
    pde(768, 0x00000000 | P | W | PS);               /* kernel: 8 MiB at 0xc0000000 */
    pde(769, 0x00400000 | P | W | PS | G);
    put(0x0008, 0x9000 | P | W | U);                 /* without PSE, PDE[768] is a table at 0 */
    pde(1023, PT_C | P | W | U);
    pte(PT_C, 1023, 0x9000 | P | W | U);             /* the very last page */
}

static void test_attribute_array(void)
{
    build_tables();
    rs_pagemap_fill(&pm, pse_on, attrs);
    static const struct { uint32_t page; uint8_t attrs; } want[] = {
        { 0, 0 }, { 1, P | W }, { 3, P | W }, { 4, P | W | U }, { 5, P | U | A },
        { 6, P | U | A | D }, { 7, 0 }, { 8, P | W | U }, { 9, 0 }, { 1023, P | W },
        { 1024, P | W | A | D | RS_PAGE_LARGE }, { 2047, P | W | A | D | RS_PAGE_LARGE },
        { 2048, P | U | RS_PAGE_RESERVED | RS_PAGE_LARGE }, { 3071, P | U | RS_PAGE_RESERVED | RS_PAGE_LARGE },
        { 3072, P | W }, { 3073, P }, { 3074, 0 }, { 4096, 0 }, { 5119, 0 },
        { 768 * 1024, P | W | RS_PAGE_LARGE }, { 770 * 1024 - 1, P | W | RS_PAGE_LARGE },
        { 770 * 1024, 0 }, { 0xffffe, 0 }, { 0xfffff, P | W | U },
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        CHECK_EQ(attrs[want[i].page], want[i].attrs);
    size_t present = 0;
    for (uint32_t i = 0; i < RS_PAGEMAP_PAGES; i++)
        present += attrs[i] != 0;
    CHECK_EQ(present, 3 + 1 + 2 + 1 + 1025 + 1024 + 1 + 1 + 2048 + 1);
    /* Without CR4.PSE the PS bits are ignored: PDE[1], [2] and [769] point at tables outside
     * RAM, PDE[768] at a table at physical 0 with one present entry. */
    rs_pagemap_fill(&pm, pse_off, attrs);
    CHECK_EQ(attrs[1024], 0);
    CHECK_EQ(attrs[2048], 0);
    CHECK_EQ(attrs[768 * 1024 + 2], P | W);
    CHECK_EQ(attrs[768 * 1024 + 3], 0);
    CHECK_EQ(attrs[1023], P | W);
    /* Paging off: every page present, writable, user. */
    rs_paging off = { RS_CR0_PE, PD, RS_CR4_PSE };
    rs_pagemap_fill(&pm, off, attrs);
    CHECK_EQ(attrs[0], P | W | U);
    CHECK_EQ(attrs[0xfffff], P | W | U);
}

static const char want_table[] =
    "linear range                 size  privilege   access\n"
    "0x00001000-0x00003fff      12 KiB  supervisor  writable\n"
    "0x00004000-0x00004fff       4 KiB  user        writable\n"
    "0x00005000-0x00006fff       8 KiB  user        read-only\n"
    "0x00008000-0x00008fff       4 KiB  user        writable\n"
    "0x003ff000-0x007fffff    4100 KiB  supervisor  writable\n"
    "0x00800000-0x00bfffff       4 MiB  user        read-only, reserved bit set: every access faults\n"
    "0x00c00000-0x00c00fff       4 KiB  supervisor  writable\n"
    "0x00c01000-0x00c01fff       4 KiB  supervisor  read-only\n"
    "0xc0000000-0xc07fffff       8 MiB  supervisor  writable\n"
    "0xfffff000-0xffffffff       4 KiB  user        writable\n"
    "10 regions, 16428 KiB present\n";

static void test_regions(void)
{
    build_tables();
    rs_pagemap_region r[16], from_attrs[16];
    size_t n = rs_pagemap_regions(&pm, pse_on, r, 16);
    CHECK_EQ(n, 10);
    CHECK_EQ(r[4].start, 0x003ff000);
    CHECK_EQ(r[4].pages, 1025);
    CHECK_EQ(r[4].attrs, P | W);
    CHECK_EQ(r[5].attrs, P | U | RS_PAGE_RESERVED);
    CHECK_EQ(rs_pagemap_region_last(&r[9]), 0xffffffff);
    char buf[2048];
    size_t len = rs_pagemap_format(r, n, buf, sizeof buf);
    CHECK_STR(buf, want_table);
    CHECK_EQ(len, strlen(want_table));
    /* The same regions from the attribute array. */
    rs_pagemap_fill(&pm, pse_on, attrs);
    CHECK_EQ(rs_pagemap_regions_from_attrs(attrs, from_attrs, 16), 10);
    CHECK(memcmp(r, from_attrs, 10 * sizeof r[0]) == 0);
    /* A short buffer gets the first regions and the full count; nothing past MAX is written. */
    rs_pagemap_region few[4];
    memset(few, 0xee, sizeof few);
    CHECK_EQ(rs_pagemap_regions(&pm, pse_on, few, 3), 10);
    CHECK(memcmp(few, r, 3 * sizeof r[0]) == 0);
    CHECK_EQ(few[3].start, 0xeeeeeeee);
    CHECK_EQ(rs_pagemap_regions(&pm, pse_on, NULL, 0), 10);
}

static void test_regions_without_pse_and_paging(void)
{
    build_tables();
    rs_pagemap_region r[16];
    size_t n = rs_pagemap_regions(&pm, pse_off, r, 16);
    CHECK_EQ(n, 9);
    CHECK_EQ(r[4].start, 0x003ff000);
    CHECK_EQ(r[4].pages, 1);
    CHECK_EQ(r[7].start, 0xc0002000);
    CHECK_EQ(r[7].attrs, P | W);
    rs_paging off = { 0, PD, 0 };
    CHECK_EQ(rs_pagemap_regions(&pm, off, r, 16), 1);
    char buf[256];
    rs_pagemap_format(r, 1, buf, sizeof buf);
    CHECK_STR(buf, "linear range                 size  privilege   access\n"
                   "0x00000000-0xffffffff       4 GiB  user        writable\n"
                   "1 region, 4 GiB present\n");
    rs_pagemap_region_text(&r[0], buf, sizeof buf);
    CHECK_STR(buf, "0x00000000-0xffffffff       4 GiB  user        writable");
    rs_pagemap_format(r, 0, buf, sizeof buf);
    CHECK_STR(buf, "linear range                 size  privilege   access\nno pages present\n");
    char small[12];
    CHECK_EQ(rs_pagemap_format(r, 1, small, sizeof small), strlen(
        "linear range                 size  privilege   access\n"
        "0x00000000-0xffffffff       4 GiB  user        writable\n1 region, 4 GiB present\n"));
    CHECK_STR(small, "linear rang");
}

/* Every page present with rights unlike its neighbours': the most regions there can be. Every
 * other page absent instead: half as many. */
static void test_most_regions(void)
{
    memset(pm.ram, 0, RAM);
    for (uint32_t i = 0; i < 1024; i++) {
        put(PD_ALT + 4 * i, PT_ALT | P | W | U);
        put(PT_ALT + 4 * i, 0x9000 | ((i % 2) ? P | W : P | U));
    }
    rs_paging pg = { RS_CR0_PE | RS_CR0_PG, PD_ALT, 0 };
    CHECK_EQ(rs_pagemap_regions(&pm, pg, NULL, 0), RS_PAGEMAP_MAX_REGIONS);
    rs_pagemap_fill(&pm, pg, attrs);
    CHECK_EQ(rs_pagemap_regions_from_attrs(attrs, NULL, 0), RS_PAGEMAP_MAX_REGIONS);
    CHECK_EQ(attrs[0], P | U);
    CHECK_EQ(attrs[1], P | W);
    CHECK_EQ(attrs[0xfffff], P | W);
    for (uint32_t i = 1; i < 1024; i += 2)
        put(PT_ALT + 4 * i, 0);
    CHECK_EQ(rs_pagemap_regions(&pm, pg, NULL, 0), RS_PAGEMAP_MAX_REGIONS / 2);
    rs_pagemap_region first;
    CHECK_EQ(rs_pagemap_regions(&pm, pg, &first, 1), RS_PAGEMAP_MAX_REGIONS / 2);
    CHECK_EQ(first.start, 0);
    CHECK_EQ(first.pages, 1);
}

/* What the inspector says of page I, as an attribute byte. */
static uint8_t inspected_attrs(const rs_physmem *m, rs_paging pg, uint32_t page)
{
    rs_mmu_inspection in;
    rs_mmu_inspect(m, pg, page << 12, RS_ACC_READ, 0, &in);
    if (in.deny == RS_DENY_RESERVED)
        return (uint8_t)(P | RS_PAGE_RESERVED | RS_PAGE_LARGE | (in.pde.writable ? W : 0) |
                         (in.pde.user ? U : 0) | (in.pde.accessed ? A : 0) | (in.pde.dirty ? D : 0));
    if (!in.allowed)
        return 0;
    const rs_mmu_entry *e = in.large ? &in.pde : &in.pte;
    return (uint8_t)(P | (in.writable ? W : 0) | (in.user ? U : 0) | (e->accessed ? A : 0) |
                     (e->dirty ? D : 0) | (in.large ? RS_PAGE_LARGE : 0));
}

static uint32_t next_random(uint32_t *s)
{
    *s ^= *s << 13, *s ^= *s >> 17, *s ^= *s << 5;
    return *s;
}

/* Random directories and tables (some tables outside RAM, some 4 MiB entries with reserved or
 * PSE-36 bits): the array must say of every page what the inspector says, and both region
 * enumerations must agree. MEM may be shorter than a page multiple (the last entry straddles
 * the end of RAM and reads as 0). */
static int agrees_with_inspector(const rs_physmem *mem, rs_paging pg)
{
    rs_pagemap_fill(mem, pg, attrs);
    int bad = 0;
    for (uint32_t page = 0; page < RS_PAGEMAP_PAGES && bad < 5; page++) {
        uint8_t want = inspected_attrs(mem, pg, page);
        if (attrs[page] != want) {
            fprintf(stderr, "page 0x%05x: attrs 0x%02x, inspector 0x%02x\n", page, attrs[page], want);
            bad++;
        }
    }
    size_t a = rs_pagemap_regions(mem, pg, NULL, 0), b = rs_pagemap_regions_from_attrs(attrs, NULL, 0);
    rs_pagemap_region *ra = malloc(a * sizeof *ra), *rb = malloc(b * sizeof *rb);
    int same = a == b && rs_pagemap_regions(mem, pg, ra, a) == a &&
               rs_pagemap_regions_from_attrs(attrs, rb, b) == b && memcmp(ra, rb, a * sizeof *ra) == 0;
    free(ra);
    free(rb);
    return !bad && same;
}

static void randomise(uint8_t *ram, size_t size, uint32_t *seed)
{
    for (size_t i = 0; i + 4 <= size; i += 4) {
        uint32_t v = next_random(seed);
        memcpy(ram + i, &v, 4);
    }
    for (uint32_t i = 0; i < 1024; i++) {
        uint32_t v;
        memcpy(&v, ram + PD + 4 * i, 4);
        if (!(v & PS) || (i & 1))   /* tables somewhere in the 64 KiB, or a little beyond */
            v = (v & 0xfffu) | ((next_random(seed) % 20u) << 12);
        memcpy(ram + PD + 4 * i, &v, 4);
    }
}

static void test_random_tables(void)
{
    uint32_t seed = 2463534242u;
    for (int round = 0; round < 3; round++) {
        randomise(pm.ram, RAM, &seed);
        CHECK(agrees_with_inspector(&pm, pse_on));
        CHECK(agrees_with_inspector(&pm, pse_off));
    }
    /* RAM that ends two bytes into the last entry of a table: that entry reads as 0. */
    rs_physmem odd = { malloc(RAM - 2), RAM - 2 };
    memcpy(odd.ram, pm.ram, RAM - 2);
    CHECK(agrees_with_inspector(&odd, pse_on));
    free(odd.ram);
}

int main(void)
{
    pm.ram = malloc(RAM);   /* exactly RAM bytes: ASan sees any read past it */
    pm.size = RAM;
    attrs = malloc(RS_PAGEMAP_PAGES);
    test_attribute_array();
    test_regions();
    test_regions_without_pse_and_paging();
    test_most_regions();
    test_random_tables();
    free(attrs);
    free(pm.ram);
    return rs_test_done();
}
