/* At most one UC_HOOK_BLOCK is installed at any time (issue 13).
 *
 * Unicorn 2.1.1 calls a lone block hook straight from translated code; with a second one of any
 * range, every hooked block goes through helper_uc_tracecode and its hook list instead, which
 * measured 2.4-4.8x slower. The tracer's one block hook does all per-block work, so nothing else
 * may add another. This test is linked with -Wl,--wrap=uc_hook_add,--wrap=uc_hook_del,--wrap=uc_close: every
 * hook the core adds or removes (and every engine it closes) passes through the wrappers below, which keep the live block
 * hooks per engine and fail when a second would join the first. It drives everything in emu/ that
 * adds hooks: the tracer on, off and on again, a guest that turns the tracer on by programming the
 * PIT, the debugger's breakpoints, watches, steps, next and until, and CR3 code watching. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unicorn/unicorn.h>
#include "debugger.h"
#include "machine.h"
#include "rs_test.h"

#define MAX_LIVE 64

static struct { uc_engine *uc; uc_hook h; } live_block[MAX_LIVE];
static int n_live, most_live_per_engine, block_adds;

uc_err __real_uc_hook_add(uc_engine *uc, uc_hook *hh, int type, void *callback, void *user_data, uint64_t begin,
                          uint64_t end, ...);
uc_err __real_uc_hook_del(uc_engine *uc, uc_hook hh);
uc_err __real_uc_close(uc_engine *uc);

static int live_on(uc_engine *uc)
{
    int n = 0;
    for (int i = 0; i < n_live; i++)
        n += live_block[i].uc == uc;
    return n;
}

uc_err __wrap_uc_hook_add(uc_engine *uc, uc_hook *hh, int type, void *callback, void *user_data, uint64_t begin,
                          uint64_t end, ...)
{
    va_list ap;
    va_start(ap, end);
    uc_err e;
    if (type == UC_HOOK_INSN) {
        int insn = va_arg(ap, int);
        e = __real_uc_hook_add(uc, hh, type, callback, user_data, begin, end, insn);
    } else if (type == UC_HOOK_TCG_OPCODE) {
        int op = va_arg(ap, int), flags = va_arg(ap, int);
        e = __real_uc_hook_add(uc, hh, type, callback, user_data, begin, end, op, flags);
    } else {
        e = __real_uc_hook_add(uc, hh, type, callback, user_data, begin, end);
    }
    va_end(ap);
    if (e == UC_ERR_OK && (type & UC_HOOK_BLOCK)) {
        block_adds++;
        if (n_live < MAX_LIVE)
            live_block[n_live].uc = uc, live_block[n_live].h = *hh, n_live++;
        int n = live_on(uc);
        if (n > most_live_per_engine)
            most_live_per_engine = n;
        if (n > 1)
            fprintf(stderr, "a second UC_HOOK_BLOCK was installed (range 0x%llx-0x%llx)\n", (unsigned long long)begin,
                    (unsigned long long)end);
    }
    return e;
}

uc_err __wrap_uc_hook_del(uc_engine *uc, uc_hook hh)
{
    for (int i = 0; i < n_live; i++) {
        if (live_block[i].uc == uc && live_block[i].h == hh) {
            live_block[i] = live_block[--n_live];
            break;
        }
    }
    return __real_uc_hook_del(uc, hh);
}

uc_err __wrap_uc_close(uc_engine *uc)      /* its hooks go with it */
{
    for (int i = 0; i < n_live;)
        if (live_block[i].uc == uc)
            live_block[i] = live_block[--n_live];
        else
            i++;
    return __real_uc_close(uc);
}

static void discard(void *opaque, uint8_t byte) { (void)opaque, (void)byte; }

static rs_machine *boot(const char *kernel, const char *module, int trace)
{
    rs_machine_config cfg = { .serial_sink = discard, .debugcon_sink = discard, .trace = trace };
    rs_machine *m = NULL;
    rs_image k = { 0 }, mod = { 0 };
    char msg[256];
    OK(rs_image_read_file(kernel, &k, msg, sizeof msg));
    k.cmdline = strdup(kernel);
    if (module) {
        OK(rs_image_read_file(module, &mod, msg, sizeof msg));
        mod.cmdline = strdup(module);
    }
    OK(rs_machine_create(&cfg, &m));
    OK(rs_machine_boot(m, &k, module ? &mod : NULL, module ? 1 : 0, msg, sizeof msg));
    rs_image_free(&k);
    rs_image_free(&mod);
    return m;
}

/* The tracer off, on, off, on, with runs between (the teaching kernel loads CR3: code watching). */
static void test_tracer_toggles(void)
{
    rs_machine *m = boot(RS_GUEST_OUT "/kernel.elf", RS_GUEST_OUT "/user/hello.elf", 0);
    rs_run_limits slice = { .timeout_us = 2000, .slice = 1 }, lim = { .max_insns = 0 };
    rs_stop stop;
    OK(rs_machine_run(m, &slice, &stop));
    for (int i = 0; i < 3; i++) {
        OK(rs_machine_set_tracing(m, 1));
        OK(rs_machine_set_tracing(m, 1));      /* on twice: still one */
        lim.max_insns = rs_machine_icount(m) + 20000;
        OK(rs_machine_run(m, &lim, &stop));
        OK(rs_machine_set_tracing(m, 0));
        CHECK_EQ(n_live, 0);                 /* off: none */
    }
    rs_machine_destroy(m);
}

/* A guest that programs the PIT turns the tracer on by itself (compute_pit.bin), untraced at first. */
static void test_timer_guest(void)
{
    rs_machine *m = boot(RS_BENCH_GUESTS "/compute_pit.bin", NULL, 0);
    rs_stop stop;
    CHECK(!rs_machine_tracing(m));
    rs_run_limits slice = { .timeout_us = 50000, .slice = 1 };
    OK(rs_machine_run(m, &slice, &stop));
    CHECK(rs_machine_tracing(m));
    CHECK_EQ(n_live, 1);
    rs_machine_destroy(m);
}

/* The debugger: breakpoints (one-address code hooks), a watch (memory hooks), steps, next, until. */
static void test_debugger(void)
{
    rs_machine *m = boot(RS_GUEST_OUT "/kernel.elf", RS_GUEST_OUT "/user/hello.elf", 1);
    rs_dbg *d = NULL;
    OK(rs_dbg_create(m, &d));
    rs_stop stop;
    rs_regs r;
    OK(rs_dbg_step(d, 5, &stop));
    rs_machine_regs(m, &r);
    OK(rs_dbg_break_add(d, r.eip + 0x40));
    OK(rs_dbg_watch_add(d, 0x00100000));
    OK(rs_dbg_next(d, &stop));
    OK(rs_dbg_until(d, 1u << RS_EV_SYSCALL, &stop));
    OK(rs_dbg_step(d, 100, &stop));
    OK(rs_dbg_continue(d, &stop));
    rs_dbg_destroy(d);
    rs_machine_destroy(m);
}

int main(void)
{
    test_tracer_toggles();
    test_timer_guest();
    test_debugger();
    CHECK(block_adds >= 5);              /* the wrappers saw the tracer's hook come and go */
    CHECK_EQ(most_live_per_engine, 1);
    return rs_test_done();
}
