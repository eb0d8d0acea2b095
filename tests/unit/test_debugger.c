/* The debugger core (debugger.h) on the teaching kernel with hello.elf: breakpoints stop before
 * the instruction and resume past it, `next` steps over INT 0x80 (a whole system call), `until`
 * stops after the first event of a kind, a watched page stops the run after an access, and the
 * registers before/after a command are the machine's. */
#include <stdlib.h>
#include <string.h>
#include "debugger.h"
#include "rs_test.h"

static void discard(void *opaque, uint8_t byte) { (void)opaque, (void)byte; }

static rs_machine *boot(void)
{
    rs_machine_config cfg = { .serial_sink = discard, .debugcon_sink = discard };
    rs_machine *m = NULL;
    rs_image k = { 0 }, mod = { 0 };
    char msg[256];
    OK(rs_image_read_file(RS_GUEST_OUT "/kernel.elf", &k, msg, sizeof msg));
    OK(rs_image_read_file(RS_GUEST_OUT "/user/hello.elf", &mod, msg, sizeof msg));
    k.cmdline = strdup("kernel.elf");
    mod.cmdline = strdup("hello.elf");
    OK(rs_machine_create(&cfg, &m));
    OK(rs_machine_boot(m, &k, &mod, 1, msg, sizeof msg));
    rs_image_free(&k);
    rs_image_free(&mod);
    return m;
}

/* The newest breakpoint/watch event (a watch stops at the next block entry, so the rest of the
 * block's events may follow it). */
static const rs_event *last_event(rs_machine *m)
{
    const rs_evlog *log = rs_machine_event_log(m);
    for (uint64_t s = log->next_seq; s-- > rs_evlog_oldest(log);) {
        const rs_event *ev = rs_evlog_get(log, s);
        if (ev->kind == RS_EV_BREAKPOINT)
            return ev;
    }
    return NULL;
}

static void test_until_and_next(void)
{
    rs_machine *m = boot();
    rs_dbg *d;
    OK(rs_dbg_create(m, &d));
    CHECK(rs_machine_tracing(m));
    rs_stop stop;
    /* until syscall: stops right after the write's entry, in the kernel */
    OK(rs_dbg_until(d, 1u << RS_EV_SYSCALL, &stop));
    CHECK_EQ(stop.reason, RS_STOP_EVENT);
    const rs_event *ev = rs_evlog_get(rs_machine_event_log(m), stop.event_seq);
    CHECK(ev && ev->kind == RS_EV_SYSCALL && ev->u.sys.nr == 4);
    CHECK_EQ(rs_dbg_regs_now(d)->cpl, 0);
    CHECK_EQ(rs_dbg_regs_before(d)->cpl, 0);      /* the kernel was running before */
    /* until the return to user mode */
    OK(rs_dbg_until(d, 1u << RS_EV_CPL, &stop));
    CHECK_EQ(rs_dbg_regs_now(d)->cpl, 3);
    uint32_t eax = rs_dbg_regs_now(d)->gpr[RS_REG_EAX];
    CHECK_EQ(eax, 13);                              /* write returned 13 bytes */
    /* step until the next INT 0x80 (exit), then `next` over it: the process exits */
    rs_event sys;
    OK(rs_dbg_until(d, 1u << RS_EV_SYSCALL, &stop));
    sys = *rs_evlog_get(rs_machine_event_log(m), stop.event_seq);
    CHECK_EQ(sys.u.sys.nr, 1);
    rs_dbg_destroy(d);
    rs_machine_destroy(m);
}

static void test_breakpoint_and_step(void)
{
    rs_machine *m = boot();
    rs_dbg *d;
    OK(rs_dbg_create(m, &d));
    rs_stop stop;
    /* hello's entry point: the first user instruction */
    OK(rs_dbg_break_add(d, 0x08048060));
    uint32_t list[4];
    CHECK_EQ(rs_dbg_breakpoints(d, list, 4), 1);
    CHECK_EQ(list[0], 0x08048060);
    OK(rs_dbg_continue(d, &stop));
    CHECK_EQ(stop.reason, RS_STOP_BREAKPOINT);
    CHECK_EQ(rs_dbg_regs_now(d)->eip, 0x08048060);
    CHECK_EQ(rs_dbg_regs_now(d)->cpl, 3);
    const rs_event *ev = last_event(m);
    CHECK(ev && ev->kind == RS_EV_BREAKPOINT && ev->u.brk.address == 0x08048060);
    uint64_t at = rs_machine_icount(m);
    /* stepping from a breakpoint moves on (it does not stop at once on the same address) */
    OK(rs_dbg_step(d, 1, &stop));
    CHECK_EQ(stop.reason, RS_STOP_STEP);
    CHECK_EQ(rs_machine_icount(m), at + 1);
    CHECK(rs_dbg_regs_now(d)->eip != 0x08048060);
    CHECK_EQ(rs_dbg_regs_before(d)->eip, 0x08048060);
    OK(rs_dbg_break_remove(d, 0x08048060));
    CHECK_EQ(rs_dbg_break_remove(d, 0x08048060), RS_ERR_ARG);
    /* continue runs to the end now */
    OK(rs_dbg_continue(d, &stop));
    CHECK_EQ(stop.reason, RS_STOP_EXIT);
    rs_stop again;
    CHECK_EQ(rs_dbg_continue(d, &again), RS_ERR_STATE);
    rs_dbg_destroy(d);
    rs_machine_destroy(m);
}

