/* The page walk (emu/core/mmu.c): permission decisions, error codes, 4 MiB pages, A/D bits. */
#include <stdlib.h>
#include <string.h>
#include "mmu.h"
#include "rs_test.h"

enum { PD = 0x1000, PT = 0x2000, RAM = 0x100000 };

static rs_physmem pm;

static void put(uint32_t pa, uint32_t v) { rs_phys_write32(&pm, pa, v); }

/* One 4 KiB page at linear 0x00400000 (PDE 1, PTE 0) with the given bits at each level. */
static rs_walk walk_one(uint32_t pde_bits, uint32_t pte_bits, rs_access acc, int user, int wp)
{
    memset(pm.ram, 0, RAM);
    put(PD + 4, PT | pde_bits);
    put(PT, 0x5000 | pte_bits);
    rs_paging pg = { RS_CR0_PE | RS_CR0_PG | (wp ? RS_CR0_WP : 0), PD, 0 };
    rs_walk w;
    rs_mmu_walk(&pm, pg, 0x00400123, acc, user, 1, &w);
    return w;
}

static void test_permissions(void)
{
    enum { P = RS_PTE_P, W = RS_PTE_RW, U = RS_PTE_US };
    static const struct {
        uint32_t pde, pte;
        rs_access acc;
        int user, wp, ok;
        uint32_t err;
    } cases[] = {
        { P | W | U, P | W | U, RS_ACC_WRITE, 1, 0, 1, 0 },
        { P | W | U, P | U, RS_ACC_READ, 1, 0, 1, 0 },
        { P | W | U, P | U, RS_ACC_WRITE, 1, 0, 0, 7 },       /* user write to read-only */
        { P | W, P | W | U, RS_ACC_READ, 1, 0, 0, 5 },        /* supervisor at the PDE */
        { P | W | U, P | W, RS_ACC_READ, 1, 0, 0, 5 },        /* supervisor at the PTE */
        { P | W | U, P | W, RS_ACC_READ, 0, 0, 1, 0 },        /* kernel reads its page */
        { P | W | U, P | U, RS_ACC_WRITE, 0, 0, 1, 0 },       /* WP=0: kernel writes read-only */
        { P | W | U, P | U, RS_ACC_WRITE, 0, 1, 0, 3 },       /* WP=1: it faults */
        { P | U, P | W | U, RS_ACC_WRITE, 0, 1, 0, 3 },       /* read-only at the PDE counts */
        { 0, P | W | U, RS_ACC_READ, 1, 0, 0, 4 },            /* PDE not present */
        { P | W | U, 0, RS_ACC_WRITE, 1, 0, 0, 6 },           /* PTE not present */
        { P | W | U, 0, RS_ACC_READ, 0, 0, 0, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rs_walk w = walk_one(cases[i].pde, cases[i].pte, cases[i].acc, cases[i].user, cases[i].wp);
        CHECK_EQ(w.ok, cases[i].ok);
        if (cases[i].ok)
            CHECK_EQ(w.phys, 0x5123);
        else
            CHECK_EQ(w.error_code, cases[i].err);
    }
}

static void test_accessed_dirty(void)
{
    walk_one(RS_PTE_P | RS_PTE_RW, RS_PTE_P | RS_PTE_RW, RS_ACC_READ, 0, 0);
    CHECK_EQ(rs_phys_read32(&pm, PD + 4) & (RS_PTE_A | RS_PTE_D), RS_PTE_A);
    CHECK_EQ(rs_phys_read32(&pm, PT) & (RS_PTE_A | RS_PTE_D), RS_PTE_A);
    walk_one(RS_PTE_P | RS_PTE_RW, RS_PTE_P | RS_PTE_RW, RS_ACC_WRITE, 0, 0);
    CHECK_EQ(rs_phys_read32(&pm, PT) & (RS_PTE_A | RS_PTE_D), RS_PTE_A | RS_PTE_D);
    CHECK_EQ(rs_phys_read32(&pm, PD + 4) & RS_PTE_D, 0);      /* D lives in the PTE only */
    walk_one(RS_PTE_P, RS_PTE_P, RS_ACC_WRITE, 1, 0);          /* a fault sets nothing */
    CHECK_EQ(rs_phys_read32(&pm, PT) & (RS_PTE_A | RS_PTE_D), 0);
}

static void test_large_pages_and_copies(void)
{
    memset(pm.ram, 0, RAM);
    put(PD + 0xc00, 0x00000000 | RS_PTE_P | RS_PTE_RW | RS_PDE_PS);   /* 0xC0000000 -> 0 */
    rs_paging pse = { RS_CR0_PE | RS_CR0_PG, PD, RS_CR4_PSE }, nopse = { RS_CR0_PE | RS_CR0_PG, PD, 0 };
    rs_walk w;
    CHECK(rs_mmu_walk(&pm, pse, 0xc0012345, RS_ACC_READ, 0, 0, &w));
    CHECK_EQ(w.large, 1);
    CHECK_EQ(w.phys, 0x12345);
    CHECK(!rs_mmu_walk(&pm, pse, 0xc0012345, RS_ACC_READ, 1, 0, &w));  /* U=0 */
    CHECK_EQ(w.error_code, 5);
    /* Without CR4.PSE the PS bit is ignored and the entry points at a page table at 0. */
    CHECK(!rs_mmu_walk(&pm, nopse, 0xc0012345, RS_ACC_READ, 0, 0, &w));
    CHECK_EQ(w.deny_level, 2);
    /* A write that spans into a page it may not write stores nothing at all. */
    put(PD + 4, PT | RS_PTE_P | RS_PTE_RW | RS_PTE_US);
    put(PT, 0x5000 | RS_PTE_P | RS_PTE_RW | RS_PTE_US);
    put(PT + 4, 0x6000 | RS_PTE_P | RS_PTE_US);
    uint32_t v = 0xdeadbeef;
    CHECK(!rs_mmu_write(&pm, pse, 0x00400ffe, &v, 4, 1, &w));
    CHECK_EQ(w.linear, 0x00401000);
    CHECK_EQ(rs_phys_read32(&pm, 0x5ffc), 0);
    CHECK(rs_mmu_write(&pm, pse, 0x00400ffc, &v, 4, 1, &w));
    CHECK_EQ(rs_phys_read32(&pm, 0x5ffc), 0xdeadbeef);
    /* Paging off: linear is physical; outside RAM reads as all ones. */
    rs_paging off = { RS_CR0_PE, 0, 0 };
    uint32_t r = 0;
    CHECK(rs_mmu_read(&pm, off, RAM + 16, &r, 4, 0, &w));
    CHECK_EQ(r, 0xffffffffu);
}

int main(void)
{
    pm.ram = calloc(1, RAM);
    pm.size = RAM;
    test_permissions();
    test_accessed_dirty();
    test_large_pages_and_copies();
    free(pm.ram);
    return rs_test_done();
}
