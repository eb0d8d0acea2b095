/* `monitor ...` (qRcmd): the terminal debugger's inspection commands for gdb, with the same text
 * (debug_text.h), sent back as console output (O packets) and then OK. Errors are a line that
 * starts "error: ", as in `ringscope debug`.
 *
 * `monitor until KIND` runs the guest right away, in slices like c, for at most
 * GDB_MONITOR_MAX_US (gdb sends no Ctrl-C while it waits for a monitor command; an empty O
 * packet every GDB_KEEPALIVE_US keeps it waiting). gdb does not know the CPU moved, so its
 * cached registers are stale until `maint flush register-cache` or the next stop. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli_trace.h"
#include "debug_text.h"
#include "desc_text.h"
#include "gdb_priv.h"
#include "number.h"

#define MAX_WORDS 8
#define REPORT_MAX_EVENTS 20
#define PHYS_MAX 4096u

typedef struct monitor_cmd {
    const char *name;
    const char *args;
    int min_args, max_args;
    void (*run)(rs_gdb *g, FILE *out, int argc, char **argv);
    const char *summary;
} monitor_cmd;

static void error_line(FILE *out, const char *what, const char *arg)
{
    fprintf(out, "error: %s '%s'\n", what, arg);
}

/* number.h's rule: 0x hex or decimal, as `ringscope debug` reads them. */
static int parse_number(FILE *out, const char *text, uint64_t max, uint64_t *value)
{
    if (rs_parse_number(text, max, value) != RS_NUMBER_OK) {
        error_line(out, "not a number in range:", text);
        return 0;
    }
    return 1;
}

/* 0x hex or decimal, or a register: $eax .. $edi, $eip, with +N or -N. */
static int parse_address(rs_gdb *g, FILE *out, const char *text, uint32_t *addr)
{
    static const char *const names[] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "eip" };
    uint64_t v;
    if (text[0] != '$') {
        if (!parse_number(out, text, UINT32_MAX, &v))
            return 0;
        *addr = (uint32_t)v;
        return 1;
    }
    rs_regs r;
    rs_machine_regs(g->m, &r);
    for (int i = 0; i < 9; i++) {
        if (strncmp(text + 1, names[i], 3) != 0)
            continue;
        const char *rest = text + 4;
        if (*rest && *rest != '+' && *rest != '-')
            break;
        uint32_t base = i == 8 ? r.eip : r.gpr[i];
        if (*rest && !parse_number(out, rest + 1, UINT32_MAX, &v))
            return 0;
        *addr = !*rest ? base : *rest == '+' ? base + (uint32_t)v : base - (uint32_t)v;
        return 1;
    }
    error_line(out, "not an address ($eax .. $edi, $eip, with +N or -N):", text);
    return 0;
}

static int parse_kind(FILE *out, const char *word)
{
    int k = rs_event_kind_from_name(word);
    if (k < 0 || k == RS_EV_BREAKPOINT || k == RS_EV_LIMIT || k == RS_EV_STOP) {
        error_line(out, "unknown event kind (cpl, syscall, sysret, fault, interrupt, cr3, io, halt, exit):", word);
        return -1;
    }
    return k;
}

/* ---- Inspection ---- */

static void cmd_pagewalk(rs_gdb *g, FILE *out, int argc, char **argv)
{
    (void)argc;
    uint32_t addr;
    if (parse_address(g, out, argv[0], &addr))
        dbg_text_pagewalk(out, g->m, addr);
}

static void cmd_map(rs_gdb *g, FILE *out, int argc, char **argv)
{
    (void)argc, (void)argv;
    if (dbg_text_map(out, g->m) < 0)
        fputs("error: out of memory\n", out);
}

static void cmd_info(rs_gdb *g, FILE *out, int argc, char **argv)
{
    (void)argc;
    desc_text_fn fn = desc_text_named(argv[0]);
    if (fn)
        fn(out, g->m);
    else
        error_line(out, "info what? idt, gdt, ldt or tss:", argv[0]);
}

static void cmd_events(rs_gdb *g, FILE *out, int argc, char **argv)
{
    uint64_t n = 10;
    int kind = -1;
    for (int i = 0; i < argc; i++) {
        if (isdigit((unsigned char)argv[i][0])) {
            if (!parse_number(out, argv[i], RS_EVLOG_DEFAULT_CAPACITY, &n))
                return;
        } else if ((kind = parse_kind(out, argv[i])) < 0) {
            return;
        }
    }
    dbg_text_events(out, g->m, n, kind);
}

static void cmd_explain(rs_gdb *g, FILE *out, int argc, char **argv)
{
    (void)argc, (void)argv;
    dbg_text_explain_last(out, g->m);
}

