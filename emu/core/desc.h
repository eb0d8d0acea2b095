/* Segment and gate descriptors (Intel SDM Vol. 3, 3.4.5 "Segment Descriptors", 6.11 "IDT
 * Descriptors") and the implicit supervisor reads of the GDT/LDT that fetch them.
 * Nothing is owned; all functions are pure except for the page walk's accessed bits. */
#ifndef RS_DESC_H
#define RS_DESC_H
#include <stdint.h>
#include "cpuctx.h"
#include "mmu.h"

typedef struct rs_desc {
    uint32_t lo, hi;      /* the two dwords as stored */
} rs_desc;

static inline uint32_t rs_desc_base(rs_desc d)
{
    return (d.lo >> 16) | ((d.hi & 0xffu) << 16) | (d.hi & 0xff000000u);
}
static inline uint32_t rs_desc_limit(rs_desc d)
{
    uint32_t l = (d.lo & 0xffffu) | (d.hi & 0x000f0000u);
    return (d.hi & RS_DESC_G) ? (l << 12) | 0xfffu : l;
}
static inline int rs_desc_dpl(rs_desc d) { return (int)((d.hi >> 13) & 3); }
static inline int rs_desc_type(rs_desc d) { return (int)((d.hi >> 8) & 0xf); }
static inline int rs_desc_present(rs_desc d) { return (d.hi & RS_DESC_P) != 0; }
static inline rs_segcache rs_desc_cache(uint16_t selector, rs_desc d)
{
    rs_segcache c = { selector, rs_desc_base(d), rs_desc_limit(d), d.hi & 0x00ffff00u };
    return c;
}

/* Gate descriptor fields. */
static inline uint16_t rs_gate_selector(rs_desc d) { return (uint16_t)(d.lo >> 16); }
static inline uint32_t rs_gate_offset(rs_desc d) { return (d.lo & 0xffffu) | (d.hi & 0xffff0000u); }

typedef enum rs_desc_fetch_result {
    RS_DESC_OK,
    RS_DESC_BEYOND_LIMIT,   /* selector index outside the GDT/LDT limit (or LDT not loaded) */
    RS_DESC_PAGE_FAULT,     /* the table entry is not readable: *pf says why */
} rs_desc_fetch_result;

/* Reads the descriptor SELECTOR names from the GDT or, with TI=1, the LDT. */
rs_desc_fetch_result rs_desc_fetch(const rs_physmem *pm, rs_paging pg, rs_dtreg gdtr, rs_dtreg ldtr,
                                   uint16_t selector, rs_desc *out, rs_walk *pf);

#endif
