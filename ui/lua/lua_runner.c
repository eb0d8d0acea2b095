/* See lua_runner.h. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>
#include <lualib.h>
#include "lua_ringscope.h"
#include "lua_runner.h"

#define HOOK_EVERY 1000      /* Lua VM instructions between two looks at the clock */

typedef struct script {
    const char *name;
    char chunk[1024];        /* "@" NAME */
    char *source;            /* the script's text, for quoting the line of a failed assert() */
    size_t source_len;
    char dir[4096];
    rs_lua_config cfg;
    size_t mem_used;
    int out_of_time;         /* the count hook raised the time-limit error */
    char traceback[RS_TEST_MESSAGE_MAX];
} script;

/* Lua's allocator with a ceiling: a runaway table fails with "not enough memory" in the script,
 * not by exhausting the host. */
static void *limited_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    script *s = ud;
    if (!ptr)
        osize = 0;          /* then osize encodes the kind of object, not a size */
    if (nsize == 0) {
        free(ptr);
        s->mem_used -= osize;
        return NULL;
    }
    if (nsize > osize && s->mem_used + (nsize - osize) > RS_TEST_LUA_MEMORY_MAX)
        return NULL;
    void *p = realloc(ptr, nsize);
    if (p)
        s->mem_used = s->mem_used - osize + nsize;
    return p;
}

static script *script_of(lua_State *L)
{
    void *ud;
    lua_getallocf(L, &ud);
    return ud;
}

/* Every HOOK_EVERY instructions: an endless Lua loop ends with an error at its line. */
static void time_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    script *s = script_of(L);
    if (!s->cfg.deadline_us || rs_lua_now_us() < s->cfg.deadline_us)
        return;
    s->out_of_time = 1;
    char text[128];
    snprintf(text, sizeof text, "the test's time limit (%g s) ran out (an endless loop?)", s->cfg.time_limit_s);
    rs_lua_push_where(L);
    lua_pushstring(L, text);
    lua_concat(L, 2);
    lua_error(L);
}

/* ---- The message handler: one message that names the script line ---- */

/* Does MSG start with a position, "SOURCE:LINE: "? */
static size_t position_length(const char *msg)
{
    const char *colon = strchr(msg, ':');
    const char *nl = strchr(msg, '\n');
    if (!colon || colon == msg || (nl && nl < colon) || !isdigit((unsigned char)colon[1]))
        return 0;
    const char *p = colon + 1;
    while (isdigit((unsigned char)*p))
        p++;
    return p[0] == ':' && p[1] == ' ' ? (size_t)(p + 2 - msg) : 0;
}

/* Copies line LINE (1-based) of the source, trimmed, into OUT. */
static void source_line(const script *s, int line, char *out, size_t len)
{
    const char *p = s->source, *end = s->source + s->source_len;
    for (int i = 1; i < line && p < end; i++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    size_t n = strcspn(p, "\r\n");
    if (p + n > end)
        n = (size_t)(end - p);
    snprintf(out, len, "%.*s", (int)n, p);
}

/* The line of this script the error was raised at, or 0. */
static int script_line(lua_State *L, const script *s)
{
    lua_Debug ar;
    for (int level = 0; lua_getstack(L, level, &ar); level++)
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0 && !strcmp(ar.source, s->chunk))
            return ar.currentline;
    return 0;
}

/* Pushes the error value at index 1 as text. */
static void push_error_text(lua_State *L)
{
    if (lua_type(L, 1) == LUA_TSTRING) {
        lua_pushvalue(L, 1);
        return;
    }
    if (luaL_callmeta(L, 1, "__tostring")) {
        if (lua_type(L, -1) == LUA_TSTRING)
            return;
        lua_pop(L, 1);
    }
    lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
}

static int message_handler(lua_State *L)
{
    script *s = script_of(L);
    push_error_text(L);
    const char *msg = lua_tostring(L, -1);
    const char *helpers = RS_LUA_HELPERS_CHUNK + 1;     /* its short_src: the name after '=' */
    if (!strncmp(msg, helpers, strlen(helpers)) && msg[strlen(helpers)] == ':')
        msg += position_length(msg);        /* an error inside the helpers: the script's line instead */
    if (!strcmp(msg + position_length(msg), "assertion failed!")) {
        int line = script_line(L, s);       /* assert() without a message: quote the line */
        char text[512];
        if (line) {
            source_line(s, line, text, sizeof text);
            lua_pushfstring(L, "assertion failed: %s", text);
            msg = lua_tostring(L, -1);
        }
    }
    if (!position_length(msg))
        rs_lua_push_where(L);
    else
        lua_pushliteral(L, "");
    lua_pushstring(L, msg);
    lua_concat(L, 2);
    luaL_traceback(L, L, NULL, 1);
    snprintf(s->traceback, sizeof s->traceback, "%s", lua_tostring(L, -1));
    lua_pop(L, 1);
    return 1;
}