static void cmd_phys(rs_gdb *g, FILE *out, int argc, char **argv)
{
    uint64_t pa, n = 64;
    if (!parse_number(out, argv[0], UINT32_MAX, &pa) || (argc > 1 && !parse_number(out, argv[1], PHYS_MAX, &n)))
        return;
    uint8_t data[PHYS_MAX];
    uint32_t got = rs_machine_read_phys(g->m, pa, data, (uint32_t)n);
    dbg_text_hexdump(out, (uint32_t)pa, data, got);
    if (got < n)
        fprintf(out, "error: physical 0x%08llx is outside RAM (%llu MiB)\n", (unsigned long long)(pa + got),
                (unsigned long long)(rs_machine_physmem(g->m)->size >> 20));
}

static void cmd_screen(rs_gdb *g, FILE *out, int argc, char **argv)
{
    (void)argc, (void)argv;
    char text[RS_SCREEN_COLS * RS_SCREEN_ROWS * 3 + RS_SCREEN_ROWS + 1];
    rs_machine_screen_text(g->m, text, sizeof text);
    fputs(*text ? text : "(the screen is blank)\n", out);
}

/* ---- until ---- */

static uint64_t now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000u + (uint64_t)t.tv_nsec / 1000u;
}

/* Runs to the next event in MASK in slices; returns the rs_dbg_until error. */
static rs_err run_until(rs_gdb *g, uint32_t mask, rs_stop *stop)
{
    rs_run_limits limits = { .max_insns = g->cfg.max_insns, .timeout_us = g->cfg.slice_us, .slice = 1 };
    uint64_t began = now_us(), alive = began;
    g->state = RS_GDB_RUNNING;             /* packets now wait; Ctrl-C counts */
    g->interrupted = 0;
    rs_err err;
    for (;;) {
        rs_dbg_set_limits(g->d, &limits);
        err = rs_dbg_until(g->d, mask, stop);
        if (err || stop->reason != RS_STOP_TIMEOUT)
            break;
        if (gdb_conn_wait(&g->conn, 0) == GDB_CONN_INPUT && !gdb_pump_input(g))
            break;
        if (g->interrupted || now_us() - began > GDB_MONITOR_MAX_US)
            break;
        if (now_us() - alive > GDB_KEEPALIVE_US) {
            gdb_send_str(g, "O");          /* gdb gives up on a reply after 2 s of silence */
            alive = now_us();
        }
    }
    if (g->state == RS_GDB_RUNNING)
        g->state = RS_GDB_STOPPED;
    return err;
}

static void print_run_events(rs_gdb *g, FILE *out, uint64_t from)
{
    const rs_evlog *log = rs_machine_event_log(g->m);
    uint64_t oldest = rs_evlog_oldest(log), total = 0;
    if (from < oldest)
        from = oldest;
    for (uint64_t q = from; q < log->next_seq; q++) {
        const rs_event *ev = rs_evlog_get(log, q);
        total += !dbg_text_is_chatter(ev) && ev->kind != RS_EV_BREAKPOINT && ev->kind != RS_EV_LIMIT;
    }
    if (total > REPORT_MAX_EVENTS)
        fprintf(out, "  ... %llu earlier events ('monitor events N' shows them)\n",
                (unsigned long long)(total - REPORT_MAX_EVENTS));
    for (uint64_t q = from, skip = total > REPORT_MAX_EVENTS ? total - REPORT_MAX_EVENTS : 0; q < log->next_seq; q++) {
        const rs_event *ev = rs_evlog_get(log, q);
        if (dbg_text_is_chatter(ev) || ev->kind == RS_EV_BREAKPOINT || ev->kind == RS_EV_LIMIT)
            continue;
        if (skip)
            skip--;
        else
            rs_cli_explain_print(out, ev);
    }
}

static void print_until_stop(rs_gdb *g, FILE *out, const rs_stop *stop)
{
    rs_regs r;
    rs_machine_regs(g->m, &r);
    if (rs_stop_is_final(stop->reason)) {
        fprintf(out, "finished: %s: %s\n", rs_stop_reason_name(stop->reason), stop->detail);
        return;
    }
    if (stop->reason == RS_STOP_EVENT) {
        const rs_event *ev = rs_evlog_get(rs_machine_event_log(g->m), stop->event_seq);
        fprintf(out, "stopped: after the %s event above", ev ? rs_event_kind_name(ev->kind) : "requested");
    } else if (stop->reason == RS_STOP_TIMEOUT) {
        fprintf(out, "stopped: %s", g->interrupted ? "interrupted (Ctrl-C)" : "no such event within 60 s");
    } else {
        fprintf(out, "stopped: %s", stop->detail);
    }
    fprintf(out, " (icount %llu, CPL %d, eip 0x%08x)\n", (unsigned long long)stop->icount, r.cpl, r.eip);
    fputs("gdb still shows the registers from before: 'maint flush register-cache' refreshes them\n", out);
}

