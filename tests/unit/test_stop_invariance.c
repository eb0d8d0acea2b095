/* Stopping changes nothing (issue 12): every guest with a timer, run straight, and then run again
 * stopped in every way the front ends stop it: after every event of each kind, at random
 * instruction counts (steps and instruction limits), single-stepped across timer ticks, at
 * breakpoints on the timer handler and on user code, on a watched page, and in wall-clock time
 * slices (the window's frames). Every run must give the same trace (every event, its count,
 * address space and fields, without the stops' own breakpoint/limit events), the same COM1
 * output and the same final count as the straight run. */
#include <stdlib.h>
#include <string.h>
#include "debugger.h"
#include "machine.h"
#include "trace_json.h"
#include "rs_test.h"

typedef struct text {
    char *buf;
    size_t len, cap;
} text;

static void text_add(text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->buf = realloc(t->buf, t->cap);
    }
    memcpy(t->buf + t->len, s, n);
    t->len += n;
    t->buf[t->len] = 0;
}

typedef struct record {
    text trace, serial;
    uint64_t irq_icount[8];      /* the first hardware interrupts (for stepping across them) */
    uint32_t irq_handler;        /* where the timer's handler starts */
    int n_irq;
} record;

static void serial_sink(void *opaque, uint8_t byte)
{
    char c = (char)byte;
    text_add(&((record *)opaque)->serial, &c, 1);
}

static void quiet(void *opaque, uint8_t byte) { (void)opaque, (void)byte; }

/* Every event but the stops' own (a breakpoint, a limit): with its seq, which must match too. */
static int listen(void *opaque, const rs_event *ev)
{
    record *r = opaque;
    if (ev->kind == RS_EV_BREAKPOINT || ev->kind == RS_EV_LIMIT)
        return 0;
    char line[1024];
    int n = rs_trace_json(ev, line, sizeof line);
    /* drop "seq" (the stops' events are numbered too) */
    const char *rest = strchr(line, ',');
    text_add(&r->trace, rest, strlen(rest));
    text_add(&r->trace, "\n", 1);
    (void)n;
    if (ev->kind == RS_EV_INTERRUPT && ev->u.intr.hardware && r->n_irq < 8)
        r->irq_icount[r->n_irq++] = ev->icount;
    if (ev->kind == RS_EV_CPL && ev->u.cpl_change.cause == RS_CAUSE_HWINT)
        r->irq_handler = ev->u.cpl_change.new_eip;
    return 0;
}

typedef struct guest {
    const char *name, *kernel, *append;
    const char *modules[4];
} guest;

static rs_machine *boot(const guest *g, record *r)
{
    rs_machine_config cfg = { .serial_sink = serial_sink, .serial_opaque = r, .debugcon_sink = quiet, .trace = 1 };
    rs_machine *m = NULL;
    rs_image k = { 0 }, mods[4];
    memset(mods, 0, sizeof mods);
    char msg[256], path[512];
    snprintf(path, sizeof path, "%s/%s", RS_GUEST_OUT, g->kernel);
    OK(rs_image_read_file(path, &k, msg, sizeof msg));
    char cmd[256];
    snprintf(cmd, sizeof cmd, "%s%s%s", g->kernel, g->append ? " " : "", g->append ? g->append : "");
    k.cmdline = strdup(cmd);
    size_t n = 0;
    for (; n < 4 && g->modules[n]; n++) {
        snprintf(path, sizeof path, "%s/%s", RS_GUEST_OUT, g->modules[n]);
        OK(rs_image_read_file(path, &mods[n], msg, sizeof msg));
        mods[n].cmdline = strdup(g->modules[n]);
    }
    OK(rs_machine_create(&cfg, &m));
    OK(rs_machine_boot(m, &k, mods, n, msg, sizeof msg));
    OK(rs_machine_add_listener(m, listen, r));
    rs_image_free(&k);
    for (size_t i = 0; i < n; i++)
        rs_image_free(&mods[i]);
    return m;
}

static int final(rs_stop_reason reason)
{
    return reason == RS_STOP_EXIT || reason == RS_STOP_HALT || reason == RS_STOP_HALT_IF ||
           reason == RS_STOP_TRIPLE_FAULT || reason == RS_STOP_UNSUPPORTED || reason == RS_STOP_ENGINE_ERROR;
}

