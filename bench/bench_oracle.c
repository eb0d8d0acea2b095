/* See bench_oracle.h. */
#include "bench_oracle.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double bench_median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double bench_child_cpu_s(char *const argv[], int want_status, const char *out_path)
{
    char err_path[] = "/tmp/rs_bench_err_XXXXXX";
    int err_fd = mkstemp(err_path);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        int out = out_path ? open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644) : open("/dev/null", O_WRONLY);
        if (in >= 0)
            dup2(in, 0);
        if (out >= 0)
            dup2(out, 1);
        if (err_fd >= 0)
            dup2(err_fd, 2);
        execvp(argv[0], argv);
        _exit(127);
    }
    int status;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0)
        if (errno != EINTR)
            return -1;
    double cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec * 1e-6;
    int ok = WIFEXITED(status) && WEXITSTATUS(status) == want_status;
    if (!ok) {
        fprintf(stderr, "rs_bench: %s ... exit status %d, expected %d\n", argv[0],
                WIFEXITED(status) ? WEXITSTATUS(status) : -1, want_status);
        char line[256];
        FILE *f = fopen(err_path, "r");
        for (int i = 0; f && i < 5 && fgets(line, sizeof line, f); i++)
            fprintf(stderr, "    %s", line);
        if (f)
            fclose(f);
    }
    if (err_fd >= 0)
        close(err_fd);
    unlink(err_path);
    return ok ? cpu : -1;
}

enum { RS_PLAIN, RS_TRACED, RS_TRACE_FILE, QEMU_PLAIN, QEMU_ICOUNT, N_CONFIGS };

static const char *const config_names[N_CONFIGS] = {
    "ringscope, tracer off", "ringscope --max-insns (tracer on: every event in the log)",
    "ringscope --trace FILE (every event written as JSON)", "qemu-system-i386", "qemu-system-i386 -icount shift=0",
};

int bench_spin_oracle(const char *ringscope, const char *spin, int reps, int use_qemu)
{
    static char trace_path[] = "/tmp/rs_bench_trace.jsonl";
    char *const argv[N_CONFIGS][16] = {
        { (char *)ringscope, "run", (char *)spin, NULL },
        { (char *)ringscope, "run", "--max-insns", "1000000000000", (char *)spin, NULL },
        { (char *)ringscope, "run", "--trace", trace_path, (char *)spin, NULL },
        { "qemu-system-i386", "-kernel", (char *)spin, "-display", "none", "-no-reboot", "-device",
          "isa-debug-exit,iobase=0xf4,iosize=0x04", NULL },
        { "qemu-system-i386", "-icount", "shift=0", "-kernel", (char *)spin, "-display", "none", "-no-reboot",
          "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", NULL },
    };
    double t[N_CONFIGS][99], med[N_CONFIGS];
    int n = use_qemu ? N_CONFIGS : QEMU_PLAIN;
    for (int r = 0; r < reps; r++)
        for (int c = 0; c < n; c++)
            if ((t[c][r] = bench_child_cpu_s(argv[c], 1, NULL)) < 0)
                return -1;
    printf("spin oracle (200M ring-3 loop instructions + 1M int 0x80 round trips), CPU time, median of %d:\n", reps);
    for (int c = 0; c < n; c++) {
        med[c] = bench_median(t[c], reps);
        printf("  %-58s %6.3f s\n", config_names[c], med[c]);
    }
    unlink(trace_path);
    printf("  ringscope traced / plain %.2f; --trace / plain %.2f", med[RS_TRACED] / med[RS_PLAIN],
           med[RS_TRACE_FILE] / med[RS_PLAIN]);
    if (use_qemu)
        printf("; plain / QEMU plain %.2f; traced / QEMU -icount %.2f; --trace / QEMU -icount %.2f  "
               "(target <= 1.00: %s)\n", med[RS_PLAIN] / med[QEMU_PLAIN], med[RS_TRACED] / med[QEMU_ICOUNT],
               med[RS_TRACE_FILE] / med[QEMU_ICOUNT], med[RS_TRACE_FILE] <= med[QEMU_ICOUNT] ? "met" : "MISSED");
    else
        printf("; QEMU skipped\n");
    return 0;
}

int bench_window(const char *ringscope, const char *compute, int seconds, double headless_mips)
{
    if (system("command -v xvfb-run > /dev/null 2>&1") != 0) {
        printf("window: skipped (xvfb-run not on PATH)\n");
        return 0;
    }
    char secs[16];
    snprintf(secs, sizeof secs, "%d", seconds);
    static char out_path[] = "/tmp/rs_bench_window.txt";
    char *const argv[] = { "xvfb-run", "-a", "-s", "-screen 0 1280x800x24", "env", "SDL_RENDER_DRIVER=software",
                           (char *)ringscope, "--bench", secs, "--append", "4000000000", (char *)compute, NULL };
    if (bench_child_cpu_s(argv, 0, out_path) < 0)
        return -1;
    char line[512] = "";
    FILE *f = fopen(out_path, "r");
    while (f && fgets(line, sizeof line, f) && !strstr(line, "window bench"))
        ;
    if (f)
        fclose(f);
    unlink(out_path);
    double fps = 0, mips = 0;
    const char *p = strstr(line, " fps;"), *q = strstr(line, "guest ");
    while (p && p > line && p[-1] != ' ')
        p--;
    if (!p || !q || sscanf(p, "%lf", &fps) != 1 || sscanf(q, "guest %lf", &mips) != 1) {
        fprintf(stderr, "rs_bench: no window bench line from ringscope --bench\n");
        return -1;
    }
    printf("%s", line);
    printf("window at 1280x800, software renderer, guest at full speed: %.1f fps (target 60: %s); guest %.0f MIPS, "
           "%.0f%% of %.0f MIPS traced headless (target >= 90%%: %s)\n", fps, fps >= 59.5 ? "met" : "MISSED", mips,
           100 * mips / headless_mips, headless_mips, mips >= 0.9 * headless_mips ? "met" : "MISSED");
    return 0;
}
