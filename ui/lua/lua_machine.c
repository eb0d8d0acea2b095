/* Machine objects: the methods that run the guest (run, run_until, step, step_over, break_at,
 * break_remove, exit_status) and closing. Inspection methods are in lua_inspect.c.
 *
 * Every run goes through the debugger core (debugger.h), so breakpoints and resuming from one
 * behave as in `ringscope debug`. Each call has an instruction limit and a time limit (the
 * machine's defaults unless the call gives a limits table); the time limit is also cut to what is
 * left of the test's own time, and running out of that is an error, not a result.
 *
 * Results: a call that stops where it was asked to returns its result (the event, the exit
 * status, true); a machine that stops first returns nil, the stop reason (machine.h names:
 * "exit", "halted", "instruction-limit", "timeout", "breakpoint"...) and the detail line. Calls
 * that would run a machine that has finished (exit, halt, triple fault) are errors; events it
 * recorded before it finished still come out of run_until.
 *
 * Events and run_until: a cursor in the event log marks the first event not yet returned. One
 * instruction may cause several events (INT 0x80: the CPL change, then the system call), and a
 * run stops after the one asked for, so the others wait behind the cursor for the next run_until;
 * after any stop, events before the stop's instruction are passed over (pass_over). See
 * lua_priv.h. */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "lua_priv.h"

rs_lua_machine *rs_lua_check_machine(lua_State *L, int idx, const char *method)
{
    rs_lua_machine *lm = luaL_testudata(L, idx, RS_LUA_MACHINE_MT);
    if (!lm)
        rs_lua_fail(L, "m:%s: called on %s%s, not on a machine (write m:%s(...), with a colon)", method,
                    lua_isnone(L, idx) ? "nothing" : "a ", lua_isnone(L, idx) ? "" : luaL_typename(L, idx), method);
    if (!lm->m)
        rs_lua_fail(L, "m:%s: the machine is closed", method);
    return lm;
}

void rs_lua_machine_close(lua_State *L, rs_lua_machine *lm)
{
    if (!lm->m)
        return;
    rs_lua_context *ctx = rs_lua_context_get(L);
    if (lm->prev)
        lm->prev->next = lm->next;
    else if (ctx->open == lm)
        ctx->open = lm->next;
    if (lm->next)
        lm->next->prev = lm->prev;
    lm->next = lm->prev = NULL;
    rs_dbg_destroy(lm->dbg);
    rs_machine_destroy(lm->m);
    lm->dbg = NULL;
    lm->m = NULL;
    rs_lua_bytes_free(&lm->serial);
    rs_lua_bytes_free(&lm->debugcon);
}

static int m_close(lua_State *L)
{
    rs_lua_machine *lm = luaL_checkudata(L, 1, RS_LUA_MACHINE_MT);
    rs_lua_machine_close(L, lm);
    return 0;
}

/* A machine nobody closed, collected before the script ended: a leak all the same. */
static int m_gc(lua_State *L)
{
    rs_lua_machine *lm = luaL_checkudata(L, 1, RS_LUA_MACHINE_MT);
    rs_lua_context *ctx = rs_lua_context_get(L);
    if (lm->m && ctx->collected_open++ == 0)
        snprintf(ctx->collected_where, sizeof ctx->collected_where, "%s", lm->where);
    rs_lua_machine_close(L, lm);
    return 0;
}

static int m_tostring(lua_State *L)
{
    rs_lua_machine *lm = luaL_checkudata(L, 1, RS_LUA_MACHINE_MT);
    if (!lm->m)
        lua_pushfstring(L, "ringscope machine (booted at %s, closed)", lm->where);
    else
        lua_pushfstring(L, "ringscope machine (booted at %s, icount %I)", lm->where,
                        (lua_Integer)rs_machine_icount(lm->m));
    return 1;
}

/* ---- Running ---- */

