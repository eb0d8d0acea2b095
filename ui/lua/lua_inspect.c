/* Machine methods that look without running: registers, memory, the page walk, regions, the event
 * log, the guest's output. None changes the guest (no accessed bits are set). See lua_priv.h. */
#include <stdio.h>
#include <string.h>
#include "lua_priv.h"
#include "pagemap.h"

#define RS_LUA_MAX_READ (16u << 20)     /* bytes one m:read/m:read_phys may return */

/* ---- Registers ---- */

typedef struct reg_name {
    const char *name;
    size_t offset;           /* of the uint32_t (or int) in rs_regs */
    int is_int, is_u16;
} reg_name;

#define R32(n, field) { n, offsetof(rs_regs, field), 0, 0 }
#define SEL(n, s) { n, offsetof(rs_regs, seg) + (s) * sizeof(rs_sreg) + offsetof(rs_sreg, selector), 0, 1 }
static const reg_name reg_names[] = {
    R32("eax", gpr[RS_REG_EAX]), R32("ecx", gpr[RS_REG_ECX]), R32("edx", gpr[RS_REG_EDX]),
    R32("ebx", gpr[RS_REG_EBX]), R32("esp", gpr[RS_REG_ESP]), R32("ebp", gpr[RS_REG_EBP]),
    R32("esi", gpr[RS_REG_ESI]), R32("edi", gpr[RS_REG_EDI]), R32("eip", eip), R32("eflags", eflags),
    SEL("es", RS_SREG_ES), SEL("cs", RS_SREG_CS), SEL("ss", RS_SREG_SS), SEL("ds", RS_SREG_DS),
    SEL("fs", RS_SREG_FS), SEL("gs", RS_SREG_GS),
    R32("cr0", cr0), R32("cr2", cr2), R32("cr3", cr3), R32("cr4", cr4), { "cpl", offsetof(rs_regs, cpl), 1, 0 },
    R32("gdtr_base", gdtr_base), R32("gdtr_limit", gdtr_limit), R32("idtr_base", idtr_base),
    R32("idtr_limit", idtr_limit), { "tr", offsetof(rs_regs, tr), 0, 1 }, R32("tss_base", tss_base),
    R32("tss_esp0", tss_esp0), { "tss_ss0", offsetof(rs_regs, tss_ss0), 0, 1 },
};
#define N_REGS (sizeof reg_names / sizeof reg_names[0])

static lua_Integer reg_value(const rs_regs *r, const reg_name *n)
{
    const char *p = (const char *)r + n->offset;
    if (n->is_int)
        return *(const int *)(const void *)p;
    if (n->is_u16)
        return *(const uint16_t *)(const void *)p;
    return *(const uint32_t *)(const void *)p;
}

static int m_reg(lua_State *L)
{
    rs_lua_machine *lm = rs_lua_check_machine(L, 1, "reg");
    const char *name = luaL_checkstring(L, 2);
    rs_regs r;
    rs_machine_regs(lm->m, &r);
    for (size_t i = 0; i < N_REGS; i++)
        if (!strcmp(reg_names[i].name, name)) {
            lua_pushinteger(L, reg_value(&r, &reg_names[i]));
            return 1;
        }
    return rs_lua_fail(L, "m:reg: unknown register '%s' (eax ecx edx ebx esp ebp esi edi eip eflags, es cs ss ds fs "
                          "gs, cr0 cr2 cr3 cr4, cpl, gdtr_base gdtr_limit idtr_base idtr_limit tr tss_base tss_esp0 "
                          "tss_ss0; m:regs() gives them all)", name);
}

static int m_regs(lua_State *L)
{
    rs_lua_machine *lm = rs_lua_check_machine(L, 1, "regs");
    rs_regs r;
    rs_machine_regs(lm->m, &r);
    lua_createtable(L, 0, (int)N_REGS);
    for (size_t i = 0; i < N_REGS; i++) {
        lua_pushinteger(L, reg_value(&r, &reg_names[i]));
        lua_setfield(L, -2, reg_names[i].name);
    }
    return 1;
}

/* m:set_reg(name, value): a general register, eip or eflags, between runs; returns m. */
static int m_set_reg(lua_State *L)
{
    rs_lua_machine *lm = rs_lua_check_machine(L, 1, "set_reg");
    const char *name = luaL_checkstring(L, 2);
    uint32_t v = (uint32_t)rs_lua_check_uint(L, 3, "m:set_reg: the value", 0, UINT32_MAX);
    rs_err err = rs_machine_set_reg(lm->m, name, v);
    if (err == RS_ERR_ARG)
        return rs_lua_fail(L, "m:set_reg: unknown register '%s' (eax ecx edx ebx esp ebp esi edi eip eflags)", name);
    if (err)
        return rs_lua_fail(L, "m:set_reg('%s'): %s", name, rs_strerror(err));
    lua_settop(L, 1);
    return 1;
}

