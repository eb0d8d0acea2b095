/* Events as Lua tables, with the JSON trace's field names and values (trace_json.h: 0/1 flags
 * stay integers, as there), plus "text", a one-line explanation of every kind. And the kind
 * names run_until and events() accept. See lua_priv.h. */
#include <string.h>
#include "explain.h"
#include "linux_i386.h"
#include "lua_priv.h"

static void set_int(lua_State *L, const char *key, lua_Integer v)
{
    lua_pushinteger(L, v);
    lua_setfield(L, -2, key);
}

static void set_str(lua_State *L, const char *key, const char *s)
{
    if (!s)
        return;     /* JSON null: the field is absent */
    lua_pushstring(L, s);
    lua_setfield(L, -2, key);
}

static void push_cpl(lua_State *L, const rs_event_cpl *c)
{
    set_int(L, "from_cpl", c->from);
    set_int(L, "to_cpl", c->to);
    set_str(L, "cause", rs_cpl_cause_name(c->cause));
    set_int(L, "vector", c->vector);
    set_int(L, "gate_type", c->gate_type);
    set_int(L, "gate_dpl", c->gate_dpl);
    set_int(L, "stack_switched", c->stack_switched);
    set_int(L, "old_ss", c->old_ss);
    set_int(L, "old_esp", c->old_esp);
    set_int(L, "new_ss", c->new_ss);
    set_int(L, "new_esp", c->new_esp);
    set_int(L, "new_cs", c->new_cs);
    set_int(L, "new_eip", c->new_eip);
}

static void push_exception(lua_State *L, const rs_event *ev)
{
    const rs_event_exception *x = &ev->u.exc;
    set_int(L, "vector", x->vector);
    set_str(L, "name", rs_vector_mnemonic(x->vector));
    if (x->has_error_code)
        set_int(L, "error_code", x->error_code);
    if (x->vector == 14)
        set_int(L, "cr2", x->cr2);
    set_int(L, "software", x->software);
    set_int(L, "frame_eip", x->frame_eip);
    char hex[2 * RS_EVENT_INSN_MAX + 1] = "";
    for (int i = 0; i < x->insn_len && i < RS_EVENT_INSN_MAX; i++)
        snprintf(hex + 2 * i, 3, "%02x", x->insn[i]);
    set_str(L, "insn", hex);
}

static void push_syscall(lua_State *L, const rs_event *ev)
{
    set_int(L, "nr", ev->u.sys.nr);
    set_str(L, "name", rs_linux_syscall_name(ev->u.sys.nr));
    lua_createtable(L, 6, 0);
    for (int i = 0; i < 6; i++) {
        lua_pushinteger(L, ev->u.sys.args[i]);
        lua_rawseti(L, -2, i + 1);
    }
    lua_setfield(L, -2, "args");
}

static void push_sysret(lua_State *L, const rs_event *ev)
{
    set_int(L, "nr", ev->u.ret.nr);
    set_str(L, "name", rs_linux_syscall_name(ev->u.ret.nr));
    set_int(L, "ret", ev->u.ret.ret);
    if (ev->u.ret.ret < 0 && ev->u.ret.ret >= -RS_LINUX_ERRNO_MAX)
        set_str(L, "errno", rs_linux_errno_name(-ev->u.ret.ret));
    set_int(L, "entry_icount", (lua_Integer)ev->u.ret.entry_icount);
}

static void push_io(lua_State *L, const rs_event_io *io)
{
    set_int(L, "port", io->port);
    set_int(L, "size", io->size);
    set_str(L, "dir", io->write ? "out" : "in");
    set_int(L, "value", io->value);
    set_int(L, "denied", io->denied);
}

static void push_stop(lua_State *L, const rs_event *ev)
{
    set_str(L, "reason", rs_stop_reason_name((rs_stop_reason)ev->u.stop.reason));
    if (ev->kind == RS_EV_EXIT)
        set_int(L, "exit_status", ev->u.stop.exit_status);
    set_str(L, "detail", ev->u.stop.detail);
}

/* The JSON trace's "text": the exception summary, the call as written; other kinds get the
 * explanation line --explain prints. */
static void push_text(lua_State *L, const rs_event *ev)
{
    char text[512];
    if (ev->kind == RS_EV_EXCEPTION)
        rs_explain_exception_summary(ev, text, sizeof text);
    else if (ev->kind == RS_EV_SYSCALL)
        rs_linux_format_call_with(ev->u.sys.nr, ev->u.sys.args, ev->u.sys.strings, text, sizeof text);
    else
        rs_explain_event_line(ev, text, sizeof text);
    set_str(L, "text", text);
}

