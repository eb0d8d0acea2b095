/* See cli_options.h. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli.h"
#include "cli_options.h"
#include "machine.h"
#include "cpu_model.h"
#include "rtc_date.h"

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

static const char *current_command = "run";

int rs_cli_usage_error(const char *command, const char *fmt, const char *arg)
{
    fprintf(stderr, "ringscope %s: ", command);
    fprintf(stderr, fmt, arg);
    if (!strcmp(command, "run"))
        fputs(" (try 'ringscope --help')\n", stderr);
    else
        fprintf(stderr, " (try 'ringscope %s --help')\n", command);
    return RS_EXIT_USAGE;
}

static int needs_value(int i, int argc, const char *opt)
{
    if (i + 1 >= argc) {
        rs_cli_usage_error(current_command, "option %s needs a value", opt);
        return 0;
    }
    return 1;
}

/* BYTES with an optional K, M or G (powers of 1024), at least 4096: a trace line's room. */
static int parse_size(const char *s, uint64_t *out)
{
    char buf[32];
    size_t n = strlen(s);
    uint64_t unit = 1;
    if (n == 0 || n >= sizeof buf)
        return 0;
    memcpy(buf, s, n + 1);
    const char *units = "KMG";
    int last = buf[n - 1] & ~0x20;
    const char *u = last ? strchr(units, last) : NULL;
    if (u) {
        unit = 1ull << (10 * (u - units + 1));
        buf[n - 1] = '\0';
    }
    uint64_t v;
    if (!parse_u64(buf, 1, UINT64_MAX / unit, &v) || v * unit < 4096)
        return 0;
    *out = v * unit;
    return 1;
}

/* --gdb-listen ADDR:PORT, ADDR an IPv4 address. Returns -1, or the usage error's status. */
static int parse_gdb_listen(const char *value, run_options *o)
{
    const char *colon = strrchr(value, ':');
    uint64_t port;
    size_t n = colon ? (size_t)(colon - value) : 0;
    struct in_addr ip;
    if (!colon || n >= sizeof o->gdb_host_buf || !parse_u64(colon + 1, 0, 65535, &port))
        return rs_cli_usage_error(current_command, "--gdb-listen takes ADDR:PORT (e.g. 0.0.0.0:1234), not '%s'", value);
    memcpy(o->gdb_host_buf, value, n);
    o->gdb_host_buf[n] = '\0';
    if (inet_pton(AF_INET, o->gdb_host_buf, &ip) != 1)
        return rs_cli_usage_error(current_command, "--gdb-listen needs an IPv4 address before the port, not '%s'", value);
    o->gdb = 1, o->gdb_port = (unsigned)port, o->gdb_host = o->gdb_host_buf;
    return -1;
}

/* --gdb PORT, --gdb-listen ADDR:PORT, --gdb-wait at argv[*i]: returns -1 when parsed, 0 when A is
 * none of them, else the usage error's status. */
static int parse_gdb_option(int *i, int argc, char **argv, run_options *o)
{
    const char *a = argv[*i];
    uint64_t port;
    if (!strcmp(a, "--gdb-wait")) {
        o->gdb_wait = 1;
        return -1;
    }
    if (strcmp(a, "--gdb") != 0 && strcmp(a, "--gdb-listen") != 0)
        return 0;
    if (!needs_value(*i, argc, a))
        return RS_EXIT_USAGE;
    const char *v = argv[++*i];
    if (a[5] == '-')
        return parse_gdb_listen(v, o);
    if (!parse_u64(v, 0, 65535, &port))
        return rs_cli_usage_error(current_command, "--gdb takes a TCP port from 0 (any free one) to 65535, not '%s'", v);
    o->gdb = 1, o->gdb_port = (unsigned)port, o->gdb_host = NULL;
    return -1;
}

/* --cpu MODEL; --cpu list prints the models. Returns -1 when parsed, else an exit status. */
static int parse_cpu(const char *v, run_options *o)
{
    if (!strcmp(v, "list") || !strcmp(v, "help")) {
        for (int i = 0; i < rs_cpu_model_count(); i++)
            printf("%-9s %s%s\n", rs_cpu_model_name(i), rs_cpu_model_summary(i), i == RS_CPU_DEFAULT ? " (default)" : "");
        return 0;
    }
    o->cpu_model = rs_cpu_model_find(v);
    if (o->cpu_model >= 0)
        return -1;
    char known[256] = "";
    for (int i = 0; i < rs_cpu_model_count(); i++)
        snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", i ? ", " : "", rs_cpu_model_name(i));
    fprintf(stderr, "ringscope %s: unknown CPU model '%s' (known: %s)\n", current_command, v, known);
    return RS_EXIT_USAGE;
}

