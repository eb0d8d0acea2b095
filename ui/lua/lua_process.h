/* One test script in a process of its own (`ringscope test`, cli_test.c): a crash, os.exit, an
 * endless loop outside Lua or a sanitizer report ends that process, not the runner.
 *
 * The child runs the script with lua_runner.h, with standard input from /dev/null and standard
 * output and error captured, in a process group of its own. The parent waits at most TIMEOUT_S
 * plus a 3-second grace (the script's own limit stops Lua code and guest runs first), then kills
 * the group. */
#ifndef RS_LUA_PROCESS_H
#define RS_LUA_PROCESS_H
#include "lua_runner.h"

/* Runs the script at PATH (named NAME in messages) with TIMEOUT_S seconds, fills *OUT with its
 * verdict, or with why there is none (killed, crashed, exited early, passed but the process
 * failed), and sets *OUTPUT to what it printed (heap, NUL-terminated, at most 1 MiB kept: the
 * caller frees it). Returns 0 when the child could not be started (errno), 1 otherwise. */
int rs_lua_run_isolated(const char *path, const char *name, double timeout_s, rs_test_outcome *out, char **output);

#endif
