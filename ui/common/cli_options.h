/* Options shared by `ringscope run`, `pagemap` and `debug`, and loading the images they name. */
#ifndef RS_CLI_OPTIONS_H
#define RS_CLI_OPTIONS_H
#include <stdint.h>
#include <stdio.h>
#include "image.h"

#define MAX_MODULES 64

typedef struct run_options {
    const char *command;                /* "run", "pagemap", "debug": for messages */
    const char *kernel;
    const char *modules[MAX_MODULES];   /* "PATH[ ARGS]" as given (--module), or PATH (--initrd) */
    int n_modules;
    uint64_t initrd_mask;               /* bit i: modules[i] came from --initrd (a whole path: a
                                         * file, or a directory packed as cpio newc) */
    const char *append;
    const char *serial_path;
    const char *serial_in_path;         /* --serial-in FILE: COM1's receive line (serial_input.h) */
    const char *screen_path;            /* --screen FILE: the text screen when the run ends (run) */
    const char *keyboard;               /* --keyboard TEXT: typed in virtual time (i8042.h) */
    const char *debugcon_path;
    uint64_t memory_mib;
    uint64_t max_insns;
    uint64_t ips;                       /* --ips: virtual instructions per second (0: default) */
    int cpu_model;                      /* --cpu MODEL (cpu_model.h; 0: the default) */
    int rtc_set;                        /* --rtc DATE given: the RTC starts at rtc_epoch */
    int64_t rtc_epoch;
    double timeout_s;
    int explain;                        /* --explain: event lines on stderr */
    const char *trace_path;             /* --trace FILE: JSON Lines */
    uint64_t trace_max;                 /* --trace-max BYTES: 0 none; else the run stops there */
    const char *at;                     /* --at SELECTOR (pagemap) */
    int gdb;                            /* --gdb PORT or --gdb-listen ADDR:PORT: serve gdb (run) */
    unsigned gdb_port;                  /* 0: any free port */
    const char *gdb_host;               /* --gdb-listen's address (in gdb_host_buf); NULL: 127.0.0.1 */
    char gdb_host_buf[64];
    int gdb_wait;                       /* --gdb-wait: the CPU waits for the first client */
} run_options;

/* Which options a command accepts beyond the common ones. */
enum { RS_OPT_TRACE = 1, RS_OPT_AT = 2, RS_OPT_GDB = 4 };   /* RS_OPT_TRACE: also --serial-in, --screen, --keyboard */

/* Parses argv[1..] into O with getopt_long: long options as "--name value" or "--name=value",
 * in any order with the kernel. Returns -1 on success, or the exit status for a usage error or
 * --help (USAGE is called for --help). */
int rs_cli_parse_options(int argc, char **argv, const char *command, unsigned extra, void (*usage)(FILE *),
                         run_options *o);

/* A command's own options besides the shared ones (the window's): getopt_long entries whose val
 * is RS_CLI_OWN_FIRST or above, ended by a zero entry; TAKE gets each with its value (NULL for
 * one without) and returns -1, or the exit status of a usage error it reported. */
#define RS_CLI_OWN_FIRST 0x1000
struct option;
typedef struct rs_cli_own {
    const struct option *options;
    int (*take)(void *opaque, int val, const char *value);
    void *opaque;
    int kernel_optional;        /* no kernel is no error (run.kernel stays NULL) */
} rs_cli_own;

/* rs_cli_parse_options with OWN's options too (OWN may be NULL). */
int rs_cli_parse(int argc, char **argv, const char *command, unsigned extra, const rs_cli_own *own,
                 void (*usage)(FILE *), run_options *o);

/* Reports a usage error "ringscope COMMAND: ..." and returns RS_EXIT_USAGE. */
int rs_cli_usage_error(const char *command, const char *fmt, const char *arg);

/* Reads the kernel and modules O names; on failure prints one line and returns 0. An --initrd
 * that is a directory is packed as a cpio newc initramfs. The kernel's command line is "PATH ARGS" for
 * Multiboot and ARGS alone for Linux (as QEMU's -append does). */
int rs_cli_load_images(const run_options *o, rs_image *kernel, rs_image *mods);

/* Opens PATH for writing (FALLBACK when PATH is NULL); prints one line and returns NULL on failure. */
FILE *rs_cli_open_output(const char *command, const char *path, FILE *fallback);

#endif
