/* See mmu.h. */
#include "mmu.h"

/* SDM 4.6: user accesses need U/S=1 at both levels; user writes need R/W=1 at both levels;
 * supervisor writes need R/W=1 at both levels only when CR0.WP=1. Returns 1 if allowed. */
static int allowed(uint32_t rights, rs_access access, int user, int wp)
{
    if (user && !(rights & RS_PTE_US))
        return 0;
    if (access == RS_ACC_WRITE && !(rights & RS_PTE_RW) && (user || wp))
        return 0;
    return 1;
}

static int fault(rs_walk *w, int level, int present, rs_access access, int user)
{
    w->ok = 0;
    w->deny_level = level;
    w->error_code = (present ? RS_PF_P : 0) | (access == RS_ACC_WRITE ? RS_PF_W : 0) |
                    (user ? RS_PF_U : 0);
    return 0;
}

static void set_bits(const rs_physmem *pm, uint32_t addr, uint32_t *entry, uint32_t bits)
{
    if ((*entry & bits) != bits) {
        *entry |= bits;
        rs_phys_write32(pm, addr, *entry);
    }
}

int rs_mmu_walk(const rs_physmem *pm, rs_paging pg, uint32_t linear, rs_access access, int user,
                int set_ad, rs_walk *w)
{
    *w = (rs_walk){ .linear = linear };
    if (!(pg.cr0 & RS_CR0_PG) || !(pg.cr0 & RS_CR0_PE)) {
        w->ok = 1;
        w->phys = linear;
        return 1;
    }
    int wp = (pg.cr0 & RS_CR0_WP) != 0;
    w->pde_addr = (pg.cr3 & 0xfffff000u) + ((linear >> 22) << 2);
    w->pde = rs_phys_read32(pm, w->pde_addr);
    if (!rs_phys_in_ram(pm, w->pde_addr, 4))
        w->pde = 0;
    if (!(w->pde & RS_PTE_P))
        return fault(w, 1, 0, access, user);

    if ((w->pde & RS_PDE_PS) && (pg.cr4 & RS_CR4_PSE)) {
        w->large = 1;
        if (!allowed(w->pde, access, user, wp))
            return fault(w, 1, 1, access, user);
        if (set_ad)
            set_bits(pm, w->pde_addr, &w->pde, RS_PTE_A | (access == RS_ACC_WRITE ? RS_PTE_D : 0));
        w->phys = (w->pde & 0xffc00000u) | (linear & 0x003fffffu);
        w->ok = 1;
        return 1;
    }

    w->pte_addr = (w->pde & 0xfffff000u) + (((linear >> 12) & 0x3ffu) << 2);
    w->pte = rs_phys_in_ram(pm, w->pte_addr, 4) ? rs_phys_read32(pm, w->pte_addr) : 0;
    if (!(w->pte & RS_PTE_P))
        return fault(w, 2, 0, access, user);
    if (!allowed(w->pde & w->pte, access, user, wp))
        return fault(w, (allowed(w->pde, access, user, wp) ? 2 : 1), 1, access, user);
    if (set_ad) {
        set_bits(pm, w->pde_addr, &w->pde, RS_PTE_A);
        set_bits(pm, w->pte_addr, &w->pte, RS_PTE_A | (access == RS_ACC_WRITE ? RS_PTE_D : 0));
    }
    w->phys = (w->pte & 0xfffff000u) | (linear & 0xfffu);
    w->ok = 1;
    return 1;
}

/* Copies one run that stays within a page, physical side in RAM only (the rest reads as ones). */
static void copy_phys(const rs_physmem *pm, uint32_t pa, uint8_t *host, uint32_t n, int to_guest)
{
    for (uint32_t i = 0; i < n; i++) {
        uint64_t a = (uint64_t)pa + i;
        if (a < pm->size) {
            if (to_guest)
                pm->ram[a] = host[i];
            else
                host[i] = pm->ram[a];
        } else if (!to_guest) {
            host[i] = 0xff;
        }
    }
}

static int copy_linear(const rs_physmem *pm, rs_paging pg, uint32_t linear, uint8_t *host,
                       uint32_t len, int user, int to_guest, rs_walk *fault_out)
{
    rs_access acc = to_guest ? RS_ACC_WRITE : RS_ACC_READ;
    rs_walk w;
    /* Check every page first, so a write that faults stores nothing. */
    for (uint32_t done = 0; done < len;) {
        uint32_t lin = linear + done, chunk = 4096 - (lin & 0xfff);
        if (!rs_mmu_walk(pm, pg, lin, acc, user, 0, &w)) {
            if (fault_out)
                *fault_out = w;
            return 0;
        }
        done += chunk < len - done ? chunk : len - done;
    }
    for (uint32_t done = 0; done < len;) {
        uint32_t lin = linear + done, chunk = 4096 - (lin & 0xfff);
        if (chunk > len - done)
            chunk = len - done;
        rs_mmu_walk(pm, pg, lin, acc, user, 1, &w);
        copy_phys(pm, w.phys, host + done, chunk, to_guest);
        done += chunk;
    }
    return 1;
}

int rs_mmu_read(const rs_physmem *pm, rs_paging pg, uint32_t linear, void *dst, uint32_t len,
                int user, rs_walk *fault_out)
{
    return copy_linear(pm, pg, linear, dst, len, user, 0, fault_out);
}

int rs_mmu_write(const rs_physmem *pm, rs_paging pg, uint32_t linear, const void *src, uint32_t len,
                 int user, rs_walk *fault_out)
{
    return copy_linear(pm, pg, linear, (uint8_t *)src, len, user, 1, fault_out);
}
