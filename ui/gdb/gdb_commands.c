/* The packets (gdb_priv.h): queries, registers, memory, detach and kill; resuming, breakpoints
 * and monitor commands are handed on. An unknown packet gets the empty reply (the protocol's
 * "not supported"); a malformed one "E01"; an address that is not mapped "E14" (EFAULT). */
#include <string.h>
#include "gdb_priv.h"
#include "gdb_regs.h"

#define E_ARG "E01"
#define E_FAULT "E14"
#define MAX_MEM_READ ((GDB_REPLY_MAX - 8) / 2)

static void send_ok(rs_gdb *g) { gdb_send_str(g, "OK"); }

/* ---- Registers ---- */

static void read_all_registers(rs_gdb *g)
{
    rs_regs r;
    rs_machine_regs(g->m, &r);
    size_t at = 0;
    for (int i = 0; i < gdb_reg_count(); i++) {
        uint8_t v[GDB_MAX_REG_BYTES];
        size_t n = (size_t)gdb_reg(i)->bits / 8;
        gdb_reg_value(&r, i, v);
        gdb_hex_encode(v, n, g->reply + at);
        at += 2 * n;
    }
    gdb_send(g, g->reply, at);
}

static void write_all_registers(rs_gdb *g, const char *hex)
{
    if (strlen(hex) != 2 * gdb_regs_total_bytes()) {
        gdb_send_str(g, E_ARG);
        return;
    }
    rs_regs r;
    rs_machine_regs(g->m, &r);
    int ok = 1;
    for (int i = 0; i < gdb_reg_count(); i++) {
        uint8_t v[GDB_MAX_REG_BYTES];
        size_t n = (size_t)gdb_reg(i)->bits / 8;
        ok &= gdb_hex_decode(hex, n, v) && gdb_reg_write(g->m, &r, i, v);
        hex += 2 * n;
    }
    gdb_send_str(g, ok ? "OK" : E_ARG);
}

static void read_register(rs_gdb *g, const char *p)
{
    uint32_t regno;
    if (!gdb_parse_reg_read(p, &regno) || !gdb_reg((int)regno)) {
        gdb_send_str(g, E_ARG);
        return;
    }
    rs_regs r;
    uint8_t v[GDB_MAX_REG_BYTES];
    rs_machine_regs(g->m, &r);
    gdb_reg_value(&r, (int)regno, v);
    gdb_hex_encode(v, (size_t)gdb_reg((int)regno)->bits / 8, g->reply);
    gdb_send_str(g, g->reply);
}

static void write_register(rs_gdb *g, const char *p)
{
    uint32_t regno;
    const char *hex;
    uint8_t v[GDB_MAX_REG_BYTES];
    if (!gdb_parse_reg_write(p, &regno, &hex) || !gdb_reg((int)regno) ||
        strlen(hex) != (size_t)gdb_reg((int)regno)->bits / 4 || !gdb_hex_decode(hex, strlen(hex) / 2, v)) {
        gdb_send_str(g, E_ARG);
        return;
    }
    rs_regs r;
    rs_machine_regs(g->m, &r);
    gdb_send_str(g, gdb_reg_write(g->m, &r, (int)regno, v) ? "OK" : E_ARG);
}

/* ---- Memory: linear addresses through the current page tables, supervisor rights ---- */

static void read_memory(rs_gdb *g, const char *p)
{
    uint32_t addr, len;
    const char *rest;
    if (!gdb_parse_addr_len(p + 1, '\0', &addr, &len, &rest)) {
        gdb_send_str(g, E_ARG);
        return;
    }
    if (len > MAX_MEM_READ)
        len = MAX_MEM_READ;              /* gdb asks again for the rest */
    if (len > 0xffffffffu - addr + 1u && addr)
        len = 0xffffffffu - addr + 1u;   /* no wrap past 4 GiB */
    uint8_t data[MAX_MEM_READ];
    uint32_t n = rs_machine_read_linear(g->m, addr, data, len, NULL);
    if (n == 0 && len > 0) {
        gdb_send_str(g, E_FAULT);
        return;
    }
    gdb_hex_encode(data, n, g->reply);
    gdb_send(g, g->reply, 2 * (size_t)n);
}

/* gdb's writes go through the page tables with a debugger's rights (rs_machine_write_linear:
 * every page checked before the first byte, R/W ignored, A/D untouched, translated code dropped). */
static int write_memory(rs_gdb *g, uint32_t addr, const uint8_t *data, uint32_t len)
{
    if (len == 0)
        return 1;
    if ((uint64_t)addr + len > 0x100000000ull)
        return 0;
    return rs_machine_write_linear(g->m, addr, data, len, NULL) == len;
}

static void write_memory_packet(rs_gdb *g, const char *p, size_t packet_len)
{
    uint32_t addr, len;
    const char *data;
    uint8_t bytes[GDB_PACKET_MAX];
    if (!gdb_parse_addr_len(p + 1, ':', &addr, &len, &data) || len > sizeof bytes) {
        gdb_send_str(g, E_ARG);
        return;
    }
    size_t data_len = packet_len - (size_t)(data - p);
    int ok;
    if (p[0] == 'M')
        ok = data_len == 2 * (size_t)len && gdb_hex_decode(data, len, bytes);
    else
        ok = gdb_unescape_binary(data, data_len, bytes, sizeof bytes) == (long)len;
    if (!ok) {
        gdb_send_str(g, E_ARG);
        return;
    }
    gdb_send_str(g, write_memory(g, addr, bytes, len) ? "OK" : E_FAULT);
}

