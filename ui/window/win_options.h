/* The window's command line: the options every command shares (cli_options.h) plus the window's
 * own, parsed together by getopt_long. Without a kernel the built-in demo runs. */
#ifndef RS_WIN_OPTIONS_H
#define RS_WIN_OPTIONS_H
#include "cli_options.h"

typedef struct win_options {
    run_options run;            /* the shared options; run.kernel is NULL for the demo */
    const char *screenshot;     /* --screenshot FILE.png */
    const char *at;             /* --at SELECTOR */
    const char *keys;           /* --keys SCRIPT */
    int width, height;          /* --size WxH */
    double bench_s;             /* --bench SECONDS */
    int speed;                  /* --speed 0..7 */
    int paused;                 /* --paused */
} win_options;

/* Returns -1 when the window should open, else the exit status (usage error, --help). */
int win_parse_options(int argc, char **argv, win_options *o);

#endif
