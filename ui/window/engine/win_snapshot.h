/* What the window draws, as one plain value: the engine thread (win_engine.h) fills a snapshot
 * between slices of the guest and hands it over whole; the drawing code reads only snapshots,
 * never the machine, so it can draw while the guest runs on the other thread.
 *
 * A snapshot is big (the 1 MiB page-attribute array) and lives in the engine's buffers; the UI
 * borrows the newest one from win_engine_acquire until its next call. */
#ifndef RS_WIN_SNAPSHOT_H
#define RS_WIN_SNAPSHOT_H
#include <stdint.h>
#include "debugger.h"
#include "machine.h"
#include "pagemap.h"
#include "regs.h"
#include "win_history.h"
#include "win_serial.h"

#define WIN_EVENTS_KEPT 256      /* the event log pane's memory (newest last) */
#define WIN_CODE_BEFORE 64       /* code bytes before EIP the snapshot carries */
#define WIN_CODE_BYTES 320

typedef enum win_run_mode {
    WIN_PAUSED,
    WIN_RUNNING,       /* until paused, a breakpoint, or (pause on faults) an exception */
    WIN_UNTIL,         /* until the next event of the kinds in until_mask */
    WIN_FINISHED,      /* the guest stopped for good (exit, halt, triple fault...) */
} win_run_mode;

/* Speeds, in instructions per 1/60 s; the last one is full speed. */
#define WIN_SPEEDS 8
#define WIN_SPEED_FULL (WIN_SPEEDS - 1)
#define WIN_SPEED_DEFAULT 3
extern const uint64_t win_speed_insns[WIN_SPEEDS];
const char *win_speed_name(int speed);    /* "60 insn/s", ..., "full speed" */

typedef struct win_status {
    win_run_mode mode;
    uint32_t until_mask;       /* 1u << rs_event_kind, for WIN_UNTIL */
    int speed;                 /* 0 .. WIN_SPEED_FULL */
    int pause_on_fault;
    rs_stop last_stop;         /* of the last slice that stopped for a reason worth telling */
    int have_stop;
    uint64_t fault_stop_seq;   /* the exception the engine paused on (0: none yet) + 1 */
    char message[200];         /* what the engine did last, for the status line */
    uint64_t generation;       /* bumps on every reset */
    int booted;                /* 0: the machine could not be (re)created: message says why */
    uint64_t commands_done;    /* commands applied so far (see win_engine_posted) */
    int show_changes;          /* the last command was a step or a run-until that stopped: the
                                * registers it changed are worth highlighting */
    int gdb_state;             /* --gdb: the stub's rs_gdb_state (gdb_stub.h); -1: no stub */
    uint64_t gdb_stops;        /* times gdb ran the CPU and stopped it (win_gdb.c) */
} win_status;

/* Bytes around EIP, for the disassembly pane. */
typedef struct win_code {
    uint32_t start;            /* linear address of bytes[0] */
    uint32_t len;              /* how many could be read */
    uint8_t bytes[WIN_CODE_BYTES];
    int code32;
} win_code;

/* One linear address walked for the hover text (rs_mmu_inspect: a read at CPL 3, which
 * decodes every level and says whether user code may touch it). */
typedef struct win_inspect {
    int valid;
    uint32_t linear;
    rs_mmu_inspection in;
} win_inspect;

typedef struct win_snapshot {
    uint64_t serial;           /* bumps with every snapshot published */
    uint64_t clock_ms;         /* the engine's clock when it was taken */
    win_status status;
    uint64_t icount;
    double guest_mips;         /* recent guest speed */
    rs_regs regs, regs_before; /* now, and as the last command began */
    rs_paging paging;
    uint64_t sym_spaces;       /* the symbol sources this address space maps (symbols.h) */
    win_code code;
    uint32_t breakpoints[RS_DBG_MAX_BREAKPOINTS];
    int n_breakpoints;
    win_inspect hover;         /* the address the UI last asked about */
    rs_event events[WIN_EVENTS_KEPT];
    int n_events;
    uint64_t events_total;     /* events ever logged */
    win_history history;
    win_console_text console;
    uint8_t attrs[RS_PAGEMAP_PAGES];
} win_snapshot;

#endif
