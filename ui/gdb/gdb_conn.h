/* The gdb stub's TCP side: one listening socket and at most one client. A second client is
 * accepted only to be told so: its first packet gets the reply "E.ringscope: another gdb client
 * is connected", which its gdb prints, and the connection is closed (after at most
 * GDB_REFUSE_MS). No machine here, and no packet knowledge beyond that refusal.
 *
 * Sockets are the caller's through gdb_conn; gdb_conn_close frees them. Writes wait at most
 * GDB_SEND_TIMEOUT_MS for a client that does not read, then drop it. SIGPIPE is never raised. */
#ifndef RS_GDB_CONN_H
#define RS_GDB_CONN_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define GDB_SEND_TIMEOUT_MS 5000
#define GDB_REFUSE_MS 2000
#define GDB_MAX_REFUSING 4

typedef struct gdb_refusal {
    int fd;                 /* -1: unused */
    int replied;            /* the E. reply went out; waiting for the client to hang up */
    uint64_t until_ms;      /* closed then in any case */
} gdb_refusal;

typedef struct gdb_conn {
    int listen_fd;          /* -1 when closed */
    int client_fd;          /* -1: no client */
    uint16_t port;          /* the bound port (the one the system picked for port 0) */
    char address[64];       /* "127.0.0.1:1234" */
    char peer[64];          /* the client's address, "" without one */
    FILE *log;              /* connection notices, NULL: none */
    gdb_refusal refusing[GDB_MAX_REFUSING];
} gdb_conn;

/* Binds HOST (an IPv4 address, NULL: 127.0.0.1) and PORT (0: any free port) and listens.
 * Returns 1, or 0 with MSG filled ("cannot listen on 127.0.0.1:1234: Address already in use"). */
int gdb_conn_listen(gdb_conn *c, const char *host, unsigned port, FILE *log, char *msg, size_t msg_len);
void gdb_conn_close(gdb_conn *c);

typedef enum gdb_conn_event {
    GDB_CONN_NOTHING,       /* the time ran out */
    GDB_CONN_CONNECTED,     /* a client connected (there was none) */
    GDB_CONN_INPUT,         /* the client sent something, or hung up: call gdb_conn_recv */
} gdb_conn_event;

/* Waits up to TIMEOUT_MS (0: just looks) for a connection or client input. A client arriving
 * while one is connected is refused here (and logged); the wait goes on. */
gdb_conn_event gdb_conn_wait(gdb_conn *c, int timeout_ms);

/* Reads what the client sent, without waiting. Returns the number of bytes (> 0), 0 when there is
 * nothing yet, -1 when the client hung up or failed (the connection is then closed). */
long gdb_conn_recv(gdb_conn *c, uint8_t *buf, size_t max);

/* Sends all of DATA. Returns 1, or 0 when the client is gone or stopped reading (then closed). */
int gdb_conn_send(gdb_conn *c, const void *data, size_t len);

/* Closes the client connection (if any); the listening socket stays. */
void gdb_conn_drop_client(gdb_conn *c, const char *why);

#endif
