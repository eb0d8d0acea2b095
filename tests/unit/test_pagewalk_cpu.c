/* The page-walk inspector (rs_mmu_inspect) against the CPU it describes: every combination of
 * PDE flags (P, R/W, U/S, PS, and the address bits that become reserved bit 21 or PSE-36 bits
 * 39:32 in a 4 MiB PDE), PTE flags (P, R/W, U/S), CPL 0-3, access read/write/execute, CR0.WP
 * and CR4.PSE is built as real page tables in a raw Unicorn engine, which then runs one load,
 * store or jump. The inspector must predict the outcome exactly: whether the access faults,
 * CR2 and the #PF error code (taken from the CPU state with rs_cpuctx_error_code), and where an
 * allowed access lands in physical memory. A/D/G/PWT/PCD/AVL bits vary with the case number:
 * they must never change a decision.
 *
 * Physical (= linear, through an identity-mapped first 4 MiB, all user/writable):
 *   0x1000 GDT   0x2000 page directory   0x3000 page table of the first 4 MiB
 *   0x5000 load, 0x5100 store, 0x5200 jump code   0x6000 ring-0 stub that IRETs to CPL 1, 2 or 3
 *   0x9000 ring-0 stack top   0xa000 outer stack top
 * Under test: PDE[1] (linear 0x00400000-0x007fffff), the access at linear 0x00405120 (data) or
 * 0x00405800 (code), PTE[5] in a page table at 0x400000, 0x402000 or 0x600000 (where the PDE's
 * address bits point), mapping frame 0x605000; a 4 MiB PDE maps 0x400000 (or above 4 GiB). */
#include <stdlib.h>
#include <string.h>
#include <unicorn/unicorn.h>
#include "cpuctx.h"
#include "mmu.h"
#include "rs_test.h"

enum {
    RAM = 8u << 20,
    GDT = 0x1000, PD = 0x2000, PT_LOW = 0x3000,
    CODE_LOAD = 0x5000, CODE_STORE = 0x5100, CODE_EXEC = 0x5200, STUB = 0x6000,
    STACK0 = 0x9000, STACK_OUTER = 0xa000,
    DATA_LINEAR = 0x00405120, EXEC_LINEAR = 0x00405800,
    FRAME_4K = 0x605000,
    P = RS_PTE_P, W = RS_PTE_RW, U = RS_PTE_US, PS = RS_PDE_PS,
};

/* Where PDE[1] points: a page table / 4 MiB frame at 0x400000; the same with bit 21 (reserved
 * in a 4 MiB PDE, an address bit otherwise); with bit 13 (PSE-36: physical bit 32). */
static const uint32_t pde_address_variants[] = { 0x400000, 0x600000, 0x402000 };

typedef struct pw_case {
    uint32_t pde, pte;
    int cpl, wp, pse;
    rs_access acc;
} pw_case;

typedef struct cpu_outcome {
    uc_err err;
    int faulted, vector;
    uint32_t cr2, error_code, eip, eax;
} cpu_outcome;

typedef struct rig {
    uc_engine *uc;
    rs_cpuctx *cpu;
    uc_context *base;     /* CPL 0, paging off, GDTR loaded: every case starts here */
    uint8_t *ram;
    rs_physmem pm;
    cpu_outcome out;
} rig;

static void put32(rig *g, uint32_t pa, uint32_t v) { rs_phys_write32(&g->pm, pa, v); }

static void put_bytes(rig *g, uint32_t pa, const uint8_t *b, size_t n) { memcpy(g->ram + pa, b, n); }

/* Flat 4 GiB segments for rings 0, 3, 1 and 2 (SDM 3.4.5). */
static void write_gdt(rig *g)
{
    static const uint64_t gdt[] = {
        0,
        0x00cf9a000000ffffull,   /* 0x08 code, DPL 0 */
        0x00cf92000000ffffull,   /* 0x10 data, DPL 0 */
        0x00cffa000000ffffull,   /* 0x1b code, DPL 3 */
        0x00cff2000000ffffull,   /* 0x23 data, DPL 3 */
        0x00cfba000000ffffull,   /* 0x29 code, DPL 1 */
        0x00cfb2000000ffffull,   /* 0x31 data, DPL 1 */
        0x00cfda000000ffffull,   /* 0x3a code, DPL 2 */
        0x00cfd2000000ffffull,   /* 0x42 data, DPL 2 */
    };
    memcpy(g->ram + GDT, gdt, sizeof gdt);
}

