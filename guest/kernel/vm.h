/* Page directories: the kernel's, and one per process that shares the kernel's top quarter. */
#ifndef KERNEL_VM_H
#define KERNEL_VM_H
#include <stdint.h>

typedef uint32_t pde_t;
typedef uint32_t pte_t;

/* Builds the kernel page directory (RAM [0, phystop) at KERNBASE, supervisor-only, nothing
 * below KERNBASE) and switches to it, dropping the boot stub's identity map. */
void vm_init_kernel(uint32_t phystop);

/* Loads the kernel-only page directory / a process's page directory into CR3. */
void vm_switch_kernel(void);
void vm_switch(pde_t *pgdir);

/* A new page directory with only the kernel half, or 0 when out of memory. */
pde_t *vm_new_pgdir(void);

/* Maps fresh zeroed pages over every page touching [start, end) that is not mapped yet, with
 * PTE_U and PTE_W if writable (an already mapped page gains PTE_W if writable). Returns 0, or -1
 * when out of memory (pages mapped so far stay mapped; vm_free_pgdir frees them). */
int vm_alloc_user(pde_t *pgdir, uint32_t start, uint32_t end, int writable);

/* Unmaps and frees the user pages in [start, end) (page-aligned). */
void vm_free_user(pde_t *pgdir, uint32_t start, uint32_t end);

/* Frees every user page, every user page table and the directory itself. */
void vm_free_pgdir(pde_t *pgdir);

/* The kernel address of the byte at user address va, or 0 if va is not mapped. */
void *vm_user_to_kernel(pde_t *pgdir, uint32_t va);

/* The permissions ring 3 has on the page holding va, as the CPU combines them: PTE_P | PTE_U |
 * PTE_W bits, each set only if both the directory and the table entry set it; 0 if unmapped. */
uint32_t vm_user_permissions(pde_t *pgdir, uint32_t va);

/* May ring 3 read (or, if write, write) every byte of [va, va+len)? Below USER_TOP, mapped and
 * user-accessible in pgdir, no wrap-around. len 0 is always fine. */
int vm_user_range_ok(pde_t *pgdir, uint32_t va, uint32_t len, int write);

#endif
