/* See gdb_packet.h. */
#include <string.h>
#include "gdb_packet.h"

enum { RX_IDLE, RX_DATA, RX_SUM1, RX_SUM2 };

void gdb_rx_reset(gdb_rx *rx)
{
    rx->state = RX_IDLE;
    rx->len = 0;
    rx->overflow = 0;
    rx->buf[0] = '\0';
}

int gdb_hex_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static gdb_rx_event between_packets(gdb_rx *rx, uint8_t byte)
{
    switch (byte) {
    case '$':
        rx->state = RX_DATA;
        rx->len = 0;
        rx->sum = 0;
        rx->overflow = 0;
        return GDB_RX_NONE;
    case '+': return GDB_RX_ACK;
    case '-': return GDB_RX_NAK;
    case 0x03: return GDB_RX_INTERRUPT;
    default: return GDB_RX_NONE;
    }
}

static void data_byte(gdb_rx *rx, uint8_t byte)
{
    if (byte == '#') {
        rx->state = RX_SUM1;
        return;
    }
    rx->sum = (uint8_t)(rx->sum + byte);
    if (rx->len < GDB_PACKET_MAX)
        rx->buf[rx->len++] = (char)byte;
    else
        rx->overflow = 1;
}

static gdb_rx_event checksum_byte(gdb_rx *rx, uint8_t byte)
{
    int d = gdb_hex_digit(byte);
    if (rx->state == RX_SUM1) {
        if (d < 0) {
            rx->state = RX_IDLE;
            return GDB_RX_BAD_CHECKSUM;
        }
        rx->sent_sum = (uint8_t)(d << 4);
        rx->state = RX_SUM2;
        return GDB_RX_NONE;
    }
    rx->state = RX_IDLE;
    rx->buf[rx->len] = '\0';
    if (d < 0 || (uint8_t)(rx->sent_sum | d) != rx->sum)
        return GDB_RX_BAD_CHECKSUM;
    return rx->overflow ? GDB_RX_TOO_LONG : GDB_RX_PACKET;
}

gdb_rx_event gdb_rx_feed(gdb_rx *rx, uint8_t byte)
{
    switch (rx->state) {
    case RX_DATA:
        if (byte == '$')          /* a new start inside a packet: the old one was cut off */
            return between_packets(rx, byte);
        data_byte(rx, byte);
        return GDB_RX_NONE;
    case RX_SUM1:
    case RX_SUM2:
        return checksum_byte(rx, byte);
    default:
        return between_packets(rx, byte);
    }
}

size_t gdb_frame(const char *payload, size_t len, char *out, size_t out_len)
{
    if (out_len < len + 5)
        return 0;
    uint8_t sum = 0;
    out[0] = '$';
    for (size_t i = 0; i < len; i++) {
        out[1 + i] = payload[i];
        sum = (uint8_t)(sum + (uint8_t)payload[i]);
    }
    static const char digits[] = "0123456789abcdef";
    out[len + 1] = '#';
    out[len + 2] = digits[sum >> 4];
    out[len + 3] = digits[sum & 15];
    out[len + 4] = '\0';
    return len + 4;
}

void gdb_hex_encode(const uint8_t *in, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[2 * n] = '\0';
}

int gdb_hex_decode(const char *hex, size_t n, uint8_t *out)
{
    for (size_t i = 0; i < n; i++) {
        int hi = gdb_hex_digit((unsigned char)hex[2 * i]);
        int lo = hi < 0 ? -1 : gdb_hex_digit((unsigned char)hex[2 * i + 1]);
        if (lo < 0)
            return 0;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return 1;
}

static int needs_escape(uint8_t c) { return c == '#' || c == '$' || c == '}' || c == '*'; }

size_t gdb_escape_binary(const uint8_t *in, size_t len, char *out, size_t out_max, size_t *consumed)
{
    size_t o = 0, i = 0;
    for (; i < len; i++) {
        size_t need = needs_escape(in[i]) ? 2 : 1;
        if (o + need > out_max)
            break;
        if (need == 2) {
            out[o++] = '}';
            out[o++] = (char)(in[i] ^ 0x20);
        } else {
            out[o++] = (char)in[i];
        }
    }
    *consumed = i;
    return o;
}

long gdb_unescape_binary(const char *in, size_t len, uint8_t *out, size_t out_max)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        uint8_t c = (uint8_t)in[i];
        if (c == '}') {
            if (++i == len)
                return -1;
            c = (uint8_t)(in[i] ^ 0x20);
        }
        if (o == out_max)
            return -1;
        out[o++] = c;
    }
    return (long)o;
}

