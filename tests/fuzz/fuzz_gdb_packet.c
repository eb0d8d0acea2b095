/* Fuzz harness for the gdb stub's wire layer (ui/gdb/gdb_packet.c): framing, checksums, and every
 * parser of packet arguments. A crash, a sanitizer report or a failed round trip is a bug.
 *
 * Input: the first byte picks the mode, the rest is the data.
 *   even  the data is a byte stream from a client, fed to the receiver as it comes
 *   odd   the data is one payload: framed with a correct checksum first, so the parsers see it
 * Every packet received goes through every parser, and must survive a round trip: framed again
 * and received again it is the same packet. The data also makes the hex and binary-escape round
 * trips.
 *
 * Two ways to run it (tests/gdb.cmake registers both in ctest, the first only with clang):
 *   libFuzzer:  clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Iui \
 *                   ui/gdb/gdb_packet.c tests/fuzz/fuzz_gdb_packet.c -o /tmp/fuzz_gdb_packet
 *               /tmp/fuzz_gdb_packet -max_total_time=300 CORPUS_DIR SEED_DIR
 *   standalone: built with -DGDB_FUZZ_STANDALONE by any C compiler; a deterministic mutation
 *               driver: `fuzz_gdb_packet_standalone [ITERATIONS [SEED]]`; with file names it
 *               replays them (libFuzzer's crash files); `--write-seeds DIR` writes its seed
 *               packets as a corpus for libFuzzer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gdb_packet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (!(cond)) {                                                               \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                 \
        }                                                                            \
    } while (0)

static gdb_rx rx, rx2;
static char frame[GDB_PACKET_MAX + 8];

/* Every parser on one payload; their answers are not checked, only that they survive. */
static void parse_all(const char *p, size_t len)
{
    uint32_t a, b;
    const char *rest;
    char text[256];
    int has;
    gdb_zpacket z;
    gdb_parse_addr_len(p + (len > 0), '\0', &a, &b, &rest);
    if (gdb_parse_addr_len(p + (len > 0), ':', &a, &b, &rest)) {
        uint8_t bin[GDB_PACKET_MAX];
        size_t tail = len - (size_t)(rest - p);
        CHECK(rest <= p + len);
        gdb_unescape_binary(rest, tail, bin, b < sizeof bin ? b : sizeof bin);
        if (tail / 2 <= sizeof bin)
            gdb_hex_decode(rest, tail / 2, bin);
    }
    gdb_parse_z(p, &z);
    gdb_parse_reg_read(p, &a);
    if (gdb_parse_reg_write(p, &a, &rest))
        CHECK(rest <= p + len);
    gdb_parse_vcont(p, text);
    gdb_parse_xfer_features(p, text, sizeof text, &a, &b);
    if (gdb_parse_rcmd(p, text, sizeof text))
        CHECK(strlen(text) < sizeof text);
    gdb_parse_resume_addr(p, &has, &a);
    const char *q = p;
    gdb_parse_hex32(&q, &a);
    CHECK(q <= p + len);
}

/* A received payload framed again and received again is the same payload. */
static void check_frame_round_trip(const char *p, size_t len)
{
    size_t n = gdb_frame(p, len, frame, sizeof frame);
    CHECK(n == len + 4);
    gdb_rx_reset(&rx2);
    gdb_rx_event last = GDB_RX_NONE;
    for (size_t i = 0; i < n; i++)
        last = gdb_rx_feed(&rx2, (uint8_t)frame[i]);
    CHECK(last == GDB_RX_PACKET && rx2.len == len && memcmp(rx2.buf, p, len) == 0);
}

static void on_packet(void)
{
    CHECK(rx.len <= GDB_PACKET_MAX && rx.buf[rx.len] == '\0');
    CHECK(!memchr(rx.buf, '#', rx.len) && !memchr(rx.buf, '$', rx.len));
    parse_all(rx.buf, rx.len);
    check_frame_round_trip(rx.buf, rx.len);
}

static void feed(const uint8_t *data, size_t size)
{
    gdb_rx_reset(&rx);
    for (size_t i = 0; i < size; i++)
        if (gdb_rx_feed(&rx, data[i]) == GDB_RX_PACKET)
            on_packet();
}

