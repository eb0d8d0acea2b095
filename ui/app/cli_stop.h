/* How `ringscope run` ends a run from outside the guest: Ctrl-C (SIGINT), SIGTERM, and a
 * watchdog that enforces --timeout even where the engine cannot (an output FIFO with no reader,
 * a write to a pipe nobody drains, a gdb client that never stops talking).
 *
 * The handlers only set a flag and interrupt the attached machine (rs_machine_interrupt is safe
 * in a signal handler). They are installed without SA_RESTART, so a blocking open or write
 * returns EINTR instead of waiting for ever. */
#ifndef RS_CLI_STOP_H
#define RS_CLI_STOP_H
#include "machine.h"

/* Installs the SIGINT and SIGTERM handlers and, if TIMEOUT_S > 0, starts the watchdog: it fires
 * GRACE_S after TIMEOUT_S (so the engine's own timeout, which stops at an exact instruction,
 * comes first whenever it can). Call once, before opening outputs. */
void rs_cli_stop_install(double timeout_s, double grace_s);

/* The machine the handlers interrupt (NULL: none). */
void rs_cli_stop_attach(rs_machine *m);

int rs_cli_stop_signal(void);      /* SIGINT or SIGTERM once one arrived; 0 otherwise */
int rs_cli_stop_timed_out(void);   /* the watchdog fired */

#endif
