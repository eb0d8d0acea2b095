/* SDM Vol. 1, 19.5.1 "I/O Privilege Level" and 19.5.2 "I/O Permission Bit Map".
 * Unicorn executes IN/OUT/INS/OUTS at any CPL without a check (its gen_check_io is disabled), so
 * the IN/OUT hooks ask here before touching a device. */
#include "machine_priv.h"
#include "mmu.h"

static uint32_t reg32(uc_engine *uc, int id)
{
    uint32_t v = 0;
    uc_reg_read(uc, id, &v);
    return v;
}

/* 19.5.2: the bit map starts at the 16-bit offset stored at TSS+0x66, and the bytes read must
 * lie within the TSS limit. A 16-bit TSS (or none loaded) has no map: returns 0. */
static int bitmap_base(rs_machine *m, uc_x86_mmr *tr, rs_paging *pg, uint16_t *base)
{
    uc_reg_read(m->uc, UC_X86_REG_TR, tr);
    int type = (int)((tr->flags >> 8) & 0xf);
    if (!(tr->flags & RS_DESC_P) || (type & 0xd) != 9 || tr->limit < RS_TSS32_MIN_LIMIT)
        return 0;
    *pg = rs_cpuctx_live_paging(m->cpu);
    return rs_mmu_read(&m->pm, *pg, (uint32_t)tr->base + RS_TSS32_IOMAP_BASE, base, 2, 0, NULL);
}

/* 19.5.2: every bit of the accessed ports must be 0. */
static int bitmap_allows(rs_machine *m, uint16_t port, int size)
{
    uc_x86_mmr tr = { 0 };
    rs_paging pg;
    uint16_t base;
    uint16_t bits;
    if (!bitmap_base(m, &tr, &pg, &base))
        return 0;
    uint32_t offset = (uint32_t)base + port / 8u;
    if (offset + 1 > tr.limit)
        return 0;
    if (!rs_mmu_read(&m->pm, pg, (uint32_t)tr.base + offset, &bits, 2, 0, NULL))
        return 0;
    uint32_t mask = (1u << size) - 1;
    return ((bits >> (port & 7)) & mask) == 0;
}

/* For the explanation of a denial: did a bit map cover PORT at all (so a 1 bit denied it), or
 * was there no map, or the port lay beyond it (so IOPL alone decided)? */
static int bitmap_reachable(rs_machine *m, uint16_t port)
{
    uc_x86_mmr tr = { 0 };
    rs_paging pg;
    uint16_t base;
    if (!bitmap_base(m, &tr, &pg, &base))
        return 0;
    return (uint32_t)base + port / 8u + 1 <= tr.limit;
}

int rs_io_permitted(rs_machine *m, uint16_t port, int size, int *hint)
{
    *hint = RS_HINT_NONE;
    uint32_t cr0 = reg32(m->uc, UC_X86_REG_CR0);
    if (!(cr0 & RS_CR0_PE))
        return 1;                                   /* real mode: always allowed */
    /* IOPL and VM from the CPU's own copy, never through the lazy flags (a CMP with 0x3000 just
     * before would read as IOPL 3); CPL as the CPU keeps it, never CS.RPL (a far CALL through a
     * call gate to a conforming segment keeps CPL 3 with RPL 0: SDM Vol. 3A 5.8.6). */
    uint32_t eflags = rs_cpuctx_live_system_eflags(m->cpu);
    int cpl = rs_cpuctx_live_cpl(m->cpu);
    int iopl = (int)((eflags >> RS_EFL_IOPL_SHIFT) & 3);
    if (!(eflags & RS_EFL_VM) && cpl <= iopl)
        return 1;
    if (bitmap_allows(m, port, size))
        return 1;
    *hint = bitmap_reachable(m, port) ? RS_HINT_IO_BITMAP : RS_HINT_IO_IOPL;
    return 0;
}
