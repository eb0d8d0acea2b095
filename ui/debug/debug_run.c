/* The commands that run the guest (step, next, continue, until) and set where it stops
 * (break, delete, watch, unwatch, info). Each run goes through run_begin/run_end: Ctrl-C is
 * caught while the guest runs, and the report (debug_events.c) follows. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "debug_session.h"
#include "desc_text.h"

volatile sig_atomic_t dbg_interrupted;
static rs_machine *volatile running;    /* the machine a Ctrl-C stops */

static void on_sigint(int sig)
{
    if (dbg_interrupted) {       /* the second Ctrl-C: the guest did not stop; give up */
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    dbg_interrupted = 1;
    if (running)
        rs_machine_interrupt(running);
    static const char msg[] = "\n[Ctrl-C: stopping the guest; Ctrl-C again ends ringscope]\n";
    if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) {}
}

static struct sigaction saved_sigint;

static int run_begin(dbg_session *s)
{
    if (s->finished) {
        dbg_error("the guest has finished (%s); only inspection commands work now",
                  rs_stop_reason_name(s->last_stop.reason));
        return 0;
    }
    fflush(stdout);
    s->icount_before = rs_machine_icount(s->m);
    dbg_output_begin_run(s);
    dbg_interrupted = 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    running = s->m;
    sigaction(SIGINT, &sa, &saved_sigint);
    return 1;
}

static void run_end(dbg_session *s, rs_err err, const rs_stop *stop)
{
    sigaction(SIGINT, &saved_sigint, NULL);
    running = NULL;
    dbg_report_run(s, err, stop);
    dbg_interrupted = 0;
}

void dbg_cmd_step(dbg_session *s, int argc, char **argv, const char *fmt)
{
    (void)fmt;
    uint64_t n = 1;
    if (argc > 0 && !dbg_parse_count(argv[0], 1000000000, &n))
        return;
    rs_stop stop;
    if (run_begin(s))
        run_end(s, rs_dbg_step(s->d, n, &stop), &stop);
}

void dbg_cmd_next(dbg_session *s, int argc, char **argv, const char *fmt)
{
    (void)argc, (void)argv, (void)fmt;
    rs_stop stop;
    if (run_begin(s))
        run_end(s, rs_dbg_next(s->d, &stop), &stop);
}

void dbg_cmd_continue(dbg_session *s, int argc, char **argv, const char *fmt)
{
    (void)argc, (void)argv, (void)fmt;
    rs_stop stop;
    if (run_begin(s))
        run_end(s, rs_dbg_continue(s->d, &stop), &stop);
}

void dbg_cmd_until(dbg_session *s, int argc, char **argv, const char *fmt)
{
    (void)fmt;
    uint32_t mask = 0;
    for (int i = 0; i < argc; i++) {
        int k = dbg_parse_kind(argv[i]);
        if (k < 0)
            return;
        mask |= 1u << k;
    }
    rs_stop stop;
    if (run_begin(s))
        run_end(s, rs_dbg_until(s->d, mask, &stop), &stop);
}

/* ---- Breakpoints and watches ---- */

void dbg_cmd_break(dbg_session *s, int argc, char **argv, const char *fmt)
{
    (void)argc, (void)fmt;
    uint32_t addr;
    if (!dbg_parse_address(s, argv[0], &addr))
        return;
    int had = dbg_is_breakpoint(s, addr);
    rs_err err = rs_dbg_break_add(s->d, addr);
    if (err == RS_ERR_TOO_BIG)
        dbg_error("at most %d breakpoints", RS_DBG_MAX_BREAKPOINTS);
    else if (err)
        dbg_error("cannot set a breakpoint at 0x%08x: %s", addr, rs_strerror(err));
    else
        printf("breakpoint at 0x%08x%s\n", addr, had ? " (already set)" : "");
}

static int compare_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int sorted_breakpoints(dbg_session *s, uint32_t *out)
{
    int n = rs_dbg_breakpoints(s->d, out, RS_DBG_MAX_BREAKPOINTS);
    if (n > RS_DBG_MAX_BREAKPOINTS)
        n = RS_DBG_MAX_BREAKPOINTS;
    qsort(out, (size_t)n, sizeof *out, compare_u32);
    return n;
}

