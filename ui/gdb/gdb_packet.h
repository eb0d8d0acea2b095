/* The GDB Remote Serial Protocol on the wire: framing, checksums, acknowledgements, and the
 * encodings inside packets (hex, escaped binary, "ADDR,LEN" arguments). No sockets, no machine:
 * pure functions of bytes, so tests/fuzz/fuzz_gdb_packet.c can feed them anything.
 *
 *   $ payload # c1 c2      c1c2: the sum of the payload's bytes mod 256, two hex digits
 *   +  -                   acknowledge / ask again (until QStartNoAckMode)
 *   0x03                   outside a packet: the user pressed Ctrl-C
 *
 * Nothing here allocates; every buffer is the caller's. Every parser returns 1 on success and 0
 * for malformed input, leaving its outputs unspecified; none reads past the NUL or the length
 * it is given. */
#ifndef RS_GDB_PACKET_H
#define RS_GDB_PACKET_H
#include <stddef.h>
#include <stdint.h>

/* The longest payload accepted (advertised as PacketSize, hex 4000). */
#define GDB_PACKET_MAX 16384

/* ---- Receiving: a state machine fed one byte at a time ---- */

typedef enum gdb_rx_event {
    GDB_RX_NONE,          /* nothing complete yet */
    GDB_RX_PACKET,        /* a packet with a good checksum: rx->buf, rx->len */
    GDB_RX_BAD_CHECKSUM,  /* a packet whose checksum did not match (or was not hex): NAK it */
    GDB_RX_TOO_LONG,      /* a packet longer than GDB_PACKET_MAX, good checksum, payload lost */
    GDB_RX_INTERRUPT,     /* 0x03 between packets */
    GDB_RX_ACK,           /* '+' between packets */
    GDB_RX_NAK,           /* '-' between packets */
} gdb_rx_event;

typedef struct gdb_rx {
    int state;            /* private */
    uint8_t sum, sent_sum;
    int overflow;
    size_t len;           /* payload length; buf[len] is a NUL (the payload may hold NULs, X) */
    char buf[GDB_PACKET_MAX + 1];
} gdb_rx;

void gdb_rx_reset(gdb_rx *rx);
/* Feeds one byte. A '$' inside a packet starts a new one (the old one is dropped, as gdb does).
 * Bytes between packets other than + - 0x03 are ignored. The payload of GDB_RX_PACKET stays in
 * rx->buf until the next call. Cannot fail. */
gdb_rx_event gdb_rx_feed(gdb_rx *rx, uint8_t byte);

/* ---- Sending ---- */

/* Frames PAYLOAD as "$PAYLOAD#cc" into OUT. Returns the framed length, or 0 if OUT (OUT_LEN bytes)
 * is too small. The payload goes as it is: binary data must be escaped first. */
size_t gdb_frame(const char *payload, size_t len, char *out, size_t out_len);

/* ---- Encodings ---- */

int gdb_hex_digit(int c);                                   /* 0..15, or -1 */
void gdb_hex_encode(const uint8_t *in, size_t n, char *out); /* 2n chars and a NUL */
/* Decodes exactly N bytes from 2N hex digits at HEX. */
int gdb_hex_decode(const char *hex, size_t n, uint8_t *out);

/* Escapes binary IN for a reply ('#', '$', '}' and '*' as '}' then the byte XOR 0x20), as many
 * whole bytes as fit in OUT_MAX. Returns the bytes written; *CONSUMED says how much of IN. */
size_t gdb_escape_binary(const uint8_t *in, size_t len, char *out, size_t out_max, size_t *consumed);
/* Undoes the escaping of binary data sent by gdb (X). Returns the decoded length in OUT (at most
 * OUT_MAX, and never longer than LEN), or -1 for a dangling '}' or too much data. */
long gdb_unescape_binary(const char *in, size_t len, uint8_t *out, size_t out_max);

/* A hex number of 1 to 8 significant digits (leading zeros allowed) at *P; advances *P. */
int gdb_parse_hex32(const char **p, uint32_t *out);

/* "ADDR,LEN" at ARGS followed by END_CHAR (':' for M and X) or the end of the string when
 * END_CHAR is 0. *REST points after the END_CHAR. */
int gdb_parse_addr_len(const char *args, char end_char, uint32_t *addr, uint32_t *len, const char **rest);

/* Z and z packets: "Ztype,addr,kind" (conditions after ';' are ignored). */
typedef struct gdb_zpacket {
    int insert;           /* Z: 1, z: 0 */
    int type;             /* 0 software, 1 hardware breakpoint, 2 write, 3 read, 4 access watch */
    uint32_t addr, kind;  /* kind: the breakpoint size, or the watched length */
} gdb_zpacket;
int gdb_parse_z(const char *payload, gdb_zpacket *out);

/* "pN" and "PN=VALUE": the register number, and for P the value's hex text. */
int gdb_parse_reg_read(const char *payload, uint32_t *regno);
int gdb_parse_reg_write(const char *payload, uint32_t *regno, const char **hex_value);

/* vCont;ACTION[:THREAD];... - the action for our only thread: the first whose thread is absent,
 * -1 (all), 0 (any) or 1. ACTION 'c' or 's' ('C'/'S' count as 'c'/'s': the signal is ignored). */
int gdb_parse_vcont(const char *payload, char *action);

/* qXfer:features:read:ANNEX:OFFSET,LENGTH. ANNEX (NUL-terminated) must fit ANNEX_MAX. */
int gdb_parse_xfer_features(const char *payload, char *annex, size_t annex_max, uint32_t *offset,
                            uint32_t *length);

/* qRcmd,HEX: the command text, decoded, NUL-terminated in OUT (OUT_MAX bytes with the NUL). */
int gdb_parse_rcmd(const char *payload, char *out, size_t out_max);

/* The optional address of "c[ADDR]", "s[ADDR]", "C sig[;ADDR]", "S sig[;ADDR]": *HAS_ADDR 0 when
 * absent. */
int gdb_parse_resume_addr(const char *payload, int *has_addr, uint32_t *addr);

#endif
