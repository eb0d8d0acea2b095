/* The engine: the guest's own thread. It owns the machine and its debugger, runs the guest in
 * bounded slices, applies the UI's commands between slices (never during one), keeps the recent
 * past (win_history.h) and COM1 (win_serial.h), and publishes snapshots (win_snapshot.h) for the
 * UI to draw. The UI never touches the machine: it posts commands and reads snapshots, so it stays
 * responsive while the guest runs at full speed on the other core.
 *
 * Snapshots are triple-buffered: the engine fills one, the newest published one waits in the
 * middle, and the UI reads a third; publishing and acquiring swap pointers under a mutex.
 *
 * Without win_engine_start the engine runs on the caller's thread (headless screenshots, tests):
 * win_engine_tick does one round of commands, a slice and a publish.
 *
 * Ownership: the engine borrows the images in its win_guest (they must outlive it) and owns
 * everything else; win_engine_destroy stops the thread and frees it all. */
#ifndef RS_WIN_ENGINE_H
#define RS_WIN_ENGINE_H
#include <stddef.h>
#include <stdint.h>
#include "gdb_stub.h"
#include "machine.h"
#include "win_snapshot.h"
#include "symbols.h"

typedef struct win_engine win_engine;

typedef struct win_guest {
    const rs_image *kernel;        /* borrowed */
    const rs_image *modules;       /* borrowed, n_modules of them */
    size_t n_modules;
    uint64_t ram_bytes;            /* 0: the default */
    uint64_t ips;                  /* virtual time: instructions per second (0: the default) */
    int cpu_model;                 /* cpu_model.h (0: the default) */
    int rtc_set;                   /* the RTC starts at rtc_epoch (rtc_date.h) */
    int64_t rtc_epoch;
    rs_byte_sink serial_tee;       /* COM1 also goes here (--serial FILE); NULL: only the pane */
    void *serial_tee_opaque;
    rs_byte_sink debugcon_sink;    /* port 0xE9; NULL drops it (called on the engine thread) */
    void *debugcon_opaque;
    uint64_t max_insns;            /* --max-insns: no command runs past it (0: none) */
    int speed;                     /* initial speed, 0 .. WIN_SPEED_FULL */
    int running;                   /* start running (else paused at the entry) */
    int virtual_clock;             /* headless: time advances with the guest, not the wall */
} win_guest;

typedef enum win_cmd_kind {
    WIN_CMD_RUN,
    WIN_CMD_PAUSE,
    WIN_CMD_TOGGLE_RUN,
    WIN_CMD_STEP,                  /* one instruction */
    WIN_CMD_NEXT,                  /* over a CALL or INT n (a whole system call) */
    WIN_CMD_UNTIL,                 /* arg: kind mask, 1u << rs_event_kind */
    WIN_CMD_BREAK_TOGGLE,          /* arg: linear address */
    WIN_CMD_RESET,                 /* a new machine, booted again; breakpoints stay */
    WIN_CMD_SPEED,                 /* arg: the speed index */
    WIN_CMD_SPEED_UP,
    WIN_CMD_SPEED_DOWN,
    WIN_CMD_PAUSE_ON_FAULT,        /* toggles */
} win_cmd_kind;

typedef struct win_cmd {
    win_cmd_kind kind;
    uint64_t arg;
} win_cmd;

/* Creates and boots. Fails: the machine's errors (rs_machine_create, rs_machine_boot with MSG
 * filled), RS_ERR_NOMEM. */
rs_err win_engine_create(const win_guest *g, win_engine **out, char *msg, size_t msg_len);
void win_engine_destroy(win_engine *e);     /* accepts NULL */

/* The window closed while a gdb client is connected: stop the engine thread and go on serving gdb
 * headless on the same machine until the client detaches and the guest finishes, or kills it
 * (closing one does not end the other). Returns 0 when there was no client (OUT untouched). */
int win_engine_hand_gdb_over(win_engine *e, const rs_gdb_config *cfg, rs_gdb_outcome *out);

/* --gdb: serves gdb's remote protocol for this engine's machine (gdb_stub.h), before
 * win_engine_start. The engine polls the stub between its slices and runs the guest itself only
 * while no client holds the CPU; a reset carries the client over to the new machine; the window's
 * pause stops gdb's run (gdb sees SIGINT). CFG is copied (slice_us 0: the window's slice).
 * Fails: as rs_gdb_create (RS_ERR_ARG: the address cannot be bound), with MSG filled. */
rs_err win_engine_serve_gdb(win_engine *e, const rs_gdb_config *cfg, char *msg, size_t msg_len);

/* Moves the guest to its own thread. Fails: RS_ERR_NOMEM (no thread). */
rs_err win_engine_start(win_engine *e);

/* From any thread. Commands are applied in order; at most 64 wait (more are dropped). */
void win_engine_post(win_engine *e, win_cmd cmd);
uint64_t win_engine_posted(win_engine *e);  /* commands accepted so far */
/* The address the hover text is about (VALID 0: none); the next snapshot carries its walk. */
void win_engine_set_hover(win_engine *e, int valid, uint32_t linear);

/* The symbols of the guest's images (symbols.h), read once at creation and never changed, so the
 * UI thread may read them at any time; the snapshot's sym_spaces says which count in its address
 * space. Owned by the engine (NULL if host memory ran out). */
const rs_symtab *win_engine_symbols(const win_engine *e);

/* The newest published snapshot, borrowed until the next call (NULL before the first). */
const win_snapshot *win_engine_acquire(win_engine *e);

/* A monotonic clock in microseconds. */
uint64_t win_engine_wall_us(void);

/* The engine's clock in ms: the wall clock, or the virtual one (win_guest.virtual_clock). */
uint64_t win_engine_now_ms(win_engine *e);

/* ---- On the caller's thread only (never after win_engine_start). ---- */

/* Applies the posted commands, runs one slice if the guest is running, and publishes. */
void win_engine_tick(win_engine *e);

/* Runs the guest at full speed until STOP_KIND's Nth event (kind >= 0), icount N (kind -1,
 * n > 0) or the end (kind -1, n 0), within TIMEOUT_US; then publishes. Returns 1 when the point
 * was reached (WHAT says which moment it is), 0 when the guest stopped first (WHAT says why). */
int win_engine_run_to(win_engine *e, int stop_kind, uint64_t n, uint64_t timeout_us, char *what, size_t len);

/* The guest alone at full speed for SECONDS (no snapshots): its speed in million instructions per
 * second, the baseline the window's --bench compares with. */
double win_engine_bench(win_engine *e, double seconds);

#endif