static void push_kind_fields(lua_State *L, const rs_event *ev)
{
    switch (ev->kind) {
    case RS_EV_CPL: push_cpl(L, &ev->u.cpl_change); break;
    case RS_EV_EXCEPTION: push_exception(L, ev); break;
    case RS_EV_INTERRUPT:
        set_int(L, "vector", ev->u.intr.vector);
        set_int(L, "hardware", ev->u.intr.hardware);
        break;
    case RS_EV_SYSCALL: push_syscall(L, ev); break;
    case RS_EV_SYSRET: push_sysret(L, ev); break;
    case RS_EV_CR:
        set_int(L, "reg", ev->u.cr.reg);
        set_int(L, "old", ev->u.cr.old_value);
        set_int(L, "new", ev->u.cr.new_value);
        break;
    case RS_EV_IO: push_io(L, &ev->u.io); break;
    case RS_EV_HALT: case RS_EV_EXIT: case RS_EV_LIMIT: case RS_EV_STOP: push_stop(L, ev); break;
    case RS_EV_BREAKPOINT:
        set_int(L, "address", ev->u.brk.address);
        set_int(L, "watch", ev->u.brk.watch);
        set_int(L, "write", ev->u.brk.write);
        break;
    default: break;
    }
}

void rs_lua_push_event(lua_State *L, const rs_event *ev)
{
    lua_createtable(L, 0, 16);
    set_int(L, "seq", (lua_Integer)ev->seq);
    set_str(L, "kind", rs_event_kind_name(ev->kind));
    set_int(L, "icount", (lua_Integer)ev->icount);
    set_int(L, "cr3", ev->cr3);
    set_int(L, "cpl", ev->cpl);
    set_int(L, "cs", ev->cs);
    set_int(L, "eip", ev->eip);
    push_kind_fields(L, ev);
    push_text(L, ev);
}

/* ---- Kind names ---- */

static const char kind_help[] =
    "cpl, syscall, sysret, exception (or fault), interrupt, cr, cr0, cr3, cr4, io, halt, exit, limit, stop, "
    "breakpoint";

static void add_kind(lua_State *L, const char *what, const char *name, rs_lua_kinds *out)
{
    int reg = -1;
    if (!strcmp(name, "cr0") || !strcmp(name, "cr3") || !strcmp(name, "cr4"))
        reg = name[2] - '0';
    int kind = reg >= 0 ? RS_EV_CR : rs_event_kind_from_name(name);
    if (kind < 0)
        rs_lua_fail(L, "%s: unknown event kind '%s' (kinds: %s)", what, name, kind_help);
    if (kind == RS_EV_CR && (out->mask & (1u << RS_EV_CR)) && out->cr_reg != reg)
        reg = -1;    /* two different CR filters: any CR */
    if (kind == RS_EV_CR)
        out->cr_reg = reg;
    out->mask |= 1u << kind;
}

void rs_lua_check_kinds(lua_State *L, int idx, const char *what, rs_lua_kinds *out)
{
    *out = (rs_lua_kinds){ 0, -1 };
    if (lua_type(L, idx) == LUA_TSTRING) {
        add_kind(L, what, lua_tostring(L, idx), out);
        return;
    }
    if (!lua_istable(L, idx))
        rs_lua_fail(L, "%s: the event kind must be a string such as \"syscall\" (or a list of them), got %s", what,
                    luaL_typename(L, idx));
    lua_Integer n = luaL_len(L, idx);
    for (lua_Integer i = 1; i <= n; i++) {
        if (lua_geti(L, idx, i) != LUA_TSTRING)
            rs_lua_fail(L, "%s: kind %lld of the list is a %s, not a string", what, (long long)i, luaL_typename(L, -1));
        add_kind(L, what, lua_tostring(L, -1), out);
        lua_pop(L, 1);
    }
    if (!out->mask)
        rs_lua_fail(L, "%s: the list of event kinds is empty (kinds: %s)", what, kind_help);
}

int rs_lua_kinds_match(const rs_lua_kinds *k, const rs_event *ev)
{
    if (!(k->mask & (1u << ev->kind)))
        return 0;
    return ev->kind != RS_EV_CR || k->cr_reg < 0 || ev->u.cr.reg == k->cr_reg;
}
