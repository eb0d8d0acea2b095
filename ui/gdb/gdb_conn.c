/* See gdb_conn.h. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "gdb_conn.h"
#include "gdb_packet.h"

static void notice(gdb_conn *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void notice(gdb_conn *c, const char *fmt, ...)
{
    if (!c->log)
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("ringscope: gdb: ", c->log);
    vfprintf(c->log, fmt, ap);
    fputc('\n', c->log);
    fflush(c->log);
    va_end(ap);
}

static uint64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000u + (uint64_t)t.tv_nsec / 1000000u;
}

static void end_refusal(gdb_refusal *r)
{
    close(r->fd);
    r->fd = -1;
}

static void describe(const struct sockaddr_in *sa, char *out, size_t len)
{
    char ip[INET_ADDRSTRLEN] = "?";
    inet_ntop(AF_INET, &sa->sin_addr, ip, sizeof ip);
    snprintf(out, len, "%s:%u", ip, (unsigned)ntohs(sa->sin_port));
}

int gdb_conn_listen(gdb_conn *c, const char *host, unsigned port, FILE *log, char *msg, size_t msg_len)
{
    memset(c, 0, sizeof *c);
    c->client_fd = -1;
    for (int i = 0; i < GDB_MAX_REFUSING; i++)
        c->refusing[i].fd = -1;
    c->log = log;
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    if (!host)
        host = "127.0.0.1";
    if (port > 65535 || inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
        snprintf(msg, msg_len, "cannot listen on %s:%u: not an IPv4 address and port", host, port);
        return 0;
    }
    int one = 1;
    socklen_t sl = sizeof sa;
    c->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (c->listen_fd < 0 || setsockopt(c->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
        bind(c->listen_fd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(c->listen_fd, 4) < 0 ||
        getsockname(c->listen_fd, (struct sockaddr *)&sa, &sl) < 0) {
        snprintf(msg, msg_len, "cannot listen on %s:%u: %s", host, port, strerror(errno));
        gdb_conn_close(c);
        return 0;
    }
    c->port = ntohs(sa.sin_port);
    describe(&sa, c->address, sizeof c->address);
    return 1;
}

void gdb_conn_drop_client(gdb_conn *c, const char *why)
{
    if (c->client_fd < 0)
        return;
    close(c->client_fd);
    c->client_fd = -1;
    if (why)
        notice(c, "client %s %s", c->peer, why);
    c->peer[0] = '\0';
}

void gdb_conn_close(gdb_conn *c)
{
    gdb_conn_drop_client(c, NULL);
    for (int i = 0; i < GDB_MAX_REFUSING; i++)
        if (c->refusing[i].fd >= 0)
            end_refusal(&c->refusing[i]);
    if (c->listen_fd >= 0)
        close(c->listen_fd);
    c->listen_fd = -1;
}

/* A second client: kept only until its first packet can be answered with the reason. */
static void refuse(gdb_conn *c, int fd, const char *peer)
{
    notice(c, "refused %s: %s is connected", peer, c->peer);
    for (int i = 0; i < GDB_MAX_REFUSING; i++)
        if (c->refusing[i].fd < 0) {
            c->refusing[i] = (gdb_refusal){ .fd = fd, .until_ms = now_ms() + GDB_REFUSE_MS };
            return;
        }
    close(fd);                     /* too many at once: no explanation */
}

/* Input from a refused client: the first packet gets the reason, then we wait for it to go. */
static void refusal_input(gdb_refusal *r)
{
    static const char text[] = "E.ringscope: another gdb client is connected";
    char buf[512], frame[128] = "+";
    ssize_t n = recv(r->fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        end_refusal(r);
        return;
    }
    if (n > 0 && !r->replied && memchr(buf, '#', (size_t)n)) {
        size_t len = 1 + gdb_frame(text, sizeof text - 1, frame + 1, sizeof frame - 1);
        if (send(r->fd, frame, len, MSG_NOSIGNAL | MSG_DONTWAIT) < 0) {}
        shutdown(r->fd, SHUT_WR);
        r->replied = 1;
    }
}

static void refusals_due(gdb_conn *c, const struct pollfd *p)
{
    uint64_t now = now_ms();
    for (int i = 0; i < GDB_MAX_REFUSING; i++) {
        gdb_refusal *r = &c->refusing[i];
        if (r->fd < 0)
            continue;
        if (p[i].revents)
            refusal_input(r);
        if (r->fd >= 0 && now >= r->until_ms)
            end_refusal(r);
    }
}

static gdb_conn_event accept_client(gdb_conn *c)
{
    struct sockaddr_in sa;
    socklen_t sl = sizeof sa;
    int fd = accept4(c->listen_fd, (struct sockaddr *)&sa, &sl, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0)
        return GDB_CONN_NOTHING;
    char peer[64];
    describe(&sa, peer, sizeof peer);
    if (c->client_fd >= 0) {
        refuse(c, fd, peer);
        return GDB_CONN_NOTHING;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);   /* packets are small and answered */
    c->client_fd = fd;
    snprintf(c->peer, sizeof c->peer, "%s", peer);
    notice(c, "client %s connected", peer);
    return GDB_CONN_CONNECTED;
}

static int refusing_any(const gdb_conn *c)
{
    for (int i = 0; i < GDB_MAX_REFUSING; i++)
        if (c->refusing[i].fd >= 0)
            return 1;
    return 0;
}

gdb_conn_event gdb_conn_wait(gdb_conn *c, int timeout_ms)
{
    struct pollfd p[2 + GDB_MAX_REFUSING] = { { .fd = c->listen_fd, .events = POLLIN },
                                             { .fd = c->client_fd, .events = POLLIN } };
    for (int i = 0; i < GDB_MAX_REFUSING; i++)
        p[2 + i] = (struct pollfd){ .fd = c->refusing[i].fd, .events = POLLIN };
    if (refusing_any(c) && (timeout_ms < 0 || timeout_ms > 100))
        timeout_ms = 100;          /* refusals end on time */
    int n = poll(p, 2 + GDB_MAX_REFUSING, timeout_ms);
    refusals_due(c, p + 2);
    if (n <= 0)
        return GDB_CONN_NOTHING;
    if (c->client_fd >= 0 && p[1].revents)
        return GDB_CONN_INPUT;
    if (p[0].revents & POLLIN)
        return accept_client(c);
    return GDB_CONN_NOTHING;
}

long gdb_conn_recv(gdb_conn *c, uint8_t *buf, size_t max)
{
    if (c->client_fd < 0)
        return -1;
    ssize_t n = recv(c->client_fd, buf, max, MSG_DONTWAIT);
    if (n > 0)
        return (long)n;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return 0;
    char why[96];
    snprintf(why, sizeof why, "hung up%s%s", n < 0 ? ": " : "", n < 0 ? strerror(errno) : "");
    gdb_conn_drop_client(c, why);
    return -1;
}

int gdb_conn_send(gdb_conn *c, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0 && c->client_fd >= 0) {
        ssize_t n = send(c->client_fd, p, len, MSG_NOSIGNAL);
        if (n > 0) {
            p += n, len -= (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        struct pollfd w = { .fd = c->client_fd, .events = POLLOUT };
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && poll(&w, 1, GDB_SEND_TIMEOUT_MS) > 0)
            continue;
        gdb_conn_drop_client(c, "stopped reading (dropped)");
    }
    return c->client_fd >= 0;
}
