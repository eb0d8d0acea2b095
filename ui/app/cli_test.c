/* `ringscope test [options] PATH...`: finds the Lua test scripts, runs each in its own process
 * (lua_process.h) and reports (lua_report.h). The script side is lua_runner.c; the API scripts
 * see is lua_ringscope.h. */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "cli.h"
#include "cli_options.h"
#include "lua_report.h"
#include "lua_process.h"
#include "lua_runner.h"

#define DEFAULT_TIMEOUT_S 60.0
#define MAX_PATTERNS 64
#define MAX_DEPTH 32               /* folder nesting searched for scripts */

static void usage(FILE *out)
{
    fputs(
"usage: ringscope test [options] PATH...\n"
"\n"
"Runs Lua test scripts. A PATH is a script, or a folder: every *.lua file under it (sub-folders\n"
"too; names starting with '.' are skipped), in sorted order, named by its path inside the\n"
"folder. Each script runs in its own process with its own machines; it passes when it ends\n"
"without an error and with every machine it booted closed. Scripts boot guests with\n"
"ringscope.boot{...}, run them with m:run_until(kind), m:run(), m:step(n), inspect them with\n"
"m:reg(name), m:read(va, n), m:walk(va), m:events(filter), m:serial(), and check them with\n"
"expect_eq, expect_fault{...}, expect_syscalls{...}, expect_no_exception(), expect_exit(status)\n"
"(README: \"Writing a test guest\").\n"
"\n"
"options:\n"
"  -k PATTERN        run only the tests whose name contains PATTERN, or matches it as a shell\n"
"                    pattern when it has * ? or [ (repeatable: any of them)\n"
"  --timeout SECONDS time limit for each script, guest runs included (default 60); a script\n"
"                    still running is stopped with an error at its current line, and killed\n"
"                    3 seconds later if it does not end\n"
"  --tap             write TAP version 13 instead of one line per test\n"
"  --junit FILE      also write a JUnit XML report to FILE\n"
"  -v, --verbose     show every script's output and the Lua traceback of failures\n"
"  --list            print the names of the selected tests and exit\n"
"  --                every later argument is a PATH, even one starting with '-'\n"
"  -h, --help        this text\n"
"\n"
"output: one line per test, 'ok   NAME' or 'FAIL NAME:LINE: MESSAGE' (with the event that broke\n"
"an expectation and the script's own output under it), then 'N passed, N failed'.\n"
"\n"
"exit status: 0 every test passed; 1 a test failed; 2 bad command line, a PATH that cannot be\n"
"read, or no test selected; 16 host error (cannot fork, cannot write the JUnit file)\n", out);
}

typedef struct test_options {
    char **paths;
    int n_paths;
    const char *patterns[MAX_PATTERNS];
    int n_patterns;
    double timeout_s;
    int tap, verbose, list;
    const char *junit;
} test_options;

typedef struct test_case {
    char *path;                  /* to open */
    char *name;                  /* to show */
} test_case;

typedef struct test_list {
    test_case *items;
    size_t n, cap;
} test_list;

static int usage_error(const char *fmt, const char *arg)
{
    return rs_cli_usage_error("test", fmt, arg);
}

static int parse_timeout(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v > 0) || v > 86400)
        return 0;
    *out = v;
    return 1;
}

/* Returns -1 to go on, or the exit status (help, usage error). */
static int parse_args(int argc, char **argv, test_options *o)
{
    *o = (test_options){ .timeout_s = DEFAULT_TIMEOUT_S };
    o->paths = calloc((size_t)argc, sizeof *o->paths);
    if (!o->paths)
        return RS_EXIT_HOST_ERROR;
    int only_paths = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has_value = i + 1 < argc;
        if (only_paths || a[0] != '-' || !a[1]) {
            o->paths[o->n_paths++] = argv[i];
        } else if (!strcmp(a, "--")) {
            only_paths = 1;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--tap")) {
            o->tap = 1;
        } else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
            o->verbose = 1;
        } else if (!strcmp(a, "--list")) {
            o->list = 1;
        } else if (!strcmp(a, "-k") || !strcmp(a, "--timeout") || !strcmp(a, "--junit")) {
            if (!has_value)
                return usage_error("option %s needs a value", a);
            const char *v = argv[++i];
            if (a[1] == 'k' && o->n_patterns == MAX_PATTERNS)
                return usage_error("at most %s -k patterns", "64");
            if (a[1] == 'k')
                o->patterns[o->n_patterns++] = v;
            else if (!strcmp(a, "--junit"))
                o->junit = v;
            else if (!parse_timeout(v, &o->timeout_s))
                return usage_error("--timeout takes a number of seconds above 0 (at most 86400), not '%s'", v);
        } else {
            return usage_error("unknown option '%s'", a);
        }
    }
    if (!o->n_paths)
        return usage_error("%s", "no test script or folder given");
    return -1;
}

