/* ringscope benchmark: compute speed against bare Unicorn, int 0x80 round trips (and QEMU's, when
 * qemu-system-i386 is on PATH), and start-up time. Run by `cmake --build <dir> --target bench`.
 *
 *   rs_bench [--reps R] [--no-qemu] [--ringscope BIN] COMPUTE COMPUTE_R0 SYSCALL EXIT0 COMPUTE_PIT [SPIN]
 *
 * With BIN (the ringscope executable) and SPIN (spin.asm), also issue 13's figures on child
 * processes (bench_oracle.h): the spin oracle against QEMU plain and -icount, and the window
 * under Xvfb. The tracing figures are CPU times of the run (CLOCK_THREAD_CPUTIME_ID).
 *
 * COMPUTE / COMPUTE_R0 / SYSCALL are the bench.inc guests (compute.asm at CPL 3 with paging,
 * compute.asm -DRING0, syscall.asm), EXIT0 the guest whose first instruction exits. Each timed
 * figure is the median of R runs (default 3); start-up is the median of 20. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <unicorn/unicorn.h>
#include "cpuctx.h"
#include "machine.h"
#include "bench_oracle.h"
#include "raw_unicorn.h"
#include "trace_json.h"

#define COMPUTE_N 500000000u     /* 7 instructions each: 3.5e9 instructions, ~1 s */
#define SYSCALL_M1 100000u       /* the two round-trip counts; their difference cancels boot */
#define SYSCALL_M2 2100000u
#define QEMU_COMPUTE_N1 1000u    /* QEMU's boot (~0.1 s) is cancelled the same way */
#define STARTUP_RUNS 20

#define TARGET_COMPUTE_RATIO 0.9
#define TARGET_SYSCALL_NS 500.0
#define TARGET_STARTUP_MS 50.0
#define TARGET_TRACE_COMPUTE 0.02   /* everything traced: at most 2% slower on the compute guest */
#define TARGET_TRACE_SYSCALL 0.10   /* ... and 10% on the system-call guest */
#define TARGET_TRACE_COMPUTE_13 1.35  /* issue 13: traced / plain */
#define TARGET_TRACE_SYSCALL_13 1.20
#define TARGET_PIT 0.05             /* a running 8254: at most 5% of guest speed */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double median(double *v, int n) { return bench_median(v, n); }

static const char *verdict(int ok) { return ok ? "met" : "MISSED"; }

/* ------------------------------------------------------------------ ringscope through the core API */

typedef struct rs_timing {
    double create_boot_s;    /* rs_machine_create + rs_machine_boot */
    double run_s;            /* rs_machine_run to the guest's exit */
    double run_cpu_s;        /* the same in CPU time (this thread) */
    double total_s;          /* both, plus rs_machine_destroy */
} rs_timing;

/* "Everything traced": the tracer on and every event kind recorded in the ring buffer, with a
 * listener that counts them (traced == 1) or that also formats each as its JSON trace line
 * (traced == 2: what --trace does, minus the write). */
static unsigned long long traced_events;
static int json_listener(void *opaque, const rs_event *ev)
{
    static char line[4096];
    (void)opaque;
    rs_trace_json(ev, line, sizeof line);
    traced_events++;
    return 0;
}

static int count_listener(void *opaque, const rs_event *ev)
{
    (void)opaque, (void)ev;
    traced_events++;
    return 0;
}

/* Boots IMG with command line "bench ARG" (ARG 0: no number) and runs it to its exit, traced
 * when TRACED. 0 on success; the guest must leave through isa-debug-exit with value 0 (status 1). */
static int rs_time_run_mode(const rs_image *img, uint32_t arg, int traced, rs_timing *t)
{
    char cmdline[64];
    if (arg)
        snprintf(cmdline, sizeof cmdline, "bench %u", arg);
    else
        snprintf(cmdline, sizeof cmdline, "bench");
    rs_image k = { img->data, img->size, cmdline, 0 };
    rs_machine_config cfg = { .trace = traced };
    char msg[256] = "";
    rs_stop stop;
    double t0 = now_s();
    rs_machine *m;
    rs_err err = rs_machine_create(&cfg, &m);
    if (!err && traced)
        err = rs_machine_add_listener(m, traced == 2 ? json_listener : count_listener, NULL);
    if (err) {
        fprintf(stderr, "rs_bench: rs_machine_create: %s\n", rs_strerror(err));
        return -1;
    }
    err = rs_machine_boot(m, &k, NULL, 0, msg, sizeof msg);
    double t1 = now_s();
    if (err) {
        fprintf(stderr, "rs_bench: rs_machine_boot: %s: %s\n", rs_strerror(err), msg);
        rs_machine_destroy(m);
        return -1;
    }
    rs_run_limits limits = { 0 };
    double c1 = cpu_s();
    err = rs_machine_run(m, &limits, &stop);
    double c2 = cpu_s();
    double t2 = now_s();
    rs_machine_destroy(m);
    double t3 = now_s();
    if (err || stop.reason != RS_STOP_EXIT || stop.exit_status != 1) {
        fprintf(stderr, "rs_bench: guest did not exit cleanly: %s (%s) eip=0x%x %s\n",
                err ? rs_strerror(err) : "ok", rs_stop_reason_name(stop.reason), stop.eip, stop.detail);
        return -1;
    }
    *t = (rs_timing){ t1 - t0, t2 - t1, c2 - c1, t3 - t0 };
    return 0;
}

