/* How long the address-space map takes on the worst address space there is: all 1024 directory
 * entries pointing at full page tables (1,048,576 present 4 KiB pages, 4 MiB of tables).
 *
 *   rs_pagemap_fill               the per-page attribute array the window rebuilds every frame
 *                                 (target: <= 1 ms)
 *   rs_pagemap_regions            merged regions walked from the tables
 *   rs_pagemap_regions_from_attrs the same from a filled array
 *
 * Each figure is the median of RUNS runs, warm (tables already in cache from the run before,
 * as when the window redraws a paused machine) and cold (caches flushed by streaming 64 MiB
 * first, as after the guest has run a slice). Two table contents: uniform rights (few regions)
 * and random U/S, R/W, A, D per page (about half a million regions: the most work).
 *
 * Usage: rs_bench_pagemap [RUNS]   (default 51) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "pagemap.h"

enum { PD = 0x1000, TABLES = 0x2000, RAM = 8u << 20, EVICT_BYTES = 64u << 20 };

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec * 1e-3;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, by_value);
    return v[n / 2];
}

/* Every PDE present with its own table; every PTE present. RANDOM_RIGHTS: U/S, R/W, A, D drawn
 * per page; otherwise all user, writable. */
static void build_full_address_space(rs_physmem *pm, int random_rights)
{
    uint32_t s = 88172645u;
    memset(pm->ram, 0, pm->size);
    for (uint32_t i = 0; i < 1024; i++) {
        uint32_t table = TABLES + i * 4096;
        rs_phys_write32(pm, PD + 4 * i, table | RS_PTE_P | RS_PTE_RW | RS_PTE_US);
        for (uint32_t j = 0; j < 1024; j++) {
            s ^= s << 13, s ^= s >> 17, s ^= s << 5;
            uint32_t rights = random_rights ? (s & (RS_PTE_RW | RS_PTE_US | RS_PTE_A | RS_PTE_D))
                                            : (RS_PTE_RW | RS_PTE_US);
            rs_phys_write32(pm, table + 4 * j, ((i * 1024 + j) << 12) | RS_PTE_P | rights);
        }
    }
}

static volatile uint8_t evict_sink;

static void evict_caches(uint8_t *big)
{
    uint8_t x = 0;
    for (size_t i = 0; i < EVICT_BYTES; i += 64) {
        big[i]++;
        x ^= big[i];
    }
    evict_sink = x;
}

typedef enum which { FILL, REGIONS_FROM_TABLES, REGIONS_FROM_ATTRS } which;

static double time_once(which w, const rs_physmem *pm, rs_paging pg, uint8_t *attrs,
                        rs_pagemap_region *regions, size_t *n_regions)
{
    double t0 = now_us();
    if (w == FILL)
        rs_pagemap_fill(pm, pg, attrs);
    else if (w == REGIONS_FROM_TABLES)
        *n_regions = rs_pagemap_regions(pm, pg, regions, RS_PAGEMAP_MAX_REGIONS);
    else
        *n_regions = rs_pagemap_regions_from_attrs(attrs, regions, RS_PAGEMAP_MAX_REGIONS);
    return now_us() - t0;
}

static void measure(const char *label, which w, const rs_physmem *pm, rs_paging pg, uint8_t *attrs,
                    rs_pagemap_region *regions, uint8_t *big, int runs)
{
    double *warm = malloc(sizeof(double) * (size_t)runs), *cold = malloc(sizeof(double) * (size_t)runs);
    size_t n = 0;
    rs_pagemap_fill(pm, pg, attrs);   /* REGIONS_FROM_ATTRS needs a filled array */
    time_once(w, pm, pg, attrs, regions, &n);
    for (int i = 0; i < runs; i++)
        warm[i] = time_once(w, pm, pg, attrs, regions, &n);
    for (int i = 0; i < runs; i++) {
        evict_caches(big);
        cold[i] = time_once(w, pm, pg, attrs, regions, &n);
    }
    double mw = median(warm, runs), mc = median(cold, runs);
    if (w == FILL)
        printf("  %-34s warm %8.1f us   cold %8.1f us   %s\n", label, mw, mc,
               mc <= 1000.0 && mw <= 1000.0 ? "(<= 1 ms: met)" : "(<= 1 ms: MISSED)");
    else
        printf("  %-34s warm %8.1f us   cold %8.1f us   %zu regions\n", label, mw, mc, n);
    free(warm);
    free(cold);
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 51;
    if (runs < 1 || runs > 100000) {
        fprintf(stderr, "usage: %s [RUNS]\n", argv[0]);
        return 2;
    }
    rs_physmem pm = { malloc(RAM), RAM };
    uint8_t *attrs = malloc(RS_PAGEMAP_PAGES), *big = calloc(1, EVICT_BYTES);
    rs_pagemap_region *regions = malloc(sizeof *regions * RS_PAGEMAP_MAX_REGIONS);
    if (!pm.ram || !attrs || !big || !regions) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    rs_paging pg = { RS_CR0_PE | RS_CR0_PG, PD, RS_CR4_PSE };
    printf("page map, fully populated address space (1024 tables, 1,048,576 present pages), "
           "median of %d runs\n", runs);
    for (int random_rights = 0; random_rights < 2; random_rights++) {
        build_full_address_space(&pm, random_rights);
        printf(" %s\n", random_rights ? "random U/S, R/W, A, D per page:" : "uniform rights:");
        measure("attribute array (rs_pagemap_fill)", FILL, &pm, pg, attrs, regions, big, runs);
        measure("regions from the tables", REGIONS_FROM_TABLES, &pm, pg, attrs, regions, big, runs);
        measure("regions from the attribute array", REGIONS_FROM_ATTRS, &pm, pg, attrs, regions, big, runs);
    }
    free(regions);
    free(big);
    free(attrs);
    free(pm.ram);
    return 0;
}
