/* Issue 13's figures, measured on child processes as users run them: the spin oracle in ringscope
 * (plain, traced, --trace FILE) and in QEMU (plain, -icount shift=0), and the window under Xvfb.
 * Times are CPU times (user + system, from wait4), so a loaded machine changes them less than
 * wall time; every ratio is taken within one run, from medians of interleaved repetitions. */
#ifndef RS_BENCH_ORACLE_H
#define RS_BENCH_ORACLE_H

/* The median of the N values at V (sorts them). */
double bench_median(double *v, int n);

/* CPU seconds of running ARGV (stdout to OUT_PATH, or /dev/null when NULL); negative unless it
 * exits with WANT_STATUS (its stderr is then shown). */
double bench_child_cpu_s(char *const argv[], int want_status, const char *out_path);

/* The spin oracle: prints one line per configuration and the ratios. QEMU is skipped when
 * USE_QEMU is 0. Returns 0, or -1 when a run failed. */
int bench_spin_oracle(const char *ringscope, const char *spin, int reps, int use_qemu);

/* The window at 1280x800 with SDL's software renderer under Xvfb, guest at full speed, for
 * SECONDS; prints its fps and guest speed against HEADLESS_MIPS (the same guest traced without a
 * window, wall time). Skipped with a note when xvfb-run is missing. */
int bench_window(const char *ringscope, const char *compute, int seconds, double headless_mips);

#endif