int gdb_parse_hex32(const char **p, uint32_t *out)
{
    const char *s = *p;
    uint32_t v = 0;
    int digits = 0, significant = 0;
    for (int d; (d = gdb_hex_digit((unsigned char)*s)) >= 0; s++, digits++) {
        if (v || d)
            significant++;
        if (significant > 8)
            return 0;
        v = v << 4 | (uint32_t)d;
    }
    if (!digits)
        return 0;
    *out = v;
    *p = s;
    return 1;
}

int gdb_parse_addr_len(const char *args, char end_char, uint32_t *addr, uint32_t *len, const char **rest)
{
    const char *p = args;
    if (!gdb_parse_hex32(&p, addr) || *p++ != ',' || !gdb_parse_hex32(&p, len))
        return 0;
    if (*p != end_char)
        return 0;
    *rest = end_char ? p + 1 : p;
    return 1;
}

int gdb_parse_z(const char *payload, gdb_zpacket *out)
{
    if (payload[0] != 'Z' && payload[0] != 'z')
        return 0;
    out->insert = payload[0] == 'Z';
    const char *p = payload + 1;
    if (*p < '0' || *p > '4' || p[1] != ',')
        return 0;
    out->type = *p - '0';
    p += 2;
    if (!gdb_parse_hex32(&p, &out->addr) || *p++ != ',' || !gdb_parse_hex32(&p, &out->kind))
        return 0;
    return *p == '\0' || *p == ';';
}

int gdb_parse_reg_read(const char *payload, uint32_t *regno)
{
    const char *p = payload + 1;
    return payload[0] == 'p' && gdb_parse_hex32(&p, regno) && *p == '\0';
}

int gdb_parse_reg_write(const char *payload, uint32_t *regno, const char **hex_value)
{
    const char *p = payload + 1;
    if (payload[0] != 'P' || !gdb_parse_hex32(&p, regno) || *p != '=')
        return 0;
    *hex_value = p + 1;
    return 1;
}

/* Whether ";ACTION[:THREAD]" at P (P after the ';') applies to thread 1; *END gets the next ';'. */
static int vcont_applies(const char *p, const char **end)
{
    const char *colon = strchr(p, ':'), *semi = strchr(p, ';');
    *end = semi ? semi : p + strlen(p);
    if (!colon || colon > *end)
        return 1;
    const char *t = colon + 1;
    if (t[0] == '-' && t[1] == '1' && t + 2 == *end)
        return 1;
    uint32_t id;
    return t[0] != 'p' && gdb_parse_hex32(&t, &id) && t == *end && id <= 1;
}

int gdb_parse_vcont(const char *payload, char *action)
{
    if (strncmp(payload, "vCont;", 6) != 0)
        return 0;
    for (const char *p = payload + 6;;) {
        const char *end;
        char a = *p;
        if (a != 'c' && a != 's' && a != 'C' && a != 'S')
            return 0;
        if (vcont_applies(p, &end)) {
            *action = a == 'C' ? 'c' : a == 'S' ? 's' : a;
            return 1;
        }
        if (*end != ';')
            return 0;
        p = end + 1;
    }
}

int gdb_parse_xfer_features(const char *payload, char *annex, size_t annex_max, uint32_t *offset,
                            uint32_t *length)
{
    static const char prefix[] = "qXfer:features:read:";
    if (strncmp(payload, prefix, sizeof prefix - 1) != 0)
        return 0;
    const char *a = payload + sizeof prefix - 1, *colon = strchr(a, ':');
    if (!colon || (size_t)(colon - a) >= annex_max)
        return 0;
    memcpy(annex, a, (size_t)(colon - a));
    annex[colon - a] = '\0';
    const char *rest;
    return gdb_parse_addr_len(colon + 1, '\0', offset, length, &rest);
}

int gdb_parse_rcmd(const char *payload, char *out, size_t out_max)
{
    static const char prefix[] = "qRcmd,";
    if (strncmp(payload, prefix, sizeof prefix - 1) != 0)
        return 0;
    const char *hex = payload + sizeof prefix - 1;
    size_t digits = strlen(hex);
    if (digits % 2 || digits / 2 >= out_max || !gdb_hex_decode(hex, digits / 2, (uint8_t *)out))
        return 0;
    out[digits / 2] = '\0';
    return strlen(out) == digits / 2;     /* no NUL inside the command */
}

int gdb_parse_resume_addr(const char *payload, int *has_addr, uint32_t *addr)
{
    const char *p = payload + 1;
    if (payload[0] == 'C' || payload[0] == 'S') {
        uint32_t sig;
        if (!gdb_parse_hex32(&p, &sig) || sig > 0xff)
            return 0;
        if (*p == ';')
            p++;
        else if (*p)
            return 0;
    } else if (payload[0] != 'c' && payload[0] != 's') {
        return 0;
    }
    *has_addr = *p != '\0';
    return !*has_addr || (gdb_parse_hex32(&p, addr) && *p == '\0');
}
