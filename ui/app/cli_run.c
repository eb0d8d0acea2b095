/* `ringscope run [options] KERNEL` and the headless demo. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "machine.h"
#include "cli_options.h"
#include "cli_output.h"
#include "cli_stop.h"
#include "cli_trace.h"
#include "serial_input.h"
#include "gdb_stub.h"

/* The watchdog fires this long after --timeout: the engine's own timeout, exact to an
 * instruction, normally comes first; the watchdog bounds the overshoot when it cannot. */
#define RS_WATCHDOG_GRACE_S 0.25

/* The outputs of one run (cli_output.h). */
typedef struct run_outputs {
    rs_cli_output serial, debugcon, trace;
} run_outputs;


void rs_cli_usage(FILE *out)
{
    fputs(
"usage: ringscope                      open the window on the built-in demo (teaching kernel and\n"
"                                      demo programs; headless on COM1 when there is no display)\n"
"       ringscope [window] [options] KERNEL  open the window on KERNEL (ringscope window --help)\n"
"       ringscope run [options] KERNEL  run a Multiboot kernel or a Linux bzImage headless\n"
"       ringscope pagemap [options] KERNEL --at SELECTOR\n"
"                                      print the address space at a moment (see pagemap --help)\n"
"       ringscope debug [options] KERNEL  interactive terminal debugger (ringscope debug --help)\n"
"       ringscope test [options] PATH...  run Lua test scripts (ringscope test --help)\n"
"\n"
"options for run:\n"
"  --module 'FILE [ARGS]'  load FILE as a Multiboot module; its command line is the whole\n"
"                          string, as QEMU's -initrd gives it (repeatable, in order)\n"
"  --initrd FILE|DIR       the initrd of a Linux kernel (a bzImage; a DIR is packed as a cpio\n"
"                          initramfs), or one more Multiboot module named FILE\n"
"  --append ARGS           kernel command line arguments (QEMU's -append; a Linux kernel\n"
"                          gets ARGS alone, a Multiboot kernel \"KERNEL ARGS\")\n"
"  --serial FILE           write COM1 output to FILE instead of standard output\n"
"  --screen FILE           write the 80x25 text screen (VGA text mode) to FILE when the run ends,\n"
"                          as UTF-8 text\n"
"  --keyboard TEXT         type TEXT on the PS/2 keyboard (scan code set 1 on IRQ 1), one key\n"
"                          every 10 ms of virtual time once the guest listens ($'ls\\n' for Enter)\n"
"  --serial-in FILE        FILE's bytes arrive on COM1's receive line in virtual time, one per\n"
"                          character time once the guest asks (the same every run); without it,\n"
"                          standard input does when it is a pipe or a file (echo ls | ringscope run K)\n"
"  --debugcon FILE         write port 0xE9 output to FILE (default: standard error)\n"
"  --memory MIB            guest RAM in MiB (default 128, 2 to 3072)\n"
"  --max-insns N           stop after exactly N instructions (counting slows the guest ~40%)\n"
"  --timeout SECONDS       stop after this much wall-clock time\n"
"  --ips N                 virtual time runs at N instructions per second (default 100000000):\n"
"                          the PIT and the time stamp counter (RDTSC) count in it, so runs\n"
"                          are the same every time\n"
"  --rtc DATE              the real-time clock starts at DATE (YYYY-MM-DDTHH:MM:SS, default\n"
"                          2026-01-01T00:00:00) and runs in virtual time\n"
"  --cpu MODEL             the CPU CPUID describes: pentium2 (default), pentium3, pentium, 486;\n"
"                          --cpu list describes them\n"
"  --explain               print every crossing, system call and fault as it happens (stderr)\n"
"  --trace FILE            write every event to FILE as JSON Lines (schema in README)\n"
"  --trace-max BYTES       stop the run before the trace passes BYTES (suffix K, M or G);\n"
"                          the last line, why the run stopped, is always written\n"
"  --gdb PORT              serve gdb's remote protocol on 127.0.0.1:PORT (0: any free port;\n"
"                          the address is printed on stderr); the guest runs until a client\n"
"                          connects and stops it, and on when it detaches\n"
"  --gdb-listen ADDR:PORT  the same on another IPv4 address (0.0.0.0: every interface)\n"
"  --gdb-wait              with --gdb: the CPU waits for the client before the first instruction\n"
"  -h, --help              this text\n"
"\n"
"exit status:\n"
"  (V << 1) | 1   the guest wrote V to isa-debug-exit (port 0xf4), as QEMU exits\n"
"  0              the guest halted with interrupts disabled\n"
"  2  bad command line            4  kernel or module could not be loaded\n"
"  6  triple fault                8  instruction limit reached\n"
"  10 time limit reached          12 HLT with interrupts enabled, nothing can wake it\n"
"  14 unsupported guest feature   16 emulator or host error, or an output\n"
"                                    (--serial, --trace...) that cannot be written\n"
"  18 killed by the gdb client (--gdb; a port that cannot be bound is 2)\n"
"  20 interrupted by SIGINT (Ctrl-C) or SIGTERM\n"
"  22 the trace reached --trace-max\n", out);
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
    case RS_STOP_EVENT: case RS_STOP_BREAKPOINT: case RS_STOP_STEP: case RS_STOP_INTERRUPTED:
        break;   /* never asked for here */
    }
    return RS_EXIT_HOST_ERROR;
}

