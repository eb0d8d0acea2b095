/* See cli_options.h. */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
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

enum {
    OPT_MODULE = 0x100, OPT_INITRD, OPT_APPEND, OPT_SERIAL, OPT_DEBUGCON, OPT_MEMORY, OPT_MAX_INSNS, OPT_IPS,
    OPT_TIMEOUT, OPT_EXPLAIN, OPT_TRACE, OPT_AT, OPT_GDB, OPT_GDB_LISTEN, OPT_GDB_WAIT, OPT_SERIAL_IN, OPT_RTC,
    OPT_CPU, OPT_TRACE_MAX, OPT_KEYBOARD, OPT_SCREEN,
};

static int parse_cpu(const char *v, run_options *o);

/* One shared option (VAL from the table in rs_cli_parse) with its value V. Returns -1 when
 * taken, else the usage error's status. */
static int take_option(int val, const char *v, run_options *o)
{
    uint64_t port;
    char *end;
    switch (val) {
    case OPT_MODULE: case OPT_INITRD:
        if (o->n_modules == MAX_MODULES)
            return rs_cli_usage_error(current_command, "at most %s modules", "64");
        if (val == OPT_INITRD)
            o->initrd_mask |= 1ull << o->n_modules;
        o->modules[o->n_modules++] = v;
        return -1;
    case OPT_APPEND: o->append = v; return -1;
    case OPT_SERIAL: o->serial_path = v; return -1;
    case OPT_DEBUGCON: o->debugcon_path = v; return -1;
    case OPT_SERIAL_IN: o->serial_in_path = v; return -1;
    case OPT_KEYBOARD: o->keyboard = v; return -1;
    case OPT_SCREEN: o->screen_path = v; return -1;
    case OPT_RTC:
        if (!rs_rtc_parse(v, &o->rtc_epoch))
            return rs_cli_usage_error(current_command, "--rtc takes a date and time YYYY-MM-DDTHH:MM:SS (1970-2199), not '%s'", v);
        o->rtc_set = 1;
        return -1;
    case OPT_CPU: return parse_cpu(v, o);
    case OPT_MEMORY:
        if (!parse_u64(v, RS_MIN_RAM_MIB, RS_MAX_RAM_MIB, &o->memory_mib))
            return rs_cli_usage_error(current_command, "--memory takes a whole number of MiB from 2 to 3072, not '%s'", v);
        return -1;
    case OPT_MAX_INSNS:
        if (!parse_u64(v, 1, UINT64_MAX / 2, &o->max_insns))
            return rs_cli_usage_error(current_command, "--max-insns takes a positive whole number, not '%s'", v);
        return -1;
    case OPT_IPS:
        if (!parse_u64(v, 1000, 100000000000ull, &o->ips))
            return rs_cli_usage_error(current_command, "--ips takes a whole number from 1000 to 1e11, not '%s'", v);
        return -1;
    case OPT_TIMEOUT:
        errno = 0;
        o->timeout_s = strtod(v, &end);
        if (errno || *end || !(o->timeout_s > 0) || o->timeout_s > 1e6)
            return rs_cli_usage_error(current_command, "--timeout takes a number of seconds above 0, not '%s'", v);
        return -1;
    case OPT_EXPLAIN: o->explain = 1; return -1;
    case OPT_TRACE: o->trace_path = v; return -1;
    case OPT_TRACE_MAX:
        if (!parse_size(v, &o->trace_max))
            return rs_cli_usage_error(current_command, "--trace-max takes a size of at least 4096 bytes (suffix K, M or G), not '%s'", v);
        return -1;
    case OPT_AT: o->at = v; return -1;
    case OPT_GDB:
        if (!parse_u64(v, 0, 65535, &port))
            return rs_cli_usage_error(current_command, "--gdb takes a TCP port from 0 (any free one) to 65535, not '%s'", v);
        o->gdb = 1, o->gdb_port = (unsigned)port, o->gdb_host = NULL;
        return -1;
    case OPT_GDB_LISTEN: return parse_gdb_listen(v, o);
    case OPT_GDB_WAIT: o->gdb_wait = 1; return -1;
    }
    return -1;
}

/* getopt_long's complaint about ARG (the word it stopped at) as our usage error. */
static int getopt_error(int c, const char *arg)
{
    char name[64];
    if (c == '?' && optopt > 0 && optopt < 0x100)      /* a short option: "-x" */
        snprintf(name, sizeof name, "-%c", optopt), arg = name;
    else
        snprintf(name, sizeof name, "%s", arg);
    char *eq = strchr(name, '=');
    if (c == ':' && eq)
        *eq = '\0';
    if (c == ':')
        return rs_cli_usage_error(current_command, "option %s needs a value", name);
    return rs_cli_usage_error(current_command, "unknown option '%s'", arg);
}

