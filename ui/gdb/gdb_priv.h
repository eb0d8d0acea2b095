/* The gdb stub's state, shared by its files (see gdb_stub.h for the map). */
#ifndef RS_GDB_PRIV_H
#define RS_GDB_PRIV_H
#include <stdint.h>
#include "debugger.h"
#include "gdb_conn.h"
#include "gdb_packet.h"
#include "gdb_stub.h"
#include "gdb_tdesc.h"

#define GDB_MAX_WATCHPOINTS 8
#define GDB_WATCH_MAX_LEN 256           /* bytes one Z2/Z3/Z4 may watch */
#define GDB_MONITOR_MAX_US 60000000u    /* `monitor until` gives up after a minute */
#define GDB_KEEPALIVE_US 1000000u       /* an empty O packet this often keeps gdb waiting */
#define GDB_REPLY_MAX GDB_PACKET_MAX

typedef struct gdb_breakpoint {
    uint32_t addr;
    uint8_t sw, hw;        /* set by Z0 / Z1 */
    uint8_t foreign;       /* the core had it before gdb (the window's): never removed by gdb */
} gdb_breakpoint;

typedef struct gdb_watchpoint {
    uint32_t addr, len;
    int type;              /* 2 write, 3 read, 4 access (the Z type) */
    uint8_t old[GDB_WATCH_MAX_LEN];   /* the bytes when the run began, to see a change */
    uint32_t old_len;      /* how many of them were readable */
} gdb_watchpoint;

/* A page the core watches for gdb's watchpoints (several may share one). */
typedef struct gdb_page {
    uint32_t page;
    int refs;
} gdb_page;

struct rs_gdb {
    rs_gdb_config cfg;
    char host[64];
    gdb_conn conn;
    gdb_rx rx;
    rs_machine *m;                      /* borrowed */
    rs_dbg *d;                          /* borrowed */
    rs_gdb_state state;
    int no_ack;                         /* QStartNoAckMode */
    int awaiting_ack;                   /* the last packet sent has not been acknowledged */
    /* the run the client asked for */
    char resume;                        /* 's' or 'c' */
    uint64_t resume_icount;
    int interrupted;                    /* 0x03 arrived while running */
    int finished, killed;
    rs_stop final_stop;
    char last_stop_reply[96];           /* for '?' */
    /* gdb's breakpoints and watchpoints */
    gdb_breakpoint bps[RS_DBG_MAX_BREAKPOINTS];
    int n_bps;
    gdb_watchpoint wps[GDB_MAX_WATCHPOINTS];
    int n_wps;
    gdb_page pages[RS_DBG_MAX_WATCHES];
    int n_pages;
    /* buffers */
    char tdesc[GDB_TDESC_MAX];
    size_t tdesc_len;
    char reply[GDB_REPLY_MAX + 1];
    char frame[GDB_REPLY_MAX + 8];      /* the last packet sent, framed, for a NAK */
    size_t frame_len;
};

/* ---- gdb_stub.c ---- */
void gdb_send(rs_gdb *g, const char *payload, size_t len);
void gdb_send_str(rs_gdb *g, const char *payload);
/* Console output for the user: O packets, hex-encoded, in pieces. */
void gdb_send_console(rs_gdb *g, const char *text, size_t len);
/* Reads what the client sent (at most 64 KiB a call), without waiting; 0x03 sets g->interrupted,
 * packets are handled (while running, only 0x03 is expected: packets are dropped). Returns 0 if
 * the client left. */
int gdb_pump_input(rs_gdb *g);
/* The client went away (detached when DETACHED): gdb's breakpoints go, the CPU is freed or held. */
void gdb_client_gone(rs_gdb *g, int detached, const char *why);

/* ---- gdb_commands.c ---- */
void gdb_handle_packet(rs_gdb *g, const char *p, size_t len);

/* ---- gdb_break.c ---- */
void gdb_handle_z(rs_gdb *g, const char *p);
void gdb_break_clear_all(rs_gdb *g);      /* removes every gdb breakpoint and watch from the core */
int gdb_break_is_ours(const rs_gdb *g, uint32_t linear, int *hw);
/* Before a run: remember the watched bytes. */
void gdb_watch_snapshot(rs_gdb *g);
/* After a stop at a watched page (EV: the breakpoint event): which watchpoint fired, as the stop
 * reply's "watch:ADDR;" (rwatch, awatch) in OUT; 0 when none of gdb's did. */
int gdb_watch_match(rs_gdb *g, const rs_event *ev, char *out, size_t out_len);

/* ---- gdb_run.c ---- */
void gdb_resume(rs_gdb *g, char action);         /* 'c' or 's' */
void gdb_run_slice(rs_gdb *g);                   /* one slice of the resumed run */
void gdb_reply_stop_status(rs_gdb *g);           /* '?' */
/* The W or X reply for a final stop. */
void gdb_final_reply(const rs_stop *stop, char *out, size_t len);

/* ---- gdb_monitor.c ---- */
void gdb_monitor(rs_gdb *g, const char *line);

#endif