/* The first output that failed, not counting a write that a signal interrupted (the signal
 * says why the run ends). */
static const rs_cli_output *failed_output(const run_outputs *out)
{
    const rs_cli_output *all[] = { &out->serial, &out->debugcon, &out->trace };
    for (size_t i = 0; i < 3; i++)
        if (all[i]->err && all[i]->err != EINTR)
            return all[i];
    return NULL;
}

static const char *signal_name(int sig) { return sig == SIGTERM ? "SIGTERM" : "SIGINT"; }

/* The run stopped as RS_STOP_INTERRUPTED: say why (a failed output, the trace cap, the watchdog,
 * Ctrl-C), record it as the trace's last event, and choose the status. */
static int interrupted(rs_machine *m, const run_options *o, const run_outputs *out, rs_stop *stop)
{
    const rs_cli_output *bad = failed_output(out);
    int status;
    if (bad) {
        snprintf(stop->detail, sizeof stop->detail, "cannot write %s: %s", bad->name, strerror(bad->err));
        status = RS_EXIT_HOST_ERROR;
    } else if (out->trace.capped) {
        snprintf(stop->detail, sizeof stop->detail, "the trace reached --trace-max (%llu bytes) at eip 0x%08x",
                 (unsigned long long)o->trace_max, stop->eip);
        status = RS_EXIT_TRACE_MAX;
    } else if (rs_cli_stop_timed_out() && !rs_cli_stop_signal()) {
        stop->reason = RS_STOP_TIMEOUT;
        snprintf(stop->detail, sizeof stop->detail, "time limit reached at eip 0x%08x (watchdog)", stop->eip);
        status = RS_EXIT_TIMEOUT;
    } else if (rs_cli_stop_signal()) {
        snprintf(stop->detail, sizeof stop->detail, "interrupted by %s at eip 0x%08x",
                 signal_name(rs_cli_stop_signal()), stop->eip);
        status = RS_EXIT_INTERRUPTED;
    } else {
        return RS_EXIT_HOST_ERROR;   /* nobody asked: cannot happen */
    }
    rs_machine_record_end(m, stop);
    if (!bad)   /* a failed output is reported once, when the outputs are closed */
        fprintf(stderr, "ringscope: stopped (%s): %s\n", rs_stop_reason_name(stop->reason), stop->detail);
    return status;
}

/* Runs a booted machine to its end and reports the stop on stderr (except a guest exit). */
static int run_to_end(rs_machine *m, const run_options *o, const run_outputs *out)
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
    if (stop.reason == RS_STOP_INTERRUPTED)
        return interrupted(m, o, out, &stop);
    if (stop.reason != RS_STOP_EXIT)
        fprintf(stderr, "ringscope: stopped (%s): %s\n", rs_stop_reason_name(stop.reason), stop.detail);
    return exit_status_for(&stop);
}

