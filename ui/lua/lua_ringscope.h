/* The Lua binding of the core, for the scripts `ringscope test` runs (cli_test.c, lua_runner.c).
 *
 * rs_lua_open installs into a Lua 5.4 state:
 *   ringscope            the module table: boot{...}, fail(msg), errno(x), syscall_name(nr),
 *                        syscall_number(name), version, script_dir, Machine (the method table)
 *   machine objects      what ringscope.boot returns (lua_machine.c, lua_inspect.c)
 *   expect_*             the helper library ui/lua/ringscope.lua, built into the binary
 * The whole script-facing API is documented in README.md, "Writing a test guest".
 *
 * Ownership: each machine belongs to its Lua userdata; m:close(), a <close> variable or the
 * garbage collector (lua_close at the latest) destroys it. CFG is borrowed: it must outlive L.
 * Not thread-safe (one state, one thread). */
#ifndef RS_LUA_RINGSCOPE_H
#define RS_LUA_RINGSCOPE_H
#include <stddef.h>
#include <stdint.h>
#include <lua.h>

typedef struct rs_lua_config {
    const char *script_dir;      /* relative paths given to ringscope.boot resolve against it */
    uint64_t deadline_us;        /* rs_lua_now_us() value at which the test's time is up; 0: none */
    double time_limit_s;         /* the test's time limit, for messages */
    int time_up;                 /* set by the binding when it raised an error because the test's
                                  * time ran out during a guest run */
} rs_lua_config;

/* Installs `ringscope`, the machine methods and the helper globals into L. Returns 0, or -1 with
 * an error message on top of L's stack (the helper library failed to load: a build fault). */
int rs_lua_open(lua_State *L, rs_lua_config *cfg);

/* How many machines booted in L were never closed: those still open, and those the garbage
 * collector found unclosed. When there are some, writes where one of them was booted
 * ("peek.lua:3") into WHERE (LEN bytes). */
int rs_lua_open_machines(lua_State *L, char *where, size_t len);

/* Pushes "src:line: " of the innermost frame that belongs to a script (not C, not the helper
 * library), or "" when there is none: where an error is to be reported. */
void rs_lua_push_where(lua_State *L);

/* Monotonic wall-clock time in microseconds (the clock deadline_us is on). */
uint64_t rs_lua_now_us(void);

/* The chunk name the helper library runs under; error positions skip its frames. */
#define RS_LUA_HELPERS_CHUNK "=[ringscope helpers]"

#endif