static const rs_run_limits no_limits = { .timeout_us = 120000000u };   /* only catches a hang */

/* The straight run, and the same guest stopped in one way (each a function). */
typedef void (*stopper)(rs_machine *m, const record *straight, uint64_t *stops);

static void run_straight(rs_machine *m, const record *straight, uint64_t *stops)
{
    (void)straight;
    rs_stop stop;
    OK(rs_machine_run(m, &no_limits, &stop));
    *stops = 1;
}

static uint32_t seed = 12;
static uint32_t rnd(void) { seed = seed * 1103515245u + 12345u; return seed >> 8; }

static void run_each_kind(rs_machine *m, rs_event_kind kind, uint64_t *stops)
{
    rs_machine_stop_on(m, 1u << kind);
    rs_stop stop;
    do {
        OK(rs_machine_run(m, &no_limits, &stop));
        ++*stops;
    } while (!final(stop.reason) && *stops < 200000);
}

static void at_every_cpl(rs_machine *m, const record *s, uint64_t *n) { (void)s; run_each_kind(m, RS_EV_CPL, n); }
static void at_every_syscall(rs_machine *m, const record *s, uint64_t *n) { (void)s; run_each_kind(m, RS_EV_SYSCALL, n); }
static void at_every_sysret(rs_machine *m, const record *s, uint64_t *n) { (void)s; run_each_kind(m, RS_EV_SYSRET, n); }
static void at_every_interrupt(rs_machine *m, const record *s, uint64_t *n) { (void)s; run_each_kind(m, RS_EV_INTERRUPT, n); }
static void at_every_exception(rs_machine *m, const record *s, uint64_t *n) { (void)s; run_each_kind(m, RS_EV_EXCEPTION, n); }
static void at_every_cr(rs_machine *m, const record *s, uint64_t *n) { (void)s; run_each_kind(m, RS_EV_CR, n); }
static void at_every_io(rs_machine *m, const record *s, uint64_t *n) { (void)s; run_each_kind(m, RS_EV_IO, n); }

static void random_steps(rs_machine *m, const record *s, uint64_t *stops)
{
    (void)s;
    rs_stop stop;
    do {
        OK(rs_machine_step(m, 1 + rnd() % 150000, &no_limits, &stop));
        ++*stops;
    } while (!final(stop.reason));
}

static void random_limits(rs_machine *m, const record *s, uint64_t *stops)
{
    (void)s;
    rs_stop stop;
    do {
        rs_run_limits l = no_limits;
        l.max_insns = rs_machine_icount(m) + 1 + rnd() % 400000;
        OK(rs_machine_run(m, &l, &stop));
        ++*stops;
    } while (!final(stop.reason));
}

/* Single steps from 40 instructions before each of the first timer interrupts to 40 after. */
static void steps_across_ticks(rs_machine *m, const record *s, uint64_t *stops)
{
    rs_stop stop;
    for (int i = 0; i < s->n_irq && i < 4; i++) {
        if (s->irq_icount[i] < 40 + rs_machine_icount(m))
            continue;
        rs_run_limits l = no_limits;
        l.max_insns = s->irq_icount[i] - 40;
        OK(rs_machine_run(m, &l, &stop));
        for (int k = 0; k < 80 && !final(stop.reason); k++, ++*stops)
            OK(rs_machine_step(m, 1, &no_limits, &stop));
        if (final(stop.reason))
            return;
    }
    OK(rs_machine_run(m, &no_limits, &stop));
}

/* The debugger: a breakpoint on the timer's handler, then on user code, and a watched page. */
static void breakpoints(rs_machine *m, const record *s, uint64_t *stops)
{
    rs_dbg *d;
    OK(rs_dbg_create(m, &d));
    rs_dbg_set_limits(d, &no_limits);
    if (s->irq_handler)
        OK(rs_dbg_break_add(d, s->irq_handler));
    rs_stop stop;
    int added = 0;
    uint32_t watched = 0;
    do {
        OK(rs_dbg_continue(d, &stop));
        ++*stops;
        const rs_regs *r = rs_dbg_regs_now(d);
        if (!added && r->cpl == 0 && *stops > 3) {
            watched = r->gpr[RS_REG_ESP];      /* the kernel's stack page, for a few thousand stops */
            OK(rs_dbg_watch_add(d, watched));
            added = 1;
        } else if (added == 1 && *stops > 3000) {
            OK(rs_dbg_watch_remove(d, watched));
            added = 2;
        }
    } while (!final(stop.reason) && *stops < 200000);
    rs_dbg_destroy(d);
}