static int m_cpl(lua_State *L)
{
    rs_lua_machine *lm = rs_lua_check_machine(L, 1, "cpl");
    rs_regs r;
    rs_machine_regs(lm->m, &r);
    lua_pushinteger(L, r.cpl);
    return 1;
}

static int m_icount(lua_State *L)
{
    rs_lua_machine *lm = rs_lua_check_machine(L, 1, "icount");
    lua_pushinteger(L, (lua_Integer)rs_machine_icount(lm->m));
    return 1;
}

/* ---- Memory ---- */

/* Fills DST with up to LEN bytes at ADDR; returns how many it could read. */
typedef uint32_t (*reader)(rs_lua_machine *lm, uint64_t addr, void *dst, uint32_t len, rs_walk *fault);

static uint32_t read_linear(rs_lua_machine *lm, uint64_t addr, void *dst, uint32_t len, rs_walk *fault)
{
    return rs_machine_read_linear(lm->m, (uint32_t)addr, dst, len, fault);
}

static uint32_t read_phys(rs_lua_machine *lm, uint64_t addr, void *dst, uint32_t len, rs_walk *fault)
{
    (void)fault;
    return rs_machine_read_phys(lm->m, addr, dst, len);
}

static int push_read(lua_State *L, const char *method, reader fn)
{
    rs_lua_machine *lm = rs_lua_check_machine(L, 1, method);
    char what[64];
    snprintf(what, sizeof what, "m:%s: the address", method);
    uint64_t addr = rs_lua_check_uint(L, 2, what, 0, UINT32_MAX);
    snprintf(what, sizeof what, "m:%s: the length", method);
    uint32_t len = (uint32_t)rs_lua_check_uint(L, 3, what, 0, RS_LUA_MAX_READ);
    char *buf = lua_newuserdatauv(L, len ? len : 1, 0);    /* scratch the collector frees */
    rs_walk fault = { 0 };
    uint32_t got = fn(lm, addr, buf, len, &fault);
    if (got == len) {
        lua_pushlstring(L, buf, len);
        return 1;
    }
    char msg[160];
    if (fn == read_phys)
        snprintf(msg, sizeof msg, "physical 0x%08llx is beyond RAM (%u MiB)", (unsigned long long)(addr + got),
                 (unsigned)(rs_machine_physmem(lm->m)->size >> 20));
    else
        snprintf(msg, sizeof msg, "0x%08x is not mapped (a supervisor read would fault with error code 0x%x)",
                 (uint32_t)(addr + got), fault.error_code);
    lua_pushnil(L);
    lua_pushstring(L, msg);
    return 2;
}

static int m_read(lua_State *L) { return push_read(L, "read", read_linear); }
static int m_read_phys(lua_State *L) { return push_read(L, "read_phys", read_phys); }

/* ---- Paging ---- */

static void set_bool(lua_State *L, const char *key, int v)
{
    lua_pushboolean(L, v);
    lua_setfield(L, -2, key);
}

static void set_int(lua_State *L, const char *key, lua_Integer v)
{
    lua_pushinteger(L, v);
    lua_setfield(L, -2, key);
}

static void push_entry(lua_State *L, const rs_mmu_entry *e, rs_mmu_level level)
{
    lua_createtable(L, 0, 16);
    set_int(L, "addr", e->addr);
    set_int(L, "raw", e->raw);
    set_int(L, "index", e->index);
    set_bool(L, "in_ram", e->in_ram);
    set_bool(L, "present", e->present);
    set_bool(L, "writable", e->writable);
    set_bool(L, "user", e->user);
    set_bool(L, "pwt", e->pwt);
    set_bool(L, "pcd", e->pcd);
    set_bool(L, "accessed", e->accessed);
    set_bool(L, "dirty", e->dirty);
    set_bool(L, "global", e->global);
    set_bool(L, "large", e->large);
    set_int(L, "frame", (lua_Integer)e->frame);
    char text[160];
    rs_mmu_entry_text(e, level, text, sizeof text);
    lua_pushstring(L, text);
    lua_setfield(L, -2, "text");
}

static const char *deny_name(rs_mmu_deny d)
{
    static const char *const names[] = { NULL, "not-present", "reserved", "supervisor", "read-only" };
    return (unsigned)d < sizeof names / sizeof names[0] ? names[d] : NULL;
}

