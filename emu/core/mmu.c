/* See mmu.h. */
#include <string.h>
#include "text.h"
#include "mmu.h"
#include <stdio.h>

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
    /* An entry beyond RAM reads as 0 here, though the CPU reads the open bus (all ones): tables
     * outside RAM are a guest bug, and the inspectors (pagemap.h) treat them the same way. */
    w->pde = rs_phys_in_ram(pm, w->pde_addr, 4) ? rs_phys_read32(pm, w->pde_addr) : 0;
    if (!(w->pde & RS_PTE_P))
        return fault(w, 1, 0, access, user);

    if ((w->pde & RS_PDE_PS) && (pg.cr4 & RS_CR4_PSE)) {
        w->large = 1;
        if (w->pde & RS_PDE_4M_RSVD) {      /* SDM 4.7: RSVD is checked before the rights */
            fault(w, 1, 1, access, user);
            w->error_code |= RS_PF_RSVD;
            return 0;
        }
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
    /* Within one page (every IDT gate, descriptor and most frames): one walk decides it, and a
     * failed walk sets no A/D bits, so checking first is not needed. */
    if (len && (linear & 0xfffu) + len <= 4096u) {
        if (!rs_mmu_walk(pm, pg, linear, acc, user, 1, &w)) {
            if (fault_out)
                *fault_out = w;
            return 0;
        }
        if (!rs_phys_in_ram(pm, w.phys, len))
            copy_phys(pm, w.phys, host, len, to_guest);   /* open bus: reads as ones */
        else if (to_guest)
            memcpy(pm->ram + w.phys, host, len);
        else
            memcpy(host, pm->ram + w.phys, len);
        return 1;
    }
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

/* ---- The inspector (see mmu.h). Reads only; the decisions mirror rs_mmu_walk plus the reserved
 * bit and PSE-36 frame of 4 MiB PDEs, as Unicorn 2.1.1's CPU has them. ---- */

/* SDM 4.3, Table 4-4 (PSE-36): a 4 MiB page's frame takes bits 31:22 from the PDE and physical
 * address bits 39:32 from its bits 20:13. */
static uint64_t frame_4m(uint32_t pde)
{
    return (pde & 0xffc00000u) | ((uint64_t)((pde & RS_PDE_4M_HIGH) >> 13) << 32);
}

/* Decodes one entry by its format (SDM 4.3, Tables 4-4 to 4-6). When P=0 the CPU ignores every
 * other bit, so they decode as 0; D and G exist only in entries that map a page. */
static void decode_entry(const rs_physmem *pm, uint32_t addr, uint32_t index, rs_mmu_level level,
                         int pse, rs_mmu_entry *e)
{
    *e = (rs_mmu_entry){ .addr = addr, .index = (uint16_t)index };
    e->in_ram = (uint8_t)rs_phys_in_ram(pm, addr, 4);
    e->raw = e->in_ram ? rs_phys_read32(pm, addr) : 0;   /* outside RAM: not present */
    uint32_t v = e->raw;
    if (!(v & RS_PTE_P))
        return;
    e->present = 1;
    e->writable = (v & RS_PTE_RW) != 0;
    e->user = (v & RS_PTE_US) != 0;
    e->pwt = (v & RS_PTE_PWT) != 0;
    e->pcd = (v & RS_PTE_PCD) != 0;
    e->accessed = (v & RS_PTE_A) != 0;
    if (level == RS_LEVEL_PDE) {
        e->ps = (v & RS_PDE_PS) != 0;
        e->large = e->ps && pse;   /* without CR4.PSE the PS bit is ignored (SDM 4.3) */
    }
    if (level == RS_LEVEL_PTE || e->large) {
        e->dirty = (v & RS_PTE_D) != 0;
        e->global = (v & RS_PTE_G) != 0;
    }
    e->frame = e->large ? frame_4m(v) : (v & 0xfffff000u);
}

/* SDM 4.7: P=0 only for a not-present entry; RSVD for a reserved bit (which also has P=1); W/R
 * and U/S describe the access, not the page. I/D is never set without NX/PAE or SMEP. */
static int inspect_deny(rs_mmu_inspection *in, rs_mmu_deny why, rs_mmu_level level, uint32_t bit)
{
    in->allowed = 0;
    in->deny = why;
    in->deny_level = level;
    in->deny_bit = bit;
    in->error_code = (why != RS_DENY_NOT_PRESENT ? RS_PF_P : 0) |
                     (why == RS_DENY_RESERVED ? RS_PF_RSVD : 0) |
                     (in->access == RS_ACC_WRITE ? RS_PF_W : 0) | (in->cpl == 3 ? RS_PF_U : 0);
    return 0;
}

/* SDM 4.6: U/S and R/W combine across both levels (a 4 MiB page has only the PDE). A CPL 3
 * access needs U/S=1 everywhere; a write needs R/W=1 everywhere, except that a supervisor write
 * ignores R/W when CR0.WP=0. U/S is checked first, as the CPU does; the denying level is the
 * outermost one whose bit is 0. */
static int inspect_rights(rs_mmu_inspection *in)
{
    const rs_mmu_entry *pde = &in->pde, *pte = in->levels == 2 ? &in->pte : NULL;
    in->user = pde->user && (!pte || pte->user);
    in->writable = pde->writable && (!pte || pte->writable);
    int user_access = in->cpl == 3;
    if (user_access && !in->user)
        return inspect_deny(in, RS_DENY_SUPERVISOR, pde->user ? RS_LEVEL_PTE : RS_LEVEL_PDE,
                            RS_PTE_US);
    if (in->access == RS_ACC_WRITE && !in->writable && (user_access || in->wp))
        return inspect_deny(in, RS_DENY_READ_ONLY, pde->writable ? RS_LEVEL_PTE : RS_LEVEL_PDE,
                            RS_PTE_RW);
    in->allowed = 1;
    in->phys = in->large ? pde->frame | (in->linear & 0x003fffffu)
                         : pte->frame | (in->linear & 0xfffu);
    return 1;
}

int rs_mmu_inspect(const rs_physmem *pm, rs_paging pg, uint32_t linear, rs_access access, int cpl,
                   rs_mmu_inspection *out)
{
    *out = (rs_mmu_inspection){ .linear = linear, .access = access, .cpl = cpl,
                                .wp = (pg.cr0 & RS_CR0_WP) != 0 };
    if (!(pg.cr0 & RS_CR0_PG) || !(pg.cr0 & RS_CR0_PE)) {
        out->allowed = out->user = out->writable = 1;
        out->phys = linear;
        return 1;
    }
    out->paging = 1;
    int pse = (pg.cr4 & RS_CR4_PSE) != 0;
    uint32_t pdi = linear >> 22, pti = (linear >> 12) & 0x3ffu;
    decode_entry(pm, (pg.cr3 & 0xfffff000u) + pdi * 4, pdi, RS_LEVEL_PDE, pse, &out->pde);
    out->levels = 1;
    if (!out->pde.present)
        return inspect_deny(out, RS_DENY_NOT_PRESENT, RS_LEVEL_PDE, RS_PTE_P);
    if (out->pde.large) {
        out->large = 1;
        out->user = out->pde.user;          /* its rights, even if bit 21 faults it */
        out->writable = out->pde.writable;
        /* Checked before any permission, as the CPU does (Unicorn: do_check_protect_pse36). */
        if (out->pde.raw & RS_PDE_4M_RSVD)
            return inspect_deny(out, RS_DENY_RESERVED, RS_LEVEL_PDE, RS_PDE_4M_RSVD);
        return inspect_rights(out);
    }
    decode_entry(pm, (uint32_t)out->pde.frame + pti * 4, pti, RS_LEVEL_PTE, pse, &out->pte);
    out->levels = 2;
    if (!out->pte.present)
        return inspect_deny(out, RS_DENY_NOT_PRESENT, RS_LEVEL_PTE, RS_PTE_P);
    return inspect_rights(out);
}

/* ---- Text ---- */


const char *rs_mmu_access_name(rs_access access)
{
    switch (access) {
    case RS_ACC_READ: return "read";
    case RS_ACC_WRITE: return "write";
    case RS_ACC_EXEC: return "execute";
    }
    return "?";
}

const char *rs_mmu_level_name(rs_mmu_level level)
{
    switch (level) {
    case RS_LEVEL_PDE: return "PDE";
    case RS_LEVEL_PTE: return "PTE";
    case RS_LEVEL_NONE: break;
    }
    return "-";
}

size_t rs_mmu_entry_text(const rs_mmu_entry *e, rs_mmu_level level, char *buf, size_t len)
{
    rs_text t = rs_text_begin(buf, len);
    if (!e->present) {
        rs_text_add(&t, e->in_ram ? "not present" : "not present (outside RAM)");
        return t.used;
    }
    rs_text_add(&t, "present, %s, %s", e->writable ? "writable" : "read-only",
             e->user ? "user" : "supervisor");
    if (e->large)
        rs_text_add(&t, ", 4 MiB page");
    else if (level == RS_LEVEL_PDE && e->ps)
        rs_text_add(&t, ", PS ignored (CR4.PSE=0)");
    if (e->large && (e->raw & RS_PDE_4M_RSVD))
        rs_text_add(&t, ", reserved bit 21 set");
    if (e->accessed)
        rs_text_add(&t, ", accessed");
    if (e->dirty)
        rs_text_add(&t, ", dirty");
    if (e->global)
        rs_text_add(&t, ", global");
    if (e->pwt)
        rs_text_add(&t, ", write-through");
    if (e->pcd)
        rs_text_add(&t, ", cache disabled");
    return t.used;
}

size_t rs_mmu_denial_text(const rs_mmu_inspection *in, char *buf, size_t len)
{
    rs_text t = rs_text_begin(buf, len);
    const rs_mmu_entry *e = in->deny_level == RS_LEVEL_PTE ? &in->pte : &in->pde;
    const char *lv = rs_mmu_level_name(in->deny_level);
    switch (in->deny) {
    case RS_DENY_NONE:
        rs_text_add(&t, "allowed");
        break;
    case RS_DENY_NOT_PRESENT:
        rs_text_add(&t, "%s[%u] P=0: not present", lv, e->index);
        break;
    case RS_DENY_RESERVED:
        rs_text_add(&t, "%s[%u] bit 21=1: reserved bit set in a 4 MiB entry", lv, e->index);
        break;
    case RS_DENY_SUPERVISOR:
        rs_text_add(&t, "%s[%u] U/S=0: user access to a supervisor page", lv, e->index);
        break;
    case RS_DENY_READ_ONLY:
        rs_text_add(&t, "%s[%u] R/W=0: write to a read-only page%s", lv, e->index,
                 in->cpl == 3 ? "" : " (supervisor, CR0.WP=1)");
        break;
    }
    return t.used;
}

size_t rs_mmu_pf_error_text(uint32_t error_code, char *buf, size_t len)
{
    rs_text t = rs_text_begin(buf, len);
    rs_text_add(&t, "0x%x = %s | %s | %s", error_code,
             (error_code & RS_PF_P) ? "present" : "not present",
             (error_code & RS_PF_W) ? "write" : "read",
             (error_code & RS_PF_U) ? "user" : "supervisor");
    if (error_code & RS_PF_RSVD)
        rs_text_add(&t, " | reserved bit");
    if (error_code & RS_PF_ID)
        rs_text_add(&t, " | instruction fetch");
    return t.used;
}
