/* See gdb_stub.h: the stub's life, the connection, and the packet loop. */
#include <stdlib.h>
#include <string.h>
#include "gdb_priv.h"

#define CONSOLE_CHUNK 512         /* bytes of text per O packet */
#define TRACE_SHOWN 160           /* bytes of a packet shown by trace_packets */

rs_err rs_gdb_create(const rs_gdb_config *cfg, rs_machine *m, rs_dbg *d, rs_gdb **out, char *msg, size_t msg_len)
{
    *out = NULL;
    rs_gdb *g = calloc(1, sizeof *g);
    if (!g)
        return RS_ERR_NOMEM;
    g->cfg = *cfg;
    if (cfg->host) {
        snprintf(g->host, sizeof g->host, "%s", cfg->host);
        g->cfg.host = g->host;
    }
    if (!g->cfg.slice_us)
        g->cfg.slice_us = RS_GDB_DEFAULT_SLICE_US;
    if (!gdb_conn_listen(&g->conn, g->cfg.host, g->cfg.port, g->cfg.log, msg, msg_len)) {
        free(g);
        return RS_ERR_ARG;
    }
    g->m = m, g->d = d;
    g->state = cfg->wait ? RS_GDB_WAITING : RS_GDB_FREE;
    g->tdesc_len = gdb_tdesc_build(g->tdesc, sizeof g->tdesc);
    gdb_rx_reset(&g->rx);
    if (g->cfg.log) {
        fprintf(g->cfg.log, "ringscope: gdb: listening on %s%s\n", g->conn.address,
                cfg->wait ? " (the CPU waits for the first client)" : "");
        fflush(g->cfg.log);
    }
    *out = g;
    return RS_OK;
}

void rs_gdb_destroy(rs_gdb *g)
{
    if (!g)
        return;
    if (g->conn.client_fd >= 0)
        gdb_break_clear_all(g);
    gdb_conn_close(&g->conn);
    free(g);
}

const char *rs_gdb_address(const rs_gdb *g) { return g->conn.address; }
int rs_gdb_killed(const rs_gdb *g) { return g->killed; }

int rs_gdb_finished(const rs_gdb *g, rs_stop *stop)
{
    if (g->finished && stop)
        *stop = g->final_stop;
    return g->finished;
}

void rs_gdb_request_stop(rs_gdb *g)
{
    if (g->state == RS_GDB_RUNNING)
        g->interrupted = 1;
}

void rs_gdb_guest_finished(rs_gdb *g, const rs_stop *stop)
{
    g->finished = 1;
    g->final_stop = *stop;
}

void rs_gdb_attach(rs_gdb *g, rs_machine *m, rs_dbg *d)
{
    g->n_bps = g->n_wps = g->n_pages = 0;     /* they lived in the old machine's debugger */
    g->m = m, g->d = d;
    g->finished = 0;
}

/* ---- Sending ---- */

static void trace(rs_gdb *g, const char *dir, const char *data, size_t len)
{
    if (!g->cfg.trace_packets || !g->cfg.log)
        return;
    fprintf(g->cfg.log, "ringscope: gdb: %s ", dir);
    for (size_t i = 0; i < len && i < TRACE_SHOWN; i++)
        fprintf(g->cfg.log, (unsigned char)data[i] >= 32 && data[i] != 127 ? "%c" : "\\x%02x", (unsigned char)data[i]);
    fprintf(g->cfg.log, "%s\n", len > TRACE_SHOWN ? "..." : "");
}

static void send_raw(rs_gdb *g, const char *data, size_t len)
{
    if (g->conn.client_fd < 0)
        return;
    if (!gdb_conn_send(&g->conn, data, len))
        gdb_client_gone(g, 0, NULL);
}

void gdb_send(rs_gdb *g, const char *payload, size_t len)
{
    size_t n = gdb_frame(payload, len, g->frame, sizeof g->frame);
    if (!n)        /* longer than any reply is built: a bug, still answered */
        n = gdb_frame("E01", 3, g->frame, sizeof g->frame);
    g->frame_len = n;
    g->awaiting_ack = !g->no_ack;
    trace(g, "->", payload, len);
    send_raw(g, g->frame, n);
}

void gdb_send_str(rs_gdb *g, const char *payload) { gdb_send(g, payload, strlen(payload)); }

void gdb_send_console(rs_gdb *g, const char *text, size_t len)
{
    char packet[1 + 2 * CONSOLE_CHUNK + 1];
    for (size_t off = 0; off < len; off += CONSOLE_CHUNK) {
        size_t n = len - off < CONSOLE_CHUNK ? len - off : CONSOLE_CHUNK;
        packet[0] = 'O';
        gdb_hex_encode((const uint8_t *)text + off, n, packet + 1);
        gdb_send(g, packet, 1 + 2 * n);
    }
}

