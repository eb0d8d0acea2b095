/* See rsp_wire.h. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "rsp_wire.h"

int failures;
unsigned short port;
char reply[65536];

void check(int ok, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printf(ok ? "ok: " : "FAIL: ");
    vprintf(fmt, ap);
    printf("\n");
    fflush(stdout);
    va_end(ap);
    failures += !ok;
}

int connect_stub(void)
{
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
        perror("connect");
        exit(1);
    }
    return fd;
}

void send_raw(int fd, const void *data, size_t len)
{
    if (send(fd, data, len, MSG_NOSIGNAL) != (ssize_t)len)
        check(0, "send of %zu bytes", len);
}

void send_packet(int fd, const char *payload, size_t len)
{
    char *buf = malloc(len + 5);
    unsigned sum = 0;
    for (size_t i = 0; i < len; i++)
        sum += (unsigned char)payload[i];
    buf[0] = '$';
    memcpy(buf + 1, payload, len);
    snprintf(buf + 1 + len, 4, "#%02x", sum & 0xff);
    send_raw(fd, buf, len + 4);
    free(buf);
}

void send_str(int fd, const char *payload) { send_packet(fd, payload, strlen(payload)); }

/* One byte within the time limit; -1 on time out or hang-up. */
int read_byte(int fd)
{
    struct pollfd p = { .fd = fd, .events = POLLIN };
    unsigned char c;
    if (poll(&p, 1, TIMEOUT_MS) <= 0 || recv(fd, &c, 1, 0) != 1)
        return -1;
    return c;
}

/* The next packet's payload into reply (acks before it are skipped; with ACK, '+' is sent back).
 * O packets are skipped too unless KEEP_O. Returns 1, or 0 on time out / hang-up / bad frame. */
int read_packet(int fd, int ack, int keep_o)
{
    for (;;) {
        int c;
        while ((c = read_byte(fd)) != '$')
            if (c < 0)
                return 0;
        size_t n = 0;
        unsigned sum = 0;
        while ((c = read_byte(fd)) != '#') {
            if (c < 0 || n + 1 >= sizeof reply)
                return 0;
            reply[n++] = (char)c, sum += (unsigned)c;
        }
        reply[n] = '\0';
        char hex[3] = { (char)read_byte(fd), (char)read_byte(fd), 0 };
        if (strtoul(hex, NULL, 16) != (sum & 0xff))
            return 0;
        if (ack)
            send_raw(fd, "+", 1);
        if (keep_o || reply[0] != 'O' || n == 1 || reply[1] == 'K')
            return 1;
    }
}

/* Sends PAYLOAD (ack mode) and checks the reply is EXPECTED. */
void expect_reply(int fd, const char *payload, const char *expected)
{
    send_str(fd, payload);
    int got = read_packet(fd, 1, 0);
    check(got && !strcmp(reply, expected), "'%.60s' -> '%s' (got '%.80s')", payload, expected, got ? reply : "nothing");
}

void expect_prefix(int fd, const char *payload, const char *prefix)
{
    send_str(fd, payload);
    int got = read_packet(fd, 1, 0);
    check(got && !strncmp(reply, prefix, strlen(prefix)), "'%.60s' -> '%s...' (got '%.80s')", payload, prefix,
          got ? reply : "nothing");
}

