/* See cli_trace.h. */
#include "cli_trace.h"
#include "explain.h"
#include "trace_json.h"

void rs_cli_explain_print(FILE *f, const rs_event *ev)
{
    char text[2048];
    rs_explain_event_text(ev, "              ", text, sizeof text);
    fprintf(f, "  [%9llu] %s\n", (unsigned long long)ev->icount, text);
}

/* Allowed port accesses are the serial console's chatter: --explain leaves them to --trace. */
static int explain_listener(void *opaque, const rs_event *ev)
{
    rs_cli_trace *t = opaque;
    if (ev->kind == RS_EV_IO && !ev->u.io.denied)
        return 0;
    rs_cli_explain_print(t->explain, ev);
    return 0;
}

static int json_listener(void *opaque, const rs_event *ev)
{
    rs_cli_trace *t = opaque;
    char line[4096];
    rs_trace_json(ev, line, sizeof line);
    int last = ev->kind == RS_EV_HALT || ev->kind == RS_EV_EXIT || ev->kind == RS_EV_LIMIT || ev->kind == RS_EV_STOP;
    rs_cli_output_line(t->json, line, last);
    return 0;
}

rs_err rs_cli_trace_attach(rs_machine *m, rs_cli_trace *t)
{
    rs_err err = RS_OK;
    if (t->explain)
        err = rs_machine_add_listener(m, explain_listener, t);
    if (!err && t->json)
        err = rs_machine_add_listener(m, json_listener, t);
    return err;
}
