/* Direct access to Unicorn's CPU state, for what Unicorn's register API cannot do.
 *
 * Unicorn does not deliver interrupts and refuses to change CPL from the host (writing SS with a
 * DPL other than the current CPL fails). Trap delivery therefore edits the CPU state as a whole:
 * the fields an SDM-defined transition changes (CS, SS, ESP, EIP, EFLAGS, CPL) are patched in
 * Unicorn's CPUX86State (the QEMU structure) while the engine sits in a hook.
 *
 * Two ways to reach that structure, chosen once by rs_cpuctx_create:
 *  - live mode (the normal case): the accessors point straight at the engine's CPUX86State
 *    (uc->cpu->env_ptr). For x86, Unicorn 2.1's uc_context_save/restore are plain memcpys of
 *    that structure (uc.c), so editing it in place is what a save-patch-restore does, without
 *    the two 5.5 KB copies. The pointer is found at fixed offsets (below) and never trusted: it
 *    is read only through a system call that fails with EFAULT instead of faulting, and used only
 *    if the whole structure equals a uc_context_save copy byte for byte and passes the probe-value
 *    checks. Otherwise, or with RS_CPUCTX_COPY=1 in the environment, copy mode is used.
 *  - copy mode: uc_context_save into a blob, patch, uc_context_restore (the behaviour of earlier
 *    releases; ~80 ns more per delivery).
 * Callers see no difference between the modes except speed and rs_cpuctx_is_live().
 *
 * The field offsets are those of Unicorn 2.1's CPUX86State (qemu/target/i386/cpu.h, x86_64 host,
 * 64-bit target_ulong). rs_cpuctx_create() does not trust them: it writes known values through
 * the register API (general registers, EIP, CR3, GDTR, IDTR, DR0-DR7, SYSENTER MSRs) and checks
 * they appear at the expected offsets; on any mismatch it fails with RS_ERR_ENGINE_LAYOUT and
 * ringscope refuses to run rather than corrupt the guest.
 *
 * The rs_cpuctx owns its blobs; the engine is borrowed and must outlive it. Not thread-safe: one
 * engine, one thread.
 *
 * Editing is a transaction: rs_cpuctx_load begins it, then either rs_cpuctx_store commits the
 * edits to the engine or rs_cpuctx_rollback abandons them (in live mode edits reach the engine
 * at once, so abandoning must be explicit: a caller that simply does not store leaves them in
 * place, and in copy mode the next load would then go on with them). A load while edits are
 * pending continues that edit rather than dropping it. Between load and store/rollback the
 * caller must not write the engine's registers through uc_reg_write (copy mode's store, and
 * live mode's rollback, would overwrite them). Code that only looks should use the
 * rs_cpuctx_live_* readers, which take part in no edit. */
#ifndef RS_CPUCTX_H
#define RS_CPUCTX_H
#include <stdint.h>
#include <unicorn/unicorn.h>
#include "error.h"
#include "mmu.h"

typedef struct rs_cpuctx rs_cpuctx;

enum rs_seg { RS_ES, RS_CS, RS_SS, RS_DS, RS_FS, RS_GS, RS_SEG_COUNT };
enum rs_gpr { RS_EAX, RS_ECX, RS_EDX, RS_EBX, RS_ESP, RS_EBP, RS_ESI, RS_EDI };

/* A segment register's hidden part as the CPU caches it. flags is the descriptor's high dword
 * (type, S, DPL, P, AVL, D/B, G bits) as QEMU keeps it; limit is already scaled by G. */
typedef struct rs_segcache {
    uint16_t selector;
    uint32_t base;
    uint32_t limit;
    uint32_t flags;
} rs_segcache;

/* System table registers: GDTR/IDTR use base and limit only; LDTR/TR also selector and flags. */
typedef struct rs_dtreg {
    uint16_t selector;
    uint32_t base;
    uint32_t limit;
    uint32_t flags;
} rs_dtreg;

/* Creates the accessor for ENGINE, validating the layout as described above, in live mode when
 * the live state can be proven and RS_CPUCTX_COPY=1 is not set, else in copy mode (failing to
 * find the live state is not an error). The engine must be freshly created (UC_MODE_32) and
 * stopped; its general, debug and table registers, EIP and CR3 are zero afterwards.
 * Fails: RS_ERR_NOMEM, RS_ERR_ENGINE (Unicorn refused a call), RS_ERR_ENGINE_LAYOUT. */
