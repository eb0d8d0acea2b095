/* The debugger core: one API for every front end (terminal, window, scripts, gdb stub).
 *
 * Step into, step over calls (and over INT n, so a whole system call is one step), continue,
 * breakpoints by linear address, run until the next event of given kinds (a CPL change, a
 * system call, a fault, a CR3 load...), watch a page (stop after an access to it), with the
 * instruction and time limits of rs_run_limits. Before each command the registers are saved, so
 * rs_dbg_regs_before/rs_dbg_regs_now show what the command changed.
 *
 * A debugger attaches to a booted machine and turns its tracer on; the machine stays owned by the
 * caller and must outlive the debugger. Commands run on the caller's thread and return when the
 * machine stops (stop says why). Not thread-safe. */
#ifndef RS_DEBUGGER_H
#define RS_DEBUGGER_H
#include <stdint.h>
#include "machine.h"
#include "regs.h"

typedef struct rs_dbg rs_dbg;

#define RS_DBG_MAX_BREAKPOINTS 64
#define RS_DBG_MAX_WATCHES 8

/* Fails: RS_ERR_NOMEM, RS_ERR_STATE (machine not booted), RS_ERR_ENGINE. */
rs_err rs_dbg_create(rs_machine *m, rs_dbg **out);
void rs_dbg_destroy(rs_dbg *d);    /* removes its breakpoints and watches; accepts NULL */

void rs_dbg_set_limits(rs_dbg *d, const rs_run_limits *limits);   /* for every later command */

/* Commands. All return RS_ERR_STATE once the machine has finished (exit, halt, triple fault). */
rs_err rs_dbg_step(rs_dbg *d, uint64_t n, rs_stop *stop);          /* N instructions */
rs_err rs_dbg_next(rs_dbg *d, rs_stop *stop);                      /* over CALL and INT n */
rs_err rs_dbg_continue(rs_dbg *d, rs_stop *stop);
rs_err rs_dbg_until(rs_dbg *d, uint32_t kind_mask, rs_stop *stop); /* 1u << rs_event_kind */

/* Breakpoints at linear addresses (EIP plus the CS base; flat kernels: EIP). Adding one twice
 * is not an error. Fails: RS_ERR_TOO_BIG (more than RS_DBG_MAX_BREAKPOINTS), RS_ERR_ENGINE;
 * removing one that is not set: RS_ERR_ARG. */
rs_err rs_dbg_break_add(rs_dbg *d, uint32_t linear);
rs_err rs_dbg_break_remove(rs_dbg *d, uint32_t linear);
int rs_dbg_breakpoints(const rs_dbg *d, uint32_t *out, int max);  /* returns how many are set */
int rs_dbg_is_breakpoint(const rs_dbg *d, uint32_t linear);

/* Watches the 4 KiB page holding LINEAR as mapped now (its physical frame): the run stops at the
 * end of the block that read or wrote it. Fails: RS_ERR_ARG (not mapped now), RS_ERR_TOO_BIG. */
rs_err rs_dbg_watch_add(rs_dbg *d, uint32_t linear);
rs_err rs_dbg_watch_remove(rs_dbg *d, uint32_t linear);

const rs_regs *rs_dbg_regs_before(const rs_dbg *d);   /* as the last command began */
const rs_regs *rs_dbg_regs_now(const rs_dbg *d);      /* as it ended */

#endif
