/* Instruction counts and event stamps are exact.
 *
 *  - Against an independent count: the bench compute guest runs 7 instructions per loop
 *    iteration, so two runs whose iteration counts differ by 1000 (same digit count on the command
 *    line, so the boot code runs the same instructions) must end 7000 instructions apart.
 *  - Consistency: running to N in one go, or to N-k and then stepping k, gives the same state.
 *  - Stamps: an event stamped with icount I happens right after instruction I: running to I
 *    stops on the instruction that raised it (a fault has not completed; INT 0x80 is the next). */
#include <stdlib.h>
#include <string.h>
#include "machine.h"
#include "rs_test.h"

static void discard(void *opaque, uint8_t byte) { (void)opaque, (void)byte; }

static rs_machine *boot(const char *kernel, const char *cmdline, const char *const *mods, int n_mods)
{
    rs_machine_config cfg = { .serial_sink = discard, .debugcon_sink = discard, .trace = 1 };
    rs_machine *m = NULL;
    rs_image k = { 0 }, mi[4];
    char msg[256];
    memset(mi, 0, sizeof mi);
    OK(rs_image_read_file(kernel, &k, msg, sizeof msg));
    k.cmdline = strdup(cmdline);
    for (int i = 0; i < n_mods; i++) {
        OK(rs_image_read_file(mods[i], &mi[i], msg, sizeof msg));
        mi[i].cmdline = strdup(mods[i]);
    }
    OK(rs_machine_create(&cfg, &m));
    OK(rs_machine_boot(m, &k, mi, (size_t)n_mods, msg, sizeof msg));
    rs_image_free(&k);
    for (int i = 0; i < n_mods; i++)
        rs_image_free(&mi[i]);
    return m;
}

static uint64_t compute_total(const char *n)
{
    char cmdline[64];
    snprintf(cmdline, sizeof cmdline, "compute.bin %s", n);
    rs_machine *m = boot(RS_BENCH_GUESTS "/compute.bin", cmdline, NULL, 0);
    rs_run_limits lim = { 0 };
    rs_stop stop;
    OK(rs_machine_run(m, &lim, &stop));
    CHECK_EQ(stop.reason, RS_STOP_EXIT);
    uint64_t total = rs_machine_icount(m);
    rs_machine_destroy(m);
    return total;
}

static void test_against_loop_count(void)
{
    uint64_t a = compute_total("1000"), b = compute_total("2000");
    CHECK_EQ(b - a, 7000);
}

static const char *const hello_peek[] = { RS_GUEST_OUT "/user/hello.elf", RS_GUEST_OUT "/user/peek.elf" };

static rs_machine *teaching(void) { return boot(RS_GUEST_OUT "/kernel.elf", "kernel.elf", hello_peek, 2); }

static void compare_run_and_step(const uint64_t *targets, size_t n_targets)
{
    for (size_t t = 0; t < n_targets; t++) {
        uint64_t n = targets[t];
        rs_machine *a = teaching(), *b = teaching();
        rs_run_limits la = { .max_insns = n }, none = { 0 };
        rs_stop sa, sb;
        OK(rs_machine_run(a, &la, &sa));
        CHECK_EQ(sa.reason, RS_STOP_INSN_LIMIT);
        CHECK_EQ(rs_machine_icount(a), n);
        uint64_t k = n > 37 ? 37 : n;
        rs_run_limits lb = { .max_insns = n - k };
        if (n - k)
            OK(rs_machine_run(b, &lb, &sb));
        for (uint64_t i = 0; i < k; i++)
            OK(rs_machine_step(b, 1, &none, &sb));
        CHECK_EQ(rs_machine_icount(b), n);
        rs_regs ra, rb;
        rs_machine_regs(a, &ra);
        rs_machine_regs(b, &rb);
        CHECK_EQ(ra.eip, rb.eip);
        CHECK(!memcmp(ra.gpr, rb.gpr, sizeof ra.gpr));
        CHECK_EQ(ra.cpl, rb.cpl);
        rs_machine_destroy(a);
        rs_machine_destroy(b);
    }
}

/* Every count from FROM to TO: a fresh run straight to it against one machine stepping there. */
static void sweep(uint64_t from, uint64_t to)
{
    rs_machine *b = teaching();
    rs_run_limits lb = { .max_insns = from }, none = { 0 };
    rs_stop sb;
    OK(rs_machine_run(b, &lb, &sb));
    for (uint64_t n = from; n <= to; n++) {
        rs_machine *a = teaching();
        rs_run_limits la = { .max_insns = n };
        rs_stop sa;
        OK(rs_machine_run(a, &la, &sa));
        rs_regs ra, rb;
        rs_machine_regs(a, &ra);
        rs_machine_regs(b, &rb);
        CHECK_EQ(rs_machine_icount(a), n);
        CHECK_EQ(rs_machine_icount(b), n);
        CHECK_EQ(ra.eip, rb.eip);
        CHECK(!memcmp(ra.gpr, rb.gpr, sizeof ra.gpr));
        CHECK_EQ(ra.cpl, rb.cpl);
        rs_machine_destroy(a);
        OK(rs_machine_step(b, 1, &none, &sb));
    }
    rs_machine_destroy(b);
}

