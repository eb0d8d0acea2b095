/* See win_options.h. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "win.h"
#include "win_engine.h"
#include "win_options.h"

#define COMMAND "window"

enum { OPT_SCREENSHOT = RS_CLI_OWN_FIRST, OPT_AT, OPT_KEYS, OPT_SIZE, OPT_BENCH, OPT_SPEED, OPT_PAUSED };

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

/* One window option with its value V; returns -1, or RS_EXIT_USAGE after saying why. */
static int window_option(void *opaque, int val, const char *v)
{
    win_options *o = opaque;
    char *end;
    switch (val) {
    case OPT_SCREENSHOT: o->screenshot = v; return -1;
    case OPT_AT: o->at = v; return -1;
    case OPT_KEYS: o->keys = v; return -1;
    case OPT_PAUSED: o->paused = 1; return -1;
    case OPT_SIZE:
        return parse_size(v, o) ? -1 : rs_cli_usage_error(COMMAND, "--size takes WxH, at least 640x480, not '%s'", v);
    case OPT_BENCH:
        o->bench_s = strtod(v, &end);
        return (*end || !(o->bench_s > 0) || o->bench_s > 3600) ? rs_cli_usage_error(COMMAND, "--bench takes seconds, not '%s'", v) : -1;
    default:
        o->speed = (int)strtol(v, &end, 10);
        return (*end || !*v || o->speed < 0 || o->speed > WIN_SPEED_FULL)
                   ? rs_cli_usage_error(COMMAND, "--speed takes 0 (slowest) to 7 (full speed), not '%s'", v) : -1;
    }
}

int win_parse_options(int argc, char **argv, win_options *o)
{
    static const struct option own[] = {
        { "screenshot", required_argument, NULL, OPT_SCREENSHOT },
        { "at", required_argument, NULL, OPT_AT },
        { "keys", required_argument, NULL, OPT_KEYS },
        { "size", required_argument, NULL, OPT_SIZE },
        { "bench", required_argument, NULL, OPT_BENCH },
        { "speed", required_argument, NULL, OPT_SPEED },
        { "paused", no_argument, NULL, OPT_PAUSED },
        { 0 },
    };
    memset(o, 0, sizeof *o);
    o->width = 1280, o->height = 800, o->speed = WIN_SPEED_DEFAULT;
    rs_cli_own window = { own, window_option, o, 1 };
    int status = rs_cli_parse(argc, argv, COMMAND, RS_OPT_GDB, &window, rs_win_usage, &o->run);
    if (status >= 0)
        return status;
    if (!o->run.kernel && o->run.n_modules)
        return rs_cli_usage_error(COMMAND, "%s", "--module needs a KERNEL (the demo brings its own)");
    if (o->run.gdb && (o->screenshot || o->bench_s > 0))
        return rs_cli_usage_error(COMMAND, "%s", "--gdb goes with the live window, not --screenshot or --bench");
    if (o->at && !o->screenshot)
        return rs_cli_usage_error(COMMAND, "%s", "--at goes with --screenshot FILE.png");
    return -1;
}
