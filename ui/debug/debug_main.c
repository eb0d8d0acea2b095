/* `ringscope debug [options] KERNEL`: boots the kernel, stops before its first instruction, and
 * reads commands (debug_commands.c) until quit or the end of input. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "cli_options.h"
#include "debug_session.h"
#include "lineedit.h"

#define PROMPT "(rs) "

static void usage(FILE *out)
{
    fputs(
"usage: ringscope debug [options] KERNEL\n"
"\n"
"Boots the Multiboot KERNEL and stops before its first instruction; then reads debugger\n"
"commands, gdb-like, one a line. On a terminal lines are edited with the arrow keys and\n"
"Ctrl-A/E/K/U/W, Up/Down walk the history, Ctrl-C abandons the line, Ctrl-D on an empty line\n"
"quits. From a pipe or a file, commands are read plainly and echoed after the prompt, so\n"
"`printf 'step\\nregs\\n' | ringscope debug K` prints a readable transcript. While the guest\n"
"runs, Ctrl-C stops it at its next event (a second Ctrl-C ends ringscope).\n"
"\n"
"options:\n"
"  --module 'FILE [ARGS]'  load FILE as a Multiboot module; its command line is the whole\n"
"                          string, as QEMU's -initrd gives it (repeatable, in order)\n"
"  --initrd FILE|DIR       the initrd of a Linux kernel (a bzImage; a DIR is packed as a cpio\n"
"                          initramfs), or one more Multiboot module named FILE\n"
"  --append ARGS           kernel command line arguments (QEMU's -append; a Linux kernel\n"
"                          gets ARGS alone, a Multiboot kernel \"KERNEL ARGS\")\n"
"  --serial FILE           write COM1 output to FILE (default: standard output, between the\n"
"                          debugger's lines)\n"
"  --debugcon FILE         write port 0xE9 output to FILE (default: standard error)\n"
"  --memory MIB            guest RAM in MiB (default 128, 2 to 3072)\n"
"  --max-insns N           no command runs the guest past instruction N\n"
"  --timeout SECONDS       each command that runs the guest stops after this much time\n"
"  --ips N                 virtual instructions per second, for the timer and RDTSC (default 100000000)\n"
"  --rtc DATE              the RTC's start (YYYY-MM-DDTHH:MM:SS; default 2026-01-01T00:00:00)\n"
"  --cpu MODEL             the CPU model CPUID describes (default pentium2; --cpu list)\n"
"  -h, --help              this text\n"
"\n"
"commands:\n", out);
    dbg_print_command_list(out);
    fputs(
"ADDR: a linear address, 0x hex or decimal, or a register ($eip, $esp+8). N: 0x hex or\n"
"decimal (the count in x/FMT is decimal, as in gdb). KIND (until, events): cpl, syscall,\n"
"sysret, fault (= exception), interrupt, cr3 (= cr), io, halt, exit.\n"
"An empty line repeats the last step, next, continue, until, x, disas, events, regs or\n"
"map; a line that starts with # is a comment. After each command that runs the guest:\n"
"the events it caused (as --explain prints them) with the guest's output between them,\n"
"why it stopped, and the next instruction (=> ...). 'help COMMAND' in the debugger tells\n"
"more.\n"
"\n"
"exit status: 0 after quit or the end of input; 2 bad command line; 4 kernel or module not\n"
"loadable; 16 emulator or host error\n", out);
}

static void serial_sink(void *opaque, uint8_t byte) { dbg_output_guest_byte(opaque, byte); }

static void file_sink(void *opaque, uint8_t byte) { fputc(byte, (FILE *)opaque); }

static int interrupt_listener(void *opaque, const rs_event *ev)
{
    (void)opaque, (void)ev;
    return dbg_interrupted != 0;
}

static void print_banner(dbg_session *s, const run_options *o)
{
    printf("ringscope debug: %s", o->kernel);
    for (int i = 0; i < o->n_modules; i++)
        printf("%s%s", i ? ", " : " with ", o->modules[i]);
    printf(" (%llu MiB RAM)\n", (unsigned long long)o->memory_mib);
    printf("stopped at the kernel's entry (icount 0, CPL %d); 'help' lists the commands\n",
           rs_dbg_regs_now(s->d)->cpl);
    dbg_print_next_insn(s);
}

static void command_loop(dbg_session *s)
{
    rs_lineedit *le = rs_lineedit_create(0);
    if (!le) {
        dbg_error("out of memory");
        return;
    }
    char last[1024] = "";
    while (!s->quit) {
        const char *line = rs_lineedit_read(le, PROMPT);
        if (!line)
            break;
        rs_lineedit_history_add(le, line);
        char first = line[strspn(line, " \t")];
        if (first == '#')
            continue;          /* a comment, as in gdb scripts: changes nothing */
        int blank = first == '\0';
        int repeats = dbg_execute(s, line, last);
        if (!blank)
            snprintf(last, sizeof last, "%s", repeats ? line : "");
        else if (!repeats)
            last[0] = '\0';
        fflush(stdout);
    }
    rs_lineedit_destroy(le);
}

