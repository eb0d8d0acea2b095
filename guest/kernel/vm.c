/* Page tables. The kernel half (directory entries 768..1023) is built once from static page
 * tables and copied into every process's directory; the user half is built per process from
 * pages out of kalloc. */
#include "vm.h"
#include "console.h"
#include "kalloc.h"
#include "memlayout.h"
#include "mmu.h"
#include "string.h"
#include "x86.h"

#define KERNEL_PDX_FIRST PDX(KERNBASE)
#define KERNEL_TABLES (PHYSTOP_MAX / (PGSIZE * NPTENTRIES))

static pde_t kernel_pgdir[NPDENTRIES] __attribute__((aligned(4096)));
static pte_t kernel_tables[KERNEL_TABLES][NPTENTRIES] __attribute__((aligned(4096)));

void vm_init_kernel(uint32_t phystop)
{
    for (uint32_t pa = 0; pa < phystop; pa += PGSIZE) {
        uint32_t va = KERNBASE + pa;
        kernel_tables[PDX(va) - KERNEL_PDX_FIRST][PTX(va)] = pa | PTE_P | PTE_W;
    }
    /* Supervisor-only at the directory level too: U=0 here alone would already keep ring 3
     * out, whatever the table entries said. */
    for (uint32_t t = 0; t < KERNEL_TABLES; t++)
        kernel_pgdir[KERNEL_PDX_FIRST + t] = V2P(kernel_tables[t]) | PTE_P | PTE_W;
    vm_switch_kernel();
}

/* What CR3 holds. Loading the same directory again would only flush the TLB, so it is skipped:
 * a process that yields and is picked again keeps running in its address space. */
static uint32_t loaded_cr3;

static void load_cr3(uint32_t pa)
{
    if (pa != loaded_cr3) {
        lcr3(pa);
        loaded_cr3 = pa;
    }
}

void vm_switch_kernel(void)
{
    load_cr3(V2P(kernel_pgdir));
}

void vm_switch(pde_t *pgdir)
{
    load_cr3(V2P(pgdir));
}

pde_t *vm_new_pgdir(void)
{
    pde_t *pgdir = kalloc();
    if (pgdir == 0)
        return 0;
    for (uint32_t i = KERNEL_PDX_FIRST; i < NPDENTRIES; i++)
        pgdir[i] = kernel_pgdir[i];
    return pgdir;
}

/* The page table entry for va in pgdir (user half only), creating the page table if asked.
 * 0 if there is no table (and create is 0) or no memory for one. */
static pte_t *walk(pde_t *pgdir, uint32_t va, int create)
{
    pde_t *pde = &pgdir[PDX(va)];
    if ((*pde & PTE_P) == 0) {
        if (!create)
            return 0;
        pte_t *table = kalloc();
        if (table == 0)
            return 0;
        /* The directory entry allows everything; each table entry decides. */
        *pde = V2P(table) | PTE_P | PTE_W | PTE_U;
    }
    pte_t *table = P2V(PTE_ADDR(*pde));
    return &table[PTX(va)];
}

int vm_alloc_user(pde_t *pgdir, uint32_t start, uint32_t end, int writable)
{
    uint32_t perm = PTE_P | PTE_U | (writable ? PTE_W : 0);
    for (uint32_t va = PGROUNDDOWN(start); va < end; va += PGSIZE) {
        if (va >= USER_TOP)
            panic("vm_alloc_user of a kernel address 0x%x", va);
        pte_t *pte = walk(pgdir, va, 1);
        if (pte == 0)
            return -1;
        if (*pte & PTE_P) {
            *pte |= perm;
            continue;
        }
        void *page = kalloc();
        if (page == 0)
            return -1;
        *pte = V2P(page) | perm;
    }
    return 0;
}

void vm_free_user(pde_t *pgdir, uint32_t start, uint32_t end)
{
    for (uint32_t va = start; va < end; va += PGSIZE) {
        pte_t *pte = walk(pgdir, va, 0);
        if (pte != 0 && (*pte & PTE_P)) {
            kfree(P2V(PTE_ADDR(*pte)));
            *pte = 0;
        }
    }
}

void vm_free_pgdir(pde_t *pgdir)
{
    for (uint32_t i = 0; i < KERNEL_PDX_FIRST; i++) {
        if ((pgdir[i] & PTE_P) == 0)
            continue;
        pte_t *table = P2V(PTE_ADDR(pgdir[i]));
        for (uint32_t j = 0; j < NPTENTRIES; j++)
            if (table[j] & PTE_P)
                kfree(P2V(PTE_ADDR(table[j])));
        kfree(table);
    }
    kfree(pgdir);
}

void *vm_user_to_kernel(pde_t *pgdir, uint32_t va)
{
    if (va >= USER_TOP)
        return 0;
    pte_t *pte = walk(pgdir, va, 0);
    if (pte == 0 || (*pte & PTE_P) == 0)
        return 0;
    return (char *)P2V(PTE_ADDR(*pte)) + (va & (PGSIZE - 1));
}

uint32_t vm_user_permissions(pde_t *pgdir, uint32_t va)
{
    pde_t pde = pgdir[PDX(va)];
    if ((pde & PTE_P) == 0)
        return 0;
    pte_t pte = ((pte_t *)P2V(PTE_ADDR(pde)))[PTX(va)];
    if ((pte & PTE_P) == 0)
        return 0;
    return PTE_P | (pde & pte & (PTE_U | PTE_W));
}

int vm_user_range_ok(pde_t *pgdir, uint32_t va, uint32_t len, int write)
{
    if (len == 0)
        return 1;
    uint32_t last = va + len - 1;
    /* Checking the bound first means the walk below never looks at kernel entries. */
    if (last < va || last >= USER_TOP)
        return 0;
    uint32_t need = PTE_P | PTE_U | (write ? PTE_W : 0);
    for (uint32_t page = PGROUNDDOWN(va);; page += PGSIZE) {
        if ((vm_user_permissions(pgdir, page) & need) != need)
            return 0;
        if (page == PGROUNDDOWN(last))
            return 1;
    }
}