rs_err rs_cpuctx_create(uc_engine *engine, rs_cpuctx **out);
void rs_cpuctx_destroy(rs_cpuctx *ctx);   /* accepts NULL */

/* 1 in live mode, 0 in copy mode. */
int rs_cpuctx_is_live(const rs_cpuctx *ctx);

/* Begins an edit: copy mode copies the engine's state into the blob; live mode remembers the
 * fields the setters below can change (~460 bytes), for rs_cpuctx_rollback. If a setter has
 * run since the last load and nothing was stored or rolled back, it does nothing (the edit goes
 * on, and rollback still returns to that first load). Cannot fail. */
void rs_cpuctx_load(rs_cpuctx *ctx);
/* Commits the edits to the engine (copy mode: copies the blob back; live mode: nothing to do).
 * Cannot fail. */
void rs_cpuctx_store(rs_cpuctx *ctx);
/* Abandons the edits made since rs_cpuctx_load: the engine keeps the state it had at the load
 * (live mode puts the remembered fields back; copy mode re-reads the blob from the engine).
 * Call it on every path that loaded, may have edited, and will not store. Without a load since
 * the last store or rollback it does nothing. Cannot fail. */
void rs_cpuctx_rollback(rs_cpuctx *ctx);

/* Accessors on the blob (after rs_cpuctx_load; in live mode they read the engine itself). */
uint32_t rs_cpuctx_gpr(const rs_cpuctx *ctx, enum rs_gpr r);
void rs_cpuctx_set_gpr(rs_cpuctx *ctx, enum rs_gpr r, uint32_t v);
uint32_t rs_cpuctx_eip(const rs_cpuctx *ctx);
void rs_cpuctx_set_eip(rs_cpuctx *ctx, uint32_t eip);
uint32_t rs_cpuctx_cr(const rs_cpuctx *ctx, int n);       /* CR0, CR2, CR3, CR4 */
void rs_cpuctx_set_cr2(rs_cpuctx *ctx, uint32_t v);        /* CR2 only: no side effects */
int rs_cpuctx_cpl(const rs_cpuctx *ctx);
rs_segcache rs_cpuctx_seg(const rs_cpuctx *ctx, enum rs_seg s);
rs_dtreg rs_cpuctx_gdtr(const rs_cpuctx *ctx);
rs_dtreg rs_cpuctx_idtr(const rs_cpuctx *ctx);
rs_dtreg rs_cpuctx_ldtr(const rs_cpuctx *ctx);
rs_dtreg rs_cpuctx_tr(const rs_cpuctx *ctx);
void rs_cpuctx_set_dr(rs_cpuctx *ctx, int n, uint32_t v);
uint32_t rs_cpuctx_sysenter(const rs_cpuctx *ctx, int which);  /* 0 CS, 1 ESP, 2 EIP */

/* Loads a segment register's selector and hidden part, updating Unicorn's derived TB flags the
 * way its own segment load does (CS.D -> 32-bit code, SS.B -> 32-bit stack, ADDSEG). Loading SS
 * in protected mode also sets CPL to SS.DPL, as QEMU does; set CPL explicitly afterwards when
 * the architectural rule says otherwise. */
void rs_cpuctx_set_seg(rs_cpuctx *ctx, enum rs_seg s, rs_segcache c);
void rs_cpuctx_set_cpl(rs_cpuctx *ctx, int cpl);

/* EFLAGS while the engine is running (inside a hook): the value must come from
 * uc_reg_read(UC_X86_REG_EFLAGS), which folds in the lazily computed arithmetic flags; the setter
 * stores it in the split form the running engine expects (CF..OF and DF kept apart). Outside a
 * run use uc_reg_write instead. */
void rs_cpuctx_set_eflags_running(rs_cpuctx *ctx, uint32_t eflags);

/* The exception Unicorn just raised: its error code and whether it came from INT n / INT3 /
 * INTO (software) or from the CPU. */
int32_t rs_cpuctx_error_code(const rs_cpuctx *ctx);
int rs_cpuctx_exception_is_int(const rs_cpuctx *ctx);

/* Marks "no exception in flight". Unicorn never clears it (unicorn#1883), so without this the
 * second exception of a run is reported as #DF and the third ends the run silently. Call after
 * every delivered event (and once at boot). Also clears "the last exception was INT n", which
 * Unicorn never clears either (see rs_cpuctx_intercept_rdtsc). */
void rs_cpuctx_clear_exception_in_flight(rs_cpuctx *ctx);

