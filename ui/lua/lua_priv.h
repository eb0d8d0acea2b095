/* Shared by the Lua binding's files (lua_ringscope.c, lua_boot.c, lua_machine.c, lua_inspect.c,
 * lua_event.c, lua_util.c); nothing outside them includes this. The public entry is lua_ringscope.h.
 *
 * Errors: every function here that takes a lua_State may raise a Lua error (longjmp), so callers
 * hold no malloc'd memory across them. */
#ifndef RS_LUA_PRIV_H
#define RS_LUA_PRIV_H
#include <stdint.h>
#include <lua.h>
#include <lauxlib.h>
#include "debugger.h"
#include "lua_ringscope.h"
#include "machine.h"

#define RS_LUA_MACHINE_MT "ringscope.machine"

/* Limits for one call that runs the guest (every such call has both, so every call ends). */
#define RS_LUA_DEFAULT_MAX_INSNS 100000000ull   /* 1e8 instructions */
#define RS_LUA_DEFAULT_TIMEOUT_S 10.0
#define RS_LUA_MAX_MAX_INSNS 1000000000000000ull  /* 1e15: beyond is a mistake, not a limit */
#define RS_LUA_MAX_TIMEOUT_S 86400.0

typedef struct rs_lua_limits {
    uint64_t max_insns;          /* instructions this call may run */
    double timeout_s;            /* seconds this call may take */
} rs_lua_limits;

/* A growing byte buffer for the guest's COM1 and 0xE9 output (capped: see lua_util.c). */
typedef struct rs_lua_bytes {
    char *data;
    size_t len, cap;
    int truncated;
} rs_lua_bytes;

/* The userdata behind a machine object. m == NULL once closed. */
typedef struct rs_lua_machine {
    rs_machine *m;
    rs_dbg *dbg;
    rs_lua_bytes serial, debugcon;
    rs_lua_limits defaults;      /* boot{limits=...}, else the defaults above */
    uint64_t cursor;             /* run_until: seq of the first event not yet returned */
    int finished;                /* a terminal stop happened: last_stop says which */
    rs_stop last_stop;
    char where[160];             /* "peek.lua:3", where it was booted */
    struct rs_lua_machine *next, *prev;   /* the context's list of open machines */
} rs_lua_machine;

/* Per-state data, a userdata in the registry. */
typedef struct rs_lua_context {
    rs_lua_config *cfg;
    rs_lua_machine *open;        /* newest first */
    int collected_open;          /* machines the garbage collector found unclosed (leaks too) */
    char collected_where[160];   /* where the first of them was booted */
} rs_lua_context;

rs_lua_context *rs_lua_context_get(lua_State *L);

/* ---- lua_util.c ---- */
/* Raises a Lua error "src:line: " + the printf-formatted text. Never returns. */
int rs_lua_fail(lua_State *L, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));
/* Raises an error unless every string key of the table at IDX is one of ALLOWED (NULL-ended). */
void rs_lua_check_fields(lua_State *L, int idx, const char *what, const char *const *allowed);
/* Reads the integer at IDX (integral floats such as 1e8 are accepted) within [LO, HI]. */
uint64_t rs_lua_check_uint(lua_State *L, int idx, const char *what, uint64_t lo, uint64_t hi);
/* Reads an optional limits table at IDX (nil: keep *LIMITS) into *LIMITS. */
void rs_lua_parse_limits(lua_State *L, int idx, const char *what, rs_lua_limits *limits);
/* Appends a byte (dropped once the cap is reached); frees the buffer. */
void rs_lua_bytes_put(rs_lua_bytes *b, uint8_t byte);
void rs_lua_bytes_free(rs_lua_bytes *b);

/* ---- lua_event.c ---- */
/* Pushes EV as a table with the JSON trace's field names (trace_json.h) and "text". */
void rs_lua_push_event(lua_State *L, const rs_event *ev);

/* Which events a run_until waits for: a mask of kinds, and for "cr0"/"cr3"/"cr4" the register. */
typedef struct rs_lua_kinds {
    uint32_t mask;               /* 1u << rs_event_kind */
    int cr_reg;                  /* -1: any control register */
} rs_lua_kinds;
/* Parses a kind name or a list of them at IDX; raises an error naming the valid kinds. */
void rs_lua_check_kinds(lua_State *L, int idx, const char *what, rs_lua_kinds *out);
int rs_lua_kinds_match(const rs_lua_kinds *k, const rs_event *ev);

/* ---- lua_machine.c ---- */
/* Creates the machine metatable and fills the method table on top of the stack. */
void rs_lua_machine_methods(lua_State *L);
/* The machine at IDX; raises an error if it is not one, or (for METHOD) if it is closed. */
rs_lua_machine *rs_lua_check_machine(lua_State *L, int idx, const char *method);
/* Destroys the machine and unlinks it from the context; idempotent. */
void rs_lua_machine_close(lua_State *L, rs_lua_machine *lm);

/* ---- lua_inspect.c ---- */
/* Adds reg, regs, set_reg, cpl, icount, read, read_phys, walk, regions, events, serial, debugcon
 * to the method table on top of the stack. */
void rs_lua_inspect_methods(lua_State *L);

/* ---- lua_boot.c ---- */
int rs_lua_boot(lua_State *L);    /* ringscope.boot{...} */

#endif
