/* See trace_json.h. */
#include <stdio.h>
#include <string.h>
#include "trace_json.h"
#include "explain.h"
#include "linux_i386.h"
#include "machine.h"
#include "vectors.h"

typedef struct out {
    char *buf;
    size_t len, used;     /* used: the whole length, even past len */
} out;

/* Appends N bytes (counting them even past the end, like snprintf). */
static void put_bytes(out *o, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++, o->used++)
        if (o->used + 1 < o->len)
            o->buf[o->used] = p[i];
    if (o->len)
        o->buf[o->used < o->len ? o->used : o->len - 1] = 0;
}

static void put_text(out *o, const char *s) { put_bytes(o, s, strlen(s)); }

static void put_key(out *o, const char *key)
{
    put_bytes(o, ",\"", 2);
    put_text(o, key);
    put_bytes(o, "\":", 2);
}

static void put_str(out *o, const char *key, const char *s)
{
    put_key(o, key);
    if (!s) {
        put_bytes(o, "null", 4);
        return;
    }
    put_bytes(o, "\"", 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            char esc[2] = { '\\', (char)c };
            put_bytes(o, esc, 2);
        } else if (c < 0x20) {
            char esc[8];
            snprintf(esc, sizeof esc, "\\u%04x", c);
            put_text(o, esc);
        } else {
            put_bytes(o, (const char *)&c, 1);
        }
    }
    put_bytes(o, "\"", 1);
}

/* Decimal without printf: the trace is written for every event, so this is the hot path. */
static void put_number(out *o, long long v)
{
    char digits[24];
    int n = 0;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do {
        digits[sizeof digits - 1 - n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        digits[sizeof digits - 1 - n++] = '-';
    put_bytes(o, digits + sizeof digits - n, (size_t)n);
}

static void put_int(out *o, const char *key, long long v)
{
    put_key(o, key);
    put_number(o, v);
}

static void put_cpl(out *o, const rs_event_cpl *c)
{
    put_int(o, "from_cpl", c->from);
    put_int(o, "to_cpl", c->to);
    put_str(o, "cause", rs_cpl_cause_name(c->cause));
    put_int(o, "vector", c->vector);
    put_int(o, "gate_type", c->gate_type);
    put_int(o, "gate_dpl", c->gate_dpl);
    put_int(o, "stack_switched", c->stack_switched);
    put_int(o, "old_ss", c->old_ss);
    put_int(o, "old_esp", c->old_esp);
    put_int(o, "new_ss", c->new_ss);
    put_int(o, "new_esp", c->new_esp);
    put_int(o, "new_cs", c->new_cs);
    put_int(o, "new_eip", c->new_eip);
}

static void put_exception(out *o, const rs_event *ev)
{
    const rs_event_exception *x = &ev->u.exc;
    put_int(o, "vector", x->vector);
    put_str(o, "name", rs_vector_mnemonic(x->vector));
    if (x->has_error_code)
        put_int(o, "error_code", x->error_code);
    if (x->vector == 14)
        put_int(o, "cr2", x->cr2);
    put_int(o, "software", x->software);
    put_int(o, "frame_eip", x->frame_eip);
    char hex[2 * RS_EVENT_INSN_MAX + 1] = "";
    for (int i = 0; i < x->insn_len && i < RS_EVENT_INSN_MAX; i++)
        snprintf(hex + 2 * i, 3, "%02x", x->insn[i]);
    put_str(o, "insn", hex);
    char text[512];
    rs_explain_exception_summary(ev, text, sizeof text);
    put_str(o, "text", text);
}

static void put_syscall(out *o, const rs_event *ev)
{
    put_int(o, "nr", ev->u.sys.nr);
    put_str(o, "name", rs_linux_syscall_name(ev->u.sys.nr));
    put_key(o, "args");
    for (int i = 0; i < 6; i++) {
        put_bytes(o, i ? "," : "[", 1);
        put_number(o, ev->u.sys.args[i]);
    }
    put_bytes(o, "]", 1);
    char text[512];
    rs_linux_format_call_with(ev->u.sys.nr, ev->u.sys.args, ev->u.sys.strings, text, sizeof text);
    put_str(o, "text", text);
}

static void put_sysret(out *o, const rs_event *ev)
{
    put_int(o, "nr", ev->u.ret.nr);
    put_str(o, "name", rs_linux_syscall_name(ev->u.ret.nr));
    put_int(o, "ret", ev->u.ret.ret);
    if (ev->u.ret.ret < 0 && ev->u.ret.ret >= -RS_LINUX_ERRNO_MAX)
        put_str(o, "errno", rs_linux_errno_name(-ev->u.ret.ret));
    put_int(o, "entry_icount", (long long)ev->u.ret.entry_icount);
}

static void put_stop(out *o, const rs_event *ev)
{
    put_str(o, "reason", rs_stop_reason_name((rs_stop_reason)ev->u.stop.reason));
    if (ev->kind == RS_EV_EXIT)
        put_int(o, "exit_status", ev->u.stop.exit_status);
    put_str(o, "detail", ev->u.stop.detail);
}

int rs_trace_json(const rs_event *ev, char *buf, size_t len)
{
    out o = { buf, len, 0 };
    if (len)
        buf[0] = 0;
    put_bytes(&o, "{\"seq\":", 7);
    put_number(&o, (long long)ev->seq);
    put_str(&o, "kind", rs_event_kind_name(ev->kind));
    put_int(&o, "icount", (long long)ev->icount);
    put_int(&o, "cr3", ev->cr3);
    put_int(&o, "cpl", ev->cpl);
    put_int(&o, "cs", ev->cs);
    put_int(&o, "eip", ev->eip);
    switch (ev->kind) {
    case RS_EV_CPL: put_cpl(&o, &ev->u.cpl_change); break;
    case RS_EV_EXCEPTION: put_exception(&o, ev); break;
    case RS_EV_INTERRUPT:
        put_int(&o, "vector", ev->u.intr.vector);
        put_int(&o, "hardware", ev->u.intr.hardware);
        break;
    case RS_EV_SYSCALL: put_syscall(&o, ev); break;
    case RS_EV_SYSRET: put_sysret(&o, ev); break;
    case RS_EV_CR:
        put_int(&o, "reg", ev->u.cr.reg);
        put_int(&o, "old", ev->u.cr.old_value);
        put_int(&o, "new", ev->u.cr.new_value);
        break;
    case RS_EV_IO:
        put_int(&o, "port", ev->u.io.port);
        put_int(&o, "size", ev->u.io.size);
        put_str(&o, "dir", ev->u.io.write ? "out" : "in");
        put_int(&o, "value", ev->u.io.value);
        put_int(&o, "denied", ev->u.io.denied);
        break;
    case RS_EV_HALT: case RS_EV_EXIT: case RS_EV_LIMIT: case RS_EV_STOP: put_stop(&o, ev); break;
    case RS_EV_BREAKPOINT:
        put_int(&o, "address", ev->u.brk.address);
        put_int(&o, "watch", ev->u.brk.watch);
        put_int(&o, "write", ev->u.brk.write);
        break;
    default: break;
    }
    put_bytes(&o, "}", 1);
    return (int)o.used;
}
