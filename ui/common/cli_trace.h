/* --explain and --trace: event listeners that print as the guest runs. */
#ifndef RS_CLI_TRACE_H
#define RS_CLI_TRACE_H
#include <stdio.h>
#include "cli_output.h"
#include "machine.h"

typedef struct rs_cli_trace {
    FILE *explain;          /* human lines (stderr), or NULL */
    rs_cli_output *json;    /* JSON Lines, or NULL; the run's last event is written past its cap */
} rs_cli_trace;

/* Attaches the listeners T asks for (T is borrowed and must outlive the runs). */
rs_err rs_cli_trace_attach(rs_machine *m, rs_cli_trace *t);

/* Prints one event as --explain does: "[   icount] line", detail lines indented. */
void rs_cli_explain_print(FILE *f, const rs_event *ev);

#endif
