/* x86 paging and segmentation constants (Intel SDM vol. 3, chapters 3 and 4).
 *
 * A 32-bit linear address splits into three parts with 4 KiB pages:
 *
 *   +--------10---------+--------10---------+---------12----------+
 *   | page directory    |   page table      | offset within page  |
 *   |      index        |     index         |                     |
 *   +-------------------+-------------------+---------------------+
 *    \--- PDX(va) -----/ \--- PTX(va) -----/
 *
 * Both the directory entry and the table entry must allow an access: the CPU combines their
 * U/S and R/W bits, so a page is user-writable only if both say so.
 */
#ifndef KERNEL_MMU_H
#define KERNEL_MMU_H

#define PGSIZE 4096u
#define PGROUNDUP(a) (((uint32_t)(a) + PGSIZE - 1) & ~(PGSIZE - 1))
#define PGROUNDDOWN(a) ((uint32_t)(a) & ~(PGSIZE - 1))
#define PDX(va) (((uint32_t)(va) >> 22) & 0x3FF)
#define PTX(va) (((uint32_t)(va) >> 12) & 0x3FF)
#define NPDENTRIES 1024
#define NPTENTRIES 1024

/* Page table/directory entry bits. */
#define PTE_P 0x001   /* present */
#define PTE_W 0x002   /* writable */
#define PTE_U 0x004   /* user (ring 3) may access */
#define PTE_ADDR(pte) ((uint32_t)(pte) & ~0xFFFu)

/* Page-fault error code bits (SDM 4.7). */
#define PF_PROTECTION 0x1   /* 0: page not present, 1: protection violation */
#define PF_WRITE 0x2        /* the access was a write */
#define PF_USER 0x4         /* the access came from CPL 3 */

/* Control register bits. */
#define CR0_PE 0x00000001u
#define CR0_WP 0x00010000u  /* honour read-only pages in ring 0 too */
#define CR0_PG 0x80000000u

/* EFLAGS bits. */
#define FL_IF 0x00000200u
#define FL_RESERVED1 0x00000002u   /* bit 1 always reads as 1 */

/* GDT layout: the selector of entry i is i*8 | RPL. */
#define SEG_KCODE 1
#define SEG_KDATA 2
#define SEG_UCODE 3
#define SEG_UDATA 4
#define SEG_TSS 5
#define NSEGS 6
#define DPL_USER 3
#define SELECTOR(index, rpl) (((index) << 3) | (rpl))

#endif