/* Read-only views of the engine's current state, with no load and no copy in live mode (a few
 * ns: usable from a per-block hook). In copy mode each call copies the whole state into a
 * scratch blob first (~0.1-0.3 us: slow, but still exact); an edit in progress is not seen in
 * copy mode (it is in live mode, since edits are in place).
 * What is exact inside a hook (Unicorn 2.1.1, qemu/target/i386/translate.c):
 *  - general registers, CPL, CR0-CR4 and segment caches: always (TCG writes registers back to
 *    the state before calling any hook, and CPL/CR/segments only change at block ends or in
 *    helpers that store them);
 *  - EIP: in UC_HOOK_INTR and UC_HOOK_CODE hooks (Unicorn stores it before calling them); in
 *    UC_HOOK_BLOCK it may still be a previous block's address (use the callback's address
 *    argument), and in IN/OUT and SYSENTER hooks it may be the start of the current block. */
int rs_cpuctx_live_cpl(const rs_cpuctx *ctx);
uint32_t rs_cpuctx_live_cr(const rs_cpuctx *ctx, int n);    /* CR0, CR2, CR3, CR4 */
uint32_t rs_cpuctx_live_gpr(const rs_cpuctx *ctx, enum rs_gpr r);
uint32_t rs_cpuctx_live_eip(const rs_cpuctx *ctx);
rs_segcache rs_cpuctx_live_seg(const rs_cpuctx *ctx, enum rs_seg s);
/* EFLAGS without the arithmetic flags and DF (IOPL, IF, TF, NT, RF, VM, AC...): exact inside any
 * hook, unlike uc_reg_read(UC_X86_REG_EFLAGS), which folds in CC_SRC by the last CC_OP QEMU
 * stored; inside a block that is often a stale one (the translator keeps the current CC_OP to
 * itself until it needs it), and then CC_SRC's bits land anywhere, IOPL and VM included. */
uint32_t rs_cpuctx_live_system_eflags(const rs_cpuctx *ctx);
/* 1 while the instruction after STI (or MOV/POP SS) has not run yet: no interrupt may be taken
 * before it (SDM Vol. 2B, STI: "the processor responds to interrupts after the next instruction"). */
int rs_cpuctx_live_irq_inhibited(const rs_cpuctx *ctx);

/* CR0, CR3 and CR4 as the page walk takes them (mmu.h): from the blob (after rs_cpuctx_load),
 * and from the engine as it is now (the rs_cpuctx_live_* rules above). */
static inline rs_paging rs_cpuctx_paging(const rs_cpuctx *ctx)
{
    return (rs_paging){ rs_cpuctx_cr(ctx, 0), rs_cpuctx_cr(ctx, 3), rs_cpuctx_cr(ctx, 4) };
}
static inline rs_paging rs_cpuctx_live_paging(const rs_cpuctx *ctx)
{
    return (rs_paging){ rs_cpuctx_live_cr(ctx, 0), rs_cpuctx_live_cr(ctx, 3), rs_cpuctx_live_cr(ctx, 4) };
}

/* Makes RDTSC leave translated code, at its own address with nothing done, as UC_HOOK_INTR
 * vector RS_CPUCTX_RDTSC_EXIT. Unicorn 2.1.1 has no RDTSC hook (helper_rdtsc returns the host's
 * TSC plus an offset), so this uses QEMU's SVM intercept machinery: the TB flag HF_GUEST_MASK
 * ("SVM intercepts are active") with only the RDTSC intercept bit set makes helper_rdtsc call
 * cpu_vmexit, which restores EIP to the instruction (cpu_restore_state) and raises exception
 * EXCP_VMEXIT + SVM_EXIT_RDTSC; no other instruction is intercepted (every other check sees its
 * bit clear). The intercept field sits right after old_exception in CPUX86State (cpu.h), at an
 * offset found with dr[0] and checked to be 0 at creation. Call with an edit open, once at boot;
 * the flag stays set (nothing in Unicorn but VMRUN/VMEXIT touches it). */
enum { RS_CPUCTX_SVM_EXIT_RDTSC = 0x6e, RS_CPUCTX_RDTSC_EXIT = 0x100 + RS_CPUCTX_SVM_EXIT_RDTSC };
void rs_cpuctx_intercept_rdtsc(rs_cpuctx *ctx);

/* Sets the debug-register state used to abort an I/O instruction (see hooks.c): DR7 enables
 * breakpoint 0 as an I/O breakpoint of one byte and the TB flag that makes translated code check
 * it after every IN/OUT. */
void rs_cpuctx_arm_io_abort(rs_cpuctx *ctx);

#endif