static int rs_time_run(const rs_image *img, uint32_t arg, rs_timing *t) { return rs_time_run_mode(img, arg, 0, t); }

/* Which way emu/core/cpuctx.c reaches Unicorn's CPU state in this process (RS_CPUCTX_COPY=1 forces
 * copy mode): it decides the cost of every trap delivery. */
static const char *cpuctx_mode(void)
{
    uc_engine *uc;
    rs_cpuctx *c = NULL;
    if (uc_open(UC_ARCH_X86, UC_MODE_32, &uc) != UC_ERR_OK)
        return "unknown (uc_open failed)";
    const char *mode = "unknown (rs_cpuctx_create failed)";
    if (rs_cpuctx_create(uc, &c) == RS_OK)
        mode = rs_cpuctx_is_live(c) ? "live (in place)" : "copy (uc_context_save/restore)";
    rs_cpuctx_destroy(c);
    uc_close(uc);
    return mode;
}

/* ------------------------------------------------------------------ QEMU */

static int on_path(const char *prog)
{
    const char *path = getenv("PATH");
    if (!path)
        return 0;
    char buf[4096];
    for (const char *p = path; *p;) {
        const char *colon = strchr(p, ':');
        size_t n = colon ? (size_t)(colon - p) : strlen(p);
        snprintf(buf, sizeof buf, "%.*s/%s", (int)n, p, prog);
        if (n && access(buf, X_OK) == 0)
            return 1;
        p += n + (colon != NULL);
    }
    return 0;
}

