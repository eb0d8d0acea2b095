/* The `ringscope` table and the helper library; see lua_ringscope.h. */
#include <stdio.h>
#include <string.h>
#include "linux_i386.h"
#include "lua_priv.h"

/* Generated at build time from ui/lua/ringscope.lua (ui/lua/embed.cmake). */
extern const unsigned char rs_lua_helpers_source[];
extern const unsigned long rs_lua_helpers_size;

static const char context_key = 'c';    /* its address is the registry key */

rs_lua_context *rs_lua_context_get(lua_State *L)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &context_key);
    rs_lua_context *ctx = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return ctx;
}

/* ringscope.fail(msg): raises MSG at the script's line (used by the helpers; scripts may too). */
static int r_fail(lua_State *L)
{
    const char *msg = luaL_checkstring(L, 1);
    rs_lua_push_where(L);
    lua_pushstring(L, msg);
    lua_concat(L, 2);
    return lua_error(L);
}

/* ringscope.errno(14) -> "EFAULT"; ringscope.errno("EFAULT") -> 14; nil if unknown. */
static int r_errno(lua_State *L)
{
    if (lua_type(L, 1) == LUA_TSTRING) {
        const char *name = lua_tostring(L, 1);
        for (int e = 1; e < 1024; e++) {
            const char *n = rs_linux_errno_name(e);
            if (n && !strcmp(n, name)) {
                lua_pushinteger(L, e);
                return 1;
            }
        }
        lua_pushnil(L);
        return 1;
    }
    lua_Integer e = luaL_checkinteger(L, 1);
    const char *name = e > 0 && e < 1024 ? rs_linux_errno_name((int)e) : NULL;
    if (!name && e < 0 && e > -1024)
        name = rs_linux_errno_name((int)-e);    /* a -errno result works too */
    lua_pushstring(L, name);
    return 1;
}

static int r_syscall_name(lua_State *L)
{
    lua_Integer nr = luaL_checkinteger(L, 1);
    lua_pushstring(L, nr >= 0 && nr <= UINT32_MAX ? rs_linux_syscall_name((uint32_t)nr) : NULL);
    return 1;
}

static int r_syscall_number(lua_State *L)
{
    int nr = rs_linux_syscall_number(luaL_checkstring(L, 1));
    if (nr < 0)
        lua_pushnil(L);
    else
        lua_pushinteger(L, nr);
    return 1;
}

static void push_module(lua_State *L)
{
    static const luaL_Reg fns[] = {
        { "boot", rs_lua_boot }, { "fail", r_fail }, { "errno", r_errno },
        { "syscall_name", r_syscall_name }, { "syscall_number", r_syscall_number }, { NULL, NULL },
    };
    luaL_newlib(L, fns);
    lua_pushliteral(L, "0.1");
    lua_setfield(L, -2, "version");
    lua_newtable(L);                 /* ringscope.Machine: the methods of machine objects */
    rs_lua_machine_methods(L);
    rs_lua_inspect_methods(L);
    lua_setfield(L, -2, "Machine");
}

/* Runs the helper library with (ringscope, Machine); it defines the expect_* globals. */
static int load_helpers(lua_State *L)
{
    if (luaL_loadbufferx(L, (const char *)rs_lua_helpers_source, rs_lua_helpers_size, RS_LUA_HELPERS_CHUNK, "t") != LUA_OK)
        return -1;
    lua_getglobal(L, "ringscope");
    lua_getfield(L, -1, "Machine");
    return lua_pcall(L, 2, 0, 0) == LUA_OK ? 0 : -1;
}

int rs_lua_open(lua_State *L, rs_lua_config *cfg)
{
    rs_lua_context *ctx = lua_newuserdatauv(L, sizeof *ctx, 0);
    ctx->cfg = cfg;
    ctx->open = NULL;
    ctx->collected_open = 0;
    lua_rawsetp(L, LUA_REGISTRYINDEX, &context_key);
    push_module(L);
    lua_pushstring(L, cfg->script_dir);
    lua_setfield(L, -2, "script_dir");
    lua_setglobal(L, "ringscope");
    return load_helpers(L);
}

int rs_lua_open_machines(lua_State *L, char *where, size_t len)
{
    const rs_lua_context *ctx = rs_lua_context_get(L);
    int n = ctx->collected_open;
    const rs_lua_machine *oldest = NULL;
    for (const rs_lua_machine *lm = ctx->open; lm; lm = lm->next, n++)
        oldest = lm;
    if (len && (ctx->collected_open || oldest))
        snprintf(where, len, "%s", ctx->collected_open ? ctx->collected_where : oldest->where);
    return n;
}