/* ---- Receiving ---- */

static void on_packet(rs_gdb *g)
{
    trace(g, "<-", g->rx.buf, g->rx.len);
    if (!g->no_ack)
        send_raw(g, "+", 1);
    if (g->state == RS_GDB_RUNNING) {    /* all-stop gdb sends only Ctrl-C while running */
        if (g->cfg.log)
            fprintf(g->cfg.log, "ringscope: gdb: packet dropped: the guest is running\n");
        return;
    }
    gdb_handle_packet(g, g->rx.buf, g->rx.len);
}

static void on_rx_event(rs_gdb *g, gdb_rx_event ev)
{
    switch (ev) {
    case GDB_RX_PACKET:
        on_packet(g);
        break;
    case GDB_RX_BAD_CHECKSUM:
        trace(g, "<- (bad checksum)", g->rx.buf, g->rx.len);
        if (!g->no_ack)
            send_raw(g, "-", 1);       /* gdb sends it again */
        break;
    case GDB_RX_TOO_LONG:
        trace(g, "<- (too long)", g->rx.buf, g->rx.len);
        if (!g->no_ack)
            send_raw(g, "+", 1);
        if (g->state != RS_GDB_RUNNING)
            gdb_send_str(g, "E01");
        break;
    case GDB_RX_INTERRUPT:
        if (g->state == RS_GDB_RUNNING)
            g->interrupted = 1;
        break;
    case GDB_RX_ACK:
        g->awaiting_ack = 0;
        break;
    case GDB_RX_NAK:           /* also what gdb sends when a reply is slow: only a fresh one counts */
        if (g->awaiting_ack && g->frame_len)
            send_raw(g, g->frame, g->frame_len);
        break;
    default:
        break;
    }
}

int gdb_pump_input(rs_gdb *g)
{
    uint8_t buf[4096];
    /* At most 64 KiB per call: a client that never stops sending must not keep the caller from
     * its timeout and the guest from its slice; the rest waits for the next poll. */
    for (int round = 0; round < 16; round++) {
        long n = gdb_conn_recv(&g->conn, buf, sizeof buf);
        if (n < 0) {
            gdb_client_gone(g, 0, NULL);
            return 0;
        }
        if (n == 0)
            return 1;
        for (long i = 0; i < n; i++) {
            on_rx_event(g, gdb_rx_feed(&g->rx, buf[i]));
            if (g->conn.client_fd < 0)
                return 0;          /* detached, killed or dropped: the rest is moot */
        }
    }
    return 1;
}

void gdb_client_gone(rs_gdb *g, int detached, const char *why)
{
    gdb_conn_drop_client(&g->conn, why);
    gdb_break_clear_all(g);
    gdb_rx_reset(&g->rx);
    g->no_ack = g->awaiting_ack = 0;
    g->interrupted = 0;
    g->frame_len = 0;
    g->state = detached || g->killed ? RS_GDB_FREE : RS_GDB_WAITING;
    if (!detached && !g->killed && !g->finished && g->cfg.log) {
        fprintf(g->cfg.log, "ringscope: gdb: the client is gone without detaching: the CPU waits for the next one\n");
        fflush(g->cfg.log);
    }
}

static void on_connect(rs_gdb *g)
{
    gdb_rx_reset(&g->rx);
    g->no_ack = g->awaiting_ack = 0;
    g->interrupted = 0;
    g->frame_len = 0;
    g->state = RS_GDB_STOPPED;
    if (g->finished)
        gdb_final_reply(&g->final_stop, g->last_stop_reply, sizeof g->last_stop_reply);
    else
        snprintf(g->last_stop_reply, sizeof g->last_stop_reply, "T05thread:1;");
}

rs_gdb_state rs_gdb_poll(rs_gdb *g, int timeout_ms)
{
    int running = g->state == RS_GDB_RUNNING;
    gdb_conn_event ev = gdb_conn_wait(&g->conn, running ? 0 : timeout_ms);
    if (ev == GDB_CONN_CONNECTED)
        on_connect(g);
    else if (ev == GDB_CONN_INPUT)
        gdb_pump_input(g);
    if (g->state == RS_GDB_RUNNING)
        gdb_run_slice(g);
    return g->state;
}

int rs_gdb_connected(const rs_gdb *g) { return g && g->conn.client_fd >= 0; }