/* `run --gdb`: serves the client until the guest has finished and nobody is connected.
 * RS_GDB_TRACE in the environment logs every packet on stderr. */
static int serve_gdb(rs_machine *m, const run_options *o)
{
    rs_gdb_config cfg = { .host = o->gdb_host, .port = o->gdb_port, .wait = o->gdb_wait, .max_insns = o->max_insns,
                          .log = stderr, .trace_packets = getenv("RS_GDB_TRACE") != NULL };
    uint64_t timeout_us = (uint64_t)(o->timeout_s * 1e6);
    if (o->timeout_s > 0 && !timeout_us)
        timeout_us = 1;
    rs_gdb_outcome out;
    char msg[256] = "";
    rs_err err = rs_gdb_serve(m, &cfg, timeout_us, &out, msg, sizeof msg);
    fflush(stdout);
    if (err) {
        fprintf(stderr, "ringscope: %s\n", msg);
        return err == RS_ERR_ARG ? RS_EXIT_USAGE : RS_EXIT_HOST_ERROR;
    }
    if (out.killed) {
        fprintf(stderr, "ringscope: the gdb client killed the guest\n");
        return RS_EXIT_GDB_KILLED;
    }
    if (out.timed_out) {
        fprintf(stderr, "ringscope: stopped (timeout): --timeout %g s passed\n", o->timeout_s);
        return RS_EXIT_TIMEOUT;
    }
    if (out.stop.reason != RS_STOP_EXIT)
        fprintf(stderr, "ringscope: stopped (%s): %s\n", rs_stop_reason_name(out.stop.reason), out.stop.detail);
    return exit_status_for(&out.stop);
}

/* --screen FILE: the text screen as the run left it. 0 (and one line) if FILE cannot be written. */
static int write_screen(rs_machine *m, const char *path)
{
    char text[RS_SCREEN_COLS * RS_SCREEN_ROWS * 3 + RS_SCREEN_ROWS + 1];
    rs_machine_screen_text(m, text, sizeof text);
    FILE *f = rs_cli_open_output("run", path, NULL);
    if (!f)
        return 0;
    fputs(text, f);
    return fclose(f) == 0;
}

static int boot_and_run(const run_options *o, rs_image *kernel, rs_image *mods, size_t n_mods, run_outputs *out,
                        const rs_image *input)
{
    int tracing = out->trace.f != NULL;
    rs_machine_config cfg = { .ram_bytes = o->memory_mib << 20, .ips = o->ips, .cpu_model = o->cpu_model, .rtc_set = o->rtc_set, .rtc_epoch = o->rtc_epoch,
                              .serial_input = input ? input->data : NULL, .serial_input_len = input ? input->size : 0,
                              .keys = o->keyboard,
                              .serial_sink = rs_cli_output_sink, .serial_opaque = &out->serial,
                              .debugcon_sink = rs_cli_output_sink, .debugcon_opaque = &out->debugcon,
                              .trace = o->max_insns != 0 || o->explain || tracing };
    rs_machine *m;
    rs_cli_trace listeners = { o->explain ? stderr : NULL, tracing ? &out->trace : NULL };
    rs_err err = rs_machine_create(&cfg, &m);
    if (!err)
        err = rs_cli_trace_attach(m, &listeners);
    if (err) {
        fprintf(stderr, "ringscope: cannot create the machine: %s\n", rs_strerror(err));
        rs_machine_destroy(m);
        return RS_EXIT_HOST_ERROR;
    }
    out->serial.machine = out->debugcon.machine = out->trace.machine = m;
    char msg[256] = "";
    err = rs_machine_boot(m, kernel, mods, n_mods, msg, sizeof msg);
    int status;
    if (err) {
        fprintf(stderr, "ringscope: cannot load %s: %s\n", o->kernel, *msg ? msg : rs_strerror(err));
        status = RS_EXIT_LOAD;
    } else {
        rs_cli_stop_attach(m);
        status = o->gdb ? serve_gdb(m, o) : run_to_end(m, o, out);
        rs_cli_stop_attach(NULL);
        if (o->screen_path && !write_screen(m, o->screen_path) && status != RS_EXIT_HOST_ERROR)
            status = RS_EXIT_USAGE;
    }
    out->serial.machine = out->debugcon.machine = out->trace.machine = NULL;
    rs_machine_destroy(m);
    return status;
}