static void push_inspection(lua_State *L, const rs_mmu_inspection *in)
{
    lua_createtable(L, 0, 20);
    set_int(L, "linear", in->linear);
    lua_pushstring(L, rs_mmu_access_name(in->access));
    lua_setfield(L, -2, "access");
    set_int(L, "cpl", in->cpl);
    set_bool(L, "paging", in->paging);
    set_int(L, "levels", in->levels);
    set_bool(L, "large", in->large);
    set_bool(L, "user", in->user);
    set_bool(L, "writable", in->writable);
    set_bool(L, "allowed", in->allowed);
    set_int(L, "error_code", in->error_code);
    if (in->allowed)
        set_int(L, "phys", (lua_Integer)in->phys);
    if (!in->allowed) {
        lua_pushstring(L, deny_name(in->deny));
        lua_setfield(L, -2, "deny");
        lua_pushstring(L, rs_mmu_level_name(in->deny_level));
        lua_setfield(L, -2, "deny_level");
        set_int(L, "deny_bit", in->deny_bit);
    }
    if (in->levels >= 1) {
        push_entry(L, &in->pde, RS_LEVEL_PDE);
        lua_setfield(L, -2, "pde");
    }
    if (in->levels >= 2) {
        push_entry(L, &in->pte, RS_LEVEL_PTE);
        lua_setfield(L, -2, "pte");
    }
    char text[256];
    rs_mmu_denial_text(in, text, sizeof text);
    lua_pushstring(L, text);
    lua_setfield(L, -2, "text");
}

static rs_access check_access(lua_State *L, int idx)
{
    const char *a = luaL_optstring(L, idx, "read");
    if (!strcmp(a, "read"))
        return RS_ACC_READ;
    if (!strcmp(a, "write"))
        return RS_ACC_WRITE;
    if (!strcmp(a, "execute") || !strcmp(a, "exec"))
        return RS_ACC_EXEC;
    return (rs_access)rs_lua_fail(L, "m:walk: access must be \"read\", \"write\" or \"execute\", not '%s'", a);
}

/* m:walk(va, [cpl = 3], [access = "read"]) -> the inspector's answer (mmu.h) as a table */
static int m_walk(lua_State *L)
{
    rs_lua_machine *lm = rs_lua_check_machine(L, 1, "walk");
    uint32_t va = (uint32_t)rs_lua_check_uint(L, 2, "m:walk: the address", 0, UINT32_MAX);
    int cpl = lua_isnoneornil(L, 3) ? 3 : (int)rs_lua_check_uint(L, 3, "m:walk: cpl", 0, 3);
    rs_access access = check_access(L, 4);
    rs_mmu_inspection in;
    rs_mmu_inspect(rs_machine_physmem(lm->m), rs_machine_paging(lm->m), va, access, cpl, &in);
    push_inspection(L, &in);
    return 1;
}