/* ---- Finding the tests ---- */

static int add_test(test_list *l, const char *path, const char *name)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        test_case *p = realloc(l->items, cap * sizeof *p);
        if (!p)
            return 0;
        l->items = p;
        l->cap = cap;
    }
    test_case *t = &l->items[l->n];
    t->path = strdup(path);
    t->name = strdup(name);
    if (!t->path || !t->name) {
        free(t->path);
        free(t->name);
        return 0;
    }
    l->n++;
    return 1;
}

static int is_lua_name(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && !strcmp(name + n - 4, ".lua");
}

/* The folders being scanned, outermost first: a symbolic link back to one of them is a loop. */
typedef struct dir_chain {
    dev_t dev[MAX_DEPTH + 1];
    ino_t ino[MAX_DEPTH + 1];
} dir_chain;

static int in_chain(const dir_chain *c, int depth, const struct stat *st)
{
    for (int i = 0; i < depth; i++)
        if (c->dev[i] == st->st_dev && c->ino[i] == st->st_ino)
            return 1;
    return 0;
}

/* Adds every *.lua under DIR; REL is DIR's path inside the folder given ("" at the top). */
static int scan_dir(test_list *l, const char *dir, const char *rel, int depth, dir_chain *chain)
{
    struct stat self;
    DIR *d = opendir(dir);
    if (!d || fstat(dirfd(d), &self) != 0) {
        if (d)
            closedir(d);
        return depth > 0;        /* an unreadable sub-folder is skipped; the top one is an error */
    }
    chain->dev[depth] = self.st_dev;
    chain->ino[depth] = self.st_ino;
    int ok = 1;
    struct dirent *e;
    while (ok && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096], name[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        snprintf(name, sizeof name, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode) && in_chain(chain, depth + 1, &st))
            fprintf(stderr, "ringscope test: %s: skipped, a link back to a folder it is in\n", path);
        else if (S_ISDIR(st.st_mode) && depth < MAX_DEPTH)
            ok = scan_dir(l, path, name, depth + 1, chain);
        else if (S_ISREG(st.st_mode) && is_lua_name(e->d_name))
            ok = add_test(l, path, name);
    }
    closedir(d);
    return ok;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const test_case *)a)->name, ((const test_case *)b)->name);
}

static int find_tests(const test_options *o, test_list *l)
{
    for (int i = 0; i < o->n_paths; i++) {
        const char *p = o->paths[i];
        struct stat st;
        if (stat(p, &st) != 0) {
            fprintf(stderr, "ringscope test: cannot read %s: %s\n", p, strerror(errno));
            return RS_EXIT_USAGE;
        }
        size_t first = l->n;
        dir_chain chain;
        int ok = S_ISDIR(st.st_mode) ? scan_dir(l, p, "", 0, &chain) : add_test(l, p, p);
        if (!ok) {
            fprintf(stderr, "ringscope test: cannot read %s: %s\n", p, strerror(errno));
            return RS_EXIT_USAGE;
        }
        if (l->n > first)
            qsort(l->items + first, l->n - first, sizeof *l->items, by_name);
    }
    return -1;
}

static int selected(const test_options *o, const char *name)
{
    if (!o->n_patterns)
        return 1;
    for (int i = 0; i < o->n_patterns; i++) {
        const char *p = o->patterns[i];
        if (strpbrk(p, "*?[") ? fnmatch(p, name, 0) == 0 : strstr(name, p) != NULL)
            return 1;
    }
    return 0;
}

