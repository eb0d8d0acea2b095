/* The tracer: the machine's instrumentation for events (event.h) and instruction counts.
 * Private to the machine (machine.c, hooks.c); front ends use machine.h.
 *
 * Unicorn has no instruction counter and no callback for IRET, far transfers or MOV CR, so the
 * tracer installs one UC_HOOK_BLOCK callback while it is on. At every translated-block entry it
 * adds the previous block's instruction count (from Unicorn's own TB record, cached here) and
 * compares CPL, CR0, CR3 and CR4 with what it saw last: a difference means the last instruction
 * of the previous block changed them (IRET, SYSEXIT, RETF, a far JMP/CALL, MOV CR ends a block),
 * and that instruction is decoded to name the cause. Events raised inside a block (exceptions,
 * INT n, SYSENTER, port I/O) come from the other hooks, which ask the tracer to "settle" the
 * count at the instruction concerned by decoding the block up to it.
 *
 * While the tracer is off no callback is installed and nothing is counted. Turning it on or off
 * flushes Unicorn's translated code (hooks only reach code translated after them), so it is done
 * between runs, never from a hook. */
#ifndef RS_TRACER_H
#define RS_TRACER_H
#include <stdint.h>
#include <unicorn/unicorn.h>
#include "event.h"
#include "event_log.h"
#include "trap.h"

struct rs_machine;

#define RS_TRACER_CACHE 16384u         /* block records: 8192 sets of two ways */
#define RS_TRACER_PENDING 64u
#define RS_TRACER_LISTENERS 4u
#define RS_TRACER_CLOCK_INSNS 65536u    /* instructions between looks at the host clock ... */
#define RS_TRACER_CLOCK_EVERY 4096u     /* ... or slow block entries */
#define RS_TRACER_DECODE_WEIGHT 64u     /* ... a block decoded counts as this many (a decode and
                                         * a translation cost microseconds: the look stays within
                                         * a few milliseconds of the time limit) */

/* What the last instruction of a block can do to CPL or the CRs. */
enum { RS_SENS_NONE, RS_SENS_IRET, RS_SENS_SYSEXIT, RS_SENS_FAR, RS_SENS_CR, RS_SENS_IF, RS_SENS_UNSURE };

typedef int (*rs_tracer_listener_fn)(void *opaque, const rs_event *ev);

typedef struct rs_tracer {
    int on;
    uc_hook block_hook;

    /* Counting: base instructions completed before the block that started at blk_pc. */
    uint64_t base;
    uint32_t blk_pc, blk_size, blk_n;
    unsigned io_in_block;              /* port accesses seen in the current block */
    uint64_t limit;                    /* fast-path bound: min of the below; 0 sends every block to
                                        * the slow path (rs_tracer_update_limit) */
    uint64_t insn_limit;               /* stop before a block that would pass it (exactly, later) */
    int limit_pending;
    uint64_t deadline;                 /* the next timer edge's count: stop at the block boundary */
    int deadline_pending;
    int deadline_grace;                /* the block at which time was just moved to an edge runs
                                        * whatever the deadline says: with an edge due inside
                                        * every block (a timer period shorter than the block) the
                                        * guest would never advance (issue 19 item 1) */
    int irq_watch;                     /* an interrupt request waits for IF=1: check IF after the
                                        * blocks that can set it (STI, POPF, IRET end a block) */
    int irq_ready;                     /* ... and IF is 1 now */
    volatile int stop_next_block;      /* an rs_stop_reason to stop with at the next block entry */
    uint64_t timeout_at_us;            /* host CLOCK_MONOTONIC deadline; 0: none */
    uint64_t clock_at;                 /* the count at which to look at the clock next */
    uint32_t slow_since_clock;         /* slow entries since the last look (a decode: more) */
    int timed_out;
    char stop_detail[96];

    /* What the last block entry saw. */
    int cpl;
    uint32_t cr0, cr3, cr4;
    uint16_t cs;                       /* CS as last known (set by deliveries and block entries) */

    /* System calls awaiting their return, one per address space. */
    struct { uint32_t cr3, nr; uint64_t icount; int used; } pending[RS_TRACER_PENDING];

    /* Per translated block: its instruction count, and whether its last instruction can change
     * CPL or a CR without passing through our hooks (IRET, SYSEXIT, RETF, far JMP/CALL, MOV CR,
     * LMSW, CLTS: QEMU ends a block after each of them). Two-way sets indexed by a multiplicative
     * hash of pc (a hash by XOR once put two blocks of one loop in one slot, evicting each other
     * at every entry: tests/unit/test_block_cache.c); way 0 holds the newer record. */
    struct rs_tracer_block { uint32_t pc, key, n; uint16_t last_off; uint8_t sensitive, pad; } cache[RS_TRACER_CACHE];
    /* Counters for tests and benchmarks: blocks decoded (cache misses) and flushes of translated
     * code; DECODE_PROBE, when set, hears of each decode (white-box tests only). */
    uint64_t decodes, flushes;
    void (*decode_probe)(void *opaque, uint32_t pc, uint32_t size);
    void *decode_probe_opaque;
    int blk_sensitive;                 /* of the current block (RS_SENS_*); nonzero: check at the next entry */
    uint32_t blk_last;                 /* linear address of its last instruction (slow path only) */

    rs_evlog log;
    struct { rs_tracer_listener_fn fn; void *opaque; } listeners[RS_TRACER_LISTENERS];
    unsigned n_listeners;
    uint32_t stop_mask;                /* 1u << kind: stop the run after such an event */

    /* Events prepared before a delivery and emitted after it (see rs_tracer_trap_*). */
    rs_event pre[3];
    int n_pre;
    rs_event_exception pre_facts;       /* the instruction and state, for faults during delivery */
    uint32_t pre_linear;                /* where that instruction is */
} rs_tracer;

