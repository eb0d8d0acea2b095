/* Where things live in every address space, physical and virtual.
 *
 *   virtual                                     physical
 *   0xFFFFFFFF +----------------------------+
 *              |  (unmapped)                |
 *   KERNBASE+  +----------------------------+
 *   PHYSTOP    |                            |
 *              |  all RAM below PHYSTOP,    |  0x00000000 .. PHYSTOP
 *              |  supervisor-only (U=0):    |  (the kernel image sits at 0x00100000,
 *              |  kernel text, data, heap   |   linked at 0xC0100000)
 *   0xC0000000 +----------------------------+ KERNBASE = USER_TOP
 *              |  (unmapped page)           |
 *   0xBFFFF000 +----------------------------+ USTACK_TOP
 *              |  user stack, 16 KiB, RW    |  grows down
 *   0xBFFFB000 +----------------------------+ USTACK_BOTTOM
 *              |  guard page (unmapped):    |  a stack overflow faults here
 *   0xBFFFA000 +----------------------------+ BRK_LIMIT
 *              |  (unmapped)                |
 *              |  heap (brk), RW, grows up  |
 *   start_brk  +----------------------------+  page-rounded end of the program
 *              |  data + bss (RW)           |
 *              |  text + rodata (R-X)       |
 *   0x08048000 +----------------------------+ the conventional i386 ELF text address
 *              |  (unmapped: null pointers  |
 *              |   fault here)              |
 *   0x00000000 +----------------------------+
 *
 * The top quarter is the same in every page directory (the kernel's page tables are shared), so
 * a system call or a trap needs no CR3 switch; U=0 on those pages is what keeps ring 3 out.
 */
#ifndef KERNEL_MEMLAYOUT_H
#define KERNEL_MEMLAYOUT_H

#define KERNBASE 0xC0000000u       /* first kernel virtual address */
#define KERNLINK 0xC0100000u       /* where the kernel is linked (= KERNBASE + 1 MiB) */
#define USER_TOP KERNBASE          /* user addresses are strictly below this */
#define PHYSTOP_MAX 0x04000000u    /* map at most 64 MiB of RAM (static page tables) */

#define USTACK_TOP 0xBFFFF000u
#define USTACK_SIZE 0x4000u
#define USTACK_BOTTOM (USTACK_TOP - USTACK_SIZE)
#define BRK_LIMIT (USTACK_BOTTOM - 0x1000u)   /* the heap may not eat the guard page */

#define V2P(a) ((uint32_t)(a) - KERNBASE)
#define P2V(a) ((void *)((uint32_t)(a) + KERNBASE))

#endif