/* Wall time of one QEMU run of KERNEL with -append ARG; negative unless it exits with status 1. */
static double qemu_time_run(const char *kernel, uint32_t arg)
{
    char append[32];
    snprintf(append, sizeof append, "%u", arg);
    char *argv[] = { "qemu-system-i386", "-kernel", (char *)kernel, "-append", append, "-display", "none",
                     "-no-reboot", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", NULL };
    double t0 = now_s();
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int fd = open("/dev/null", O_RDWR);
        if (fd >= 0) {
            dup2(fd, 0), dup2(fd, 1), dup2(fd, 2);
        }
        execvp(argv[0], argv);
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    double t = now_s() - t0;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 1) {
        fprintf(stderr, "rs_bench: qemu-system-i386 -kernel %s -append %s: exit status %d\n", kernel, append,
                WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        return -1;
    }
    return t;
}

/* ------------------------------------------------------------------ main */

typedef struct guest {
    const char *path;
    rs_image img;
    bench_table tab;
} guest;

static int load_guest(guest *g, const char *path, int needs_table)
{
    char msg[256] = "";
    g->path = path;
    rs_err err = rs_image_read_file(path, &g->img, msg, sizeof msg);
    if (err) {
        fprintf(stderr, "rs_bench: %s: %s\n", path, *msg ? msg : rs_strerror(err));
        return 0;
    }
    if (needs_table && !bench_table_read(g->img.data, g->img.size, &g->tab)) {
        fprintf(stderr, "rs_bench: %s: no bench table at offset 0x20 (not a bench.inc guest)\n", path);
        return 0;
    }
    return 1;
}

static double insns(const bench_table *t, uint32_t n)
{
    return (double)t->insns_per_iter * n + t->insns_fixed;
}

#define CHECK(x) do { if ((x) < 0) return 1; } while (0)

int main(int argc, char **argv)
{
    int reps = 3, use_qemu = 1, argi = 1;
    const char *ringscope = NULL;
    for (; argi < argc && argv[argi][0] == '-'; argi++) {
        if (!strcmp(argv[argi], "--reps") && argi + 1 < argc)
            reps = atoi(argv[++argi]);
        else if (!strcmp(argv[argi], "--no-qemu"))
            use_qemu = 0;
        else if (!strcmp(argv[argi], "--ringscope") && argi + 1 < argc)
            ringscope = argv[++argi];
        else
            break;
    }
    if (argc - argi < 5 || argc - argi > 6 || reps < 1 || reps > 99) {
        fprintf(stderr, "usage: rs_bench [--reps R] [--no-qemu] [--ringscope BIN] COMPUTE COMPUTE_R0 SYSCALL EXIT0 "
                        "COMPUTE_PIT [SPIN]\n");
        return 2;
    }
    guest comp = { 0 }, comp0 = { 0 }, sys = { 0 }, ex = { 0 }, compt = { 0 };
    if (!load_guest(&comp, argv[argi], 1) || !load_guest(&comp0, argv[argi + 1], 1) ||
        !load_guest(&sys, argv[argi + 2], 1) || !load_guest(&ex, argv[argi + 3], 0) ||
        !load_guest(&compt, argv[argi + 4], 1))
        return 1;
    if (comp.tab.loop_start != comp0.tab.loop_start || comp.tab.loop_end != comp0.tab.loop_end ||
        memcmp(comp.img.data + (comp.tab.loop_start - BENCH_LOAD_ADDR),
               comp0.img.data + (comp0.tab.loop_start - BENCH_LOAD_ADDR), comp.tab.loop_end - comp.tab.loop_start)) {
        fprintf(stderr, "rs_bench: the two compute guests do not share the same loop bytes\n");
        return 1;
    }
    use_qemu = use_qemu && on_path("qemu-system-i386");
    unsigned maj, min;
    uc_version(&maj, &min);
    printf("ringscope bench: unicorn %u.%u, median of %d runs; compute N=%u iterations x %u insns, "
           "syscall M=%u and %u\n", maj, min, reps, COMPUTE_N, comp.tab.insns_per_iter, SYSCALL_M1, SYSCALL_M2);
    fflush(stdout);

    /* The very first machine of the process, timed before anything else warms up the engine. */
    rs_timing cold;
    CHECK(rs_time_run(&ex.img, 0, &cold));
    printf("cpu state access: %s\n", cpuctx_mode());

    /* 1. Compute: ringscope (ring 3 + paging, ring 0 without paging) and the raw loop, interleaved. */
    double rs3[99], rs0[99], raw[99], rs3_run[99];
    for (int i = 0; i < reps; i++) {
        rs_timing t;
        CHECK(rs_time_run(&comp.img, COMPUTE_N, &t));
        rs3[i] = t.total_s, rs3_run[i] = t.run_s;
        CHECK(rs_time_run(&comp0.img, COMPUTE_N, &t));
        rs0[i] = t.total_s;
        CHECK(raw[i] = raw_unicorn_run(comp.img.data, comp.img.size, &comp.tab, COMPUTE_N));
    }
    double n_insns = insns(&comp.tab, COMPUTE_N);
    double mips3 = n_insns / median(rs3, reps) / 1e6, mips0 = n_insns / median(rs0, reps) / 1e6;
    double mips_raw = n_insns / median(raw, reps) / 1e6;
    printf("compute ring3+paging: ringscope %.0f MIPS, raw unicorn %.0f MIPS, ratio %.2f  "
           "(target >= %.2f: %s; ringscope run only, without create+boot: %.0f MIPS)\n",
           mips3, mips_raw, mips3 / mips_raw, TARGET_COMPUTE_RATIO,
           verdict(mips3 / mips_raw >= TARGET_COMPUTE_RATIO), n_insns / median(rs3_run, reps) / 1e6);
    printf("compute ring0 no paging: ringscope %.0f MIPS, raw unicorn %.0f MIPS, ratio %.2f  (target >= %.2f: %s)\n",
           mips0, mips_raw, mips0 / mips_raw, TARGET_COMPUTE_RATIO, verdict(mips0 / mips_raw >= TARGET_COMPUTE_RATIO));
    fflush(stdout);

    /* 2. System calls: two round-trip counts, the difference removes create/boot/exit. */
    double s1[99], s2[99];
    for (int i = 0; i < reps; i++) {
        rs_timing t;
        CHECK(rs_time_run(&sys.img, SYSCALL_M1, &t));
        s1[i] = t.total_s;
        CHECK(rs_time_run(&sys.img, SYSCALL_M2, &t));
        s2[i] = t.total_s;
    }
    double rs_ns = (median(s2, reps) - median(s1, reps)) / (SYSCALL_M2 - SYSCALL_M1) * 1e9;

    /* 3. QEMU, same guests and counts. */
    double q_ns = -1, q_mips = -1;
    if (use_qemu) {
        double q1[99], q2[99], c1[99], c2[99];
        for (int i = 0; i < reps; i++) {
            CHECK(q1[i] = qemu_time_run(sys.path, SYSCALL_M1));
            CHECK(q2[i] = qemu_time_run(sys.path, SYSCALL_M2));
            CHECK(c1[i] = qemu_time_run(comp.path, QEMU_COMPUTE_N1));
            CHECK(c2[i] = qemu_time_run(comp.path, COMPUTE_N));
        }
        q_ns = (median(q2, reps) - median(q1, reps)) / (SYSCALL_M2 - SYSCALL_M1) * 1e9;
        q_mips = (insns(&comp.tab, COMPUTE_N) - insns(&comp.tab, QEMU_COMPUTE_N1)) /
                 (median(c2, reps) - median(c1, reps)) / 1e6;
    }
    printf("syscall int 0x80 round trip (ring 3 -> trap gate -> iret): ringscope %.0f ns, %.2f M round trips/s  "
           "(target <= %.0f ns: %s", rs_ns, 1e3 / rs_ns, TARGET_SYSCALL_NS, verdict(rs_ns <= TARGET_SYSCALL_NS));
    if (use_qemu)
        printf("; target no slower than QEMU %.0f ns: %s)\n", q_ns, verdict(rs_ns <= q_ns));
    else
        printf("; QEMU comparison skipped: qemu-system-i386 not on PATH)\n");
    if (use_qemu) {
        printf("qemu syscall int 0x80 round trip: %.0f ns, %.2f M round trips/s\n", q_ns, 1e3 / q_ns);
        printf("qemu compute ring3+paging: qemu %.0f MIPS, ringscope %.0f MIPS, ratio ringscope/qemu %.2f\n", q_mips,
               mips3, mips3 / q_mips);
    } else {
        printf("qemu: skipped (qemu-system-i386 not on PATH)\n");
    }
    fflush(stdout);

    /* 4. Start-up: create + boot, and a run of a guest whose first instruction exits. */
    double cb[STARTUP_RUNS], run[STARTUP_RUNS], tot[STARTUP_RUNS];
    for (int i = 0; i < STARTUP_RUNS; i++) {
        rs_timing t;
        CHECK(rs_time_run(&ex.img, 0, &t));
        cb[i] = t.create_boot_s * 1e3, run[i] = t.run_s * 1e3, tot[i] = (t.create_boot_s + t.run_s) * 1e3;
    }
    double start_ms = median(tot, STARTUP_RUNS);
    printf("startup: create+boot %.2f ms, first instruction to exit %.2f ms, total %.2f ms (median of %d)  "
           "(target <= %.0f ms: %s)\n",
           median(cb, STARTUP_RUNS), median(run, STARTUP_RUNS), start_ms, STARTUP_RUNS, TARGET_STARTUP_MS,
           verdict(start_ms <= TARGET_STARTUP_MS));
    double cold_ms = (cold.create_boot_s + cold.run_s) * 1e3;
    printf("startup, first machine in the process: create+boot %.2f ms, first instruction to exit %.2f ms, "
           "total %.2f ms  (target <= %.0f ms: %s)\n", cold.create_boot_s * 1e3, cold.run_s * 1e3, cold_ms,
           TARGET_STARTUP_MS, verdict(cold_ms <= TARGET_STARTUP_MS));

    /* 5. Tracing cost: the same guests with everything traced, against untraced runs, interleaved. */
    double cu[99], ct[99], su1[99], su2[99], st1[99], st2[99], sj1[99], sj2[99];
    for (int i = 0; i < reps; i++) {
        rs_timing t;
        CHECK(rs_time_run_mode(&comp.img, COMPUTE_N, 0, &t));
        cu[i] = t.run_cpu_s;
        CHECK(rs_time_run_mode(&comp.img, COMPUTE_N, 1, &t));
        ct[i] = t.run_cpu_s;
        CHECK(rs_time_run_mode(&sys.img, SYSCALL_M1, 0, &t));
        su1[i] = t.run_cpu_s;
        CHECK(rs_time_run_mode(&sys.img, SYSCALL_M2, 0, &t));
        su2[i] = t.run_cpu_s;
        CHECK(rs_time_run_mode(&sys.img, SYSCALL_M1, 1, &t));
        st1[i] = t.run_cpu_s;
        CHECK(rs_time_run_mode(&sys.img, SYSCALL_M2, 1, &t));
        st2[i] = t.run_cpu_s;
        CHECK(rs_time_run_mode(&sys.img, SYSCALL_M1, 2, &t));
        sj1[i] = t.run_cpu_s;
        CHECK(rs_time_run_mode(&sys.img, SYSCALL_M2, 2, &t));
        sj2[i] = t.run_cpu_s;
    }
    double c_ratio = median(ct, reps) / median(cu, reps);
    double s_untraced = (median(su2, reps) - median(su1, reps)) / (SYSCALL_M2 - SYSCALL_M1) * 1e9;
    double s_traced = (median(st2, reps) - median(st1, reps)) / (SYSCALL_M2 - SYSCALL_M1) * 1e9;
    printf("tracing, compute guest: traced/untraced run CPU time %.2f (%+.0f%%)  (target <= +%.0f%%: %s; issue 13: "
           "<= 1.35: %s)\n", c_ratio, (c_ratio - 1) * 100, TARGET_TRACE_COMPUTE * 100,
           verdict(c_ratio - 1 <= TARGET_TRACE_COMPUTE), verdict(c_ratio <= TARGET_TRACE_COMPUTE_13));
    double fl0[99], fl1[99];
    for (int i = 0; i < reps; i++) {
        CHECK(fl0[i] = raw_unicorn_loop_cpu_s(comp.img.data, comp.img.size, &comp.tab, COMPUTE_N, 0));
        CHECK(fl1[i] = raw_unicorn_loop_cpu_s(comp.img.data, comp.img.size, &comp.tab, COMPUTE_N, 1));
    }
    printf("the floor for exact counting, raw Unicorn, same loop: one empty UC_HOOK_BLOCK / no hook, CPU time %.2f\n",
           median(fl1, reps) / median(fl0, reps));
    double s_json = (median(sj2, reps) - median(sj1, reps)) / (SYSCALL_M2 - SYSCALL_M1) * 1e9;
    printf("tracing, syscall guest: round trip %.0f ns traced (4 events), %.0f ns untraced (CPU time), ratio %.2f "
           "(%+.0f%%)  (target <= +%.0f%%: %s; issue 13: <= 1.20: %s)\n", s_traced, s_untraced, s_traced / s_untraced,
           (s_traced / s_untraced - 1) * 100, TARGET_TRACE_SYSCALL * 100,
           verdict(s_traced / s_untraced - 1 <= TARGET_TRACE_SYSCALL),
           verdict(s_traced / s_untraced <= TARGET_TRACE_SYSCALL_13));
    printf("tracing, syscall guest, each event also formatted as its JSON line: round trip %.0f ns, ratio %.2f; "
           "%llu events in all\n", s_json, s_json / s_untraced, traced_events);

    /* 6. A running timer: the compute loop with the 8254 at 100 Hz and a ring-0 handler taking
     * every tick, against the same loop without it (both untraced as far as the guest allows:
     * programming the PIT turns the tracer on, which is the cost measured). */
    double tu[99], tp[99];
    for (int i = 0; i < reps; i++) {
        rs_timing t;
        CHECK(rs_time_run_mode(&comp.img, COMPUTE_N, 0, &t));
        tu[i] = t.run_cpu_s;
        CHECK(rs_time_run_mode(&compt.img, COMPUTE_N, 0, &t));
        tp[i] = t.run_cpu_s;
    }
    double p_ratio = median(tp, reps) / median(tu, reps);
    printf("timer, compute guest with the 8254 at 100 Hz: run time ratio %.2f (%+.0f%%)  (target <= +%.0f%%: %s)\n",
           p_ratio, (p_ratio - 1) * 100, TARGET_PIT * 100, verdict(p_ratio - 1 <= TARGET_PIT));

    /* 7. Issue 13 on child processes: the spin oracle against QEMU, and the window. */
    if (ringscope && argc - argi == 6) {
        fflush(stdout);
        CHECK(bench_spin_oracle(ringscope, argv[argi + 5], reps, use_qemu));
        double wall[99];
        for (int i = 0; i < reps; i++) {
            rs_timing t;
            CHECK(rs_time_run_mode(&comp.img, COMPUTE_N, 1, &t));
            wall[i] = t.run_s;
        }
        fflush(stdout);
        CHECK(bench_window(ringscope, comp.path, 5, n_insns / median(wall, reps) / 1e6));
    } else {
        printf("spin oracle and window: skipped (needs --ringscope BIN and the SPIN guest)\n");
    }

    rs_image_free(&comp.img), rs_image_free(&comp0.img), rs_image_free(&sys.img), rs_image_free(&ex.img);
    rs_image_free(&compt.img);
    return 0;
}
