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
#include <stddef.h>
#include <stdint.h>
#include "physmem.h"
#include "x86.h"

typedef enum rs_access { RS_ACC_READ, RS_ACC_WRITE, RS_ACC_EXEC } rs_access;

typedef struct rs_paging {
    uint32_t cr0, cr3, cr4;
} rs_paging;

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

/* ---- The inspector: one walk, every level decoded, for people rather than for the CPU. ----
 *
 * rs_mmu_walk above answers "may this access proceed" the way trap delivery needs it (and sets
 * A/D bits). The inspector answers "why": it decodes every entry the CPU reads, says which level
 * and which bit decided, and produces the #PF error code. It never writes guest memory.
 *
 * It follows Unicorn 2.1.1's CPU (QEMU 5.0, target/i386/excp_helper.c, handle_mmu_fault, the
 * non-PAE branch), which tests/unit/test_pagewalk_cpu.c checks case by case against the engine:
 *   - 4 KiB mappings have no reserved bits (SDM 4.3, Tables 4-5 and 4-6 show none).
 *   - A 4 MiB PDE (CR4.PSE=1, PS=1) uses PSE-36: bits 20:13 are physical-address bits 39:32 and
 *     bit 21 is reserved (SDM 4.3, Table 4-4; QEMU reserves bit 21 only, whatever MAXPHYADDR).
 *     A set reserved bit faults with RSVD=1 before any permission is looked at (SDM 4.7).
 *   - CPL 3 accesses are user accesses; CPL 0-2 are supervisor accesses (SDM 4.6).
 *   - Without NX/PAE/SMEP an instruction fetch is checked like a read and I/D stays 0 (SDM 4.7).
 * Entries outside RAM read as 0 (not present), as rs_mmu_walk has them; nothing outside the RAM
 * buffer is read. (The machine's CPU differs there: it reads the open bus above RAM as all ones,
 * i.e. a present, user, writable entry; a PSE-36 frame above 4 GiB is an engine error.) */

typedef enum rs_mmu_level { RS_LEVEL_NONE = 0, RS_LEVEL_PDE = 1, RS_LEVEL_PTE = 2 } rs_mmu_level;

/* What stopped an access (SDM 4.7: the causes of a page fault). */
typedef enum rs_mmu_deny {
    RS_DENY_NONE = 0,       /* allowed */
    RS_DENY_NOT_PRESENT,    /* P=0 at deny_level */
    RS_DENY_RESERVED,       /* bit 21 set in a 4 MiB PDE */
    RS_DENY_SUPERVISOR,     /* a CPL 3 access, U/S=0 at deny_level */
    RS_DENY_READ_ONLY,      /* a write, R/W=0 at deny_level (CPL 3, or CPL 0-2 with CR0.WP=1) */
} rs_mmu_deny;

/* One paging-structure entry, decoded by its format (SDM 4.3, Tables 4-4, 4-5, 4-6). Bits the
 * format ignores decode as 0 (D and G of a PDE that points at a page table); raw keeps them. */
typedef struct rs_mmu_entry {
    uint32_t addr;          /* physical address of the entry itself */
    uint32_t raw;           /* its value as the CPU reads it (0 when outside RAM) */
    uint16_t index;         /* 0..1023: its slot in the directory or table */
    uint8_t in_ram;         /* 0: the entry lies outside RAM and reads as 0 */
    uint8_t present, writable, user, pwt, pcd, accessed, dirty, global;
    uint8_t ps;             /* PDE bit 7 as written (PAT in a PTE: not decoded) */
    uint8_t large;          /* this PDE maps a 4 MiB page (PS=1 and CR4.PSE=1) */
    uint64_t frame;         /* what it points at: page table (PDE), 4 KiB page (PTE) or 4 MiB
                             * page, with PSE-36 bits 39:32 (so may lie above 4 GiB) */
} rs_mmu_entry;

typedef struct rs_mmu_inspection {
    uint32_t linear;
    rs_access access;
    int cpl;
    int paging;             /* 0: CR0.PG or PE clear; linear is physical, no entries read */
    int levels;             /* entries read: 0, 1 (PDE only: not present, or a 4 MiB page), 2 */
    rs_mmu_entry pde, pte;  /* pte valid only when levels == 2 */
    int large;              /* a 4 MiB page */
    int wp;                 /* CR0.WP as used */
    /* The effective permission of the page (SDM 4.6), valid when every entry is present:
     * user = U/S=1 at every level, writable = R/W=1 at every level. */
    int user, writable;
    int allowed;
    rs_mmu_deny deny;
    rs_mmu_level deny_level;
    uint32_t deny_bit;      /* the entry bit that denied: RS_PTE_P, RS_PTE_US, RS_PTE_RW or
                             * RS_PDE_4M_RSVD; 0 when allowed */
    uint64_t phys;          /* physical address when allowed (above 4 GiB possible, PSE-36) */
    uint32_t error_code;    /* the #PF error code (P, W/R, U/S, RSVD) when denied, else 0 */
} rs_mmu_inspection;

/* Walks LINEAR for ACCESS at privilege CPL (0..3; 3 is user) with PG's CR0 (PE, PG, WP), CR3 and
 * CR4 (PSE), reading PM only. Fills *out completely and returns out->allowed. Cannot fail. */
int rs_mmu_inspect(const rs_physmem *pm, rs_paging pg, uint32_t linear, rs_access access, int cpl,
                   rs_mmu_inspection *out);

/* Plain-language text, for front ends. Each writes at most LEN bytes including the terminating
 * NUL (always terminated when LEN > 0) and returns the length the full text needs, like
 * snprintf. Cannot fail.
 *   rs_mmu_entry_text:  the flags in words: "present, writable, supervisor, accessed",
 *                       "present, read-only, user, 4 MiB page, dirty, global", "not present".
 *                       LEVEL says which format E was decoded with.
 *   rs_mmu_denial_text: what denied an inspected access, naming the level and bit:
 *                       "PDE[768] U/S=0: user access to a supervisor page"; "allowed" if none.
 *   rs_mmu_pf_error_text: a #PF error code as "0x5 = present | read | user". */
size_t rs_mmu_entry_text(const rs_mmu_entry *e, rs_mmu_level level, char *buf, size_t len);
size_t rs_mmu_denial_text(const rs_mmu_inspection *in, char *buf, size_t len);
size_t rs_mmu_pf_error_text(uint32_t error_code, char *buf, size_t len);

/* Short names: "read", "write", "execute"; "PDE", "PTE", "-". Static strings, never NULL. */
const char *rs_mmu_access_name(rs_access access);
const char *rs_mmu_level_name(rs_mmu_level level);

#endif
