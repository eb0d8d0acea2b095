/* Physical page allocator: a free list of 4 KiB pages, addressed through the kernel mapping. */
#ifndef KERNEL_KALLOC_H
#define KERNEL_KALLOC_H
#include <stdint.h>

/* Frees every whole page in [vstart, vend) (kernel virtual addresses) into the pool. */
void kalloc_init(void *vstart, void *vend);

/* A zeroed page (kernel virtual address), or 0 when memory is exhausted. */
void *kalloc(void);

/* Returns a page from kalloc to the pool. */
void kfree(void *page);

/* How many pages are free: the scheduler checks that a finished process gave all back. */
uint32_t kalloc_free_pages(void);

#endif