typedef struct run_call {
    const char *method;
    rs_lua_limits limits;
    uint64_t insn_target;        /* absolute icount the call may reach */
    uint64_t end_us;             /* when the call's own time is up */
    int cut_by_test;             /* the current slice's timeout is the test's remaining time */
} run_call;

static void begin_call(lua_State *L, rs_lua_machine *lm, run_call *c, const char *method, int limits_idx)
{
    char what[48];
    snprintf(what, sizeof what, "m:%s", method);
    c->method = method;
    c->limits = lm->defaults;
    rs_lua_parse_limits(L, limits_idx, what, &c->limits);
    c->insn_target = rs_machine_icount(lm->m) + c->limits.max_insns;
    c->end_us = rs_lua_now_us() + (uint64_t)(c->limits.timeout_s * 1e6);
}

/* Sets the debugger's limits for the next slice: what is left of the call and of the test. */
static void arm_slice(lua_State *L, rs_lua_machine *lm, run_call *c)
{
    if (lm->finished)
        rs_lua_fail(L, "m:%s: %s: the machine has already stopped (%s: %s)", c->method, rs_strerror(RS_ERR_STATE),
                    rs_stop_reason_name(lm->last_stop.reason), lm->last_stop.detail);
    rs_lua_config *cfg = rs_lua_context_get(L)->cfg;
    uint64_t now = rs_lua_now_us();
    uint64_t end = c->end_us;
    c->cut_by_test = cfg->deadline_us && cfg->deadline_us <= end;
    if (c->cut_by_test)
        end = cfg->deadline_us;
    if (end <= now && c->cut_by_test) {
        cfg->time_up = 1;
        rs_lua_fail(L, "m:%s: the test's time limit (%g s) is used up", c->method, cfg->time_limit_s);
    }
    rs_run_limits limits = { .max_insns = c->insn_target, .timeout_us = end > now ? end - now : 1 };
    rs_dbg_set_limits(lm->dbg, &limits);
}

/* After a slice: core errors and the test's time running out become Lua errors. */
static void end_slice(lua_State *L, rs_lua_machine *lm, run_call *c, rs_err err, rs_stop *stop)
{
    if (err)
        rs_lua_fail(L, "m:%s: %s", c->method, rs_strerror(err));
    if (stop->reason == RS_STOP_TIMEOUT && c->cut_by_test) {
        rs_lua_config *cfg = rs_lua_context_get(L)->cfg;
        cfg->time_up = 1;
        rs_lua_fail(L, "m:%s: the test's time limit (%g s) ran out while the guest ran", c->method,
                    cfg->time_limit_s);
    }
    if (stop->reason == RS_STOP_INSN_LIMIT)
        snprintf(stop->detail, sizeof stop->detail, "the call's limit of %llu instructions was reached at eip 0x%08x",
                 (unsigned long long)c->limits.max_insns, stop->eip);
    if (stop->reason == RS_STOP_TIMEOUT)
        snprintf(stop->detail, sizeof stop->detail, "the call's time limit of %g s was reached at eip 0x%08x",
                 c->limits.timeout_s, stop->eip);
    if (rs_stop_is_final(stop->reason)) {
        lm->finished = 1;
        lm->last_stop = *stop;
    }
}

static int push_stopped(lua_State *L, const rs_stop *stop)
{
    lua_pushnil(L);
    lua_pushstring(L, rs_stop_reason_name(stop->reason));
    lua_pushstring(L, stop->detail);
    return 3;
}

/* `ringscope run`'s exit status for a terminal stop (cli.h); the guest's own is (V << 1) | 1. */
static int exit_status(const rs_stop *stop)
{
    switch (stop->reason) {
    case RS_STOP_EXIT: return stop->exit_status;
    case RS_STOP_HALT: return RS_EXIT_HALT;
    case RS_STOP_HALT_IF: return RS_EXIT_HALT_IF;
    case RS_STOP_TRIPLE_FAULT: return RS_EXIT_TRIPLE_FAULT;
    case RS_STOP_UNSUPPORTED: return RS_EXIT_UNSUPPORTED;
    default: return RS_EXIT_HOST_ERROR;
    }
}

