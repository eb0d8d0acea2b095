/* Where the terminal commands write: --serial, --debugcon, --trace, or a standard stream.
 *
 * Output is never lost silently: the first write, flush or close that fails is remembered (its
 * errno) and, if a machine is attached, interrupts the run, so that a full disk or a closed pipe
 * ends the run with one line (rs_cli_output_report) and a documented status, not with output
 * that stops mid-way unnoticed. A cap (--trace-max) refuses whole lines that would pass it. */
#ifndef RS_CLI_OUTPUT_H
#define RS_CLI_OUTPUT_H
#include <stdint.h>
#include <stdio.h>
#include "machine.h"

typedef struct rs_cli_output {
    FILE *f;                /* NULL when not open */
    const char *name;       /* the path, or "standard output" / "standard error" (borrowed) */
    int owned;              /* opened here: rs_cli_output_close closes it */
    int err;                /* errno of the first failed write or close; 0: none */
    uint64_t written;       /* bytes written by rs_cli_output_line */
    uint64_t cap;           /* 0: no cap; else lines that would pass it are refused */
    int capped;             /* a line was refused by the cap */
    rs_machine *machine;    /* interrupted on the first error or refusal; NULL: none (borrowed) */
} rs_cli_output;

/* Opens PATH for writing, or uses FALLBACK (named FALLBACK_NAME) when PATH is NULL. A FIFO is
 * opened like any file: the open waits for a reader, and a signal (Ctrl-C, the --timeout
 * watchdog of cli_stop.h) ends the wait with EINTR. Returns 0, or -1 with one line printed
 * ("ringscope COMMAND: cannot write PATH: why") unless the wait was interrupted (errno EINTR),
 * which the caller reports. */
int rs_cli_output_open(rs_cli_output *o, const char *command, const char *path, FILE *fallback,
                       const char *fallback_name);

/* An rs_machine byte sink (opaque: the rs_cli_output). Standard output is flushed per line. */
void rs_cli_output_sink(void *opaque, uint8_t byte);

/* Writes LINE and a newline. FORCE: even past the cap (the run's last event). Returns 0, or -1
 * if the line was refused by the cap or the output has failed. */
int rs_cli_output_line(rs_cli_output *o, const char *line, int force);

/* Flushes, and closes what it opened; a failure is remembered like a failed write. Returns
 * o->err (0: everything written). Accepts an output that was never opened. */
int rs_cli_output_close(rs_cli_output *o);

/* One line on stderr for a failed output ("ringscope: cannot write NAME: why"). */
void rs_cli_output_report(const rs_cli_output *o);

#endif
