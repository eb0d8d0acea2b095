/* See cpuctx.h. Offsets follow Unicorn 2.1.1's CPUX86State; rs_cpuctx_create checks them. */
#include "cpuctx.h"
#include <stdlib.h>
#include <string.h>

/* CPUX86State layout (qemu/target/i386/cpu.h in Unicorn 2.1, target_ulong = 64 bits). */
enum {
    OFF_REGS = 0,          /* target_ulong regs[16] */
    OFF_EIP = 128,
    OFF_EFLAGS = 136,
    OFF_CC_SRC = 152,
    OFF_CC_OP = 168,       /* uint32_t */
    OFF_DF = 172,          /* int32_t: 1 if DF=0, -1 if DF=1 */
    OFF_HFLAGS = 176,
    OFF_SEGS = 184,        /* SegmentCache segs[6]: {u32 selector; u64 base; u32 limit; u32 flags} */
    SEGCACHE_SIZE = 24,
    OFF_LDT = OFF_SEGS + 6 * SEGCACHE_SIZE,
    OFF_TR = OFF_LDT + SEGCACHE_SIZE,
    OFF_GDT = OFF_TR + SEGCACHE_SIZE,
    OFF_IDT = OFF_GDT + SEGCACHE_SIZE,
    OFF_CR = OFF_IDT + SEGCACHE_SIZE,   /* target_ulong cr[5] */
    /* Relative to dr[0], which is found by search: int error_code; int exception_is_int;
     * target_ulong exception_next_eip; target_ulong dr[8]; void *bp[4]; int old_exception. */
    REL_ERROR_CODE = -16,
    REL_EXCEPTION_IS_INT = -12,
    REL_OLD_EXCEPTION = 8 * 8 + 4 * 8,
};

/* QEMU's TB flag bits (hflags) and its lazy-flags mode. */
enum {
    HF_CPL_MASK = 3,
    HF_CS32_MASK = 1 << 4,
    HF_SS32_MASK = 1 << 5,
    HF_ADDSEG_MASK = 1 << 6,
    HF_PE_MASK = 1 << 7,
    HF_IOBPT_MASK = 1 << 24,
    CC_OP_EFLAGS = 1,
    DESC_B_MASK = 1 << 22,
    EFLAGS_CC_MASK = 0x8d5,   /* CF PF AF ZF SF OF */
    EFLAGS_DF = 1 << 10,
    EFLAGS_VM = 1 << 17,
    CR0_PE = 1,
};

struct rs_cpuctx {
    uc_engine *uc;
    uc_context *context;
    uint8_t *blob;            /* the CPU state inside context */
    size_t blob_size;
    size_t off_dr0;
};

static uint64_t get64(const rs_cpuctx *c, size_t off) { uint64_t v; memcpy(&v, c->blob + off, 8); return v; }
static uint32_t get32(const rs_cpuctx *c, size_t off) { uint32_t v; memcpy(&v, c->blob + off, 4); return v; }
static void put64(rs_cpuctx *c, size_t off, uint64_t v) { memcpy(c->blob + off, &v, 8); }
static void put32(rs_cpuctx *c, size_t off, uint32_t v) { memcpy(c->blob + off, &v, 4); }

/* uc_context is { size_t context_size; uc_mode; uc_arch; int snapshot_level; char data[]; }
 * (include/uc_priv.h): the CPU state starts right after the three ints, context_size bytes long.
 * The layout check in rs_cpuctx_create catches any other arrangement. */
static uint8_t *context_data(uc_context *context, size_t total, size_t *data_size)
{
    size_t cpu_size, data_off = sizeof(size_t) + 3 * sizeof(int);
    memcpy(&cpu_size, context, sizeof cpu_size);
    if (cpu_size == 0 || data_off + cpu_size > total)
        return NULL;
    *data_size = cpu_size;
    return (uint8_t *)context + data_off;
}

static const uint32_t probe_gpr[8] = { 0x5a000011u, 0x5a000022u, 0x5a000033u, 0x5a000044u,
                                       0x5a000055u, 0x5a000066u, 0x5a000077u, 0x5a000088u };
