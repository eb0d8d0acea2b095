/* How `ringscope test` reports (cli_test.c): one line per test and a summary, as plain text or
 * TAP 13, and a JUnit XML file for CI systems.
 *
 * Plain:                                   TAP (--tap):
 *   ok   peek.lua                            TAP version 13
 *   FAIL usercopy.lua:12: expected ...       1..2
 *        event: #PF at CPL 3: ...            ok 1 - peek.lua
 *   1 passed, 1 failed                       not ok 2 - usercopy.lua
 *                                              ---  (message, severity, details, output: YAML)
 *                                              ...
 *                                            # 1 passed, 1 failed
 * Nothing here allocates or owns anything; results belong to the caller. */
#ifndef RS_LUA_REPORT_H
#define RS_LUA_REPORT_H
#include <stddef.h>
#include <stdio.h>
#include "lua_runner.h"

typedef struct rs_test_result {
    const char *name;            /* "peek.lua" */
    rs_test_verdict verdict;
    const char *message;         /* FAIL/ERROR: first line the summary, then details; else "" */
    const char *traceback;       /* "" when none */
    const char *output;          /* what the script printed (stdout and stderr), "" when nothing */
    double seconds;
} rs_test_result;

typedef enum rs_report_style { RS_REPORT_PLAIN, RS_REPORT_TAP } rs_report_style;

void rs_report_start(FILE *out, rs_report_style style, size_t n_tests);
/* INDEX counts from 1. VERBOSE also shows a passing test's output and a failure's traceback. */
void rs_report_result(FILE *out, rs_report_style style, size_t index, const rs_test_result *r, int verbose);
void rs_report_summary(FILE *out, rs_report_style style, size_t passed, size_t failed);

/* Writes every result to F as one JUnit <testsuite> (failures: FAIL, errors: ERROR). Text is
 * escaped for XML and invalid UTF-8 replaced, so the file is well-formed whatever the scripts
 * printed. Returns 0, or -1 when writing failed (errno). */
int rs_report_junit(FILE *f, const rs_test_result *results, size_t n, double seconds);

#endif