int rs_cli_parse_options(int argc, char **argv, const char *command, unsigned extra, void (*usage)(FILE *),
                         run_options *o)
{
    *o = (run_options){ .memory_mib = RS_DEFAULT_RAM_MIB, .command = command };
    current_command = command;
    int status;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--module") || !strcmp(a, "--initrd")) {
            if (!needs_value(i, argc, a)) return RS_EXIT_USAGE;
            if (o->n_modules == MAX_MODULES) return rs_cli_usage_error(current_command, "at most %s modules", "64");
            if (a[2] == 'i')
                o->initrd_mask |= 1ull << o->n_modules;
            o->modules[o->n_modules++] = argv[++i];
        } else if (!strcmp(a, "--append") || !strcmp(a, "--serial") || !strcmp(a, "--debugcon") ||
                   ((extra & RS_OPT_TRACE) &&     /* run only: */
                    (!strcmp(a, "--serial-in") || !strcmp(a, "--keyboard") || !strcmp(a, "--screen")))) {
            if (!needs_value(i, argc, a)) return RS_EXIT_USAGE;
            const char **slot = a[2] == 'a' ? &o->append : !strcmp(a, "--serial-in") ? &o->serial_in_path
                                : !strcmp(a, "--screen") ? &o->screen_path : a[2] == 'k' ? &o->keyboard
                                : a[2] == 's' ? &o->serial_path : &o->debugcon_path;
            *slot = argv[++i];
        } else if (!strcmp(a, "--memory")) {
            if (!needs_value(i, argc, a)) return RS_EXIT_USAGE;
            if (!parse_u64(argv[++i], RS_MIN_RAM_MIB, RS_MAX_RAM_MIB, &o->memory_mib))
                return rs_cli_usage_error(current_command, "--memory takes a whole number of MiB from 2 to 3072, not '%s'", argv[i]);
        } else if (!strcmp(a, "--max-insns")) {
            if (!needs_value(i, argc, a)) return RS_EXIT_USAGE;
            if (!parse_u64(argv[++i], 1, UINT64_MAX / 2, &o->max_insns))
                return rs_cli_usage_error(current_command, "--max-insns takes a positive whole number, not '%s'", argv[i]);
        } else if (!strcmp(a, "--ips")) {
            if (!needs_value(i, argc, a)) return RS_EXIT_USAGE;
            if (!parse_u64(argv[++i], 1000, 100000000000ull, &o->ips))
                return rs_cli_usage_error(current_command, "--ips takes a whole number from 1000 to 1e11, not '%s'", argv[i]);
        } else if (!strcmp(a, "--rtc")) {
            if (!needs_value(i, argc, a)) return RS_EXIT_USAGE;
            if (!rs_rtc_parse(argv[++i], &o->rtc_epoch))
                return rs_cli_usage_error(current_command, "--rtc takes a date and time YYYY-MM-DDTHH:MM:SS (1970-2199), not '%s'", argv[i]);
            o->rtc_set = 1;
        } else if (!strcmp(a, "--cpu")) {
            if (!needs_value(i, argc, a)) return RS_EXIT_USAGE;
            if ((status = parse_cpu(argv[++i], o)) >= 0)
                return status;
        } else if (!strcmp(a, "--timeout")) {
            if (!needs_value(i, argc, a)) return RS_EXIT_USAGE;
            char *end;
            errno = 0;
            o->timeout_s = strtod(argv[++i], &end);
            if (errno || *end || !(o->timeout_s > 0) || o->timeout_s > 1e6)
                return rs_cli_usage_error(current_command, "--timeout takes a number of seconds above 0, not '%s'", argv[i]);
        } else if (!strcmp(a, "--explain") && (extra & RS_OPT_TRACE)) {
            o->explain = 1;
        } else if (!strcmp(a, "--trace") && (extra & RS_OPT_TRACE)) {
            if (!needs_value(i, argc, a)) return RS_EXIT_USAGE;
            o->trace_path = argv[++i];
        } else if (!strcmp(a, "--trace-max") && (extra & RS_OPT_TRACE)) {
            if (!needs_value(i, argc, a)) return RS_EXIT_USAGE;
            if (!parse_size(argv[++i], &o->trace_max))
                return rs_cli_usage_error(current_command, "--trace-max takes a size of at least 4096 bytes (suffix K, M or G), not '%s'", argv[i]);
        } else if (!strcmp(a, "--at") && (extra & RS_OPT_AT)) {
            if (!needs_value(i, argc, a)) return RS_EXIT_USAGE;
            o->at = argv[++i];
        } else if ((extra & RS_OPT_GDB) && !strncmp(a, "--gdb", 5) && (status = parse_gdb_option(&i, argc, argv, o))) {
            if (status >= 0)
                return status;
        } else if (a[0] == '-' && a[1]) {
            return rs_cli_usage_error(current_command, "unknown option '%s'", a);
        } else if (o->kernel) {
            return rs_cli_usage_error(current_command, "more than one kernel given ('%s')", a);
        } else {
            o->kernel = a;
        }
    }
    if (o->gdb_wait && !o->gdb)
        return rs_cli_usage_error(current_command, "%s", "--gdb-wait needs --gdb PORT or --gdb-listen ADDR:PORT");
    if (o->trace_max && !o->trace_path)
        return rs_cli_usage_error(current_command, "%s", "--trace-max needs --trace FILE");
    if (!o->kernel)
        return rs_cli_usage_error(current_command, "%s", "no kernel given");
    return -1;
}