static void write_code(rig *g)
{
    static const uint8_t load[] = { 0xa1, 0x20, 0x51, 0x40, 0x00 };    /* mov eax, [0x405120] */
    static const uint8_t store[] = { 0xa3, 0x20, 0x51, 0x40, 0x00 };   /* mov [0x405120], eax */
    static const uint8_t jump[] = { 0xff, 0xe0 };                      /* jmp eax */
    /* Ring 0 -> outer ring: DS and the IRET frame from ECX (data/stack selector), EDX (code
     * selector) and EBX (entry point). */
    static const uint8_t stub[] = {
        0x8e, 0xd9,                     /* mov ds, cx */
        0x51,                           /* push ecx          ; SS */
        0x68, 0x00, 0xa0, 0x00, 0x00,   /* push 0xa000       ; ESP */
        0x6a, 0x02,                     /* push 2            ; EFLAGS */
        0x52,                           /* push edx          ; CS */
        0x53,                           /* push ebx          ; EIP */
        0xcf,                           /* iret */
    };
    put_bytes(g, CODE_LOAD, load, sizeof load);
    put_bytes(g, CODE_STORE, store, sizeof store);
    put_bytes(g, CODE_EXEC, jump, sizeof jump);
    put_bytes(g, STUB, stub, sizeof stub);
}

static void on_interrupt(uc_engine *uc, uint32_t intno, void *user)
{
    rig *g = user;
    uint64_t cr2 = 0;
    uc_reg_read(uc, UC_X86_REG_CR2, &cr2);
    rs_cpuctx_load(g->cpu);
    g->out.faulted = 1;
    g->out.vector = (int)intno;
    g->out.cr2 = (uint32_t)cr2;
    g->out.error_code = (uint32_t)rs_cpuctx_error_code(g->cpu);
    uc_emu_stop(uc);
}

static int rig_open(rig *g)
{
    memset(g, 0, sizeof *g);
    g->ram = aligned_alloc(4096, RAM);
    if (!g->ram || uc_open(UC_ARCH_X86, UC_MODE_32, &g->uc) != UC_ERR_OK)
        return 0;
    memset(g->ram, 0, RAM);
    g->pm = (rs_physmem){ g->ram, RAM };
    uc_ctl_set_tcg_buffer_size(g->uc, 16u << 20);
    if (rs_cpuctx_create(g->uc, &g->cpu) != RS_OK)
        return 0;
    if (uc_mem_map_ptr(g->uc, 0, RAM, UC_PROT_ALL, g->ram) != UC_ERR_OK)
        return 0;
    write_gdt(g);
    write_code(g);
    put32(g, PD, PT_LOW | P | W | U);
    for (uint32_t i = 0; i < 1024; i++)
        put32(g, PT_LOW + 4 * i, (i << 12) | P | W | U);
    uc_x86_mmr gdtr = { .base = GDT, .limit = 9 * 8 - 1 };
    uc_hook hook;
    if (uc_reg_write(g->uc, UC_X86_REG_GDTR, &gdtr) != UC_ERR_OK ||
        uc_hook_add(g->uc, &hook, UC_HOOK_INTR, (void *)on_interrupt, g, 1, 0) != UC_ERR_OK ||
        uc_context_alloc(g->uc, &g->base) != UC_ERR_OK || uc_context_save(g->uc, g->base) != UC_ERR_OK)
        return 0;
    return 1;
}

static void rig_close(rig *g)
{
    if (g->base)
        uc_context_free(g->base);
    rs_cpuctx_destroy(g->cpu);
    if (g->uc)
        uc_close(g->uc);
    free(g->ram);
}

static uint32_t marker_at(uint32_t pa) { return 0x5a000000u ^ pa; }

/* The tables of one case, and memory the access can reach put back as the case expects. */
static void build_case(rig *g, const pw_case *c)
{
    put32(g, PD + 4, c->pde);
    for (size_t i = 0; i < sizeof pde_address_variants / sizeof pde_address_variants[0]; i++)
        put32(g, pde_address_variants[i] + 5 * 4, c->pte);
    put32(g, 0x405120, marker_at(0x405120));
    put32(g, FRAME_4K + 0x120, marker_at(FRAME_4K + 0x120));
    g->ram[0x405800] = g->ram[FRAME_4K + 0x800] = 0x90;   /* nop */
}

static uint32_t store_value(uint32_t n) { return 0xc0de0000u | (n & 0xffffu); }