void dbg_cmd_delete(dbg_session *s, int argc, char **argv, const char *fmt)
{
    (void)argc, (void)fmt;
    if (!strcmp(argv[0], "all")) {
        uint32_t bp[RS_DBG_MAX_BREAKPOINTS];
        int n = sorted_breakpoints(s, bp);
        for (int i = 0; i < n; i++)
            rs_dbg_break_remove(s->d, bp[i]);
        printf("deleted %d breakpoint%s\n", n, n == 1 ? "" : "s");
        return;
    }
    uint32_t addr;
    if (!dbg_parse_address(s, argv[0], &addr))
        return;
    if (rs_dbg_break_remove(s->d, addr) != RS_OK)
        dbg_error("no breakpoint at 0x%08x (see 'info breakpoints')", addr);
    else
        printf("deleted the breakpoint at 0x%08x\n", addr);
}

/* The watch slot of the page holding ADDR, or -1. */
static int watch_index(const dbg_session *s, uint32_t addr)
{
    for (int i = 0; i < s->n_watches; i++)
        if (s->watches[i] == (addr & ~0xfffu))
            return i;
    return -1;
}

void dbg_cmd_watch(dbg_session *s, int argc, char **argv, const char *fmt)
{
    (void)argc, (void)fmt;
    uint32_t addr;
    if (!dbg_parse_address(s, argv[0], &addr))
        return;
    uint32_t page = addr & ~0xfffu;
    if (watch_index(s, addr) >= 0) {
        printf("already watching 0x%08x-0x%08x\n", page, page + 0xfffu);
        return;
    }
    rs_err err = rs_dbg_watch_add(s->d, addr);
    if (err == RS_ERR_ARG) {
        dbg_error("0x%08x is not mapped now (a watch follows the page's physical frame)", addr);
    } else if (err == RS_ERR_TOO_BIG) {
        dbg_error("at most %d watched pages", RS_DBG_MAX_WATCHES);
    } else if (err) {
        dbg_error("cannot watch 0x%08x: %s", addr, rs_strerror(err));
    } else {
        s->watches[s->n_watches++] = page;
        printf("watching 0x%08x-0x%08x: a read or write there stops the run\n", page,
               page + 0xfffu);
    }
}

void dbg_cmd_unwatch(dbg_session *s, int argc, char **argv, const char *fmt)
{
    (void)argc, (void)fmt;
    uint32_t addr;
    if (!dbg_parse_address(s, argv[0], &addr))
        return;
    int i = watch_index(s, addr);
    if (i < 0) {
        dbg_error("0x%08x is not in a watched page (see 'info watches')", addr);
        return;
    }
    uint32_t page = s->watches[i];
    rs_dbg_watch_remove(s->d, page);
    memmove(&s->watches[i], &s->watches[i + 1], (size_t)(s->n_watches - i - 1) * sizeof *s->watches);
    s->n_watches--;
    printf("no longer watching 0x%08x-0x%08x\n", page, page + 0xfffu);
}

static void info_breakpoints(dbg_session *s)
{
    uint32_t bp[RS_DBG_MAX_BREAKPOINTS];
    int n = sorted_breakpoints(s, bp);
    if (!n)
        printf("no breakpoints\n");
    for (int i = 0; i < n; i++)
        dbg_print_insn(s, "b   ", bp[i]);
}

static void info_watches(dbg_session *s)
{
    if (!s->n_watches)
        printf("no watched pages\n");
    for (int i = 0; i < s->n_watches; i++)
        printf("watching 0x%08x-0x%08x\n", s->watches[i], s->watches[i] + 0xfffu);
}

void dbg_cmd_info(dbg_session *s, int argc, char **argv, const char *fmt)
{
    (void)argc, (void)fmt;
    size_t n = strlen(argv[0]);
    if (n && !strncmp(argv[0], "breakpoints", n)) {
        info_breakpoints(s);
        info_watches(s);
    } else if (n && !strncmp(argv[0], "watches", n)) {
        info_watches(s);
    } else if (n && !strncmp(argv[0], "registers", n)) {
        dbg_cmd_regs_print(s);
    } else if (desc_text_named(argv[0])) {
        desc_text_named(argv[0])(stdout, s->m);
    } else {
        dbg_error("info what? 'info breakpoints', 'info watches', 'info registers', or a descriptor table: "
                  "'info idt', 'info gdt', 'info ldt', 'info tss'");
    }
}