/* ---- Queries ---- */

static void xfer_features(rs_gdb *g, const char *p)
{
    char annex[64];
    uint32_t offset, length;
    if (!gdb_parse_xfer_features(p, annex, sizeof annex, &offset, &length)) {
        gdb_send_str(g, E_ARG);
        return;
    }
    if (strcmp(annex, "target.xml") != 0) {
        gdb_send_str(g, "E00");
        return;
    }
    if (offset >= g->tdesc_len) {
        gdb_send_str(g, "l");
        return;
    }
    size_t want = length < GDB_REPLY_MAX - 1 ? length : GDB_REPLY_MAX - 1, consumed;
    size_t left = g->tdesc_len - offset;
    size_t n = gdb_escape_binary((const uint8_t *)g->tdesc + offset, left < want ? left : want, g->reply + 1, want,
                                 &consumed);
    g->reply[0] = offset + consumed < g->tdesc_len ? 'm' : 'l';
    gdb_send(g, g->reply, n + 1);
}

static void monitor_packet(rs_gdb *g, const char *p)
{
    char line[1024];
    if (!gdb_parse_rcmd(p, line, sizeof line)) {
        gdb_send_str(g, E_ARG);
        return;
    }
    gdb_monitor(g, line);
}

static const struct {
    const char *packet;
    const char *reply;
} fixed_queries[] = {
    { "qSupported", "PacketSize=4000;qXfer:features:read+;swbreak+;hwbreak+;QStartNoAckMode+" },
    { "qC", "QC1" },
    { "qfThreadInfo", "m1" },
    { "qsThreadInfo", "l" },
    { "qAttached", "1" },
    { "qSymbol", "OK" },
    { "vCont?", "vCont;c;C;s;S" },
};

/* A query with a fixed reply: PACKET is the query's name, up to ':' or ','. */
static int fixed_query(rs_gdb *g, const char *p)
{
    size_t name = strcspn(p, ":,");
    for (size_t i = 0; i < sizeof fixed_queries / sizeof fixed_queries[0]; i++)
        if (strlen(fixed_queries[i].packet) == name && !strncmp(p, fixed_queries[i].packet, name)) {
            gdb_send_str(g, fixed_queries[i].reply);
            return 1;
        }
    return 0;
}

static void query(rs_gdb *g, const char *p)
{
    if (fixed_query(g, p))
        return;
    if (!strncmp(p, "qXfer:features:read:", 20))
        xfer_features(g, p);
    else if (!strncmp(p, "qRcmd,", 6))
        monitor_packet(g, p);
    else if (!strcmp(p, "QStartNoAckMode")) {
        send_ok(g);
        g->no_ack = 1;
    } else
        gdb_send_str(g, "");
}

/* ---- Running, leaving ---- */

static void resume_packet(rs_gdb *g, const char *p)
{
    int has_addr;
    uint32_t addr;
    if (!gdb_parse_resume_addr(p, &has_addr, &addr)) {
        gdb_send_str(g, E_ARG);
        return;
    }
    if (has_addr && rs_machine_set_reg(g->m, "eip", addr) != RS_OK) {
        gdb_send_str(g, E_ARG);
        return;
    }
    gdb_resume(g, (char)(p[0] | 0x20));
}

static void vpacket(rs_gdb *g, const char *p)
{
    char action;
    if (!strncmp(p, "vCont;", 6)) {
        if (gdb_parse_vcont(p, &action))
            gdb_resume(g, action);
        else
            gdb_send_str(g, E_ARG);
    } else if (!strncmp(p, "vKill", 5)) {
        send_ok(g);
        g->killed = 1;
        gdb_client_gone(g, 0, "killed the target");
    } else if (!fixed_query(g, p)) {
        gdb_send_str(g, "");     /* vMustReplyEmpty and everything we do not do */
    }
}

static void detach(rs_gdb *g)
{
    send_ok(g);
    gdb_client_gone(g, 1, "detached: the guest runs on");
}

void gdb_handle_packet(rs_gdb *g, const char *p, size_t len)
{
    switch (p[0]) {
    case '?': gdb_reply_stop_status(g); break;
    case 'g': read_all_registers(g); break;
    case 'G': write_all_registers(g, p + 1); break;
    case 'p': read_register(g, p); break;
    case 'P': write_register(g, p); break;
    case 'm': read_memory(g, p); break;
    case 'M': case 'X': write_memory_packet(g, p, len); break;
    case 'c': case 's': case 'C': case 'S': resume_packet(g, p); break;
    case 'v': vpacket(g, p); break;
    case 'q': case 'Q': query(g, p); break;
    case 'H': case 'T': send_ok(g); break;        /* one thread, always alive */
    case 'Z': case 'z': gdb_handle_z(g, p); break;
    case 'D': detach(g); break;
    case 'k': g->killed = 1; gdb_client_gone(g, 0, "killed the target"); break;
    default: gdb_send_str(g, ""); break;
    }
}
