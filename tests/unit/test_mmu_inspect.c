/* The page-walk inspector (rs_mmu_inspect, emu/core/mmu.c) on hand-built tables: entry decoding,
 * the level and bit that deny, error codes, 4 MiB pages and PSE-36, entries outside RAM, the
 * text helpers, and agreement with rs_mmu_walk wherever the two should agree. Its agreement with
 * the CPU itself is test_pagewalk_cpu.c. */
#include <stdlib.h>
#include <string.h>
#include "mmu.h"
#include "rs_test.h"

enum {
    PD = 0x1000, PT = 0x2000, RAM = 0x210000,
    P = RS_PTE_P, W = RS_PTE_RW, U = RS_PTE_US, A = RS_PTE_A, D = RS_PTE_D, PS = RS_PDE_PS,
    G = RS_PTE_G, PWT = RS_PTE_PWT, PCD = RS_PTE_PCD,
};

static rs_physmem pm;
static const rs_paging paged = { RS_CR0_PE | RS_CR0_PG, PD, 0 };
static const rs_paging paged_wp = { RS_CR0_PE | RS_CR0_PG | RS_CR0_WP, PD, 0 };
static const rs_paging paged_pse = { RS_CR0_PE | RS_CR0_PG, PD, RS_CR4_PSE };

static void put(uint32_t pa, uint32_t v) { rs_phys_write32(&pm, pa, v); }

static void clear(void) { memset(pm.ram, 0, pm.size); }