static int set_registers(rig *g, const pw_case *c, uint32_t n, uint32_t entry)
{
    static const uint32_t outer_code[4] = { 0, 0x29, 0x3a, 0x1b }, outer_data[4] = { 0, 0x31, 0x42, 0x23 };
    uint32_t cr4 = c->pse ? RS_CR4_PSE : 0, cr3 = PD, esp = STACK0;
    uint32_t cr0 = RS_CR0_PE | RS_CR0_PG | 0x10u /* ET */ | (c->wp ? RS_CR0_WP : 0);
    uint32_t eax = c->acc == RS_ACC_EXEC ? EXEC_LINEAR : store_value(n);
    uint32_t ecx = outer_data[c->cpl], edx = outer_code[c->cpl];
    int ok = uc_context_restore(g->uc, g->base) == UC_ERR_OK;
    ok = ok && uc_reg_write(g->uc, UC_X86_REG_CR4, &cr4) == UC_ERR_OK;
    ok = ok && uc_reg_write(g->uc, UC_X86_REG_CR3, &cr3) == UC_ERR_OK;
    ok = ok && uc_reg_write(g->uc, UC_X86_REG_CR0, &cr0) == UC_ERR_OK;   /* flushes the TLB */
    ok = ok && uc_reg_write(g->uc, UC_X86_REG_ESP, &esp) == UC_ERR_OK;
    ok = ok && uc_reg_write(g->uc, UC_X86_REG_EAX, &eax) == UC_ERR_OK;
    ok = ok && uc_reg_write(g->uc, UC_X86_REG_EBX, &entry) == UC_ERR_OK;
    ok = ok && uc_reg_write(g->uc, UC_X86_REG_ECX, &ecx) == UC_ERR_OK;
    ok = ok && uc_reg_write(g->uc, UC_X86_REG_EDX, &edx) == UC_ERR_OK;
    return ok;
}

static uint32_t reg32(rig *g, int reg)
{
    uint64_t v = 0;
    uc_reg_read(g->uc, reg, &v);
    return (uint32_t)v;
}

/* Runs the case's one access on the CPU; *until is where a successful run stops. */
static cpu_outcome run_on_cpu(rig *g, const pw_case *c, uint32_t n, uint32_t *until)
{
    uint32_t entry = c->acc == RS_ACC_READ ? CODE_LOAD : c->acc == RS_ACC_WRITE ? CODE_STORE : CODE_EXEC;
    *until = c->acc == RS_ACC_EXEC ? EXEC_LINEAR + 1 : entry + 5;
    build_case(g, c);
    g->out = (cpu_outcome){ 0 };
    if (!set_registers(g, c, n, entry)) {
        g->out.err = UC_ERR_ARG;
        return g->out;
    }
    g->out.err = uc_emu_start(g->uc, c->cpl == 0 ? entry : STUB, *until, 0, 0);
    g->out.eip = reg32(g, UC_X86_REG_EIP);
    g->out.eax = reg32(g, UC_X86_REG_EAX);
    return g->out;
}

static void describe(const pw_case *c, const rs_mmu_inspection *in, const cpu_outcome *o)
{
    char why[96];
    rs_mmu_denial_text(in, why, sizeof why);
    fprintf(stderr, "  case: PDE=0x%08x PTE=0x%08x CPL %d %s WP=%d PSE=%d\n", c->pde, c->pte, c->cpl,
            rs_mmu_access_name(c->acc), c->wp, c->pse);
    fprintf(stderr, "  inspector: %s, %s, error code 0x%x, phys 0x%llx\n",
            in->allowed ? "allowed" : "denied", why, in->error_code, (unsigned long long)in->phys);
    fprintf(stderr, "  cpu: %s, fault %d vector %d cr2 0x%x error code 0x%x, eip 0x%x eax 0x%x\n",
            uc_strerror(o->err), o->faulted, o->vector, o->cr2, o->error_code, o->eip, o->eax);
}

