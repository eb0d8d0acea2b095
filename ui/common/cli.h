/* The terminal front end: `ringscope run` and the built-in demo. */
#ifndef RS_CLI_H
#define RS_CLI_H
#include <stdio.h>

/* Exit statuses of `ringscope run` besides the guest's own. isa-debug-exit statuses are always
 * odd ((value << 1) | 1, as in QEMU), so ringscope's own are even and never collide. */
enum {
    RS_EXIT_HALT = 0,          /* HLT with interrupts off: a clean stop */
    RS_EXIT_USAGE = 2,         /* bad command line */
    RS_EXIT_LOAD = 4,          /* kernel or module could not be read or loaded */
    RS_EXIT_TRIPLE_FAULT = 6,
    RS_EXIT_INSN_LIMIT = 8,
    RS_EXIT_TIMEOUT = 10,
    RS_EXIT_HALT_IF = 12,      /* HLT with interrupts on and nothing to wake it: would wait forever */
    RS_EXIT_UNSUPPORTED = 14,
    RS_EXIT_HOST_ERROR = 16,   /* engine error or host failure, incl. an output that cannot be written */
    RS_EXIT_GDB_KILLED = 18,   /* the gdb client killed the target (k) */
    RS_EXIT_INTERRUPTED = 20,  /* SIGINT (Ctrl-C) or SIGTERM: the run stopped, its output whole */
    RS_EXIT_TRACE_MAX = 22,    /* the --trace file reached --trace-max */
};

typedef struct rs_builtin_image {
    const char *name;          /* command line given to the guest, e.g. "hello.elf" */
    const unsigned char *data;
    unsigned long size;
} rs_builtin_image;

/* Built into the program by the build (demo_images.asm, written by gen_demo_images.cmake): the teaching kernel and demo programs. */
extern const rs_builtin_image rs_demo_kernel;
extern const rs_builtin_image rs_demo_modules[];
extern const unsigned rs_demo_module_count;

int rs_cli_run(int argc, char **argv);     /* `ringscope run ...` */
int rs_cli_demo(int argc, char **argv);    /* the demo headless (`ringscope` without a display) */
int rs_cli_pagemap(int argc, char **argv); /* `ringscope pagemap ...` */
int rs_cli_debug(int argc, char **argv);   /* `ringscope debug ...` (debug_main.c) */
int rs_cli_test(int argc, char **argv);    /* `ringscope test ...` (cli_test.c) */
void rs_cli_usage(FILE *out);

#endif