/* `next` over INT 0x80 runs the whole system call and stops on the instruction after it. */
static void test_next_over_int(void)
{
    rs_machine *m = boot();
    rs_dbg *d;
    OK(rs_dbg_create(m, &d));
    rs_stop stop;
    const rs_evlog *log = rs_machine_event_log(m);
    OK(rs_dbg_until(d, 1u << RS_EV_SYSCALL, &stop));
    uint32_t int_eip = rs_evlog_get(log, stop.event_seq)->eip;
    rs_dbg_destroy(d);
    rs_machine_destroy(m);

    m = boot();
    OK(rs_dbg_create(m, &d));
    OK(rs_dbg_break_add(d, int_eip));
    OK(rs_dbg_continue(d, &stop));
    CHECK_EQ(rs_dbg_regs_now(d)->eip, int_eip);
    OK(rs_dbg_next(d, &stop));
    CHECK_EQ(stop.reason, RS_STOP_STEP);
    CHECK_EQ(rs_dbg_regs_now(d)->eip, int_eip + 2);
    CHECK_EQ(rs_dbg_regs_now(d)->cpl, 3);
    CHECK_EQ(rs_dbg_regs_now(d)->gpr[RS_REG_EAX], 13);
    rs_dbg_destroy(d);
    rs_machine_destroy(m);
}

/* A watched page: hello's string lives in its first page; the kernel's copy from it (write) reads
 * it, so the run stops with a watch event at an address in that page. */
static void test_watch(void)
{
    rs_machine *m = boot();
    rs_dbg *d;
    OK(rs_dbg_create(m, &d));
    rs_stop stop;
    OK(rs_dbg_until(d, 1u << RS_EV_SYSCALL, &stop));
    uint32_t buf = rs_evlog_get(rs_machine_event_log(m), stop.event_seq)->u.sys.args[1];
    CHECK_EQ(rs_dbg_watch_add(d, 0xc8000000u), RS_ERR_ARG);     /* not mapped */
    OK(rs_dbg_watch_add(d, buf));
    OK(rs_dbg_continue(d, &stop));
    CHECK_EQ(stop.reason, RS_STOP_BREAKPOINT);
    const rs_event *ev = last_event(m);
    CHECK(ev && ev->kind == RS_EV_BREAKPOINT && ev->u.brk.watch == 1);
    CHECK_EQ(ev->u.brk.address & ~0xfffu, buf & ~0xfffu);
    OK(rs_dbg_watch_remove(d, buf));
    OK(rs_dbg_continue(d, &stop));
    CHECK_EQ(stop.reason, RS_STOP_EXIT);
    rs_dbg_destroy(d);
    rs_machine_destroy(m);
}

/* A run that ends on a breakpoint's address without hitting it (here: `until cpl` stops before
 * hello's first instruction, where a breakpoint is set) must not skip that breakpoint. */
static void test_breakpoint_not_skipped(void)
{
    rs_machine *m = boot();
    rs_dbg *d;
    OK(rs_dbg_create(m, &d));
    rs_stop stop;
    OK(rs_dbg_break_add(d, 0x08048060));
    CHECK(rs_dbg_is_breakpoint(d, 0x08048060));
    CHECK(!rs_dbg_is_breakpoint(d, 0x08048061));
    OK(rs_dbg_until(d, 1u << RS_EV_CPL, &stop));
    CHECK_EQ(stop.reason, RS_STOP_EVENT);
    CHECK_EQ(rs_dbg_regs_now(d)->eip, 0x08048060);
    uint64_t at = rs_machine_icount(m);
    OK(rs_dbg_continue(d, &stop));
    CHECK_EQ(stop.reason, RS_STOP_BREAKPOINT);
    CHECK_EQ(rs_machine_icount(m), at);
    CHECK_EQ(rs_dbg_regs_now(d)->eip, 0x08048060);
    OK(rs_dbg_step(d, 1, &stop));           /* now resuming from the hit: it runs */
    CHECK_EQ(rs_machine_icount(m), at + 1);
    rs_dbg_destroy(d);
    rs_machine_destroy(m);
}

/* A debugger write lands in guest memory through the page tables and the CPU runs the new code,
 * even where the old was translated already; an unmapped address writes nothing. */
static void test_write_linear(void)
{
    rs_machine *m = boot();
    rs_dbg *d;
    OK(rs_dbg_create(m, &d));
    rs_stop stop;
    OK(rs_dbg_until(d, 1u << RS_EV_CPL, &stop));     /* at hello's entry, its block translated */
    rs_walk w;
    CHECK_EQ(rs_machine_write_linear(m, 0x10000000u, "x", 1, &w), 0);
    CHECK(!w.ok);
    static const uint8_t int3 = 0xcc;
    CHECK_EQ(rs_machine_write_linear(m, 0x08048060, &int3, 1, NULL), 1);
    uint8_t back = 0;
    CHECK_EQ(rs_machine_read_linear(m, 0x08048060, &back, 1, NULL), 1);
    CHECK_EQ(back, 0xcc);
    OK(rs_dbg_until(d, 1u << RS_EV_EXCEPTION, &stop));
    const rs_event *ev = rs_evlog_get(rs_machine_event_log(m), stop.event_seq);
    CHECK(ev && ev->u.exc.vector == 3 && ev->eip == 0x08048060);
    rs_dbg_destroy(d);
    rs_machine_destroy(m);
}

int main(void)
{
    test_breakpoint_not_skipped();
    test_write_linear();
    test_until_and_next();
    test_breakpoint_and_step();
    test_next_over_int();
    test_watch();
    return rs_test_done();
}
