/* `ringscope pagemap [options] KERNEL --at SELECTOR`: the address space at a chosen moment, as a
 * table of merged regions (QEMU's `info mem`, with U/S and R/W decoded). */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "cli_options.h"
#include "cli_trace.h"
#include "explain.h"
#include "machine.h"
#include "pagemap.h"
#include "at_selector.h"

static void usage(FILE *out)
{
    fputs(
"usage: ringscope pagemap [options] KERNEL --at SELECTOR\n"
"\n"
"Runs KERNEL to the moment SELECTOR names and prints the address space then: every run of\n"
"present pages with the same rights, as user/supervisor and read-only/writable.\n"
"\n"
"SELECTOR:\n"
"  KIND[:N]     just after the Nth event of KIND (default N=1). KIND is one of: syscall, sysret,\n"
"               fault (an exception), interrupt, cpl (a CPL change), cr3 (a CR0/3/4 change), io\n"
"  icount:N     after N instructions\n"
"  end          when the guest halts or exits\n"
"  Examples: --at syscall:3 (after the 3rd system call entered the kernel), --at fault\n"
"\n"
"options: --module 'FILE [ARGS]' (repeatable), --append ARGS, --serial FILE (default: no COM1\n"
"output), --debugcon FILE, --memory MIB, --ips N, --timeout SECONDS (default 10), -h/--help\n"
"\n"
"exit status: 0 the table was printed; 2 bad command line; 4 load error; 1 the guest stopped\n"
"before SELECTOR happened; 16 host error\n", out);
}

typedef struct at_point {
    int kind;          /* rs_event_kind, or -1 for icount/end */
    uint64_t n;
    int end;
} at_point;

/* The selector's grammar is the window's --at (at_selector.h): one parser for both. */
static int parse_at(const char *s, at_point *at)
{
    rs_at w;
    if (!rs_at_parse(s, &w))
        return 0;
    *at = (at_point){ .kind = w.kind, .n = w.n, .end = w.kind < 0 && w.n == 0 };
    return 1;
}

typedef struct counter {
    int kind;
    uint64_t left;
    rs_event hit;
    int found;
} counter;

static int count_listener(void *opaque, const rs_event *ev)
{
    counter *c = opaque;
    if ((int)ev->kind != c->kind || c->found)
        return 0;
    if (--c->left)
        return 0;
    c->hit = *ev;
    c->found = 1;
    return 1;
}

static void discard(void *opaque, uint8_t byte) { (void)opaque, (void)byte; }

static void sink(void *opaque, uint8_t byte) { fputc(byte, (FILE *)opaque); }

static int print_map(rs_machine *m, const char *what)
{
    rs_paging pg = rs_machine_paging(m);
    size_t n = rs_pagemap_regions(rs_machine_physmem(m), pg, NULL, 0);
    rs_pagemap_region *r = malloc((n ? n : 1) * sizeof *r);
    if (!r) {
        fprintf(stderr, "ringscope pagemap: out of memory\n");
        return RS_EXIT_HOST_ERROR;
    }
    rs_pagemap_regions(rs_machine_physmem(m), pg, r, n);
    size_t len = rs_pagemap_format(r, n, NULL, 0) + 1;
    char *text = malloc(len);
    if (text) {
        rs_pagemap_format(r, n, text, len);
        printf("%s\nCR3 0x%08x, paging %s, CR4.PSE %d, CR0.WP %d\n%s", what, pg.cr3,
               (pg.cr0 & RS_CR0_PG) ? "on" : "off", (pg.cr4 & RS_CR4_PSE) != 0, (pg.cr0 & RS_CR0_WP) != 0, text);
    }
    free(text);
    free(r);
    return text ? 0 : RS_EXIT_HOST_ERROR;
}