/* After a stop: events before the stop's instruction are passed over; those recorded at it (the
 * breakpoint that stopped the run, the system call of the INT 0x80 just stepped) stay pending for
 * the next run_until. */
static void pass_over(rs_lua_machine *lm, const rs_stop *stop)
{
    const rs_evlog *log = rs_machine_event_log(lm->m);
    uint64_t seq = lm->cursor > rs_evlog_oldest(log) ? lm->cursor : rs_evlog_oldest(log);
    for (; seq < log->next_seq; seq++) {
        const rs_event *ev = rs_evlog_get(log, seq);
        if (ev && ev->icount >= stop->icount)
            break;
    }
    lm->cursor = seq;
}

/* m:run([limits]) -> status, reason, detail | nil, reason, detail */
static int m_run(lua_State *L)
{
    rs_lua_machine *lm = rs_lua_check_machine(L, 1, "run");
    run_call c;
    begin_call(L, lm, &c, "run", 2);
    rs_stop stop;
    arm_slice(L, lm, &c);
    rs_err err = rs_dbg_continue(lm->dbg, &stop);
    end_slice(L, lm, &c, err, &stop);
    pass_over(lm, &stop);
    if (!rs_stop_is_final(stop.reason))
        return push_stopped(L, &stop);
    lua_pushinteger(L, exit_status(&stop));
    lua_pushstring(L, rs_stop_reason_name(stop.reason));
    lua_pushstring(L, stop.detail);
    return 3;
}

/* The first event from the cursor on that KINDS wants; moves the cursor past it. Events after a
 * stop event (those of the same instruction) wait here for the next run_until. */
static const rs_event *next_wanted(rs_lua_machine *lm, const rs_lua_kinds *kinds)
{
    const rs_evlog *log = rs_machine_event_log(lm->m);
    uint64_t seq = lm->cursor > rs_evlog_oldest(log) ? lm->cursor : rs_evlog_oldest(log);
    for (; seq < log->next_seq; seq++) {
        const rs_event *ev = rs_evlog_get(log, seq);
        if (ev && rs_lua_kinds_match(kinds, ev)) {
            lm->cursor = seq + 1;
            return ev;
        }
    }
    lm->cursor = log->next_seq;
    return NULL;
}

/* m:run_until(kind | {kinds}, [limits]) -> event | nil, reason, detail */
static int m_run_until(lua_State *L)
{
    rs_lua_machine *lm = rs_lua_check_machine(L, 1, "run_until");
    rs_lua_kinds kinds;
    rs_lua_check_kinds(L, 2, "m:run_until", &kinds);
    run_call c;
    begin_call(L, lm, &c, "run_until", 3);
    uint64_t from = lm->cursor;
    const rs_event *ev = next_wanted(lm, &kinds);
    rs_stop stop = { .reason = RS_STOP_EVENT };
    while (!ev && stop.reason == RS_STOP_EVENT) {   /* a CR event for another register: go on */
        arm_slice(L, lm, &c);
        rs_err err = rs_dbg_until(lm->dbg, kinds.mask, &stop);
        end_slice(L, lm, &c, err, &stop);
        ev = next_wanted(lm, &kinds);
    }
    if (!ev) {
        lm->cursor = from;
        pass_over(lm, &stop);
        return push_stopped(L, &stop);
    }
    rs_lua_push_event(L, ev);
    return 1;
}

