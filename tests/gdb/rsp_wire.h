/* The wire side of rsp_client (tests/gdb): a minimal Remote Serial Protocol client with time
 * limits on every wait, and check() that counts failures. Nothing is allocated for the caller;
 * reply[] holds the last packet read. Connection failures end the program (status 1). */
#ifndef RSP_WIRE_H
#define RSP_WIRE_H
#include <stddef.h>

#define TIMEOUT_MS 60000     /* only catches a hang: a loaded CI answers late, never not at all */

extern int failures;
extern unsigned short port;
extern char reply[65536];

void check(int ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));  /* "ok:" / "FAIL:" */
int connect_stub(void);                               /* to 127.0.0.1:port */
void send_raw(int fd, const void *data, size_t len);
void send_packet(int fd, const char *payload, size_t len);   /* framed, correct checksum */
void send_str(int fd, const char *payload);
int read_byte(int fd);                                /* -1: time out or hang-up */
/* The next packet into reply; acks before it skipped; with ACK a '+' goes back; O packets
 * skipped unless KEEP_O. 0 on time out, hang-up or a bad checksum. */
int read_packet(int fd, int ack, int keep_o);
void expect_reply(int fd, const char *payload, const char *expected);   /* ack mode */
void expect_prefix(int fd, const char *payload, const char *prefix);

#endif