#define CHECK_STR(got, want) do { \
    if (strcmp((got), (want)) == 0) rs_test_passed++; \
    else { rs_test_failed++; fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n", __FILE__, __LINE__, (got), (want)); } \
} while (0)

static void test_decoding(void)
{
    clear();
    put(PD + 4 * 3, PT | P | W | U | PWT | A | D | G);    /* D and G are ignored in this PDE */
    put(PT + 4 * 7, 0x00abc000 | P | U | PCD | A | D | G | 0x80);
    rs_mmu_inspection in;
    CHECK(rs_mmu_inspect(&pm, paged, 0x00c07123, RS_ACC_READ, 3, &in));
    CHECK_EQ(in.paging, 1);
    CHECK_EQ(in.levels, 2);
    CHECK_EQ(in.pde.addr, PD + 12);
    CHECK_EQ(in.pde.index, 3);
    CHECK_EQ(in.pde.in_ram, 1);
    CHECK_EQ(in.pde.raw, PT | P | W | U | PWT | A | D | G);
    CHECK(in.pde.present && in.pde.writable && in.pde.user && in.pde.pwt && in.pde.accessed);
    CHECK(!in.pde.pcd && !in.pde.dirty && !in.pde.global && !in.pde.ps && !in.pde.large);
    CHECK_EQ(in.pde.frame, PT);
    CHECK_EQ(in.pte.addr, PT + 28);
    CHECK_EQ(in.pte.index, 7);
    CHECK(in.pte.present && !in.pte.writable && in.pte.user && !in.pte.pwt && in.pte.pcd);
    CHECK(in.pte.accessed && in.pte.dirty && in.pte.global && !in.pte.ps && !in.pte.large);
    CHECK_EQ(in.pte.frame, 0x00abc000);
    CHECK_EQ(in.phys, 0x00abc123);
    CHECK(in.user && !in.writable && in.allowed && !in.large);
    CHECK_EQ(in.deny, RS_DENY_NONE);
    CHECK_EQ(in.deny_level, RS_LEVEL_NONE);
    CHECK_EQ(in.error_code, 0);
    /* A not-present entry decodes to nothing but its place and raw value (SDM 4.3: when P=0
     * every other bit is ignored). */
    put(PT + 4 * 7, 0xfffffffe);
    CHECK(!rs_mmu_inspect(&pm, paged, 0x00c07123, RS_ACC_READ, 0, &in));
    CHECK_EQ(in.pte.raw, 0xfffffffe);
    CHECK(!in.pte.present && !in.pte.writable && !in.pte.user && !in.pte.dirty);
    CHECK_EQ(in.pte.frame, 0);
    CHECK_EQ(in.deny, RS_DENY_NOT_PRESENT);
    CHECK_EQ(in.deny_level, RS_LEVEL_PTE);
    CHECK_EQ(in.deny_bit, RS_PTE_P);
    CHECK_EQ(in.error_code, 0);
}

static void test_large_pages(void)
{
    clear();
    /* 0xc0000000 -> 0x00400000, with G and D meaningful in a 4 MiB PDE. */
    put(PD + 4 * 768, 0x00400000 | P | W | PS | A | D | G);
    rs_mmu_inspection in;
    CHECK(rs_mmu_inspect(&pm, paged_pse, 0xc0123456, RS_ACC_WRITE, 0, &in));
    CHECK_EQ(in.levels, 1);
    CHECK(in.large && in.pde.large && in.pde.ps && in.pde.dirty && in.pde.global);
    CHECK_EQ(in.pde.frame, 0x00400000);
    CHECK_EQ(in.phys, 0x00523456);
    CHECK(!in.user && in.writable);
    /* PSE-36 (SDM Table 4-4): bits 20:13 are physical-address bits 39:32. */
    put(PD + 4 * 768, 0x00400000 | (0x81u << 13) | P | W | PS);
    CHECK(rs_mmu_inspect(&pm, paged_pse, 0xc0123456, RS_ACC_READ, 0, &in));
    CHECK_EQ(in.pde.frame, 0x8100400000ull);
    CHECK_EQ(in.phys, 0x8100523456ull);
    /* Bit 21 is reserved: RSVD fault before the rights are looked at (user and supervisor). */
    put(PD + 4 * 768, 0x00600000 | P | W | PS);
    CHECK(!rs_mmu_inspect(&pm, paged_pse, 0xc0123456, RS_ACC_READ, 0, &in));
    CHECK_EQ(in.deny, RS_DENY_RESERVED);
    CHECK_EQ(in.deny_level, RS_LEVEL_PDE);
    CHECK_EQ(in.deny_bit, RS_PDE_4M_RSVD);
    CHECK_EQ(in.error_code, RS_PF_RSVD | RS_PF_P);
    CHECK(!in.user && in.writable);           /* the page's rights are still reported */
    CHECK(!rs_mmu_inspect(&pm, paged_pse, 0xc0123456, RS_ACC_WRITE, 3, &in));
    CHECK_EQ(in.deny, RS_DENY_RESERVED);      /* not "supervisor page" although U/S=0 */
    CHECK_EQ(in.error_code, RS_PF_RSVD | RS_PF_P | RS_PF_W | RS_PF_U);
    /* Without CR4.PSE the PS bit is ignored: the same entry points at a table at 0x00600000,
     * outside RAM, whose entries read as 0. */
    CHECK(!rs_mmu_inspect(&pm, paged, 0xc0123456, RS_ACC_READ, 0, &in));
    CHECK(in.pde.ps && !in.pde.large && !in.large);
    CHECK_EQ(in.levels, 2);
    CHECK_EQ(in.pte.addr, 0x00600000 + 0x123 * 4);
    CHECK_EQ(in.pte.in_ram, 0);
    CHECK_EQ(in.deny, RS_DENY_NOT_PRESENT);
    CHECK_EQ(in.deny_level, RS_LEVEL_PTE);
}

/* One 4 KiB page at linear 0x00400123 with the given bits at each level. */
static rs_mmu_inspection one(uint32_t pde, uint32_t pte, rs_access acc, int cpl, int wp)
{
    clear();
    put(PD + 4, PT | pde);
    put(PT, 0x5000 | pte);
    rs_mmu_inspection in;
    rs_mmu_inspect(&pm, wp ? paged_wp : paged, 0x00400123, acc, cpl, &in);
    return in;
}

/* SDM 4.6 and 4.7, case by case: which level and bit deny, and the error code. */
static void test_denials(void)
{
    static const struct {
        uint32_t pde, pte;
        rs_access acc;
        int cpl, wp;
        rs_mmu_deny deny;
        rs_mmu_level level;
        uint32_t bit, err;
    } cases[] = {
        { 0, P | W | U, RS_ACC_READ, 3, 0, RS_DENY_NOT_PRESENT, RS_LEVEL_PDE, P, 4 },
        { P | W | U, 0, RS_ACC_WRITE, 0, 0, RS_DENY_NOT_PRESENT, RS_LEVEL_PTE, P, 2 },
        { P | W, P | W | U, RS_ACC_READ, 3, 0, RS_DENY_SUPERVISOR, RS_LEVEL_PDE, U, 5 },
        { P | W | U, P | W, RS_ACC_EXEC, 3, 0, RS_DENY_SUPERVISOR, RS_LEVEL_PTE, U, 5 },
        { P, P, RS_ACC_WRITE, 3, 0, RS_DENY_SUPERVISOR, RS_LEVEL_PDE, U, 7 },  /* U/S first */
        { P | U, P | W | U, RS_ACC_WRITE, 3, 0, RS_DENY_READ_ONLY, RS_LEVEL_PDE, W, 7 },
        { P | W | U, P | U, RS_ACC_WRITE, 3, 0, RS_DENY_READ_ONLY, RS_LEVEL_PTE, W, 7 },
        { P | W | U, P | U, RS_ACC_WRITE, 0, 1, RS_DENY_READ_ONLY, RS_LEVEL_PTE, W, 3 },
        { P, P, RS_ACC_WRITE, 2, 1, RS_DENY_READ_ONLY, RS_LEVEL_PDE, W, 3 },    /* CPL 2 is supervisor */
        { P | W | U, P | U, RS_ACC_WRITE, 0, 0, RS_DENY_NONE, RS_LEVEL_NONE, 0, 0 },  /* WP=0 */
        { P, P, RS_ACC_WRITE, 1, 0, RS_DENY_NONE, RS_LEVEL_NONE, 0, 0 },
        { P, P, RS_ACC_EXEC, 0, 1, RS_DENY_NONE, RS_LEVEL_NONE, 0, 0 },
        { P | U, P | U, RS_ACC_EXEC, 3, 1, RS_DENY_NONE, RS_LEVEL_NONE, 0, 0 },  /* no NX */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rs_mmu_inspection in = one(cases[i].pde, cases[i].pte, cases[i].acc, cases[i].cpl, cases[i].wp);
        CHECK_EQ(in.allowed, cases[i].deny == RS_DENY_NONE);
        CHECK_EQ(in.deny, cases[i].deny);
        CHECK_EQ(in.deny_level, cases[i].level);
        CHECK_EQ(in.deny_bit, cases[i].bit);
        CHECK_EQ(in.error_code, cases[i].err);
        if (in.allowed)
            CHECK_EQ(in.phys, 0x5123);
    }
}

static void test_paging_off_and_outside_ram(void)
{
    rs_mmu_inspection in;
    rs_paging off = { RS_CR0_PE, 0x12345000, RS_CR4_PSE };
    CHECK(rs_mmu_inspect(&pm, off, 0xdeadbeef, RS_ACC_WRITE, 3, &in));
    CHECK(!in.paging && in.levels == 0 && in.user && in.writable);
    CHECK_EQ(in.phys, 0xdeadbeef);
    /* A directory beyond RAM, and one whose last entry straddles the end of RAM. */
    rs_paging far = { RS_CR0_PE | RS_CR0_PG, 0x7fff0000, 0 };
    CHECK(!rs_mmu_inspect(&pm, far, 0xffffffff, RS_ACC_READ, 0, &in));
    CHECK_EQ(in.pde.addr, 0x7fff0ffc);
    CHECK(!in.pde.in_ram && !in.pde.present);
    CHECK_EQ(in.deny, RS_DENY_NOT_PRESENT);
    rs_physmem odd = { pm.ram, RAM - 2 };
    rs_paging last = { RS_CR0_PE | RS_CR0_PG, RAM - 0x1000, 0 };
    memset(pm.ram + RAM - 4, 0xff, 4);
    CHECK(!rs_mmu_inspect(&odd, last, 0xffc00000, RS_ACC_READ, 0, &in));
    CHECK_EQ(in.pde.in_ram, 0);
    CHECK_EQ(in.pde.raw, 0);
}

/* The inspector reads only: A/D bits stay as they were (rs_mmu_walk with set_ad sets them). */
static void test_reads_only(void)
{
    clear();
    put(PD + 4, PT | P | W | U);
    put(PT, 0x5000 | P | W | U);
    uint8_t *before = malloc(RAM);
    memcpy(before, pm.ram, RAM);
    rs_mmu_inspection in;
    for (int acc = RS_ACC_READ; acc <= RS_ACC_EXEC; acc++)
        rs_mmu_inspect(&pm, paged_pse, 0x00400000, (rs_access)acc, 3, &in);
    CHECK(memcmp(before, pm.ram, RAM) == 0);
    free(before);
}

static void test_text(void)
{
    char buf[160];
    /* The example: a CPL 3 read of 0xc0000000 under a kernel PDE. */
    clear();
    put(PD + 4 * 768, 0x00203003);
    put(0x00203000, 0x00100000 | P | W);
    rs_mmu_inspection in;
    rs_mmu_inspect(&pm, paged, 0xc0000000, RS_ACC_READ, 3, &in);
    rs_mmu_entry_text(&in.pde, RS_LEVEL_PDE, buf, sizeof buf);
    CHECK_STR(buf, "present, writable, supervisor");
    rs_mmu_denial_text(&in, buf, sizeof buf);
    CHECK_STR(buf, "PDE[768] U/S=0: user access to a supervisor page");
    rs_mmu_pf_error_text(in.error_code, buf, sizeof buf);
    CHECK_STR(buf, "0x5 = present | read | user");

    rs_mmu_entry e = { .present = 1, .user = 1, .large = 1, .ps = 1, .accessed = 1, .dirty = 1,
                       .global = 1, .pwt = 1, .pcd = 1, .in_ram = 1, .raw = RS_PDE_4M_RSVD };
    rs_mmu_entry_text(&e, RS_LEVEL_PDE, buf, sizeof buf);
    CHECK_STR(buf, "present, read-only, user, 4 MiB page, reserved bit 21 set, accessed, dirty, "
                   "global, write-through, cache disabled");
    e = (rs_mmu_entry){ .present = 1, .writable = 1, .ps = 1, .in_ram = 1 };
    rs_mmu_entry_text(&e, RS_LEVEL_PDE, buf, sizeof buf);
    CHECK_STR(buf, "present, writable, supervisor, PS ignored (CR4.PSE=0)");
    e = (rs_mmu_entry){ .in_ram = 1 };
    rs_mmu_entry_text(&e, RS_LEVEL_PTE, buf, sizeof buf);
    CHECK_STR(buf, "not present");
    e.in_ram = 0;
    rs_mmu_entry_text(&e, RS_LEVEL_PTE, buf, sizeof buf);
    CHECK_STR(buf, "not present (outside RAM)");

    in = one(P | W | U, P | U, RS_ACC_WRITE, 0, 1);
    rs_mmu_denial_text(&in, buf, sizeof buf);
    CHECK_STR(buf, "PTE[0] R/W=0: write to a read-only page (supervisor, CR0.WP=1)");
    in = one(P | W | U, 0, RS_ACC_EXEC, 3, 1);
    rs_mmu_denial_text(&in, buf, sizeof buf);
    CHECK_STR(buf, "PTE[0] P=0: not present");
    in = one(P | W | U, P | W | U, RS_ACC_EXEC, 3, 1);
    rs_mmu_denial_text(&in, buf, sizeof buf);
    CHECK_STR(buf, "allowed");
    clear();
    put(PD + 4 * 1023, 0x00200000 | P | PS);
    rs_mmu_inspect(&pm, paged_pse, 0xffffffff, RS_ACC_WRITE, 3, &in);
    rs_mmu_denial_text(&in, buf, sizeof buf);
    CHECK_STR(buf, "PDE[1023] bit 21=1: reserved bit set in a 4 MiB entry");
    rs_mmu_pf_error_text(in.error_code, buf, sizeof buf);
    CHECK_STR(buf, "0xf = present | write | user | reserved bit");
    rs_mmu_pf_error_text(RS_PF_ID, buf, sizeof buf);
    CHECK_STR(buf, "0x10 = not present | read | supervisor | instruction fetch");

    /* snprintf semantics: the full length back, what fits written, always terminated. */
    char small[8];
    CHECK_EQ(rs_mmu_pf_error_text(5, small, sizeof small), strlen("0x5 = present | read | user"));
    CHECK_STR(small, "0x5 = p");
    CHECK_EQ(rs_mmu_pf_error_text(5, NULL, 0), strlen("0x5 = present | read | user"));
    CHECK_STR(rs_mmu_access_name(RS_ACC_EXEC), "execute");
    CHECK_STR(rs_mmu_level_name(RS_LEVEL_PTE), "PTE");
}

/* Where both answer the same question (no reserved bits, frames below 4 GiB), the inspector and
 * rs_mmu_walk (which trap delivery uses) must agree, on random tables. */
static void test_agrees_with_walk(void)
{
    uint32_t seed = 12345;
    int disagreements = 0;
    clear();
    for (int round = 0; round < 20000; round++) {
        seed = seed * 1103515245u + 12345u;
        uint32_t pde = (seed >> 8) & 0x1ff, pte = (seed >> 3) & 0x7f;
        pde &= ~RS_PDE_4M_RSVD;
        put(PD + 4, (pde & PS ? 0x00400000u : (uint32_t)PT) | pde);
        put(PT + 4 * 5, 0x7000 | pte);
        rs_paging pg = { RS_CR0_PE | RS_CR0_PG | ((seed >> 20) & 1 ? RS_CR0_WP : 0), PD,
                         (seed >> 21) & 1 ? RS_CR4_PSE : 0 };
        rs_access acc = (rs_access)((seed >> 22) % 3);
        int cpl = (int)((seed >> 25) & 3);
        rs_mmu_inspection in;
        rs_walk w;
        rs_mmu_inspect(&pm, pg, 0x00405678, acc, cpl, &in);
        rs_mmu_walk(&pm, pg, 0x00405678, acc, cpl == 3, 0, &w);
        if (in.allowed != w.ok || (in.allowed ? in.phys != w.phys : in.error_code != w.error_code))
            disagreements++;
    }
    CHECK_EQ(disagreements, 0);
}

int main(void)
{
    pm.ram = malloc(RAM);   /* exactly RAM bytes, so ASan sees any read past it */
    pm.size = RAM;
    test_decoding();
    test_large_pages();
    test_denials();
    test_paging_off_and_outside_ram();
    test_reads_only();
    test_text();
    test_agrees_with_walk();
    free(pm.ram);
    return rs_test_done();
}
