/* See cpuctx.h. Offsets follow Unicorn 2.1.1's CPUX86State; rs_cpuctx_create checks them. */
#include "cpuctx.h"
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

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
    /* Then (cpu.h, right after old_exception): uint64_t vm_vmcb, tsc_offset, intercept. */
    REL_INTERCEPT = REL_OLD_EXCEPTION + 8 + 8 + 8,
};

/* QEMU's TB flag bits (hflags) and its lazy-flags mode. */
enum {
    HF_CPL_MASK = 3,
    HF_CS32_MASK = 1 << 4,
    HF_SS32_MASK = 1 << 5,
    HF_ADDSEG_MASK = 1 << 6,
    HF_PE_MASK = 1 << 7,
    HF_GUEST_MASK = 1 << 21,
    HF_IOBPT_MASK = 1 << 24,
    SVM_EXIT_INTR = 0x60,
    CC_OP_EFLAGS = 1,
    DESC_B_MASK = 1 << 22,
    EFLAGS_CC_MASK = 0x8d5,   /* CF PF AF ZF SF OF */
    EFLAGS_DF = 1 << 10,
    EFLAGS_VM = 1 << 17,
    CR0_PE = 1,
};

/* Where the live CPUX86State is (Unicorn 2.1.1, x86_64 host, glibc): struct uc_struct's
 * `CPUState *cpu` (include/uc_priv.h, after two AddressSpaces and ~40 function pointers; the
 * offset was measured by a probe), then CPUState's `void *env_ptr` (qemu/include/hw/core/cpu.h:
 * after 2 ints, a pointer, 7 bools, 3 ints, 3 int64s, a 200-byte sigjmp_buf and 4 fields of
 * pointer size). The env is X86CPU's embedded `env`, 35 KB after the CPUState (CPUState holds
 * the 32 KB jump cache); anything farther than MAX_ENV_DISTANCE is not it. */
enum {
    OFF_UC_CPU = 416,
    OFF_CPU_ENV_PTR = 296,
    MAX_ENV_DISTANCE = 1 << 20,
};

/* What rs_cpuctx_load remembers in live mode: every field a setter below writes, nothing more
 * (it is copied at every delivery). HEAD spans regs[] to segs[5] (GPRs, EIP, EFLAGS and the lazy
 * flags, hflags, the six segment caches); then CR2; then the debug span from error_code to
 * old_exception around dr[]. The table registers and CR0/CR3/CR4 have no setter. */
enum {
    CKPT_HEAD = OFF_LDT,
    CKPT_DR_BEFORE = -REL_ERROR_CODE,   /* bytes of the debug span before dr[0] */
    CKPT_DR_SIZE = REL_OLD_EXCEPTION + 4 - REL_ERROR_CODE,
};

struct rs_cpuctx {
    uc_engine *uc;
    uc_context *context;
    uint8_t *blob;            /* live: the engine's CPUX86State; copy: the state inside context */
    size_t blob_size;
    size_t off_dr0;
    int live;
    uc_context *scratch;      /* copy mode: what the live_* readers copy the state into */
    int loaded;               /* rs_cpuctx_load ran, and no store or rollback since */
    int dirty;                /* a setter ran since then: an edit is pending */
    uint8_t ckpt_head[CKPT_HEAD];
    uint64_t ckpt_cr2;
    uint8_t ckpt_dr[CKPT_DR_SIZE];
};

static uint64_t rd64(const uint8_t *state, size_t off) { uint64_t v; memcpy(&v, state + off, 8); return v; }
static uint32_t rd32(const uint8_t *state, size_t off) { uint32_t v; memcpy(&v, state + off, 4); return v; }
static uint64_t get64(const rs_cpuctx *c, size_t off) { return rd64(c->blob, off); }
static uint32_t get32(const rs_cpuctx *c, size_t off) { return rd32(c->blob, off); }
static void put64(rs_cpuctx *c, size_t off, uint64_t v) { memcpy(c->blob + off, &v, 8); c->dirty = 1; }
static void put32(rs_cpuctx *c, size_t off, uint32_t v) { memcpy(c->blob + off, &v, 4); c->dirty = 1; }

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
    for (size_t off = OFF_CR; off + REL_INTERCEPT + 8 <= c->blob_size; off += 8) {
        int all = 1;
        for (int i = 0; i < 8 && all; i++)
            all = get64(c, off + 8 * (size_t)i) == 0x6b000101u + (uint32_t)i;
        /* A fresh engine has no SVM intercepts (reset clears them), so the intercept word is 0. */
        if (all && get64(c, off + REL_INTERCEPT) == 0) {
            c->off_dr0 = off;
            return 1;
        }
    }
    return 0;
}