static void time_slices(rs_machine *m, const record *s, uint64_t *stops)
{
    (void)s;
    rs_stop stop;
    rs_run_limits l = { .timeout_us = 300, .slice = 1 };
    do {
        OK(rs_machine_run(m, &l, &stop));
        ++*stops;
    } while (!final(stop.reason));
}

/* Where two traces part: the first differing line of each. */
static void report_difference(const char *what, const text *a, const text *b)
{
    size_t i = 0, line = 1, start = 0;
    while (i < a->len && i < b->len && a->buf[i] == b->buf[i]) {
        if (a->buf[i] == '\n') {
            line++;
            start = i + 1;
        }
        i++;
    }
    const char *ea = strchr(a->buf + start, '\n'), *eb = strchr(b->buf + start, '\n');
    fprintf(stderr, "  %s: traces part at event %zu:\n    straight: %.*s\n    stopped:  %.*s\n", what, line,
            (int)(ea ? ea - (a->buf + start) : 80), a->buf + start, (int)(eb ? eb - (b->buf + start) : 80),
            b->buf + start);
}

static const char *only_way;

static void check_guest(const guest *g)
{
    static const struct { const char *name; stopper fn; } ways[] = {
        { "every cpl", at_every_cpl }, { "every syscall", at_every_syscall },
        { "every sysret", at_every_sysret }, { "every interrupt", at_every_interrupt },
        { "every exception", at_every_exception }, { "every cr", at_every_cr }, { "every io", at_every_io },
        { "random steps", random_steps }, { "random limits", random_limits },
        { "steps across ticks", steps_across_ticks }, { "breakpoints and a watch", breakpoints },
        { "300 us time slices", time_slices },
    };
    record straight = { 0 };
    rs_machine *m = boot(g, &straight);
    uint64_t n;
    run_straight(m, &straight, &n);
    uint64_t icount = rs_machine_icount(m);
    rs_machine_destroy(m);
    CHECK(straight.n_irq > 0);       /* a guest with a timer */
    for (size_t w = 0; w < sizeof ways / sizeof ways[0]; w++) {
        if (only_way && !strstr(ways[w].name, only_way))
            continue;
        record r = { 0 };
        m = boot(g, &r);
        uint64_t stops = 0;
        ways[w].fn(m, &straight, &stops);
        int same = r.trace.len == straight.trace.len && !memcmp(r.trace.buf, straight.trace.buf, r.trace.len);
        int same_serial = r.serial.len == straight.serial.len && !memcmp(r.serial.buf, straight.serial.buf, r.serial.len);
        printf("%-12s %-24s %7llu stops  icount %llu (straight %llu)  trace %s  serial %s\n", g->name, ways[w].name,
               (unsigned long long)stops, (unsigned long long)rs_machine_icount(m), (unsigned long long)icount,
               same ? "same" : "DIFFERS", same_serial ? "same" : "DIFFERS");
        CHECK(same);
        CHECK(same_serial);
        CHECK_EQ(rs_machine_icount(m), icount);
        if (!same)
            report_difference(ways[w].name, &straight.trace, &r.trace);
        rs_machine_destroy(m);
        free(r.trace.buf);
        free(r.serial.buf);
    }
    free(straight.trace.buf);
    free(straight.serial.buf);
}

int main(int argc, char **argv)
{
    static const guest guests[] = {
        { "spin x3", "kernel.elf", "preempt", { "user/spin.elf", "user/spin.elf", "user/spin.elf" } },
        { "sleep", "kernel.elf", "preempt", { "user/sleep.elf" } },
        { "kill", "kernel.elf", "preempt", { "user/peek.elf", "user/spin.elf", "user/sleep.elf" } },
        { "picpit", "tests/picpit.elf", NULL, { NULL } },
    };
    only_way = argc > 2 ? argv[2] : NULL;
    for (size_t i = 0; i < sizeof guests / sizeof guests[0]; i++)
        if (argc < 2 || strstr(guests[i].name, argv[1]))
            check_guest(&guests[i]);
    return rs_test_done();
}
