/* `ringscope run [options] KERNEL` and the headless demo. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "machine.h"

#define MAX_MODULES 64

typedef struct run_options {
    const char *kernel;
    const char *modules[MAX_MODULES];   /* "PATH[ ARGS]" as given */
    int n_modules;
    const char *append;
    const char *serial_path;
    const char *debugcon_path;
    uint64_t memory_mib;
    uint64_t max_insns;
    double timeout_s;
} run_options;

void rs_cli_usage(FILE *out)
{
    fputs(
"usage: ringscope                      run the built-in demo (teaching kernel + demo programs)\n"
"       ringscope run [options] KERNEL  run a Multiboot kernel headless\n"
"\n"
"options for run:\n"
"  --module 'FILE [ARGS]'  load FILE as a Multiboot module; its command line is the whole\n"
"                          string, as QEMU's -initrd gives it (repeatable, in order)\n"
"  --append ARGS           kernel command line arguments (QEMU's -append)\n"
"  --serial FILE           write COM1 output to FILE instead of standard output\n"
"  --debugcon FILE         write port 0xE9 output to FILE (default: standard error)\n"
"  --memory MIB            guest RAM in MiB (default 128, 2 to 3072)\n"
"  --max-insns N           stop after N instructions (counting slows the CPU about 10x)\n"
"  --timeout SECONDS       stop after this much wall-clock time\n"
"  -h, --help              this text\n"
"\n"
"exit status:\n"
"  (V << 1) | 1   the guest wrote V to isa-debug-exit (port 0xf4), as QEMU exits\n"
"  0              the guest halted with interrupts disabled\n"
"  2  bad command line            4  kernel or module could not be loaded\n"
"  6  triple fault                8  instruction limit reached\n"
"  10 time limit reached          12 HLT with interrupts enabled (no interrupt source yet)\n"
"  14 unsupported guest feature   16 emulator or host error\n", out);
}

static int parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
    char *end;
    errno = 0;
    if (!s || !*s || *s == '-')
        return 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || *end || v < lo || v > hi)
        return 0;
    *out = v;
    return 1;
}

static int usage_error(const char *fmt, const char *arg)
{
    fputs("ringscope run: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs(" (try 'ringscope --help')\n", stderr);
    return RS_EXIT_USAGE;
}

static int needs_value(int i, int argc, const char *opt)
{
    if (i + 1 >= argc) {
        usage_error("option %s needs a value", opt);
        return 0;
    }
    return 1;
}

/* Returns -1 on success, or the exit status for a usage error / --help. */
static int parse_options(int argc, char **argv, run_options *o)
{
    *o = (run_options){ .memory_mib = RS_DEFAULT_RAM_MIB };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            rs_cli_usage(stdout);
            return 0;
        } else if (!strcmp(a, "--module")) {
            if (!needs_value(i, argc, a)) return RS_EXIT_USAGE;
            if (o->n_modules == MAX_MODULES) return usage_error("at most %s modules", "64");
            o->modules[o->n_modules++] = argv[++i];
        } else if (!strcmp(a, "--append") || !strcmp(a, "--serial") || !strcmp(a, "--debugcon")) {
            if (!needs_value(i, argc, a)) return RS_EXIT_USAGE;
            const char **slot = a[2] == 'a' ? &o->append : a[2] == 's' ? &o->serial_path : &o->debugcon_path;
            *slot = argv[++i];
        } else if (!strcmp(a, "--memory")) {
            if (!needs_value(i, argc, a)) return RS_EXIT_USAGE;
            if (!parse_u64(argv[++i], RS_MIN_RAM_MIB, RS_MAX_RAM_MIB, &o->memory_mib))
                return usage_error("--memory takes a whole number of MiB from 2 to 3072, not '%s'", argv[i]);
        } else if (!strcmp(a, "--max-insns")) {
            if (!needs_value(i, argc, a)) return RS_EXIT_USAGE;
            if (!parse_u64(argv[++i], 1, UINT64_MAX / 2, &o->max_insns))
                return usage_error("--max-insns takes a positive whole number, not '%s'", argv[i]);
        } else if (!strcmp(a, "--timeout")) {
            if (!needs_value(i, argc, a)) return RS_EXIT_USAGE;
            char *end;
            errno = 0;
            o->timeout_s = strtod(argv[++i], &end);
            if (errno || *end || !(o->timeout_s > 0) || o->timeout_s > 1e6)
                return usage_error("--timeout takes a number of seconds above 0, not '%s'", argv[i]);
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option '%s'", a);
        } else if (o->kernel) {
            return usage_error("more than one kernel given ('%s')", a);
        } else {
            o->kernel = a;
        }
    }
    if (!o->kernel)
        return usage_error("%s", "no kernel given");
    return -1;
}

static void file_sink(void *opaque, uint8_t byte)
{
    FILE *f = opaque;
    fputc(byte, f);
    if (byte == '\n' && f == stdout)
        fflush(f);
}

static char *join_cmdline(const char *path, const char *args)
{
    size_t n = strlen(path) + (args ? strlen(args) : 0) + 2;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s %s", path, args ? args : "");
    return s;
}

static int exit_status_for(const rs_stop *stop)
{
    switch (stop->reason) {
    case RS_STOP_EXIT: return stop->exit_status & 0xff;
    case RS_STOP_HALT: return RS_EXIT_HALT;
    case RS_STOP_HALT_IF: return RS_EXIT_HALT_IF;
    case RS_STOP_TRIPLE_FAULT: return RS_EXIT_TRIPLE_FAULT;
    case RS_STOP_INSN_LIMIT: return RS_EXIT_INSN_LIMIT;
    case RS_STOP_TIMEOUT: return RS_EXIT_TIMEOUT;
    case RS_STOP_UNSUPPORTED: return RS_EXIT_UNSUPPORTED;
    case RS_STOP_ENGINE_ERROR: return RS_EXIT_HOST_ERROR;
    }
    return RS_EXIT_HOST_ERROR;
}

