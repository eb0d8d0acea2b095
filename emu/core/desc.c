/* See desc.h. */
#include "desc.h"

rs_desc_fetch_result rs_desc_fetch(const rs_physmem *pm, rs_paging pg, rs_dtreg gdtr, rs_dtreg ldtr,
                                   uint16_t selector, rs_desc *out, rs_walk *pf)
{
    rs_dtreg table = (selector & 4) ? ldtr : gdtr;
    uint32_t index = selector & 0xfff8u;
    if ((selector & 4) && (ldtr.selector & 0xfffcu) == 0)
        return RS_DESC_BEYOND_LIMIT;
    if (index + 7 > table.limit)
        return RS_DESC_BEYOND_LIMIT;
    uint32_t raw[2];
    /* SDM 5.5: descriptor-table accesses are implicit supervisor accesses, whatever the CPL. */
    if (!rs_mmu_read(pm, pg, table.base + index, raw, 8, 0, pf))
        return RS_DESC_PAGE_FAULT;
    out->lo = raw[0];
    out->hi = raw[1];
    return RS_DESC_OK;
}