static int take_kernel(const char *a, run_options *o)
{
    if (o->kernel)
        return rs_cli_usage_error(current_command, "more than one kernel given ('%s')", a);
    o->kernel = a;
    return -1;
}

int rs_cli_parse(int argc, char **argv, const char *command, unsigned extra, const rs_cli_own *own,
                 void (*usage)(FILE *), run_options *o)
{
    static const struct option shared[] = {
        { "help", no_argument, NULL, 'h' },
        { "module", required_argument, NULL, OPT_MODULE },
        { "initrd", required_argument, NULL, OPT_INITRD },
        { "append", required_argument, NULL, OPT_APPEND },
        { "serial", required_argument, NULL, OPT_SERIAL },
        { "debugcon", required_argument, NULL, OPT_DEBUGCON },
        { "rtc", required_argument, NULL, OPT_RTC },
        { "cpu", required_argument, NULL, OPT_CPU },
        { "memory", required_argument, NULL, OPT_MEMORY },
        { "max-insns", required_argument, NULL, OPT_MAX_INSNS },
        { "ips", required_argument, NULL, OPT_IPS },
        { "timeout", required_argument, NULL, OPT_TIMEOUT },
    };
    static const struct option trace[] = {
        { "explain", no_argument, NULL, OPT_EXPLAIN },
        { "trace", required_argument, NULL, OPT_TRACE },
        { "trace-max", required_argument, NULL, OPT_TRACE_MAX },
        { "serial-in", required_argument, NULL, OPT_SERIAL_IN },      /* run only, like --trace */
        { "keyboard", required_argument, NULL, OPT_KEYBOARD },
        { "screen", required_argument, NULL, OPT_SCREEN },
    };
    static const struct option at[] = { { "at", required_argument, NULL, OPT_AT } };
    static const struct option gdb[] = {
        { "gdb", required_argument, NULL, OPT_GDB },
        { "gdb-listen", required_argument, NULL, OPT_GDB_LISTEN },
        { "gdb-wait", no_argument, NULL, OPT_GDB_WAIT },
    };
    *o = (run_options){ .memory_mib = RS_DEFAULT_RAM_MIB, .command = command };
    current_command = command;
    struct option table[32];
    size_t n = 0;
#define ADD(list)                                                         \
    for (size_t k = 0; k < sizeof list / sizeof list[0]; k++)              \
        table[n++] = list[k];
    ADD(shared)
    if (extra & RS_OPT_TRACE) { ADD(trace) }
    if (extra & RS_OPT_AT) { ADD(at) }
    if (extra & RS_OPT_GDB) { ADD(gdb) }
#undef ADD
    for (const struct option *p = own ? own->options : NULL; p && p->name && n + 1 < sizeof table / sizeof table[0]; p++)
        table[n++] = *p;
    table[n] = (struct option){ 0 };
    /* '-': words that are no option come back in order as 1 (the kernel); ':': a missing value
     * is told apart from an unknown option. */
    optind = 0;
    opterr = 0;
    int c, status = -1;
    while (status < 0 && (c = getopt_long(argc, argv, "-:h", table, NULL)) != -1) {
        if (c == 'h') {
            usage(stdout);
            return 0;
        } else if (c == 1) {
            status = take_kernel(optarg, o);
        } else if (c == '?' || c == ':') {
            status = getopt_error(c, argv[optind - 1]);
        } else if (c >= RS_CLI_OWN_FIRST) {
            status = own->take(own->opaque, c, optarg);
        } else {
            status = take_option(c, optarg, o);
        }
    }
    for (int i = optind; status < 0 && i < argc; i++)     /* the words after "--" */
        status = take_kernel(argv[i], o);
    if (status >= 0)
        return status;
    if (o->gdb_wait && !o->gdb)
        return rs_cli_usage_error(current_command, "%s", "--gdb-wait needs --gdb PORT or --gdb-listen ADDR:PORT");
    if (o->trace_max && !o->trace_path)
        return rs_cli_usage_error(current_command, "%s", "--trace-max needs --trace FILE");
    if (!o->kernel && !(own && own->kernel_optional))
        return rs_cli_usage_error(current_command, "%s", "no kernel given");
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
    return rs_cli_parse(argc, argv, command, extra, NULL, usage, o);
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