/* ---- One script ---- */

static int read_source(script *s, const char *path, rs_test_outcome *out)
{
    FILE *f = fopen(path, "rb");
    long size = -1;
    if (f && fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        s->source = malloc((size_t)size + 1);
        if (s->source && fread(s->source, 1, (size_t)size, f) == (size_t)size) {
            s->source[size] = 0;
            s->source_len = (size_t)size;
            fclose(f);
            return 1;
        }
    }
    int e = errno;
    if (f)
        fclose(f);
    free(s->source);
    s->source = NULL;
    out->verdict = RS_TEST_ERROR;
    snprintf(out->message, sizeof out->message, "%s: cannot read the script: %s", s->name,
             e == 0 || e == ESPIPE ? "not a regular file" : strerror(e));
    return 0;
}

/* The script's folder, absolute when it can be (messages then name whole paths). */
static void set_dir(script *s, const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[4096];
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    char *real = realpath(dir, NULL);
    snprintf(s->dir, sizeof s->dir, "%s", real ? real : dir);
    free(real);
}

static void fail(rs_test_outcome *out, rs_test_verdict v, const char *msg)
{
    out->verdict = v;
    snprintf(out->message, sizeof out->message, "%s", msg);
}

/* After a clean run: machines never closed are a failure of their own. */
static void check_leaks(lua_State *L, const script *s, rs_test_outcome *out)
{
    char where[160] = "";
    int n = rs_lua_open_machines(L, where, sizeof where);
    if (!n)
        return;
    out->verdict = RS_TEST_FAIL;
    snprintf(out->message, sizeof out->message,
             "%s: %d machine%s never closed (booted at %s): call m:close(), or boot it as "
             "local m <close> = ringscope.boot{...}", s->name, n, n == 1 ? " was" : "s were", where);
}

static void run_chunk(lua_State *L, script *s, rs_test_outcome *out)
{
    if (luaL_loadbufferx(L, s->source, s->source_len, s->chunk, "t") != LUA_OK) {
        fail(out, RS_TEST_ERROR, lua_tostring(L, -1));     /* "peek.lua:3: syntax error ..." */
        return;
    }
    lua_pushcfunction(L, message_handler);
    lua_insert(L, -2);
    lua_sethook(L, time_hook, LUA_MASKCOUNT, HOOK_EVERY);
    int status = lua_pcall(L, 0, 0, -2);
    if (status == LUA_OK) {
        check_leaks(L, s, out);
        return;
    }
    const char *msg = lua_tostring(L, -1);
    if (status == LUA_ERRMEM)
        fail(out, RS_TEST_ERROR, "the script ran out of memory (Lua objects are limited to 512 MiB)");
    else
        fail(out, s->out_of_time || s->cfg.time_up ? RS_TEST_ERROR : RS_TEST_FAIL, msg ? msg : "error");
    snprintf(out->traceback, sizeof out->traceback, "%s", s->traceback);
}

void rs_lua_run_script(const char *path, const char *name, double time_limit_s, rs_test_outcome *out)
{
    memset(out, 0, sizeof *out);
    script *s = calloc(1, sizeof *s);
    if (!s) {
        fail(out, RS_TEST_ERROR, "out of host memory");
        return;
    }
    s->name = name;
    snprintf(s->chunk, sizeof s->chunk, "@%s", name);
    set_dir(s, path);
    s->cfg = (rs_lua_config){ .script_dir = s->dir, .time_limit_s = time_limit_s,
                              .deadline_us = time_limit_s > 0 ? rs_lua_now_us() + (uint64_t)(time_limit_s * 1e6) : 0 };
    lua_State *L = NULL;
    if (read_source(s, path, out) && !(L = lua_newstate(limited_alloc, s)))
        fail(out, RS_TEST_ERROR, "cannot create a Lua state");
    if (L) {
        luaL_openlibs(L);
        if (rs_lua_open(L, &s->cfg) != 0)
            fail(out, RS_TEST_ERROR, lua_tostring(L, -1));
        else
            run_chunk(L, s, out);
        lua_sethook(L, NULL, 0, 0);
        lua_close(L);
    }
    free(s->source);
    free(s);
}