static void cmd_until(rs_gdb *g, FILE *out, int argc, char **argv)
{
    uint32_t mask = 0;
    for (int i = 0; i < argc; i++) {
        int k = parse_kind(out, argv[i]);
        if (k < 0)
            return;
        mask |= 1u << k;
    }
    if (g->finished) {
        fprintf(out, "error: the guest has finished (%s); only inspection commands work now\n",
                rs_stop_reason_name(g->final_stop.reason));
        return;
    }
    uint64_t from = rs_machine_event_log(g->m)->next_seq;
    rs_stop stop;
    rs_err err = run_until(g, mask, &stop);
    if (err) {
        fprintf(out, "error: cannot run the guest: %s\n", rs_strerror(err));
        return;
    }
    if (rs_stop_is_final(stop.reason))
        rs_gdb_guest_finished(g, &stop);
    print_run_events(g, out, from);
    print_until_stop(g, out, &stop);
}

/* ---- The table ---- */

static void cmd_help(rs_gdb *g, FILE *out, int argc, char **argv);

static const monitor_cmd commands[] = {
    { "pagewalk", "ADDR", 1, 1, cmd_pagewalk, "the page walk for ADDR with the current CR3, every level decoded" },
    { "map", "", 0, 0, cmd_map, "the address space as regions with their rights" },
    { "info", "idt|gdt|ldt|tss", 1, 1, cmd_info,
      "a descriptor table decoded (for the IDT: what int n at CPL 3 does with each gate)" },
    { "events", "[N] [KIND]", 0, 2, cmd_events, "the last N events (default 10), as --explain prints them" },
    { "until", "KIND...", 1, 4, cmd_until,
      "run to the next event of a KIND: cpl syscall sysret fault interrupt cr3 io halt exit" },
    { "explain", "", 0, 0, cmd_explain, "the full explanation of the last exception" },
    { "phys", "ADDR [N]", 1, 2, cmd_phys, "N bytes (default 64, at most 4096) of physical memory at ADDR" },
    { "screen", "", 0, 0, cmd_screen, "the 80x25 text screen (VGA text mode at 0xB8000) as text" },
    { "help", "", 0, 0, cmd_help, "this list" },
};

#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void cmd_help(rs_gdb *g, FILE *out, int argc, char **argv)
{
    (void)g, (void)argc, (void)argv;
    fputs("ringscope monitor commands (monitor COMMAND in gdb):\n", out);
    for (size_t i = 0; i < N_COMMANDS; i++) {
        char usage[40];
        snprintf(usage, sizeof usage, "%s %s", commands[i].name, commands[i].args);
        fprintf(out, "  %-20s %s\n", usage, commands[i].summary);
    }
    fputs("ADDR: 0x hex or decimal, or a register ($esp+8). Addresses are linear; memory is read\n"
          "through the current page tables with supervisor rights, as gdb's x command does.\n", out);
}

static void run_line(rs_gdb *g, FILE *out, char *line)
{
    char *words[MAX_WORDS];
    int n = 0;
    for (char *tok = strtok(line, " \t"); tok; tok = strtok(NULL, " \t")) {
        if (n == MAX_WORDS) {
            fputs("error: too many words\n", out);
            return;
        }
        words[n++] = tok;
    }
    if (n == 0) {
        cmd_help(g, out, 0, NULL);
        return;
    }
    for (size_t i = 0; i < N_COMMANDS; i++) {
        if (strcmp(commands[i].name, words[0]) != 0)
            continue;
        if (n - 1 < commands[i].min_args || n - 1 > commands[i].max_args)
            fprintf(out, "error: usage: monitor %s %s\n", commands[i].name, commands[i].args);
        else
            commands[i].run(g, out, n - 1, words + 1);
        return;
    }
    error_line(out, "unknown monitor command (try 'monitor help'):", words[0]);
}

void gdb_monitor(rs_gdb *g, const char *line)
{
    char *text = NULL, copy[1024];
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (!out) {
        gdb_send_str(g, "E0c");     /* ENOMEM */
        return;
    }
    snprintf(copy, sizeof copy, "%s", line);
    run_line(g, out, copy);
    fclose(out);
    if (g->conn.client_fd >= 0) {
        gdb_send_console(g, text, len);
        gdb_send_str(g, "OK");
    }
    free(text);
}