/* ---- finding the live state without trusting it ---------------------------------------- */

/* Copies N bytes from SRC, which may be any address at all, into DST: the kernel reads SRC for
 * write() to a pipe and reports EFAULT for unmapped memory instead of faulting. The raw syscall
 * also keeps ASan's write() interceptor from judging the probe itself (only bytes that prove to
 * be the CPU state are ever read directly). 0 unless all N bytes were readable. */
static int safe_read(int pipe_fd[2], void *dst, const void *src, size_t n)
{
    for (size_t done = 0; done < n;) {
        size_t chunk = n - done < 4096 ? n - done : 4096;   /* at most PIPE_BUF: never partial */
        long w = syscall(SYS_write, pipe_fd[1], (const uint8_t *)src + done, chunk);
        if (w != (long)chunk)
            return 0;
        if (read(pipe_fd[0], (uint8_t *)dst + done, chunk) != (ssize_t)chunk)
            return 0;
        done += chunk;
    }
    return 1;
}

/* The engine's CPUX86State if uc->cpu->env_ptr leads to memory equal to SAVED (a uc_context_save
 * of it, SIZE bytes), else NULL. Reads the uc_struct only within its allocation (uc_open
 * callocs it) and everything beyond it only through safe_read; candidate pointers stay integers
 * until proven. */
static uint8_t *find_live_env(uc_engine *uc, const uint8_t *saved, size_t size, int pipe_fd[2])
{
    unsigned major = 0, minor = 0;
    uc_version(&major, &minor);
    if (major != 2 || minor != 1 || malloc_usable_size(uc) < OFF_UC_CPU + sizeof(uintptr_t))
        return NULL;
    uintptr_t cpu, env;
    memcpy(&cpu, (const uint8_t *)uc + OFF_UC_CPU, sizeof cpu);
    if (!cpu || cpu % 8 || cpu > UINTPTR_MAX - MAX_ENV_DISTANCE - size ||
        !safe_read(pipe_fd, &env, (const void *)(cpu + OFF_CPU_ENV_PTR), sizeof env))
        return NULL;
    if (env % 8 || env <= cpu || env - cpu > MAX_ENV_DISTANCE)
        return NULL;
    uint8_t *copy = malloc(size);
    int same = copy && safe_read(pipe_fd, copy, (const void *)env, size) && memcmp(copy, saved, size) == 0;
    free(copy);
    return same ? (uint8_t *)env : NULL;
}

/* A write through the live pointer must be what the register API then reads: proof that it is
 * the engine's state and not a copy of it. Leaves EAX as it found it. */
static int live_write_visible(rs_cpuctx *c)
{
    uint32_t seen = 0, old = rs_cpuctx_gpr(c, RS_EAX);
    rs_cpuctx_set_gpr(c, RS_EAX, 0x3c5a7e01u);
    uc_reg_read(c->uc, UC_X86_REG_EAX, &seen);
    rs_cpuctx_set_gpr(c, RS_EAX, old);
    return seen == 0x3c5a7e01u;
}

static int copy_mode_forced(void)
{
    const char *v = getenv("RS_CPUCTX_COPY");
    return v && strcmp(v, "1") == 0;
}

/* Called with the blob holding a validated save taken after write_probe_values(.., 1): switches
 * to live mode if the live state can be proven, else stays in copy mode. */
static void try_live_mode(rs_cpuctx *c)
{
    int pipe_fd[2];
    if (copy_mode_forced() || pipe2(pipe_fd, O_CLOEXEC | O_NONBLOCK) != 0)
        return;
    uint8_t *env = find_live_env(c->uc, c->blob, c->blob_size, pipe_fd);
    close(pipe_fd[0]);
    close(pipe_fd[1]);
    if (!env)
        return;
    uint8_t *saved = c->blob;
    c->blob = env;
    c->live = 1;
    if (!layout_matches(c) || !live_write_visible(c)) {
        c->blob = saved;
        c->live = 0;
    }
}

/* ---- life cycle ------------------------------------------------------------------------- */