/* m:regions() -> { {start=, last=, pages=, size=, user=, writable=, reserved=, text=}, ... } */
static int m_regions(lua_State *L)
{
    rs_lua_machine *lm = rs_lua_check_machine(L, 1, "regions");
    const rs_physmem *pm = rs_machine_physmem(lm->m);
    rs_paging pg = rs_machine_paging(lm->m);
    size_t n = rs_pagemap_regions(pm, pg, NULL, 0);
    rs_pagemap_region *r = lua_newuserdatauv(L, (n ? n : 1) * sizeof *r, 0);   /* scratch the collector frees */
    rs_pagemap_regions(pm, pg, r, n);
    lua_createtable(L, n < 65536 ? (int)n : 65536, 0);
    for (size_t i = 0; i < n; i++) {
        char text[128];
        rs_pagemap_region_text(&r[i], text, sizeof text);
        lua_createtable(L, 0, 8);
        set_int(L, "start", r[i].start);
        set_int(L, "last", rs_pagemap_region_last(&r[i]));
        set_int(L, "pages", r[i].pages);
        set_int(L, "size", (lua_Integer)r[i].pages * 4096);
        set_bool(L, "user", (r[i].attrs & RS_PAGE_USER) != 0);
        set_bool(L, "writable", (r[i].attrs & RS_PAGE_WRITABLE) != 0);
        set_bool(L, "reserved", (r[i].attrs & RS_PAGE_RESERVED) != 0);
        lua_pushstring(L, text);
        lua_setfield(L, -2, "text");
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* ---- Events ---- */

/* The filter at IDX: nil (all), a kind name, or a table: its list part names kinds, `kind` too,
 * `since` keeps events with seq >= it, and every other string key is a field that must be equal
 * ({kind = "exception", vector = 14}). Returns 1 when there are fields to compare. */
static int filter_kinds(lua_State *L, int idx, rs_lua_kinds *kinds, uint64_t *since)
{
    *kinds = (rs_lua_kinds){ ~0u, -1 };
    *since = 0;
    if (lua_isnoneornil(L, idx))
        return 0;
    if (lua_type(L, idx) == LUA_TSTRING) {
        rs_lua_check_kinds(L, idx, "m:events", kinds);
        return 0;
    }
    if (!lua_istable(L, idx))
        rs_lua_fail(L, "m:events: the filter must be a kind, a list of kinds or a table of fields, got %s",
                    luaL_typename(L, idx));
    if (lua_rawlen(L, idx) > 0)
        rs_lua_check_kinds(L, idx, "m:events", kinds);
    if (lua_getfield(L, idx, "kind") != LUA_TNIL)
        rs_lua_check_kinds(L, lua_gettop(L), "m:events", kinds);
    lua_pop(L, 1);
    if (lua_getfield(L, idx, "since") != LUA_TNIL)
        *since = rs_lua_check_uint(L, -1, "m:events: since", 0, UINT64_MAX >> 1);
    lua_pop(L, 1);
    return 1;
}

/* Does the event table on top match every field of the filter table at FILTER (but kind, since)? */
static int fields_match(lua_State *L, int filter)
{
    int ev = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, filter)) {
        const char *key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
        if (key && strcmp(key, "kind") && strcmp(key, "since")) {
            lua_getfield(L, ev, key);
            int same = lua_compare(L, -1, -2, LUA_OPEQ);
            lua_pop(L, 1);
            if (!same) {
                lua_pop(L, 2);
                return 0;
            }
        }
        lua_pop(L, 1);
    }
    return 1;
}

/* m:events([filter]) -> the events still in the log (the newest 16384), oldest first */
static int m_events(lua_State *L)
{
    rs_lua_machine *lm = rs_lua_check_machine(L, 1, "events");
    rs_lua_kinds kinds;
    uint64_t since;
    int by_fields = filter_kinds(L, 2, &kinds, &since);
    const rs_evlog *log = rs_machine_event_log(lm->m);
    lua_newtable(L);
    lua_Integer n = 0;
    for (uint64_t seq = rs_evlog_oldest(log); seq < log->next_seq; seq++) {
        const rs_event *ev = rs_evlog_get(log, seq);
        if (!ev || seq < since || !rs_lua_kinds_match(&kinds, ev))
            continue;
        rs_lua_push_event(L, ev);
        if (by_fields && !fields_match(L, 2)) {
            lua_pop(L, 1);
            continue;
        }
        lua_rawseti(L, -2, ++n);
    }
    return 1;
}

/* ---- Output ---- */

static int m_serial(lua_State *L)
{
    rs_lua_machine *lm = rs_lua_check_machine(L, 1, "serial");
    lua_pushlstring(L, lm->serial.data ? lm->serial.data : "", lm->serial.len);
    return 1;
}

static int m_debugcon(lua_State *L)
{
    rs_lua_machine *lm = rs_lua_check_machine(L, 1, "debugcon");
    lua_pushlstring(L, lm->debugcon.data ? lm->debugcon.data : "", lm->debugcon.len);
    return 1;
}

/* m:screen(): the 80x25 text screen as text (machine.h, rs_machine_screen_text). */
static int m_screen(lua_State *L)
{
    rs_lua_machine *lm = rs_lua_check_machine(L, 1, "screen");
    char text[RS_SCREEN_COLS * RS_SCREEN_ROWS * 3 + RS_SCREEN_ROWS + 1];
    size_t n = rs_machine_screen_text(lm->m, text, sizeof text);
    lua_pushlstring(L, text, n < sizeof text ? n : sizeof text - 1);
    return 1;
}

void rs_lua_inspect_methods(lua_State *L)
{
    static const luaL_Reg methods[] = {
        { "reg", m_reg }, { "regs", m_regs }, { "set_reg", m_set_reg }, { "cpl", m_cpl }, { "icount", m_icount },
        { "read", m_read }, { "read_phys", m_read_phys }, { "walk", m_walk }, { "regions", m_regions },
        { "events", m_events }, { "serial", m_serial }, { "debugcon", m_debugcon },
        { "screen", m_screen }, { NULL, NULL },
    };
    luaL_setfuncs(L, methods, 0);
}
