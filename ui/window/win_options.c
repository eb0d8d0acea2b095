/* See win_options.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "win.h"
#include "win_engine.h"
#include "win_options.h"

#define COMMAND "window"
#define DEMO_SENTINEL "\001demo"

/* Options of the shared set that take a value (so their value is not the kernel). */
static int takes_value(const char *a)
{
    static const char *const opts[] = { "--module", "--initrd", "--append", "--serial", "--debugcon", "--memory",
                                        "--max-insns", "--ips", "--timeout", "--gdb", "--gdb-listen" };
    for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
        if (!strcmp(a, opts[i]))
            return 1;
    return 0;
}

static int parse_size(const char *s, win_options *o)
{
    char *x;
    long w = strtol(s, &x, 10);
    if (*x != 'x')
        return 0;
    char *end;
    long h = strtol(x + 1, &end, 10);
    if (*end || w < 640 || h < 480 || w > 8192 || h > 8192)
        return 0;
    o->width = (int)w, o->height = (int)h;
    return 1;
}

/* One window option at argv[*i] (and its value); returns 1 if it was one, -2 on a bad value. */
static int window_option(int argc, char **argv, int *i, win_options *o)
{
    static const char *const opts[] = { "--screenshot", "--at", "--keys", "--size", "--bench", "--speed" };
    const char *a = argv[*i];
    if (!strcmp(a, "--paused")) {
        o->paused = 1;
        return 1;
    }
    size_t k = 0;
    while (k < sizeof opts / sizeof opts[0] && strcmp(a, opts[k]))
        k++;
    if (k == sizeof opts / sizeof opts[0])
        return 0;
    if (*i + 1 >= argc)
        return rs_cli_usage_error(COMMAND, "option %s needs a value", a), -2;
    const char *v = argv[++*i];
    char *end;
    switch (k) {
    case 0: o->screenshot = v; return 1;
    case 1: o->at = v; return 1;
    case 2: o->keys = v; return 1;
    case 3: return parse_size(v, o) ? 1 : (rs_cli_usage_error(COMMAND, "--size takes WxH, at least 640x480, not '%s'", v), -2);
    case 4:
        o->bench_s = strtod(v, &end);
        return (*end || !(o->bench_s > 0) || o->bench_s > 3600) ? (rs_cli_usage_error(COMMAND, "--bench takes seconds, not '%s'", v), -2) : 1;
    default:
        o->speed = (int)strtol(v, &end, 10);
        return (*end || !*v || o->speed < 0 || o->speed > WIN_SPEED_FULL)
                   ? (rs_cli_usage_error(COMMAND, "--speed takes 0 (slowest) to 7 (full speed), not '%s'", v), -2) : 1;
    }
}

int win_parse_options(int argc, char **argv, win_options *o)
{
    memset(o, 0, sizeof *o);
    o->width = 1280, o->height = 800, o->speed = WIN_SPEED_DEFAULT;
    char **rest = calloc((size_t)argc + 2, sizeof *rest);
    if (!rest)
        return RS_EXIT_HOST_ERROR;
    int n = 0, has_kernel = 0;
    rest[n++] = argv[0];
    for (int i = 1; i < argc; i++) {
        int w = window_option(argc, argv, &i, o);
        if (w == -2) {
            free(rest);
            return RS_EXIT_USAGE;
        }
        if (w)
            continue;
        if (argv[i][0] != '-' || !argv[i][1])
            has_kernel = 1;
        rest[n++] = argv[i];
        if (takes_value(argv[i]) && i + 1 < argc)
            rest[n++] = argv[++i];
    }
    if (!has_kernel)
        rest[n++] = DEMO_SENTINEL;
    int status = rs_cli_parse_options(n, rest, COMMAND, RS_OPT_GDB, rs_win_usage, &o->run);
    free(rest);
    if (status >= 0)
        return status;
    if (!strcmp(o->run.kernel, DEMO_SENTINEL)) {
        o->run.kernel = NULL;
        if (o->run.n_modules)
            return rs_cli_usage_error(COMMAND, "%s", "--module needs a KERNEL (the demo brings its own)");
    }
    if (o->run.gdb && (o->screenshot || o->bench_s > 0))
        return rs_cli_usage_error(COMMAND, "%s", "--gdb goes with the live window, not --screenshot or --bench");
    if (o->at && !o->screenshot)
        return rs_cli_usage_error(COMMAND, "%s", "--at goes with --screenshot FILE.png");
    return -1;
}
