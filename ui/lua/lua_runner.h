/* Running one test script: a fresh Lua 5.4 state with the standard libraries and the ringscope
 * binding (lua_ringscope.h), a time limit for the whole script (Lua code is interrupted by an
 * instruction-count hook; guest runs have their time cut to what is left), a memory limit for
 * Lua's own allocations, and a verdict with a message that names the script line.
 *
 * It runs in the calling process: `ringscope test` (cli_test.c) forks one process per script, so
 * a script that crashes, calls os.exit or outlives its time cannot take the runner with it. */
#ifndef RS_LUA_RUNNER_H
#define RS_LUA_RUNNER_H

typedef enum rs_test_verdict {
    RS_TEST_PASS,
    RS_TEST_FAIL,       /* the script ran and raised an error: a failed check, assert(), a bug */
    RS_TEST_ERROR,      /* no verdict: unreadable or not valid Lua, out of time or memory, crashed */
} rs_test_verdict;

#define RS_TEST_MESSAGE_MAX 4096

/* A plain value, so a child process can write it to its parent as bytes. */
typedef struct rs_test_outcome {
    rs_test_verdict verdict;
    char message[RS_TEST_MESSAGE_MAX];    /* FAIL/ERROR: "peek.lua:12: expected ...", more lines after
                                           * the first for details (the event); "" on PASS */
    char traceback[RS_TEST_MESSAGE_MAX];  /* the Lua stack where the error was raised, or "" */
} rs_test_outcome;

#define RS_TEST_LUA_MEMORY_MAX (512u << 20)   /* bytes of Lua objects a script may hold */

/* Runs the script at PATH, naming it NAME in messages and error positions ("peek.lua:12: ..."),
 * with TIME_LIMIT_S seconds for all of it (0: none). Paths in ringscope.boot are relative to
 * PATH's folder. Fills *OUT; cannot fail otherwise. Machines the script leaves open are
 * destroyed, and reported (FAIL). */
void rs_lua_run_script(const char *path, const char *name, double time_limit_s, rs_test_outcome *out);

#endif
