/* Physical memory allocator. Each free page holds the link to the next one, so the allocator
 * needs no memory of its own. */
#include "kalloc.h"
#include "console.h"
#include "memlayout.h"
#include "mmu.h"
#include "string.h"

struct free_page {
    struct free_page *next;
};

static struct free_page *free_list;
static uint32_t free_count;

void kalloc_init(void *vstart, void *vend)
{
    for (uint32_t p = PGROUNDUP(vstart); p + PGSIZE <= (uint32_t)vend; p += PGSIZE)
        kfree((void *)p);
}

void kfree(void *page)
{
    if ((uint32_t)page % PGSIZE != 0 || (uint32_t)page < KERNBASE)
        panic("kfree of a bad page 0x%x", (uint32_t)page);
    struct free_page *f = page;
    f->next = free_list;
    free_list = f;
    free_count++;
}

void *kalloc(void)
{
    struct free_page *f = free_list;
    if (f == 0)
        return 0;
    free_list = f->next;
    free_count--;
    memset(f, 0, PGSIZE);   /* never hand one process's data to the next */
    return f;
}

uint32_t kalloc_free_pages(void)
{
    return free_count;
}
