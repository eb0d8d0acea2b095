/* ringscope: watch the line between user space and kernel space on x86. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "win.h"

/* `ringscope KERNEL ...` and `ringscope --screenshot ...` open the window; a word that is neither
 * a command nor an existing path (nor looks like one) is an unknown command. */
static int opens_window(const char *arg)
{
    return arg[0] == '-' || strchr(arg, '/') || strchr(arg, '.') || access(arg, F_OK) == 0;
}

int main(int argc, char **argv)
{
    /* A closed pipe (`ringscope run ... | head`) is a write error to report, not a way to die. */
    signal(SIGPIPE, SIG_IGN);
    if (argc < 2)
        return rs_win_main(argc, argv);
    if (!strcmp(argv[1], "window"))
        return rs_win_main(argc - 1, argv + 1);
    if (!strcmp(argv[1], "run"))
        return rs_cli_run(argc - 1, argv + 1);
    if (!strcmp(argv[1], "pagemap"))
        return rs_cli_pagemap(argc - 1, argv + 1);
    if (!strcmp(argv[1], "debug"))
        return rs_cli_debug(argc - 1, argv + 1);
    if (!strcmp(argv[1], "test"))
        return rs_cli_test(argc - 1, argv + 1);
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
        rs_cli_usage(stdout);
        fputs("\nthe window: ringscope [window] [options] [KERNEL] opens it (on the built-in demo without\n"
              "KERNEL); 'ringscope window --help' lists --screenshot, --at, --keys and the rest.\n", stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("ringscope 0.1\n");
        return 0;
    }
    if (opens_window(argv[1]))
        return rs_win_main(argc, argv);
    fprintf(stderr, "ringscope: unknown command '%s' (try 'ringscope --help')\n", argv[1]);
    return RS_EXIT_USAGE;
}
