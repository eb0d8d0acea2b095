/* See trace_json.h. */
#include <stdarg.h>
#include <stdio.h>
#include "trace_json.h"
#include "explain.h"
#include "linux_i386.h"
#include "machine.h"
#include "trap.h"

typedef struct out {
    char *buf;
    size_t len, used;     /* used: the whole length, even past len */
} out;

static void put(out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t room = o->used < o->len ? o->len - o->used : 0;
    int n = vsnprintf(room ? o->buf + o->used : NULL, room, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->used += (size_t)n;
}

static void put_str(out *o, const char *key, const char *s)
{
    if (!s) {
        put(o, ",\"%s\":null", key);
        return;
    }
    put(o, ",\"%s\":\"", key);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            put(o, "\\%c", c);
        else if (c < 0x20)
            put(o, "\\u%04x", c);
        else
            put(o, "%c", c);
    }
    put(o, "\"");
}

static void put_int(out *o, const char *key, long long v) { put(o, ",\"%s\":%lld", key, v); }

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
    put_str(o, "name", rs_trap_vector_mnemonic(x->vector));
    if (x->has_error_code)
        put_int(o, "error_code", x->error_code);
    if (x->vector == 14)
        put_int(o, "cr2", x->cr2);
    put_int(o, "software", x->software);
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
    put(o, ",\"args\":[%u,%u,%u,%u,%u,%u]", ev->u.sys.args[0], ev->u.sys.args[1], ev->u.sys.args[2],
        ev->u.sys.args[3], ev->u.sys.args[4], ev->u.sys.args[5]);
    char text[512];
    rs_linux_format_call(ev->u.sys.nr, ev->u.sys.args, text, sizeof text);
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
    put(&o, "{\"seq\":%llu", (unsigned long long)ev->seq);
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
    put(&o, "}");
    return (int)o.used;
}
