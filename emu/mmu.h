/* The 32-bit (non-PAE) page walk, as the CPU does it (Intel SDM Vol. 3, 4.3 "32-bit paging",
 * 4.6 "Access rights", 4.7 "Page-fault exceptions", 4.8 "Accessed and dirty flags").
 *
 *   linear address:  | 31 .. 22 | 21 .. 12 | 11 .. 0 |
 *                    | PDE index| PTE index| offset  |      (4 KiB pages)
 *                    | PDE index|    offset (22 bits) |     (4 MiB pages: CR4.PSE and PDE.PS)
 *
 * Used by trap delivery for the accesses it makes on the guest's behalf (IDT, GDT, TSS reads,
 * frame pushes) and by the inspectors. Pure functions of the registers and physical memory;
 * nothing is owned. */
#ifndef RS_MMU_H
#define RS_MMU_H
#include <stdint.h>
#include "physmem.h"

typedef enum rs_access { RS_ACC_READ, RS_ACC_WRITE, RS_ACC_EXEC } rs_access;

typedef struct rs_paging {
    uint32_t cr0, cr3, cr4;
} rs_paging;

enum {
    RS_CR0_PE = 1u << 0,
    RS_CR0_WP = 1u << 16,
    RS_CR0_AM = 1u << 18,
    RS_CR0_PG = 1u << 31,
    RS_CR4_PSE = 1u << 4,
    RS_PTE_P = 1u << 0,
    RS_PTE_RW = 1u << 1,
    RS_PTE_US = 1u << 2,
    RS_PTE_A = 1u << 5,
    RS_PTE_D = 1u << 6,
    RS_PDE_PS = 1u << 7,
    RS_PF_P = 1u << 0,      /* #PF error code: the page was present (a protection violation) */
    RS_PF_W = 1u << 1,      /* the access was a write */
    RS_PF_U = 1u << 2,      /* the access was made in user mode (CPL 3) */
};

/* Every step of one walk, for explanations and the inspector. */
typedef struct rs_walk {
    uint32_t linear;
    uint32_t pde_addr, pde;      /* physical address and value of the directory entry */
    uint32_t pte_addr, pte;      /* likewise for the table entry; 0/0 for a 4 MiB page */
    int large;                   /* 1: a 4 MiB page */
    int ok;                      /* 1: translated; 0: #PF with error_code */
    int deny_level;              /* on a fault: 1 = PDE, 2 = PTE */
    uint32_t phys;               /* the physical address when ok */
    uint32_t error_code;         /* the #PF error code when !ok */
} rs_walk;

/* Walks LINEAR for ACCESS at privilege USER (1: CPL 3 access; 0: supervisor, including the
 * implicit supervisor accesses to GDT/IDT/TSS). With paging off the address is physical. With
 * set_ad, a successful walk sets the accessed bits, and the dirty bit for a write, as the CPU
 * does. Returns w->ok. Cannot fail otherwise. */
int rs_mmu_walk(const rs_physmem *pm, rs_paging pg, uint32_t linear, rs_access access, int user,
                int set_ad, rs_walk *w);

/* Copies between guest linear memory and the host, page by page, with the checks of rs_mmu_walk
 * (set_ad on). Return 1 on success; on a fault return 0 and fill *fault (the failing walk) with
 * nothing written for a write (all pages are checked before the first byte is stored). */
int rs_mmu_read(const rs_physmem *pm, rs_paging pg, uint32_t linear, void *dst, uint32_t len,
                int user, rs_walk *fault);
int rs_mmu_write(const rs_physmem *pm, rs_paging pg, uint32_t linear, const void *src, uint32_t len,
                 int user, rs_walk *fault);

#endif
