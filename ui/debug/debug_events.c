/* What the guest did: the report after each command that ran it (the events it caused, why it
 * stopped, the next instruction), `events` and `explain`. Events come from the machine's ring
 * buffer (event_log.h); the session remembers the last seq it showed, so a report shows exactly
 * what is new, and says so when the buffer overwrote some of it. */
#include <string.h>
#include "cli_trace.h"
#include "debug_session.h"
#include "debug_text.h"

#define REPORT_MAX_EVENTS 20     /* per command; `events N` shows more */

/* Whether a report lists EV: not the chatter, and not the stop itself (the stop line says it),
 * except an event the run was asked to stop at. */
static int reported(const rs_event *ev, const rs_stop *stop)
{
    if (stop->reason == RS_STOP_EVENT && ev->seq == stop->event_seq)
        return 1;
    switch (ev->kind) {
    case RS_EV_BREAKPOINT: case RS_EV_LIMIT: case RS_EV_HALT: case RS_EV_EXIT: case RS_EV_STOP:
        return 0;
    default:
        return !dbg_text_is_chatter(ev);
    }
}

static void print_new_events(dbg_session *s, const rs_stop *stop)
{
    const rs_evlog *log = rs_machine_event_log(s->m);
    uint64_t oldest = rs_evlog_oldest(log), from = s->seen_seq > oldest ? s->seen_seq : oldest;
    uint64_t total = 0;
    for (uint64_t q = from; q < log->next_seq; q++)
        total += reported(rs_evlog_get(log, q), stop);
    if (s->seen_seq < oldest)
        printf("  ... %llu events were overwritten in the log before they could be shown\n",
               (unsigned long long)(oldest - s->seen_seq));
    if (total > REPORT_MAX_EVENTS)
        printf("  ... %llu earlier events ('events N' shows them)\n",
               (unsigned long long)(total - REPORT_MAX_EVENTS));
    uint64_t skip = total > REPORT_MAX_EVENTS ? total - REPORT_MAX_EVENTS : 0;
    for (uint64_t q = from; q < log->next_seq; q++) {
        const rs_event *ev = rs_evlog_get(log, q);
        if (!reported(ev, stop))
            continue;
        if (skip) {
            skip--;
            continue;
        }
        dbg_output_guest_upto(s, q);
        dbg_output_end_guest_line(s);
        rs_cli_explain_print(stdout, ev);
    }
    dbg_output_guest_upto(s, UINT64_MAX);
    dbg_output_end_guest_line(s);
    s->seen_seq = log->next_seq;
}

static void print_stop_line(dbg_session *s, const rs_stop *stop)
{
    int cpl = rs_dbg_regs_now(s->d)->cpl;
    if (rs_stop_is_final(stop->reason)) {
        printf("finished: %s: %s", rs_stop_reason_name(stop->reason), stop->detail);
        if (stop->reason == RS_STOP_EXIT)
            printf(", exit status %d", stop->exit_status);
    } else if (stop->reason == RS_STOP_INSN_LIMIT) {
        printf("stopped: instruction limit reached (--max-insns %llu)", (unsigned long long)s->max_insns);
    } else if (stop->reason == RS_STOP_STEP) {
        uint64_t n = stop->icount - s->icount_before;
        if (!strcmp(stop->detail, "step done"))
            printf("stopped: %llu instruction%s stepped", (unsigned long long)n, n == 1 ? "" : "s");
        else
            printf("stopped: %s, %llu instruction%s", stop->detail, (unsigned long long)n, n == 1 ? "" : "s");
    } else if (stop->reason == RS_STOP_INTERRUPTED || (stop->reason == RS_STOP_EVENT && dbg_interrupted)) {
        printf("stopped: interrupted (Ctrl-C)");
    } else if (stop->reason == RS_STOP_EVENT) {
        const rs_event *ev = rs_evlog_get(rs_machine_event_log(s->m), stop->event_seq);
        printf("stopped: after the %s event above", ev ? rs_event_kind_name(ev->kind) : "requested");
    } else {
        printf("stopped: %s", stop->detail);
    }
    printf(" (icount %llu, CPL %d)\n", (unsigned long long)stop->icount, cpl);
}

void dbg_report_run(dbg_session *s, rs_err err, const rs_stop *stop)
{
    fflush(s->serial);
    if (err) {          /* nothing ran; still show anything held */
        dbg_output_guest_upto(s, UINT64_MAX);
        dbg_output_end_guest_line(s);
    }
    if (err == RS_ERR_STATE) {
        s->finished = 1;
        dbg_error("the guest has finished; only inspection commands work now");
        return;
    }
    if (err) {
        dbg_error("cannot run the guest: %s", rs_strerror(err));
        return;
    }
    s->last_stop = *stop;
    print_new_events(s, stop);
    print_stop_line(s, stop);
    if (rs_stop_is_final(stop->reason))
        s->finished = 1;
    else
        dbg_print_next_insn(s);
}

void dbg_print_events(dbg_session *s, uint64_t n, int kind) { dbg_text_events(stdout, s->m, n, kind); }

void dbg_explain_last_exception(dbg_session *s) { dbg_text_explain_last(stdout, s->m); }
