/* `ringscope debug`: the terminal debugger's state, shared by its files.
 *
 *   debug_main.c      options, machine set-up, the read-run loop
 *   debug_commands.c  the command table, dispatch, help
 *   debug_parse.c     numbers, addresses, event kinds; error lines
 *   debug_run.c       step, next, continue, until; break, delete, watch, unwatch, info
 *   debug_regs.c      `regs`: registers with what the last command changed
 *   debug_memory.c    `x`, `disas`, `pagewalk`, `map`, and the "=> next instruction" line
 *   debug_events.c    `events`, `explain`, and the report after each run (events, stop reason)
 *   debug_output.c    the guest's COM1 output, put between the events in the order it happened
 *
 * All output goes to stdout (the guest's COM1 too, unless --serial), in the order it happens.
 * Errors are one line starting "error: "; nothing the user types ends the session except quit
 * and the end of input. */
#ifndef RS_DEBUG_SESSION_H
#define RS_DEBUG_SESSION_H
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include "debugger.h"
#include "disasm.h"
#include "machine.h"

typedef struct dbg_session {
    rs_machine *m;            /* owned by debug_main.c */
    rs_dbg *d;
    rs_disasm *dis;           /* Intel syntax */
    uint64_t seen_seq;        /* events with a lower seq were already shown */
    int finished;             /* the guest stopped for good (exit, halt, triple fault...) */
    rs_stop last_stop;        /* of the last command that ran the guest */
    uint64_t icount_before;   /* rs_machine_icount as that command began */
    uint64_t max_insns;       /* --max-insns, 0: none */
    uint32_t watches[RS_DBG_MAX_WATCHES];   /* page addresses, in the order added */
    int n_watches;
    FILE *serial;             /* COM1 output: stdout, or the --serial file */
    int serial_on_stdout;     /* COM1 shares stdout with the debugger */
    int stdout_tty;
    int guest_midline;        /* the guest's output on stdout does not end with a newline */
    /* COM1 output held back during a run (debug_output.c) */
    uint8_t *held;
    uint64_t *held_seq;       /* for each held byte: the seq of the next event then */
    size_t held_len, held_done;
    int live;                 /* this run writes COM1 output at once */
    uint64_t run_start_us;
    int quit;
} dbg_session;

/* Set by the SIGINT handler while the guest runs (debug_run.c); a listener (debug_main.c)
 * stops the run at the next event. */
extern volatile sig_atomic_t dbg_interrupted;

/* ---- debug_commands.c ---- */

/* Runs one command line. An empty line repeats LAST_LINE for the commands that repeat (the
 * buffer is kept by the caller). Returns 1 if the line was a valid command worth repeating. */
int dbg_execute(dbg_session *s, const char *line, const char *last_line);
/* The command summary for `help` and `ringscope debug --help`. */
void dbg_print_command_list(FILE *out);

/* ---- debug_parse.c ---- */

/* Parsing numbers and addresses: "0x" hex or decimal. An address may also be a register
 * ($eax ... $edi, $esp, $ebp, $eip) or a symbol (kmain, hello.elf:main) with an optional +N or -N. Return 1 on success, else print
 * one error line and return 0. */
int dbg_parse_number(const char *text, uint64_t max, const char *what, uint64_t *out);
int dbg_parse_address(dbg_session *s, const char *text, uint32_t *out);
int dbg_parse_count(const char *text, uint64_t max, uint64_t *out);      /* 1 .. MAX */
/* An event kind a user may name (rs_event_kind_from_name, less breakpoint/limit/stop), or -1
 * after an error line. */
int dbg_parse_kind(const char *word);
#define DBG_KIND_WORDS "cpl, syscall, sysret, fault (= exception), interrupt, cr3 (= cr), io, halt, exit"

/* "error: ...", one line on stdout (the transcript keeps it in order with everything else). */
void dbg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- debug_run.c: command handlers (ARGV holds ARGC arguments, FMT the /FORMAT or NULL) ---- */
#define DBG_HANDLER(name) void name(dbg_session *s, int argc, char **argv, const char *fmt)
DBG_HANDLER(dbg_cmd_step);
DBG_HANDLER(dbg_cmd_next);
DBG_HANDLER(dbg_cmd_continue);
DBG_HANDLER(dbg_cmd_until);
DBG_HANDLER(dbg_cmd_break);
DBG_HANDLER(dbg_cmd_delete);
DBG_HANDLER(dbg_cmd_watch);
DBG_HANDLER(dbg_cmd_unwatch);
DBG_HANDLER(dbg_cmd_info);

/* ---- debug_regs.c ---- */
void dbg_cmd_regs_print(dbg_session *s);

/* ---- debug_memory.c ---- */

/* The instruction at LINEAR as one line: "0x08048024  a1 00 00 00 c0  mov eax, ...", after
 * MARK ("=> " for the report; in listings four columns: 'b' for a breakpoint, then "=> " at
 * EIP). Returns its length, 0 if unreadable or undecodable (a line saying so is printed). */
uint32_t dbg_print_insn(dbg_session *s, const char *mark, uint32_t linear);
/* The "=> " line for the current CS:EIP. */
void dbg_print_next_insn(dbg_session *s);
void dbg_dump_memory(dbg_session *s, uint32_t addr, uint32_t count, char format);
void dbg_disassemble(dbg_session *s, uint32_t addr, uint32_t count, int around_eip);
void dbg_pagewalk(dbg_session *s, uint32_t linear);
void dbg_print_map(dbg_session *s);
int dbg_is_breakpoint(dbg_session *s, uint32_t linear);
uint32_t dbg_current_linear(dbg_session *s);

/* ---- debug_output.c: the guest's COM1 output between the debugger's lines ---- */
void dbg_output_begin_run(dbg_session *s);
void dbg_output_guest_byte(dbg_session *s, uint8_t byte);      /* the COM1 sink */
void dbg_output_guest_upto(dbg_session *s, uint64_t seq);      /* held bytes from before event SEQ */
void dbg_output_end_guest_line(dbg_session *s);                /* a newline if the guest left one open */
void dbg_output_free(dbg_session *s);

/* ---- debug_events.c ---- */

/* After a command that ran the guest: the events it caused, why it stopped, the next
 * instruction. ERR is what the rs_dbg_* call returned. */
void dbg_report_run(dbg_session *s, rs_err err, const rs_stop *stop);
void dbg_print_events(dbg_session *s, uint64_t n, int kind);   /* kind -1: every kind */
void dbg_explain_last_exception(dbg_session *s);

#endif