/* An open interrupted by a signal: the FIFO had no reader before --timeout or Ctrl-C. */
static int open_interrupted(const run_options *o, const char *path)
{
    if (rs_cli_stop_signal()) {
        fprintf(stderr, "ringscope: interrupted (%s) while opening %s\n", signal_name(rs_cli_stop_signal()), path);
        return RS_EXIT_INTERRUPTED;
    }
    fprintf(stderr, "ringscope: stopped (timeout): --timeout %g s passed while opening %s (a FIFO nobody reads?)\n",
            o->timeout_s, path);
    return RS_EXIT_TIMEOUT;
}

static int open_outputs(const run_options *o, run_outputs *out)
{
    struct { rs_cli_output *out; const char *path; FILE *fallback; const char *name; } want[] = {
        { &out->serial, o->serial_path, stdout, "standard output" },
        { &out->debugcon, o->debugcon_path, stderr, "standard error" },
        { &out->trace, o->trace_path, NULL, NULL },
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        if (rs_cli_output_open(want[i].out, "run", want[i].path, want[i].fallback, want[i].name) != 0)
            return errno == EINTR ? open_interrupted(o, want[i].path) : RS_EXIT_USAGE;
    }
    out->trace.cap = o->trace_max;
    return -1;
}

/* Closes every output; a failure is reported in one line and overrides STATUS (a timeout that
 * interrupted a blocked write stays a timeout). */
static int close_outputs(run_outputs *out, int status)
{
    rs_cli_output *all[] = { &out->serial, &out->debugcon, &out->trace };
    int reported = 0;
    for (size_t i = 0; i < 3; i++) {
        if (rs_cli_output_close(all[i]) == 0 || reported)
            continue;
        if (all[i]->err == EINTR && (status == RS_EXIT_TIMEOUT || status == RS_EXIT_INTERRUPTED))
            continue;
        rs_cli_output_report(all[i]);
        reported = 1;
        status = RS_EXIT_HOST_ERROR;
    }
    return status;
}

int rs_cli_run(int argc, char **argv)
{
    run_options o;
    int status = rs_cli_parse_options(argc, argv, "run", RS_OPT_TRACE | RS_OPT_GDB, rs_cli_usage, &o);
    if (status >= 0)
        return status;
    rs_cli_stop_install(o.timeout_s, RS_WATCHDOG_GRACE_S);
    rs_image kernel = { 0 }, mods[MAX_MODULES] = { { 0 } }, input = { 0 };
    if (!rs_cli_serial_input("run", o.serial_in_path, &input))
        return RS_EXIT_USAGE;
    run_outputs out;
    memset(&out, 0, sizeof out);
    status = RS_EXIT_LOAD;
    if (rs_cli_load_images(&o, &kernel, mods)) {
        status = open_outputs(&o, &out);
        if (status < 0)
            status = boot_and_run(&o, &kernel, mods, (size_t)o.n_modules, &out, &input);
    }
    status = close_outputs(&out, status);
    rs_image_free(&input);
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
    rs_cli_stop_install(0, 0);
    rs_image kernel = builtin(&rs_demo_kernel), mods[MAX_MODULES];
    unsigned n = rs_demo_module_count < MAX_MODULES ? rs_demo_module_count : MAX_MODULES;
    for (unsigned i = 0; i < n; i++)
        mods[i] = builtin(&rs_demo_modules[i]);
    run_outputs out;
    memset(&out, 0, sizeof out);
    int status = open_outputs(&o, &out);
    if (status < 0)
        status = boot_and_run(&o, &kernel, mods, n, &out, NULL);
    status = close_outputs(&out, status);
    rs_image_free(&kernel);
    for (unsigned i = 0; i < n; i++)
        rs_image_free(&mods[i]);
    return status;
}
