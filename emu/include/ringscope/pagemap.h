/* The whole 4 GiB linear address space at a glance (Intel SDM Vol. 3, 4.3 "32-bit paging",
 * 4.6 "Access rights"): a per-page attribute array the address-space window rebuilds every
 * frame, and merged regions like QEMU's `info mem` for tables people read.
 *
 *   attrs[linear >> 12]  one byte per 4 KiB page, 1,048,576 bytes for the 4 GiB
 *   regions              runs of present pages with the same U/S and R/W, in address order
 *
 * For one address in detail (every entry decoded, why an access faults) use rs_mmu_inspect in
 * mmu.h; both follow the same rules. Entries outside RAM read as 0 (not present): nothing
 * outside the RAM buffer is read. Guest memory is never written (A/D bits are only reported).
 *
 * Ownership: every output buffer is the caller's; nothing is allocated or kept between calls.
 * None of these calls can fail. Thread-safe as far as PM's memory is not being changed. */
#ifndef RS_PAGEMAP_H
#define RS_PAGEMAP_H
#include <stddef.h>
#include <stdint.h>
#include "mmu.h"

#define RS_PAGEMAP_PAGES (1u << 20)            /* 4 KiB pages in 4 GiB: the attrs length */
#define RS_PAGEMAP_MAX_REGIONS RS_PAGEMAP_PAGES  /* neighbours always differ in rights */

/* One page's attributes. The flags sit at the positions of the same bits in a page-table
 * entry (P=0, R/W=1, U/S=2, A=5, D=6, PS=7), which lets the fill copy them with one AND. */
enum {
    RS_PAGE_PRESENT = 1u << 0,    /* P=1 at every level: the page is mapped */
    RS_PAGE_WRITABLE = 1u << 1,   /* R/W=1 at every level (supervisor writes also pass when
                                   * CR0.WP=0, which the array does not look at) */
    RS_PAGE_USER = 1u << 2,       /* U/S=1 at every level: CPL 3 may use it */
    RS_PAGE_RESERVED = 1u << 3,   /* in a 4 MiB page whose PDE has reserved bit 21 set: every
                                   * access faults with RSVD=1 although P=1 */
    RS_PAGE_ACCESSED = 1u << 5,   /* A of the entry that maps the page (PTE, or 4 MiB PDE) */
    RS_PAGE_DIRTY = 1u << 6,      /* D of that entry */
    RS_PAGE_LARGE = 1u << 7,      /* part of a 4 MiB page (CR4.PSE=1, PDE.PS=1) */
};

/* Fills ATTRS[RS_PAGEMAP_PAGES] (page i is linear i * 4096) from the tables PG.cr3 points at.
 * Pages that are not present are 0, whatever their entry holds. With paging off (CR0.PG or PE
 * clear) every page is present, writable and user. Cannot fail. About 0.1 ms for a fully
 * populated address space (0.15 ms with cold caches; bench/bench_pagemap.c). */
void rs_pagemap_fill(const rs_physmem *pm, rs_paging pg, uint8_t *attrs);

/* A run of present pages with the same RS_PAGE_USER, RS_PAGE_WRITABLE and RS_PAGE_RESERVED. */
typedef struct rs_pagemap_region {
    uint32_t start;     /* first linear address, page aligned */
    uint32_t pages;     /* length in 4 KiB pages, 1 .. RS_PAGEMAP_PAGES */
    uint8_t attrs;      /* RS_PAGE_PRESENT plus the three flags above; A/D/LARGE are not kept */
} rs_pagemap_region;

/* The last byte of a region: start + pages * 4096 - 1 (never wraps). */
static inline uint32_t rs_pagemap_region_last(const rs_pagemap_region *r)
{
    return r->start + (r->pages - 1) * 4096u + 4095u;
}

/* Enumerates the merged regions in address order, as QEMU's `info mem` merges them (a 4 MiB
 * page merges with 4 KiB pages beside it when the rights agree). Stores the first MAX in OUT
 * (OUT may be NULL when MAX is 0) and returns how many there are in all, at most
 * RS_PAGEMAP_MAX_REGIONS: if that is more than MAX, call again with a bigger buffer. */
size_t rs_pagemap_regions(const rs_physmem *pm, rs_paging pg, rs_pagemap_region *out, size_t max);

/* The same, from an array rs_pagemap_fill filled (for a window that has one already). */
size_t rs_pagemap_regions_from_attrs(const uint8_t *attrs, rs_pagemap_region *out, size_t max);

/* The region table for people, one region a line after a header line, then a summary line:
 *
 *   linear range                 size  privilege   access
 *   0x08048000-0x0804afff      12 KiB  user        read-only
 *   0xc0000000-0xc03fffff       4 MiB  supervisor  writable
 *   2 regions, 4108 KiB present
 *
 * Ranges are inclusive; sizes are exact (KiB, MiB or GiB, whichever divides). Writes at most LEN
 * bytes including the NUL (always terminated when LEN > 0) and returns the length the whole
 * table needs, like snprintf. rs_pagemap_region_text formats one line, without a newline. */
size_t rs_pagemap_format(const rs_pagemap_region *regions, size_t n, char *buf, size_t len);
size_t rs_pagemap_region_text(const rs_pagemap_region *r, char *buf, size_t len);

#endif