static void select_tests(const test_options *o, test_list *l)
{
    size_t kept = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (selected(o, l->items[i].name)) {
            l->items[kept++] = l->items[i];
        } else {
            free(l->items[i].path);
            free(l->items[i].name);
        }
    }
    l->n = kept;
}

/* ---- The whole run ---- */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct run_state {
    rs_test_result *results;
    rs_test_outcome *outcomes;
    char **outputs;
    size_t passed, failed;
} run_state;

static int run_all(const test_list *l, const test_options *o, run_state *s)
{
    rs_report_style style = o->tap ? RS_REPORT_TAP : RS_REPORT_PLAIN;
    rs_report_start(stdout, style, l->n);
    for (size_t i = 0; i < l->n; i++) {
        const test_case *t = &l->items[i];
        double start = now_s();
        if (!rs_lua_run_isolated(t->path, t->name, o->timeout_s, &s->outcomes[i], &s->outputs[i])) {
            fprintf(stderr, "ringscope test: cannot run %s: %s\n", t->name, strerror(errno));
            return RS_EXIT_HOST_ERROR;
        }
        s->results[i] = (rs_test_result){ t->name, s->outcomes[i].verdict, s->outcomes[i].message,
                                          s->outcomes[i].traceback, s->outputs[i], now_s() - start };
        if (s->results[i].verdict == RS_TEST_PASS)
            s->passed++;
        else
            s->failed++;
        rs_report_result(stdout, style, i + 1, &s->results[i], o->verbose);
    }
    rs_report_summary(stdout, style, s->passed, s->failed);
    fflush(stdout);
    return s->failed ? 1 : 0;
}

static int run_and_report(const test_list *l, const test_options *o, FILE *junit)
{
    run_state s = { calloc(l->n, sizeof *s.results), calloc(l->n, sizeof *s.outcomes), calloc(l->n, sizeof *s.outputs),
                    0, 0 };
    int status = RS_EXIT_HOST_ERROR;
    double start = now_s();
    if (s.results && s.outcomes && s.outputs)
        status = run_all(l, o, &s);
    if (junit && status != RS_EXIT_HOST_ERROR && rs_report_junit(junit, s.results, l->n, now_s() - start) != 0) {
        fprintf(stderr, "ringscope test: cannot write %s: %s\n", o->junit, strerror(errno));
        status = RS_EXIT_HOST_ERROR;
    }
    for (size_t i = 0; s.outputs && i < l->n; i++)
        free(s.outputs[i]);
    free(s.results);
    free(s.outcomes);
    free(s.outputs);
    return status;
}

static int run_selected(const test_list *l, const test_options *o)
{
    if (o->list) {
        for (size_t i = 0; i < l->n; i++)
            printf("%s\n", l->items[i].name);
        return 0;
    }
    FILE *junit = NULL;
    if (o->junit && !(junit = fopen(o->junit, "w"))) {
        fprintf(stderr, "ringscope test: cannot write %s: %s\n", o->junit, strerror(errno));
        return RS_EXIT_HOST_ERROR;
    }
    int status = run_and_report(l, o, junit);
    if (junit && fclose(junit) != 0 && status != RS_EXIT_HOST_ERROR) {
        fprintf(stderr, "ringscope test: cannot write %s: %s\n", o->junit, strerror(errno));
        status = RS_EXIT_HOST_ERROR;
    }
    return status;
}

int rs_cli_test(int argc, char **argv)
{
    test_options o;
    test_list l = { 0 };
    int status = parse_args(argc, argv, &o);
    if (status < 0)
        status = find_tests(&o, &l);
    if (status < 0) {
        select_tests(&o, &l);
        if (l.n == 0 && o.n_patterns)
            status = usage_error("no test matches the -k pattern%s given", o.n_patterns > 1 ? "s" : "");
        else if (l.n == 0)
            status = usage_error("%s", "no *.lua test script found");
        else
            status = run_selected(&l, &o);
    }
    for (size_t i = 0; i < l.n; i++) {
        free(l.items[i].path);
        free(l.items[i].name);
    }
    free(l.items);
    free(o.paths);
    return status;
}