static const int uc_gpr[8] = { UC_X86_REG_EAX, UC_X86_REG_ECX, UC_X86_REG_EDX, UC_X86_REG_EBX,
                               UC_X86_REG_ESP, UC_X86_REG_EBP, UC_X86_REG_ESI, UC_X86_REG_EDI };
static const int uc_dr[8] = { UC_X86_REG_DR0, UC_X86_REG_DR1, UC_X86_REG_DR2, UC_X86_REG_DR3,
                              UC_X86_REG_DR4, UC_X86_REG_DR5, UC_X86_REG_DR6, UC_X86_REG_DR7 };

static rs_err write_probe_values(uc_engine *uc, uint32_t scale)
{
    uc_x86_mmr gdtr = { .base = 0x00abcde0u * scale, .limit = 0x1237u * scale };
    uc_x86_mmr idtr = { .base = 0x00fedcb0u * scale, .limit = 0x07ffu * scale };
    uint32_t eip = 0x00123456u * scale, cr3 = 0x00777000u * scale;
    for (int i = 0; i < 8; i++) {
        uint32_t v = probe_gpr[i] * scale, d = (0x6b000101u + (uint32_t)i) * scale;
        if (uc_reg_write(uc, uc_gpr[i], &v) || uc_reg_write(uc, uc_dr[i], &d))
            return RS_ERR_ENGINE;
    }
    if (uc_reg_write(uc, UC_X86_REG_EIP, &eip) || uc_reg_write(uc, UC_X86_REG_CR3, &cr3) ||
        uc_reg_write(uc, UC_X86_REG_GDTR, &gdtr) || uc_reg_write(uc, UC_X86_REG_IDTR, &idtr))
        return RS_ERR_ENGINE;
    return RS_OK;
}

static int layout_matches(rs_cpuctx *c)
{
    for (int i = 0; i < 8; i++)
        if (get64(c, OFF_REGS + 8 * (size_t)i) != probe_gpr[i])
            return 0;
    if (get64(c, OFF_EIP) != 0x00123456u || get64(c, OFF_CR + 3 * 8) != 0x00777000u)
        return 0;
    if (get64(c, OFF_GDT + 8) != 0x00abcde0u || get32(c, OFF_GDT + 16) != 0x1237u)
        return 0;
    if (get64(c, OFF_IDT + 8) != 0x00fedcb0u || get32(c, OFF_IDT + 16) != 0x07ffu)
        return 0;
    /* UC_MODE_32 starts in protected mode with 32-bit code and stack. */
    uint32_t hf = get32(c, OFF_HFLAGS);
    if ((hf & (HF_CS32_MASK | HF_SS32_MASK | HF_PE_MASK)) != (HF_CS32_MASK | HF_SS32_MASK | HF_PE_MASK))
        return 0;
    /* dr[0..7]: eight consecutive 64-bit slots holding the probe values, found by search. */
    for (size_t off = OFF_CR; off + REL_OLD_EXCEPTION + 4 <= c->blob_size; off += 8) {
        int all = 1;
        for (int i = 0; i < 8 && all; i++)
            all = get64(c, off + 8 * (size_t)i) == 0x6b000101u + (uint32_t)i;
        if (all) {
            c->off_dr0 = off;
            return 1;
        }
    }
    return 0;
}

rs_err rs_cpuctx_create(uc_engine *engine, rs_cpuctx **out)
{
    *out = NULL;
    rs_cpuctx *c = calloc(1, sizeof *c);
    if (!c)
        return RS_ERR_NOMEM;
    c->uc = engine;
    if (uc_context_alloc(engine, &c->context) != UC_ERR_OK) {
        free(c);
        return RS_ERR_ENGINE;
    }
    c->blob = context_data(c->context, uc_context_size(engine), &c->blob_size);
    rs_err err = c->blob ? write_probe_values(engine, 1) : RS_ERR_ENGINE_LAYOUT;
    if (err == RS_OK) {
        rs_cpuctx_load(c);
        if (!layout_matches(c))
            err = RS_ERR_ENGINE_LAYOUT;
    }
    if (err == RS_OK)
        err = write_probe_values(engine, 0);   /* back to zeroes */
    if (err != RS_OK) {
        rs_cpuctx_destroy(c);
        return err;
    }
    *out = c;
    return RS_OK;
}