/* The first event of KIND (and, for exceptions, VECTOR) in a full run of the teaching kernel. */
static int first_event(rs_event_kind kind, int vector, rs_event *out)
{
    rs_machine *m = teaching();
    rs_run_limits none = { 0 };
    rs_stop stop;
    OK(rs_machine_run(m, &none, &stop));
    const rs_evlog *log = rs_machine_event_log(m);
    int found = 0;
    for (uint64_t s = rs_evlog_oldest(log); s < log->next_seq && !found; s++) {
        const rs_event *ev = rs_evlog_get(log, s);
        if (ev->kind == kind && (vector < 0 || ev->u.exc.vector == vector)) {
            *out = *ev;
            found = 1;
        }
    }
    rs_machine_destroy(m);
    return found;
}

static void check_stops_at(uint64_t icount, uint32_t eip, int cpl)
{
    rs_machine *m = teaching();
    rs_run_limits lim = { .max_insns = icount };
    rs_stop stop;
    OK(rs_machine_run(m, &lim, &stop));
    rs_regs r;
    rs_machine_regs(m, &r);
    CHECK_EQ(r.eip, eip);
    CHECK_EQ(r.cpl, cpl);
    rs_machine_destroy(m);
}

static void test_stamps(void)
{
    rs_event pf, sys, ret;
    CHECK(first_event(RS_EV_EXCEPTION, 14, &pf));
    CHECK_EQ(pf.eip, 0x08048000);        /* peek's `mov eax, [0xc0000000]` */
    check_stops_at(pf.icount, pf.eip, 3);
    CHECK(first_event(RS_EV_SYSCALL, -1, &sys));
    check_stops_at(sys.icount - 1, sys.eip, 3);      /* INT 0x80 itself is instruction sys.icount */
    CHECK(first_event(RS_EV_SYSRET, -1, &ret));
    CHECK_EQ(ret.u.ret.entry_icount, sys.icount);
    CHECK_EQ(ret.u.ret.ret, 13);          /* "hello, world\n" */
}

static void test_run_vs_step(void)
{
    static const uint64_t targets[] = { 1, 2, 10, 11, 12, 7177, 7180, 100000 };
    compare_run_and_step(targets, sizeof targets / sizeof targets[0]);
    rs_event pf, sys, ret;
    CHECK(first_event(RS_EV_EXCEPTION, 14, &pf));
    CHECK(first_event(RS_EV_SYSCALL, -1, &sys));
    CHECK(first_event(RS_EV_SYSRET, -1, &ret));
    sweep(sys.icount - 12, sys.icount + 12);     /* into the kernel through INT 0x80 */
    sweep(ret.icount - 12, ret.icount + 12);     /* back out through IRET */
    sweep(pf.icount - 12, pf.icount + 12);       /* a fault, delivered, and the handler */
}

/* Time slices (as the window runs the guest) end at block boundaries with EIP stored: a run cut
 * into 1 ms slices executes exactly the instructions of a run in one go. */
static void test_timeout_slices(void)
{
    uint64_t straight = compute_total("3000000");
    rs_machine *m = boot(RS_BENCH_GUESTS "/compute.bin", "compute.bin 3000000", NULL, 0);
    rs_run_limits slice = { .timeout_us = 1000, .slice = 1 };
    rs_stop stop = { .reason = RS_STOP_TIMEOUT };
    int slices = 0;
    while (stop.reason == RS_STOP_TIMEOUT && slices < 100000) {
        OK(rs_machine_run(m, &slice, &stop));
        slices++;
    }
    CHECK_EQ(stop.reason, RS_STOP_EXIT);
    CHECK(slices > 2);
    CHECK_EQ(rs_machine_icount(m), straight);
    rs_machine_destroy(m);
}

/* The same with the teaching kernel and two programs in 200 us slices: the same count at the end
 * and the same events as one straight run. */
static void test_timeout_slices_kernel(void)
{
    rs_machine *a = teaching(), *b = teaching();
    rs_run_limits none = { 0 }, slice = { .timeout_us = 200, .slice = 1 };
    rs_stop sa, sb = { .reason = RS_STOP_TIMEOUT };
    OK(rs_machine_run(a, &none, &sa));
    int slices = 0;
    while (sb.reason == RS_STOP_TIMEOUT && slices < 1000000) {
        OK(rs_machine_run(b, &slice, &sb));
        slices++;
    }
    CHECK_EQ(sb.reason, RS_STOP_EXIT);
    CHECK(slices > 5);
    CHECK_EQ(rs_machine_icount(b), rs_machine_icount(a));
    const rs_evlog *la = rs_machine_event_log(a), *lb = rs_machine_event_log(b);
    CHECK_EQ(lb->next_seq, la->next_seq);
    int same = 1;
    for (uint64_t s = rs_evlog_oldest(la); s < la->next_seq && s < lb->next_seq; s++) {
        const rs_event *x = rs_evlog_get(la, s), *y = rs_evlog_get(lb, s);
        if (x->kind != y->kind || x->icount != y->icount || x->eip != y->eip)
            same = 0;
    }
    CHECK(same);
    rs_machine_destroy(a);
    rs_machine_destroy(b);
}

int main(void)
{
    test_timeout_slices();
    test_timeout_slices_kernel();
    test_against_loop_count();
    test_run_vs_step();
    test_stamps();
    return rs_test_done();
}