rs_err rs_cpuctx_create(uc_engine *engine, rs_cpuctx **out)
{
    *out = NULL;
    rs_cpuctx *c = calloc(1, sizeof *c);
    if (!c)
        return RS_ERR_NOMEM;
    c->uc = engine;
    if (uc_context_alloc(engine, &c->context) != UC_ERR_OK ||
        uc_context_alloc(engine, &c->scratch) != UC_ERR_OK) {
        rs_cpuctx_destroy(c);
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
        try_live_mode(c);
    c->loaded = c->dirty = 0;   /* those loads and writes were checks: nothing is pending */
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
    uc_context_free(ctx->scratch);
    free(ctx);
}

int rs_cpuctx_is_live(const rs_cpuctx *ctx) { return ctx->live; }

/* A load while an edit is pending continues that edit: the blob (copy mode) or the engine (live
 * mode) already holds the newest state, and the checkpoint stays at the first load. So a reader
 * that loads in the middle of someone's edit (the tracer, inside a delivery) cannot drop it. */
void rs_cpuctx_load(rs_cpuctx *ctx)
{
    if (ctx->loaded && ctx->dirty)
        return;
    ctx->loaded = 1;
    ctx->dirty = 0;
    if (!ctx->live) {
        uc_context_save(ctx->uc, ctx->context);
        return;
    }
    memcpy(ctx->ckpt_head, ctx->blob, CKPT_HEAD);
    memcpy(&ctx->ckpt_cr2, ctx->blob + OFF_CR + 2 * 8, 8);
    memcpy(ctx->ckpt_dr, ctx->blob + ctx->off_dr0 - CKPT_DR_BEFORE, CKPT_DR_SIZE);
}

void rs_cpuctx_store(rs_cpuctx *ctx)
{
    ctx->loaded = ctx->dirty = 0;
    if (!ctx->live)
        uc_context_restore(ctx->uc, ctx->context);
}

/* Without a load first there is nothing to go back to (and, in live mode, nothing remembered:
 * putting back a stale checkpoint would corrupt the engine), so that is a no-op. */
void rs_cpuctx_rollback(rs_cpuctx *ctx)
{
    if (!ctx->loaded)
        return;
    ctx->loaded = ctx->dirty = 0;
    if (!ctx->live) {
        uc_context_save(ctx->uc, ctx->context);   /* the engine never saw the edits */
        return;
    }
    memcpy(ctx->blob, ctx->ckpt_head, CKPT_HEAD);
    memcpy(ctx->blob + OFF_CR + 2 * 8, &ctx->ckpt_cr2, 8);
    memcpy(ctx->blob + ctx->off_dr0 - CKPT_DR_BEFORE, ctx->ckpt_dr, CKPT_DR_SIZE);
}

/* ---- accessors -------------------------------------------------------------------------- */

uint32_t rs_cpuctx_gpr(const rs_cpuctx *c, enum rs_gpr r) { return (uint32_t)get64(c, OFF_REGS + 8 * (size_t)r); }
void rs_cpuctx_set_gpr(rs_cpuctx *c, enum rs_gpr r, uint32_t v) { put64(c, OFF_REGS + 8 * (size_t)r, v); }
uint32_t rs_cpuctx_eip(const rs_cpuctx *c) { return (uint32_t)get64(c, OFF_EIP); }
void rs_cpuctx_set_eip(rs_cpuctx *c, uint32_t eip) { put64(c, OFF_EIP, eip); }
uint32_t rs_cpuctx_cr(const rs_cpuctx *c, int n) { return (uint32_t)get64(c, OFF_CR + 8 * (size_t)n); }
void rs_cpuctx_set_cr2(rs_cpuctx *c, uint32_t v) { put64(c, OFF_CR + 2 * 8, v); }
int rs_cpuctx_cpl(const rs_cpuctx *c) { return (int)(get32(c, OFF_HFLAGS) & HF_CPL_MASK); }
void rs_cpuctx_set_dr(rs_cpuctx *c, int n, uint32_t v) { put64(c, c->off_dr0 + 8 * (size_t)n, v); }
int32_t rs_cpuctx_error_code(const rs_cpuctx *c) { return (int32_t)get32(c, c->off_dr0 + REL_ERROR_CODE); }
int rs_cpuctx_exception_is_int(const rs_cpuctx *c) { return get32(c, c->off_dr0 + REL_EXCEPTION_IS_INT) != 0; }

void rs_cpuctx_clear_exception_in_flight(rs_cpuctx *c)
{
    put32(c, c->off_dr0 + REL_OLD_EXCEPTION, (uint32_t)-1);
    /* Only INT n sets it and nothing clears it; a later intercepted RDTSC (which does not set it)
     * would otherwise have its EIP replaced by the INT's next EIP (cpu-exec.c). */
    put32(c, c->off_dr0 + REL_EXCEPTION_IS_INT, 0);
}

/* QEMU checks SVM intercepts only while HF_GUEST_MASK is set (cpu_svm_check_intercept_param), and
 * then only the bits set in env->intercept; cpu_vmexit itself writes nothing to memory in Unicorn
 * 2.1.1 (the VMCB is written by do_vmexit, which Unicorn never calls: it hands the exception
 * number to UC_HOOK_INTR instead). */
void rs_cpuctx_intercept_rdtsc(rs_cpuctx *c)
{
    put64(c, c->off_dr0 + REL_INTERCEPT, 1ull << (RS_CPUCTX_SVM_EXIT_RDTSC - SVM_EXIT_INTR));
    put32(c, OFF_HFLAGS, get32(c, OFF_HFLAGS) | HF_GUEST_MASK);
}

static rs_segcache read_cache(const uint8_t *state, size_t off)
{
    rs_segcache s = { (uint16_t)rd32(state, off), (uint32_t)rd64(state, off + 8), rd32(state, off + 16),
                      rd32(state, off + 20) };
    return s;
}

rs_segcache rs_cpuctx_seg(const rs_cpuctx *c, enum rs_seg s)
{
    return read_cache(c->blob, OFF_SEGS + SEGCACHE_SIZE * (size_t)s);
}

static rs_dtreg read_dt(const rs_cpuctx *c, size_t off)
{
    rs_segcache s = read_cache(c->blob, off);
    rs_dtreg d = { s.selector, s.base, s.limit, s.flags };
    return d;
}

rs_dtreg rs_cpuctx_gdtr(const rs_cpuctx *c) { return read_dt(c, OFF_GDT); }
rs_dtreg rs_cpuctx_idtr(const rs_cpuctx *c) { return read_dt(c, OFF_IDT); }
rs_dtreg rs_cpuctx_ldtr(const rs_cpuctx *c) { return read_dt(c, OFF_LDT); }
rs_dtreg rs_cpuctx_tr(const rs_cpuctx *c) { return read_dt(c, OFF_TR); }

/* ---- read-only views of the running engine ---------------------------------------------- */

/* The engine's state as it is now: itself in live mode, a fresh copy in copy mode. */
static const uint8_t *live_state(const rs_cpuctx *c)
{
    if (c->live)
        return c->blob;
    size_t size;
    uc_context_save(c->uc, c->scratch);
    return context_data(c->scratch, uc_context_size(c->uc), &size);
}

int rs_cpuctx_live_cpl(const rs_cpuctx *c) { return (int)(rd32(live_state(c), OFF_HFLAGS) & HF_CPL_MASK); }
uint32_t rs_cpuctx_live_cr(const rs_cpuctx *c, int n) { return (uint32_t)rd64(live_state(c), OFF_CR + 8 * (size_t)n); }
uint32_t rs_cpuctx_live_gpr(const rs_cpuctx *c, enum rs_gpr r) { return (uint32_t)rd64(live_state(c), OFF_REGS + 8 * (size_t)r); }
uint32_t rs_cpuctx_live_eip(const rs_cpuctx *c) { return (uint32_t)rd64(live_state(c), OFF_EIP); }
/* QEMU keeps CF..OF lazily (CC_SRC/CC_DST/CC_OP) and DF apart; env->eflags holds the rest, and
 * Unicorn's code-hook sync may leave stale copies of the arithmetic bits in it: mask them. */
uint32_t rs_cpuctx_live_system_eflags(const rs_cpuctx *c)
{
    return ((uint32_t)rd64(live_state(c), OFF_EFLAGS) & ~(uint32_t)(EFLAGS_CC_MASK | EFLAGS_DF)) | 2u;
}
/* QEMU's HF_INHIBIT_IRQ (hflags bit 3): set by STI and MOV/POP SS for the next instruction. */
int rs_cpuctx_live_irq_inhibited(const rs_cpuctx *c) { return (rd32(live_state(c), OFF_HFLAGS) >> 3) & 1; }

rs_segcache rs_cpuctx_live_seg(const rs_cpuctx *c, enum rs_seg s)
{
    return read_cache(live_state(c), OFF_SEGS + SEGCACHE_SIZE * (size_t)s);
}

/* ---- writers and the rest --------------------------------------------------------------- */

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
 * LEN0 = 00b, one byte. DR0 is parked above every port (ports are 16-bit) until hooks.c points it
 * at a port to abort an instruction. */
void rs_cpuctx_arm_io_abort(rs_cpuctx *c)
{
    rs_cpuctx_set_dr(c, 7, (2u << 16) | 1u);
    put64(c, c->off_dr0, 0x10000000u);
    put32(c, OFF_HFLAGS, get32(c, OFF_HFLAGS) | HF_IOBPT_MASK);
}
