/* Small pieces the Lua binding shares: error positions, argument checks, limits, byte buffers.
 * See lua_priv.h. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "lua_priv.h"

#define RS_LUA_OUTPUT_CAP (16u << 20)    /* COM1 bytes kept per machine; later ones are dropped */

uint64_t rs_lua_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* Errors name the script's line even when raised below a helper-library function, so a failed
 * expect_fault{...} points at the expect_fault line, not inside the library. */
void rs_lua_push_where(lua_State *L)
{
    lua_Debug ar;
    for (int level = 0; lua_getstack(L, level, &ar); level++) {
        if (!lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0)
            continue;
        if (!strcmp(ar.source, RS_LUA_HELPERS_CHUNK))
            continue;
        lua_pushfstring(L, "%s:%d: ", ar.short_src, ar.currentline);
        return;
    }
    lua_pushliteral(L, "");
}

int rs_lua_fail(lua_State *L, const char *fmt, ...)
{
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    rs_lua_push_where(L);
    lua_pushstring(L, text);
    lua_concat(L, 2);
    lua_error(L);
    abort();    /* lua_error does not return */
}

static int is_allowed(const char *key, const char *const *allowed)
{
    for (; *allowed; allowed++)
        if (!strcmp(key, *allowed))
            return 1;
    return 0;
}

static void list_fields(const char *const *allowed, char *out, size_t len)
{
    out[0] = 0;
    for (size_t used = 0; *allowed && used < len; allowed++)
        used += (size_t)snprintf(out + used, len - used, "%s%s", used ? ", " : "", *allowed);
}

void rs_lua_check_fields(lua_State *L, int idx, const char *what, const char *const *allowed)
{
    idx = lua_absindex(L, idx);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) == LUA_TSTRING && is_allowed(lua_tostring(L, -1), allowed))
            continue;
        char names[256];
        list_fields(allowed, names, sizeof names);
        if (lua_type(L, -1) == LUA_TSTRING)
            rs_lua_fail(L, "%s: unknown field '%s' (known: %s)", what, lua_tostring(L, -1), names);
        rs_lua_fail(L, "%s: unexpected %s key in the table (known fields: %s)", what, luaL_typename(L, -1), names);
    }
}

uint64_t rs_lua_check_uint(lua_State *L, int idx, const char *what, uint64_t lo, uint64_t hi)
{
    int isnum = 0;
    lua_Integer v = lua_tointegerx(L, idx, &isnum);
    if (!isnum) {
        if (lua_type(L, idx) == LUA_TNUMBER)
            rs_lua_fail(L, "%s must be a whole number, got %s", what, lua_tostring(L, idx));
        rs_lua_fail(L, "%s must be a number, got %s", what, luaL_typename(L, idx));
    }
    if (v < 0 || (uint64_t)v < lo || (uint64_t)v > hi)
        rs_lua_fail(L, "%s must be from %llu to %llu, got %lld", what, (unsigned long long)lo,
                    (unsigned long long)hi, (long long)v);
    return (uint64_t)v;
}

static double check_seconds(lua_State *L, int idx, const char *what)
{
    if (lua_type(L, idx) != LUA_TNUMBER)
        rs_lua_fail(L, "%s: timeout must be a number of seconds, got %s", what, luaL_typename(L, idx));
    double s = lua_tonumber(L, idx);
    if (!(s > 0) || s > RS_LUA_MAX_TIMEOUT_S || isnan(s))
        rs_lua_fail(L, "%s: timeout must be above 0 and at most %g seconds, got %g", what, RS_LUA_MAX_TIMEOUT_S, s);
    return s;
}

void rs_lua_parse_limits(lua_State *L, int idx, const char *what, rs_lua_limits *limits)
{
    static const char *const fields[] = { "max_insns", "timeout", NULL };
    if (lua_isnoneornil(L, idx))
        return;
    if (!lua_istable(L, idx))
        rs_lua_fail(L, "%s: limits must be a table such as {max_insns = 1e6, timeout = 2}, got %s", what,
                    luaL_typename(L, idx));
    idx = lua_absindex(L, idx);
    rs_lua_check_fields(L, idx, what, fields);
    if (lua_getfield(L, idx, "max_insns") != LUA_TNIL) {
        char name[96];
        snprintf(name, sizeof name, "%s: max_insns", what);
        limits->max_insns = rs_lua_check_uint(L, -1, name, 1, RS_LUA_MAX_MAX_INSNS);
    }
    lua_pop(L, 1);
    if (lua_getfield(L, idx, "timeout") != LUA_TNIL)
        limits->timeout_s = check_seconds(L, -1, what);
    lua_pop(L, 1);
}

void rs_lua_bytes_put(rs_lua_bytes *b, uint8_t byte)
{
    if (b->len == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        char *p = cap <= RS_LUA_OUTPUT_CAP ? realloc(b->data, cap) : NULL;
        if (!p) {
            b->truncated = 1;
            return;
        }
        b->data = p;
        b->cap = cap;
    }
    b->data[b->len++] = (char)byte;
}

void rs_lua_bytes_free(rs_lua_bytes *b)
{
    free(b->data);
    *b = (rs_lua_bytes){ 0 };
}