static int run_to_point(rs_machine *m, const run_options *o, const at_point *at)
{
    counter c = { .kind = at->kind, .left = at->n };
    if (at->kind >= 0 && rs_machine_add_listener(m, count_listener, &c) != RS_OK)
        return RS_EXIT_HOST_ERROR;
    rs_run_limits limits = { .timeout_us = (uint64_t)((o->timeout_s > 0 ? o->timeout_s : 10) * 1e6) };
    if (at->kind < 0 && !at->end)
        limits.max_insns = at->n;
    rs_stop stop;
    if (rs_machine_run(m, &limits, &stop) != RS_OK)
        return RS_EXIT_HOST_ERROR;
    fflush(stdout);
    char what[600];
    if (c.found) {
        char line[512];
        rs_explain_event_line(&c.hit, line, sizeof line);
        snprintf(what, sizeof what, "at icount %llu, after: %s", (unsigned long long)c.hit.icount, line);
    } else if (at->kind < 0 && !at->end && stop.reason == RS_STOP_INSN_LIMIT) {
        snprintf(what, sizeof what, "at icount %llu", (unsigned long long)stop.icount);
    } else if (at->end && stop.reason != RS_STOP_TIMEOUT) {
        snprintf(what, sizeof what, "at the end (icount %llu): %s", (unsigned long long)stop.icount,
                 stop.detail);
    } else {
        fprintf(stderr, "ringscope pagemap: the guest stopped (%s: %s) before --at %s happened\n",
                rs_stop_reason_name(stop.reason), stop.detail, o->at);
        return 1;
    }
    return print_map(m, what);
}

int rs_cli_pagemap(int argc, char **argv)
{
    run_options o;
    int status = rs_cli_parse_options(argc, argv, "pagemap", RS_OPT_AT, usage, &o);
    if (status >= 0)
        return status;
    at_point at;
    if (!o.at)
        return rs_cli_usage_error("pagemap", "%s", "--at SELECTOR is required (e.g. --at syscall:3)");
    if (!parse_at(o.at, &at))
        return rs_cli_usage_error("pagemap", "bad --at selector '%s'", o.at);
    if (o.max_insns)
        return rs_cli_usage_error("pagemap", "%s", "--max-insns is not used here: say --at icount:N");
    rs_image kernel = { 0 }, mods[MAX_MODULES] = { { 0 } };
    FILE *serial = NULL, *debugcon = NULL;
    status = RS_EXIT_LOAD;
    if (rs_cli_load_images(&o, &kernel, mods)) {
        serial = o.serial_path ? rs_cli_open_output("pagemap", o.serial_path, NULL) : NULL;
        debugcon = o.debugcon_path ? rs_cli_open_output("pagemap", o.debugcon_path, NULL) : NULL;
        rs_machine_config cfg = { .ram_bytes = o.memory_mib << 20, .ips = o.ips, .cpu_model = o.cpu_model, .rtc_set = o.rtc_set, .rtc_epoch = o.rtc_epoch, .serial_sink = serial ? sink : discard,
                                  .serial_opaque = serial, .debugcon_sink = debugcon ? sink : discard,
                                  .debugcon_opaque = debugcon, .trace = 1 };
        rs_machine *m = NULL;
        char msg[256] = "";
        rs_err err = RS_ERR_ARG;
        if ((serial || !o.serial_path) && (debugcon || !o.debugcon_path))
            err = rs_machine_create(&cfg, &m);
        if (err == RS_ERR_ARG) {
            status = RS_EXIT_USAGE;
        } else if (err) {
            fprintf(stderr, "ringscope pagemap: cannot create the machine: %s\n", rs_strerror(err));
            status = RS_EXIT_HOST_ERROR;
        } else if ((err = rs_machine_boot(m, &kernel, mods, (size_t)o.n_modules, msg, sizeof msg)) != RS_OK) {
            fprintf(stderr, "ringscope pagemap: cannot load %s: %s\n", o.kernel, *msg ? msg : rs_strerror(err));
            status = RS_EXIT_LOAD;
        } else {
            status = run_to_point(m, &o, &at);
        }
        rs_machine_destroy(m);
    }
    if (serial)
        fclose(serial);
    if (debugcon)
        fclose(debugcon);
    rs_image_free(&kernel);
    for (int i = 0; i < o.n_modules; i++)
        rs_image_free(&mods[i]);
    return status;
}