static char *join_cmdline(const char *path, const char *args)
{
    size_t n = strlen(path) + (args ? strlen(args) : 0) + 2;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s %s", path, args ? args : "");
    return s;
}

FILE *rs_cli_open_output(const char *command, const char *path, FILE *fallback)
{
    if (!path)
        return fallback;
    FILE *f = fopen(path, "wb");
    if (!f)
        fprintf(stderr, "ringscope %s: cannot write %s: %s\n", command, path, strerror(errno));
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

/* The path part of a --module value ("PATH ARGS"); an --initrd value is a path whole. */
static void module_path(const char *module, int initrd, char *path, size_t len)
{
    snprintf(path, len, "%s", module);
    char *space = initrd ? NULL : strchr(path, ' ');
    if (space)
        *space = '\0';
}

/* Modules are loaded whole into RAM, each from a page boundary: refuse, before reading anything,
 * a module larger than RAM or modules that together are (the loader's finer checks follow). */
static int modules_fit(const run_options *o)
{
    uint64_t ram = o->memory_mib << 20, total = 0;
    char msg[256] = "", path[4096];
    for (int i = 0; i < o->n_modules; i++) {
        size_t size;
        struct stat st;
        int initrd = (o->initrd_mask >> i) & 1;
        module_path(o->modules[i], initrd, path, sizeof path);
        if (initrd && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            continue;      /* a folder packed as an initramfs: its size is known once packed */
        rs_err err = rs_image_file_size(path, &size, msg, sizeof msg);
        if (err) {
            read_error(initrd ? "initrd" : "module", path, msg, err);
            return 0;
        }
        if (size > ram) {
            fprintf(stderr, "ringscope: cannot load %s %s: %zu bytes is larger than RAM (%llu MiB)\n",
                    initrd ? "initrd" : "module", path, size, (unsigned long long)o->memory_mib);
            return 0;
        }
        total += (size + 4095) & ~(uint64_t)4095;
        if (total > ram) {
            fprintf(stderr, "ringscope: cannot load %s %s: the first %d modules take %llu bytes, more than "
                    "RAM (%llu MiB)\n", initrd ? "initrd" : "module", path, i + 1, (unsigned long long)total, (unsigned long long)o->memory_mib);
            return 0;
        }
    }
    return 1;
}

int rs_cli_load_images(const run_options *o, rs_image *kernel, rs_image *mods)
{
    char msg[256] = "";
    if (!modules_fit(o))
        return 0;
    rs_err err = rs_image_read_file(o->kernel, kernel, msg, sizeof msg);
    if (err) {
        read_error("kernel", o->kernel, msg, err);
        return 0;
    }
    kernel->cmdline = rs_image_is_linux(kernel) ? strdup(o->append ? o->append : "") : join_cmdline(o->kernel, o->append);
    for (int i = 0; i < o->n_modules; i++) {
        char path[4096];
        struct stat st;
        int initrd = (o->initrd_mask >> i) & 1;
        module_path(o->modules[i], initrd, path, sizeof path);
        if (initrd && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            err = rs_image_pack_directory(path, &mods[i], msg, sizeof msg);
        else
            err = rs_image_read_file(path, &mods[i], msg, sizeof msg);
        if (err) {
            read_error(initrd ? "initrd" : "module", path, msg, err);
            return 0;
        }
        mods[i].cmdline = strdup(o->modules[i]);
    }
    return 1;
}