/* Creates, boots and debugs; returns the exit status. */
static int debug_images(const run_options *o, rs_image *kernel, rs_image *mods, FILE *serial, FILE *debugcon)
{
    dbg_session s = { .serial = serial, .serial_on_stdout = serial == stdout, .stdout_tty = isatty(STDOUT_FILENO) };
    rs_machine_config cfg = { .ram_bytes = o->memory_mib << 20, .ips = o->ips, .cpu_model = o->cpu_model, .rtc_set = o->rtc_set, .rtc_epoch = o->rtc_epoch, .serial_sink = serial_sink, .serial_opaque = &s,
                              .debugcon_sink = file_sink, .debugcon_opaque = debugcon, .trace = 1 };
    rs_err err = rs_machine_create(&cfg, &s.m);
    if (!err)
        err = rs_machine_add_listener(s.m, interrupt_listener, &s);
    if (err) {
        fprintf(stderr, "ringscope debug: cannot create the machine: %s\n", rs_strerror(err));
        rs_machine_destroy(s.m);
        return RS_EXIT_HOST_ERROR;
    }
    char msg[256] = "";
    err = rs_machine_boot(s.m, kernel, mods, (size_t)o->n_modules, msg, sizeof msg);
    if (err) {
        fprintf(stderr, "ringscope debug: cannot load %s: %s\n", o->kernel, *msg ? msg : rs_strerror(err));
        rs_machine_destroy(s.m);
        return RS_EXIT_LOAD;
    }
    int status = RS_EXIT_HOST_ERROR;
    if ((err = rs_dbg_create(s.m, &s.d)) != RS_OK) {
        fprintf(stderr, "ringscope debug: cannot start the debugger: %s\n", rs_strerror(err));
    } else if (rs_disasm_create(&s.dis) != RS_OK) {
        fprintf(stderr, "ringscope debug: cannot open the disassembler (Capstone)\n");
    } else {
        rs_run_limits limits = { .max_insns = o->max_insns, .timeout_us = (uint64_t)(o->timeout_s * 1e6) };
        if (o->timeout_s > 0 && !limits.timeout_us)
            limits.timeout_us = 1;
        rs_dbg_set_limits(s.d, &limits);
        s.max_insns = o->max_insns;
        s.seen_seq = rs_machine_event_log(s.m)->next_seq;
        print_banner(&s, o);
        command_loop(&s);
        status = 0;
    }
    fflush(stdout);
    rs_disasm_destroy(s.dis);
    rs_dbg_destroy(s.d);
    rs_machine_destroy(s.m);
    dbg_output_free(&s);
    return status;
}

int rs_cli_debug(int argc, char **argv)
{
    run_options o;
    int status = rs_cli_parse_options(argc, argv, "debug", 0, usage, &o);
    if (status >= 0)
        return status;
    rs_image kernel = { 0 }, mods[MAX_MODULES] = { { 0 } };
    FILE *serial = NULL, *debugcon = NULL;
    status = RS_EXIT_LOAD;
    if (rs_cli_load_images(&o, &kernel, mods)) {
        serial = rs_cli_open_output("debug", o.serial_path, stdout);
        debugcon = rs_cli_open_output("debug", o.debugcon_path, stderr);
        status = serial && debugcon ? debug_images(&o, &kernel, mods, serial, debugcon) : RS_EXIT_USAGE;
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
