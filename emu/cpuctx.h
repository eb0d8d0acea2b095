/* Direct access to Unicorn's CPU state, for what Unicorn's register API cannot do.
 *
 * Unicorn does not deliver interrupts and refuses to change CPL from the host (writing SS with a
 * DPL other than the current CPL fails). Trap delivery therefore edits the CPU state as a whole:
 * uc_context_save copies Unicorn's CPUX86State (the QEMU structure) into a blob, we patch the
 * fields an SDM-defined transition changes (CS, SS, ESP, EIP, EFLAGS, CPL), and uc_context_restore
 * copies it back: about 80 ns in all, against ~1.5 us for the CR0-toggling register recipe.
 *
 * The field offsets are those of Unicorn 2.1's CPUX86State (qemu/target/i386/cpu.h, x86_64 host,
 * 64-bit target_ulong). rs_cpuctx_create() does not trust them: it writes known values through
 * the register API (general registers, EIP, CR3, GDTR, IDTR, DR0-DR7, SYSENTER MSRs) and checks
 * they appear at the expected offsets; on any mismatch it fails with RS_ERR_ENGINE_LAYOUT and
 * ringscope refuses to run rather than corrupt the guest.
 *
 * The blob is owned by the rs_cpuctx; the engine is borrowed. Not thread-safe: one engine, one
 * thread. Between rs_cpuctx_load and rs_cpuctx_store the caller must not touch the engine's
 * registers through uc_reg_write (the store would overwrite them). */
#ifndef RS_CPUCTX_H
#define RS_CPUCTX_H
#include <stdint.h>
#include <unicorn/unicorn.h>
#include "error.h"

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

/* Creates the accessor for ENGINE, validating the layout as described above. The engine must be
 * freshly created and stopped; its registers are reset to Unicorn's defaults afterwards.
 * Fails: RS_ERR_NOMEM, RS_ERR_ENGINE (Unicorn refused a call), RS_ERR_ENGINE_LAYOUT. */
rs_err rs_cpuctx_create(uc_engine *engine, rs_cpuctx **out);
void rs_cpuctx_destroy(rs_cpuctx *ctx);   /* accepts NULL */

/* Copies the engine's state into the blob / the blob back into the engine. Cannot fail once
 * created (Unicorn's save/restore of CPU state is a memcpy). */
void rs_cpuctx_load(rs_cpuctx *ctx);
void rs_cpuctx_store(rs_cpuctx *ctx);

/* Accessors on the blob (after rs_cpuctx_load). */
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
uint32_t rs_cpuctx_dr(const rs_cpuctx *ctx, int n);
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
 * every delivered event (and once at boot). */
void rs_cpuctx_clear_exception_in_flight(rs_cpuctx *ctx);

/* Sets the debug-register state used to abort an I/O instruction (see io.c): DR7 enables
 * breakpoint 0 as an I/O breakpoint of one byte and the TB flag that makes translated code check
 * it after every IN/OUT. */
void rs_cpuctx_arm_io_abort(rs_cpuctx *ctx);

#endif
