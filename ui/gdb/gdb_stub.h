/* The gdb stub: the GDB Remote Serial Protocol over TCP, so that gdb drives a ringscope machine
 * as it drives QEMU's `-s -S`, and front ends keep showing the machine while it does.
 *
 *   gdb_packet.c   framing, checksums, encodings (no machine: fuzzed by tests/fuzz)
 *   gdb_conn.c     the listening socket and the one client
 *   gdb_stub.c     this API: the connection's life, the packet loop, sending replies
 *   gdb_commands.c the packets: queries, registers, memory, detach and kill
 *   gdb_break.c    Z0/Z1 breakpoints and Z2/Z3/Z4 watchpoints on the debugger core
 *   gdb_run.c      c, s and vCont in time slices; Ctrl-C; stop replies
 *   gdb_monitor.c  `monitor pagewalk|map|events|until|explain|phys|help`
 *   gdb_regs.c, gdb_tdesc.c   the registers and the target description
 *   gdb_headless.c `ringscope run --gdb`: a loop around rs_gdb_poll
 *
 * How the CPU is shared: everything happens on the thread that owns the machine, inside
 * rs_gdb_poll, which the owner calls between its own slices (the headless loop, or the window's
 * engine). When the client resumes the CPU (c, s, vCont), each rs_gdb_poll runs one time slice
 * of cfg.slice_us (rs_run_limits.slice = 1, so slices leave no events) and then looks at the
 * socket: a Ctrl-C (0x03) from gdb ends the run at that slice boundary with a T02 stop reply.
 * While a client holds the CPU the owner must not run the guest itself.
 *
 * Connections: one client at a time; another is refused with a reply its gdb prints. When the
 * client detaches (D) the stub lets go of the CPU (RS_GDB_FREE: the owner runs the guest on); when
 * it disappears without detaching (a crash, a dropped connection, mid-packet or mid-run) the CPU
 * stays stopped and waits for the next client (RS_GDB_WAITING). gdb's breakpoints and watchpoints
 * are removed from the machine in both cases. A client that connects stops the CPU where it is.
 *
 * Ownership: the machine and the debugger are borrowed (rs_gdb_attach) and must outlive the stub
 * or be replaced first; the stub owns its sockets and buffers; rs_gdb_destroy frees them.
 * Not thread-safe: one thread, the machine's. */
#ifndef RS_GDB_STUB_H
#define RS_GDB_STUB_H
#include <stdint.h>
#include <stdio.h>
#include "debugger.h"
#include "machine.h"

typedef struct rs_gdb rs_gdb;

#define RS_GDB_DEFAULT_SLICE_US 20000u     /* Ctrl-C answers within about this */

typedef struct rs_gdb_config {
    const char *host;       /* IPv4 address to listen on; NULL: 127.0.0.1 (copied) */
    unsigned port;          /* 0: any free port (rs_gdb_address says which) */
    int wait;               /* 1: the CPU waits for the first client (--gdb-wait) */
    uint64_t slice_us;      /* the guest runs this long between looks at the socket (0: default) */
    uint64_t max_insns;     /* no run goes past this instruction count (0: none) */
    FILE *log;              /* connection notices, one line each ("ringscope: gdb: ..."); NULL: none */
    int trace_packets;      /* also log every packet received and sent */
} rs_gdb_config;

typedef enum rs_gdb_state {
    RS_GDB_FREE,            /* no client, nobody holds the CPU: the owner may run the guest */
    RS_GDB_WAITING,         /* no client, but the CPU waits for one (--gdb-wait, a lost client) */
    RS_GDB_STOPPED,         /* a client holds the CPU stopped */
    RS_GDB_RUNNING,         /* a client resumed the CPU: rs_gdb_poll runs it in slices */
} rs_gdb_state;

/* Listens (cfg->host, cfg->port) for the client of machine M with debugger D (booted, borrowed).
 * Fails: RS_ERR_ARG with MSG filled (the address cannot be bound), RS_ERR_NOMEM. */
rs_err rs_gdb_create(const rs_gdb_config *cfg, rs_machine *m, rs_dbg *d, rs_gdb **out, char *msg,
                     size_t msg_len);
void rs_gdb_destroy(rs_gdb *g);            /* accepts NULL; drops the client */

/* The address listened on, "127.0.0.1:1234" (with the system's choice for port 0). */
const char *rs_gdb_address(const rs_gdb *g);

/* Switches to another machine (the owner built a new one, e.g. a reset); a client stays
 * connected. gdb's breakpoints are not carried over. */
void rs_gdb_attach(rs_gdb *g, rs_machine *m, rs_dbg *d);

/* Does what is due: accepts a client, answers its packets, and if the client resumed the CPU
 * runs one slice and sends the stop reply when the run ends. Waits up to TIMEOUT_MS for the
 * socket when there is nothing to run. Returns the state after. Cannot fail: socket errors drop
 * the client, bad packets get error replies. */
rs_gdb_state rs_gdb_poll(rs_gdb *g, int timeout_ms);

/* The owner wants the CPU back while the client runs it (the window's pause): the run ends at
 * the next slice boundary with T02, as if gdb's user had pressed Ctrl-C. Nothing otherwise. */
void rs_gdb_request_stop(rs_gdb *g);

/* The owner ran the guest (while RS_GDB_FREE) to a stop it cannot go on from (exit, halt, triple
 * fault...): a client that connects later learns it from its first stop reply (W or X). */
void rs_gdb_guest_finished(rs_gdb *g, const rs_stop *stop);

/* 1 when the guest finished (*STOP, if not NULL, gets the final stop), else 0. */
int rs_gdb_finished(const rs_gdb *g, rs_stop *stop);

/* 1 after a client asked to kill the target (k, vKill): the owner should end the session. */
int rs_gdb_killed(const rs_gdb *g);

/* ---- `ringscope run --gdb` (gdb_headless.c) ---- */

typedef struct rs_gdb_outcome {
    int killed;             /* the client killed the target */
    int timed_out;          /* the time limit passed */
    rs_stop stop;           /* otherwise: the stop the guest ended with */
} rs_gdb_outcome;

/* Serves gdb for booted machine M until the guest has finished and no client is connected, a
 * client kills it, or TIMEOUT_US of wall-clock time (0: no limit) have passed. With
 * no client and nobody holding the CPU, the guest runs on its own (cfg->wait: not before the first
 * client). The listening address is logged on cfg->log before anything runs. Fails: as
 * rs_gdb_create and rs_dbg_create, with MSG filled. */
rs_err rs_gdb_serve(rs_machine *m, const rs_gdb_config *cfg, uint64_t timeout_us, rs_gdb_outcome *out,
                    char *msg, size_t msg_len);

/* The same loop on a stub that already exists (G serving machine M through debugger D): the window
 * hands its stub over when it closes, so gdb keeps its session. */
void rs_gdb_serve_on(rs_gdb *g, rs_dbg *d, const rs_gdb_config *cfg, uint64_t timeout_us, rs_gdb_outcome *out);

/* 1 while a client is connected. */
int rs_gdb_connected(const rs_gdb *g);

#endif