rs_err rs_tracer_init(rs_tracer *t);
void rs_tracer_free(rs_tracer *t);

/* Installs or removes the block hook and flushes translated code. Between runs only. */
rs_err rs_tracer_enable(struct rs_machine *m, int on);

/* Makes the block hook look at the host clock every few thousand blocks and stop at AT_US
 * (CLOCK_MONOTONIC microseconds; 0: never). */
void rs_tracer_set_timeout(rs_tracer *t, uint64_t at_us);

/* Recomputes limit from insn_limit, deadline, irq_watch and stop_next_block. */
void rs_tracer_update_limit(rs_tracer *t);

/* Asks the CPU to stop at the next block entry with REASON (a watch hit inside a memory access,
 * which must not stop mid-instruction; an interrupt from the user). Safe from a signal handler
 * when DETAIL is NULL. */
void rs_tracer_request_stop(rs_tracer *t, int reason, const char *detail);

/* Takes CPL and the CRs as they are now as the baseline (after the host set the entry state). */
void rs_tracer_sync(struct rs_machine *m);

/* Unicorn's translated code was flushed: forget the cached block sizes. */
void rs_tracer_code_flushed(rs_tracer *t);

/* The engine returned: account for the instructions of the current block before EIP. */
void rs_tracer_settle(struct rs_machine *m);

/* Instructions completed so far (exact between runs, after rs_tracer_settle). */
uint64_t rs_tracer_icount(const rs_tracer *t);

/* Hooks call these around a delivery through the IDT. _before settles the count at the
 * instruction (completed: INT n/INT3/INTO/SYSENTER count as done) and prepares the exception,
 * interrupt or system-call event from the state before delivery; _after emits them with the CPL
 * change the report describes. _sysenter handles SYSENTER, which has no gate. */
void rs_tracer_trap_before(struct rs_machine *m, const rs_trap_request *req, uint32_t eflags,
                           int io_denied_hint, uint16_t io_port, int io_size);
void rs_tracer_trap_after(struct rs_machine *m, const rs_trap_request *req, rs_trap_outcome out,
                          const rs_trap_report *rep);
void rs_tracer_sysenter(struct rs_machine *m, uint32_t insn_eip, uint16_t old_ss, uint32_t old_esp);

/* A port access seen by the IN/OUT hooks. */
void rs_tracer_io(struct rs_machine *m, uint16_t port, int size, int write, uint32_t value, int denied);

/* Fills icount, cr3, cpl (unless set by the caller: pass fill=1 to fill them from the machine)
 * and emits EV: into the log, to the listeners, and stops the run if its kind is in stop_mask. */
void rs_tracer_emit(struct rs_machine *m, rs_event *ev);

#endif
