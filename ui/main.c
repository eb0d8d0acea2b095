/* ringscope: watch the line between user space and kernel space on x86. */
#include <stdio.h>
#include <string.h>
#include "cli.h"

int main(int argc, char **argv)
{
    if (argc < 2)
        return rs_cli_demo(argc, argv);
    if (!strcmp(argv[1], "run"))
        return rs_cli_run(argc - 1, argv + 1);
    if (!strcmp(argv[1], "pagemap"))
        return rs_cli_pagemap(argc - 1, argv + 1);
    if (!strcmp(argv[1], "debug"))
        return rs_cli_debug(argc - 1, argv + 1);
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
        rs_cli_usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("ringscope 0.1\n");
        return 0;
    }
    fprintf(stderr, "ringscope: unknown command '%s' (try 'ringscope --help')\n", argv[1]);
    return RS_EXIT_USAGE;
}