void rs_cpuctx_destroy(rs_cpuctx *ctx)
{
    if (!ctx)
        return;
    uc_context_free(ctx->context);
    free(ctx);
}

void rs_cpuctx_load(rs_cpuctx *ctx) { uc_context_save(ctx->uc, ctx->context); }
void rs_cpuctx_store(rs_cpuctx *ctx) { uc_context_restore(ctx->uc, ctx->context); }

uint32_t rs_cpuctx_gpr(const rs_cpuctx *c, enum rs_gpr r) { return (uint32_t)get64(c, OFF_REGS + 8 * (size_t)r); }
void rs_cpuctx_set_gpr(rs_cpuctx *c, enum rs_gpr r, uint32_t v) { put64(c, OFF_REGS + 8 * (size_t)r, v); }
uint32_t rs_cpuctx_eip(const rs_cpuctx *c) { return (uint32_t)get64(c, OFF_EIP); }
void rs_cpuctx_set_eip(rs_cpuctx *c, uint32_t eip) { put64(c, OFF_EIP, eip); }
uint32_t rs_cpuctx_cr(const rs_cpuctx *c, int n) { return (uint32_t)get64(c, OFF_CR + 8 * (size_t)n); }
void rs_cpuctx_set_cr2(rs_cpuctx *c, uint32_t v) { put64(c, OFF_CR + 2 * 8, v); }
int rs_cpuctx_cpl(const rs_cpuctx *c) { return (int)(get32(c, OFF_HFLAGS) & HF_CPL_MASK); }
uint32_t rs_cpuctx_dr(const rs_cpuctx *c, int n) { return (uint32_t)get64(c, c->off_dr0 + 8 * (size_t)n); }
void rs_cpuctx_set_dr(rs_cpuctx *c, int n, uint32_t v) { put64(c, c->off_dr0 + 8 * (size_t)n, v); }
int32_t rs_cpuctx_error_code(const rs_cpuctx *c) { return (int32_t)get32(c, c->off_dr0 + REL_ERROR_CODE); }
int rs_cpuctx_exception_is_int(const rs_cpuctx *c) { return get32(c, c->off_dr0 + REL_EXCEPTION_IS_INT) != 0; }

void rs_cpuctx_clear_exception_in_flight(rs_cpuctx *c)
{
    put32(c, c->off_dr0 + REL_OLD_EXCEPTION, (uint32_t)-1);
}

static rs_segcache read_cache(const rs_cpuctx *c, size_t off)
{
    rs_segcache s = { (uint16_t)get32(c, off), (uint32_t)get64(c, off + 8), get32(c, off + 16),
                      get32(c, off + 20) };
    return s;
}

rs_segcache rs_cpuctx_seg(const rs_cpuctx *c, enum rs_seg s)
{
    return read_cache(c, OFF_SEGS + SEGCACHE_SIZE * (size_t)s);
}

static rs_dtreg read_dt(const rs_cpuctx *c, size_t off)
{
    rs_segcache s = read_cache(c, off);
    rs_dtreg d = { s.selector, s.base, s.limit, s.flags };
    return d;
}

rs_dtreg rs_cpuctx_gdtr(const rs_cpuctx *c) { return read_dt(c, OFF_GDT); }
rs_dtreg rs_cpuctx_idtr(const rs_cpuctx *c) { return read_dt(c, OFF_IDT); }
rs_dtreg rs_cpuctx_ldtr(const rs_cpuctx *c) { return read_dt(c, OFF_LDT); }
rs_dtreg rs_cpuctx_tr(const rs_cpuctx *c) { return read_dt(c, OFF_TR); }