/* Runs a booted machine to its end and reports the stop on stderr (except a guest exit). */
static int run_to_end(rs_machine *m, const run_options *o)
{
    rs_run_limits limits = { .max_insns = o->max_insns, .timeout_us = (uint64_t)(o->timeout_s * 1e6) };
    if (o->timeout_s > 0 && !limits.timeout_us)
        limits.timeout_us = 1;  /* under 1 us must not become 0, which means no limit */
    rs_stop stop;
    rs_err err = rs_machine_run(m, &limits, &stop);
    fflush(stdout);
    if (err) {
        fprintf(stderr, "ringscope: cannot run: %s\n", rs_strerror(err));
        return RS_EXIT_HOST_ERROR;
    }
    if (stop.reason != RS_STOP_EXIT)
        fprintf(stderr, "ringscope: stopped (%s): %s\n", rs_stop_reason_name(stop.reason), stop.detail);
    return exit_status_for(&stop);
}

static int boot_and_run(const run_options *o, rs_image *kernel, rs_image *mods, size_t n_mods, FILE *serial,
                        FILE *debugcon)
{
    rs_machine_config cfg = { .ram_bytes = o->memory_mib << 20, .serial_sink = file_sink, .serial_opaque = serial,
                              .debugcon_sink = file_sink, .debugcon_opaque = debugcon,
                              .count_instructions = o->max_insns != 0 };
    rs_machine *m;
    rs_err err = rs_machine_create(&cfg, &m);
    if (err) {
        fprintf(stderr, "ringscope: cannot create the machine: %s\n", rs_strerror(err));
        return RS_EXIT_HOST_ERROR;
    }
    char msg[256] = "";
    err = rs_machine_boot(m, kernel, mods, n_mods, msg, sizeof msg);
    int status;
    if (err) {
        fprintf(stderr, "ringscope: cannot load %s: %s\n", o->kernel, *msg ? msg : rs_strerror(err));
        status = RS_EXIT_LOAD;
    } else {
        status = run_to_end(m, o);
    }
    rs_machine_destroy(m);
    return status;
}

static FILE *open_output(const char *path, FILE *fallback)
{
    if (!path)
        return fallback;
    FILE *f = fopen(path, "wb");
    if (!f)
        fprintf(stderr, "ringscope run: cannot write %s: %s\n", path, strerror(errno));
    return f;
}

/* rs_image_read_file's message starts with "PATH: "; the line names the path once. */
static void read_error(const char *what, const char *path, const char *msg, rs_err err)
{
    size_t n = strlen(path);
    if (!strncmp(msg, path, n) && !strncmp(msg + n, ": ", 2))
        msg += n + 2;
    fprintf(stderr, "ringscope: cannot read %s %s: %s\n", what, path, *msg ? msg : rs_strerror(err));
}

static int load_images(const run_options *o, rs_image *kernel, rs_image *mods)
{
    char msg[256] = "";
    rs_err err = rs_image_read_file(o->kernel, kernel, msg, sizeof msg);
    if (err) {
        read_error("kernel", o->kernel, msg, err);
        return 0;
    }
    kernel->cmdline = join_cmdline(o->kernel, o->append);
    for (int i = 0; i < o->n_modules; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s", o->modules[i]);
        char *space = strchr(path, ' ');
        if (space)
            *space = '\0';
        err = rs_image_read_file(path, &mods[i], msg, sizeof msg);
        if (err) {
            read_error("module", path, msg, err);
            return 0;
        }
        mods[i].cmdline = strdup(o->modules[i]);
    }
    return 1;
}

int rs_cli_run(int argc, char **argv)
{
    run_options o;
    int status = parse_options(argc, argv, &o);
    if (status >= 0)
        return status;
    rs_image kernel = { 0 }, mods[MAX_MODULES] = { { 0 } };
    FILE *serial = NULL, *debugcon = NULL;
    status = RS_EXIT_LOAD;
    if (load_images(&o, &kernel, mods)) {
        serial = open_output(o.serial_path, stdout);
        debugcon = open_output(o.debugcon_path, stderr);
        status = (serial && debugcon) ? boot_and_run(&o, &kernel, mods, (size_t)o.n_modules, serial, debugcon)
                                      : RS_EXIT_USAGE;
    }
    if (serial && serial != stdout)
        fclose(serial);
    if (debugcon && debugcon != stderr)
        fclose(debugcon);
    rs_image_free(&kernel);
    for (int i = 0; i < o.n_modules; i++)
        rs_image_free(&mods[i]);
    return status;
}

static rs_image builtin(const rs_builtin_image *b)
{
    rs_image img = { b->data, b->size, strdup(b->name), 0 };
    return img;
}

int rs_cli_demo(int argc, char **argv)
{
    (void)argc, (void)argv;
    run_options o = { .kernel = rs_demo_kernel.name, .memory_mib = RS_DEFAULT_RAM_MIB };
    rs_image kernel = builtin(&rs_demo_kernel), mods[MAX_MODULES];
    unsigned n = rs_demo_module_count < MAX_MODULES ? rs_demo_module_count : MAX_MODULES;
    for (unsigned i = 0; i < n; i++)
        mods[i] = builtin(&rs_demo_modules[i]);
    int status = boot_and_run(&o, &kernel, mods, n, stdout, stderr);
    rs_image_free(&kernel);
    for (unsigned i = 0; i < n; i++)
        rs_image_free(&mods[i]);
    return status;
}