/* m:step([n], [limits]) -> true | nil, reason, detail */
static int m_step(lua_State *L)
{
    rs_lua_machine *lm = rs_lua_check_machine(L, 1, "step");
    uint64_t n = lua_isnoneornil(L, 2) ? 1 : rs_lua_check_uint(L, 2, "m:step: the count", 0, RS_LUA_MAX_MAX_INSNS);
    run_call c;
    begin_call(L, lm, &c, "step", 3);
    if (n == 0) {
        lua_pushboolean(L, 1);
        return 1;
    }
    rs_stop stop;
    arm_slice(L, lm, &c);
    rs_err err = rs_dbg_step(lm->dbg, n, &stop);
    end_slice(L, lm, &c, err, &stop);
    pass_over(lm, &stop);
    if (stop.reason != RS_STOP_STEP)
        return push_stopped(L, &stop);
    lua_pushboolean(L, 1);
    return 1;
}

/* m:step_over([limits]) -> true | nil, reason, detail: one instruction, a CALL or INT n whole. */
static int m_step_over(lua_State *L)
{
    rs_lua_machine *lm = rs_lua_check_machine(L, 1, "step_over");
    run_call c;
    begin_call(L, lm, &c, "step_over", 2);
    rs_stop stop;
    arm_slice(L, lm, &c);
    rs_err err = rs_dbg_next(lm->dbg, &stop);
    end_slice(L, lm, &c, err, &stop);
    pass_over(lm, &stop);
    if (stop.reason != RS_STOP_STEP)
        return push_stopped(L, &stop);
    lua_pushboolean(L, 1);
    return 1;
}

static int m_break_at(lua_State *L)
{
    rs_lua_machine *lm = rs_lua_check_machine(L, 1, "break_at");
    uint32_t va = (uint32_t)rs_lua_check_uint(L, 2, "m:break_at: the address", 0, UINT32_MAX);
    rs_err err = rs_dbg_break_add(lm->dbg, va);
    if (err)
        rs_lua_fail(L, "m:break_at(0x%08x): %s%s", va, rs_strerror(err),
                    err == RS_ERR_TOO_BIG ? " (at most 64 breakpoints)" : "");
    lua_settop(L, 1);
    return 1;
}

static int m_break_remove(lua_State *L)
{
    rs_lua_machine *lm = rs_lua_check_machine(L, 1, "break_remove");
    uint32_t va = (uint32_t)rs_lua_check_uint(L, 2, "m:break_remove: the address", 0, UINT32_MAX);
    rs_err err = rs_dbg_break_remove(lm->dbg, va);
    if (err)
        rs_lua_fail(L, "m:break_remove(0x%08x): %s (no breakpoint there)", va, rs_strerror(err));
    lua_settop(L, 1);
    return 1;
}

/* m:exit_status() -> status, reason, detail once the machine has finished; else nil */
static int m_exit_status(lua_State *L)
{
    rs_lua_machine *lm = rs_lua_check_machine(L, 1, "exit_status");
    if (!lm->finished) {
        lua_pushnil(L);
        return 1;
    }
    lua_pushinteger(L, exit_status(&lm->last_stop));
    lua_pushstring(L, rs_stop_reason_name(lm->last_stop.reason));
    lua_pushstring(L, lm->last_stop.detail);
    return 3;
}

void rs_lua_machine_methods(lua_State *L)
{
    static const luaL_Reg methods[] = {
        { "run", m_run }, { "run_until", m_run_until }, { "step", m_step }, { "step_over", m_step_over },
        { "break_at", m_break_at }, { "break_remove", m_break_remove }, { "exit_status", m_exit_status },
        { "close", m_close }, { NULL, NULL },
    };
    static const luaL_Reg meta[] = {
        { "__gc", m_gc }, { "__close", m_close }, { "__tostring", m_tostring }, { NULL, NULL },
    };
    luaL_setfuncs(L, methods, 0);
    luaL_newmetatable(L, RS_LUA_MACHINE_MT);
    luaL_setfuncs(L, meta, 0);
    lua_pushvalue(L, -2);
    lua_setfield(L, -2, "__index");
    lua_pushliteral(L, "ringscope.machine");
    lua_setfield(L, -2, "__name");
    lua_pop(L, 1);
}