uint32_t rs_cpuctx_sysenter(const rs_cpuctx *c, int which)
{
    static const uint32_t msr_ids[3] = { 0x174, 0x175, 0x176 };
    uc_x86_msr msr = { .rid = msr_ids[which], .value = 0 };
    uc_reg_read(c->uc, UC_X86_REG_MSR, &msr);
    return (uint32_t)msr.value;
}

/* Mirrors Unicorn's cpu_x86_load_seg_cache: the TB flags derived from CS, SS and the data
 * segment bases must agree with the caches, or translated code would use the wrong sizes. */
void rs_cpuctx_set_seg(rs_cpuctx *c, enum rs_seg s, rs_segcache v)
{
    size_t off = OFF_SEGS + SEGCACHE_SIZE * (size_t)s;
    put32(c, off, v.selector);
    put64(c, off + 8, v.base);
    put32(c, off + 16, v.limit);
    put32(c, off + 20, v.flags);

    uint32_t hf = get32(c, OFF_HFLAGS);
    uint32_t cr0 = rs_cpuctx_cr(c, 0);
    uint32_t eflags = (uint32_t)get64(c, OFF_EFLAGS);
    if (s == RS_CS)
        hf = (hf & ~(uint32_t)HF_CS32_MASK) | ((v.flags & DESC_B_MASK) ? HF_CS32_MASK : 0);
    if (s == RS_SS && (cr0 & CR0_PE))
        hf = (hf & ~(uint32_t)HF_CPL_MASK) | ((v.flags >> 13) & 3);
    uint32_t ss_flags = get32(c, OFF_SEGS + SEGCACHE_SIZE * RS_SS + 20);
    uint32_t derived = (ss_flags & DESC_B_MASK) ? HF_SS32_MASK : 0;
    if (!(cr0 & CR0_PE) || (eflags & EFLAGS_VM) || !(hf & HF_CS32_MASK)) {
        derived |= HF_ADDSEG_MASK;
    } else {
        uint64_t bases = get64(c, OFF_SEGS + SEGCACHE_SIZE * RS_DS + 8) |
                         get64(c, OFF_SEGS + SEGCACHE_SIZE * RS_ES + 8) |
                         get64(c, OFF_SEGS + SEGCACHE_SIZE * RS_SS + 8);
        derived |= bases ? HF_ADDSEG_MASK : 0;
    }
    hf = (hf & ~(uint32_t)(HF_SS32_MASK | HF_ADDSEG_MASK)) | derived;
    put32(c, OFF_HFLAGS, hf);
}

void rs_cpuctx_set_cpl(rs_cpuctx *c, int cpl)
{
    put32(c, OFF_HFLAGS, (get32(c, OFF_HFLAGS) & ~(uint32_t)HF_CPL_MASK) | ((uint32_t)cpl & 3));
}

void rs_cpuctx_set_eflags_running(rs_cpuctx *c, uint32_t eflags)
{
    put64(c, OFF_EFLAGS, eflags & ~(uint32_t)(EFLAGS_CC_MASK | EFLAGS_DF));
    put64(c, OFF_CC_SRC, eflags & EFLAGS_CC_MASK);
    put32(c, OFF_CC_OP, CC_OP_EFLAGS);
    put32(c, OFF_DF, (eflags & EFLAGS_DF) ? (uint32_t)-1 : 1u);
}

/* DR7: L0 (bit 0) enables breakpoint 0; R/W0 = 10b (bits 16-17) makes it an I/O breakpoint;
 * LEN0 = 00b, one byte. DR0 is parked above every port (ports are 16-bit) until io.c points it
 * at a port to abort an instruction. */
void rs_cpuctx_arm_io_abort(rs_cpuctx *c)
{
    rs_cpuctx_set_dr(c, 7, (2u << 16) | 1u);
    put64(c, c->off_dr0, 0x10000000u);
    put32(c, OFF_HFLAGS, get32(c, OFF_HFLAGS) | HF_IOBPT_MASK);
}