/* Hex and binary escaping give back what went in. */
static void check_encodings(const uint8_t *data, size_t size)
{
    static char hex[2 * 4096 + 1], esc[2 * 4096];
    static uint8_t back[4096];
    size_t n = size < 4096 ? size : 4096, consumed;
    gdb_hex_encode(data, n, hex);
    CHECK(strlen(hex) == 2 * n && gdb_hex_decode(hex, n, back) && memcmp(back, data, n) == 0);
    size_t e = gdb_escape_binary(data, n, esc, sizeof esc, &consumed);
    CHECK(consumed == n);
    CHECK(!memchr(esc, '#', e) && !memchr(esc, '$', e) && !memchr(esc, '*', e));
    CHECK(gdb_unescape_binary(esc, e, back, sizeof back) == (long)n && memcmp(back, data, n) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const uint8_t *d = data + 1;
    size_t n = size - 1;
    if (data[0] & 1) {
        size_t len = n < GDB_PACKET_MAX ? n : GDB_PACKET_MAX;
        size_t framed = gdb_frame((const char *)d, len, frame, sizeof frame);
        uint8_t copy[GDB_PACKET_MAX + 8];
        memcpy(copy, frame, framed);
        feed(copy, framed);
    } else {
        feed(d, n);
    }
    check_encodings(d, n);
    return 0;
}

#ifdef GDB_FUZZ_STANDALONE
/* ---- A deterministic mutation driver for builds without libFuzzer ---- */

static const char *const seeds[] = {
    "qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;fork-events+;vfork-events+;exec-events+;"
    "vContSupported+;QThreadEvents+;no-resumed+;memory-tagging+",
    "QStartNoAckMode", "?", "g", "G0000000011111111", "p8", "P8=10001000", "m c0100000,40", "mffffffff,1",
    "M8048000,4:deadbeef", "X8048000,4:ab}]}\x03\x7d", "c", "s", "C05", "S05;8048000", "c8048000",
    "vCont?", "vCont;c", "vCont;s:1;c", "vCont;C05:-1", "vCont;s:p1.1", "vMustReplyEmpty",
    "Z0,c0102860,1", "z0,c0102860,1", "Z1,8048550,1", "Z2,c012d284,4", "Z3,c012d284,4;X1,ff",
    "Z4,0,100", "qXfer:features:read:target.xml:0,ffb", "qXfer:features:read:target.xml:1000,1000",
    "qRcmd,7061676577616c6b20307863303030303030", "qRcmd,6d6170", "qRcmd,", "qC", "qfThreadInfo",
    "Hg0", "Hc-1", "T1", "D", "D;1", "k", "vKill;1", "qAttached:1", "qSymbol::", "qTStatus",
};
#define N_SEEDS (sizeof seeds / sizeof seeds[0])

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint32_t next_random(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

static size_t mutate(uint8_t *buf, size_t len, size_t max)
{
    static const char interesting[] = "$#}*:;,-+0123456789abcdefABCDEF\x03\xff";
    for (int k = 1 + (int)(next_random() % 6); k > 0; k--) {
        uint32_t r = next_random(), at = len ? next_random() % (uint32_t)len : 0;
        uint8_t byte = r & 1 ? (uint8_t)interesting[(r >> 1) % (sizeof interesting - 1)] : (uint8_t)(r >> 8);
        switch (r % 5) {
        case 0: if (len) buf[at] = byte; break;
        case 1: if (len < max) { memmove(buf + at + 1, buf + at, len - at); buf[at] = byte; len++; } break;
        case 2: if (len) { memmove(buf + at, buf + at + 1, len - at - 1); len--; } break;
        case 3: if (len) buf[at] ^= (uint8_t)(1u << (r >> 8) % 8); break;
        default: {                                  /* splice another seed in */
            const char *s = seeds[(r >> 8) % N_SEEDS];
            size_t n = strlen(s);
            if (len + n <= max) { memmove(buf + at + n, buf + at, len - at); memcpy(buf + at, s, n); len += n; }
        }
        }
    }
    return len;
}

static int replay(int argc, char **argv)
{
    static uint8_t buf[1 << 20];
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 2;
        }
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        LLVMFuzzerTestOneInput(buf, n);
    }
    printf("replayed %d input(s)\n", argc - 1);
    return 0;
}

/* One file a seed: the mode byte (odd: a payload), then the payload. */
static int write_seeds(const char *dir)
{
    for (size_t i = 0; i < N_SEEDS; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/seed%02zu", dir, i);
        FILE *f = fopen(path, "wb");
        if (!f || fputc(1, f) == EOF || fputs(seeds[i], f) == EOF || fclose(f) != 0) {
            perror(path);
            return 2;
        }
    }
    printf("%zu seeds written to %s\n", (size_t)N_SEEDS, dir);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "--write-seeds"))
        return write_seeds(argv[2]);
    if (argc > 1 && (argv[1][0] < '0' || argv[1][0] > '9'))
        return replay(argc, argv);
    unsigned long iterations = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
    if (argc > 2)
        rng = strtoull(argv[2], NULL, 0) | 1;
    static uint8_t buf[2 * GDB_PACKET_MAX];
    for (unsigned long i = 0; i < iterations; i++) {
        const char *s = seeds[next_random() % N_SEEDS];
        size_t len = strlen(s);
        buf[0] = (uint8_t)next_random();
        memcpy(buf + 1, s, len);
        len = 1 + mutate(buf + 1, len, sizeof buf - 2);
        if (next_random() % 64 == 0) {            /* now and then a packet longer than allowed */
            size_t big = GDB_PACKET_MAX + next_random() % 64;
            uint8_t c = (uint8_t)('a' + next_random() % 6), sum = (uint8_t)(c * big);
            buf[0] = 0, buf[1] = '$';
            memset(buf + 2, c, big);
            len = 2 + big + (size_t)snprintf((char *)buf + 2 + big, 4, "#%02x", sum);
        }
        LLVMFuzzerTestOneInput(buf, len);
    }
    printf("%lu inputs, no failure\n", iterations);
    return 0;
}
#endif