/* Does the CPU's outcome match the inspector's prediction? */
static int outcome_matches(rig *g, const pw_case *c, uint32_t n, const rs_mmu_inspection *in,
                           const cpu_outcome *o, uint32_t until)
{
    uint32_t linear = c->acc == RS_ACC_EXEC ? EXEC_LINEAR : DATA_LINEAR;
    if (!in->allowed)
        return o->faulted && o->vector == 14 && o->cr2 == linear && o->error_code == in->error_code;
    if (o->faulted)
        return 0;
    if (in->phys >= (1ull << 32))   /* PSE-36 frame above 4 GiB: nothing is mapped there */
        return o->err == UC_ERR_READ_UNMAPPED || o->err == UC_ERR_WRITE_UNMAPPED ||
               o->err == UC_ERR_FETCH_UNMAPPED;
    if (o->err != UC_ERR_OK || o->eip != until)
        return 0;
    if (c->acc == RS_ACC_READ)
        return o->eax == marker_at((uint32_t)in->phys);
    if (c->acc == RS_ACC_WRITE)
        return rs_phys_read32(&g->pm, in->phys) == store_value(n);
    return 1;
}

/* Bits that must not matter: A, D, G, PWT, PCD and the available bits 9-11. */
static uint32_t noise(uint32_t n, uint32_t salt)
{
    uint32_t h = (n + salt) * 0x9e3779b1u;
    return (h >> 11) & (RS_PTE_A | RS_PTE_D | RS_PTE_G | RS_PTE_PWT | RS_PTE_PCD | 0xe00u);
}

typedef struct tally {
    unsigned cases, allowed, above_4g, by_deny[RS_DENY_READ_ONLY + 1], by_cpl_deny[4];
} tally;

static void check_case(rig *g, const pw_case *c, uint32_t n, tally *t)
{
    rs_paging pg = { RS_CR0_PE | RS_CR0_PG | (c->wp ? RS_CR0_WP : 0), PD, c->pse ? RS_CR4_PSE : 0 };
    rs_mmu_inspection in;
    build_case(g, c);
    rs_mmu_inspect(&g->pm, pg, c->acc == RS_ACC_EXEC ? EXEC_LINEAR : DATA_LINEAR, c->acc, c->cpl, &in);
    uint32_t until;
    cpu_outcome o = run_on_cpu(g, c, n, &until);
    int same = outcome_matches(g, c, n, &in, &o, until);
    CHECK(same);
    if (!same)
        describe(c, &in, &o);
    t->cases++;
    t->allowed += in.allowed;
    t->above_4g += in.allowed && in.phys >= (1ull << 32);
    t->by_deny[in.deny]++;
    t->by_cpl_deny[c->cpl] += !in.allowed;
}

static void test_every_combination(rig *g)
{
    static const int cpls[] = { 0, 1, 2, 3 };
    static const rs_access accesses[] = { RS_ACC_READ, RS_ACC_WRITE, RS_ACC_EXEC };
    tally t = { 0 };
    uint32_t n = 0;
    for (size_t v = 0; v < 3; v++)
        for (uint32_t pde_flags = 0; pde_flags < 16; pde_flags++)
            for (uint32_t pte_flags = 0; pte_flags < 8; pte_flags++)
                for (int ci = 0; ci < 4; ci++)
                    for (int ai = 0; ai < 3; ai++)
                        for (int wp = 0; wp < 2; wp++)
                            for (int pse = 0; pse < 2; pse++, n++) {
                                /* flags bits 0-2 are P, R/W, U/S; bit 3 stands for PS */
                                uint32_t pde = pde_address_variants[v] | (pde_flags & 7) |
                                               ((pde_flags & 8) ? PS : 0) | noise(n, 1);
                                uint32_t pte = FRAME_4K | pte_flags | noise(n, 2);
                                pw_case c = { pde, pte, cpls[ci], wp, pse, accesses[ai] };
                                check_case(g, &c, n, &t);
                            }
    printf("%u cases: %u allowed (%u to a PSE-36 frame above 4 GiB); denied: %u not present, "
           "%u reserved bit, %u supervisor page, %u read-only\n", t.cases, t.allowed, t.above_4g,
           t.by_deny[RS_DENY_NOT_PRESENT], t.by_deny[RS_DENY_RESERVED],
           t.by_deny[RS_DENY_SUPERVISOR], t.by_deny[RS_DENY_READ_ONLY]);
    /* The table must really reach every outcome, at every privilege level. */
    CHECK(t.allowed > 0 && t.above_4g > 0);
    for (int d = RS_DENY_NOT_PRESENT; d <= RS_DENY_READ_ONLY; d++)
        CHECK(t.by_deny[d] > 0);
    for (int cpl = 0; cpl < 4; cpl++)
        CHECK(t.by_cpl_deny[cpl] > 0);
}

int main(void)
{
    rig g;
    int ok = rig_open(&g);
    CHECK(ok);
    if (ok)
        test_every_combination(&g);
    rig_close(&g);
    return rs_test_done();
}
