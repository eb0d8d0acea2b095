/* See lua_report.h. */
#include <string.h>
#include "lua_report.h"

#define OUTPUT_LINES_SHOWN 40      /* the tail of a failing script's output in plain/TAP reports */

/* Writes TEXT line by line, each after PREFIX; at most MAX_LINES (the last ones), 0: all. */
static void put_lines(FILE *out, const char *prefix, const char *text, size_t max_lines)
{
    size_t lines = 0;
    for (const char *p = text; *p; p++)
        lines += *p == '\n' || !p[1];
    const char *p = text;
    if (max_lines && lines > max_lines) {
        fprintf(out, "%s[... %zu earlier lines]\n", prefix, lines - max_lines);
        for (size_t skip = lines - max_lines; skip; p++)
            skip -= *p == '\n';
    }
    while (*p) {
        size_t n = strcspn(p, "\n");
        fprintf(out, "%s%.*s\n", prefix, (int)n, p);
        p += n + (p[n] == '\n');
    }
}

static int starts_with_name(const char *msg, const char *name)
{
    size_t n = strlen(name);
    return !strncmp(msg, name, n) && msg[n] == ':';
}

void rs_report_start(FILE *out, rs_report_style style, size_t n_tests)
{
    if (style == RS_REPORT_TAP)
        fprintf(out, "TAP version 13\n1..%zu\n", n_tests);
}

static void plain_result(FILE *out, const rs_test_result *r, int verbose)
{
    if (r->verdict == RS_TEST_PASS) {
        fprintf(out, "ok   %s\n", r->name);
        if (verbose && *r->output)
            put_lines(out, "     | ", r->output, 0);
        return;
    }
    size_t first = strcspn(r->message, "\n");
    fprintf(out, "FAIL %s%s%.*s\n", starts_with_name(r->message, r->name) ? "" : r->name,
            starts_with_name(r->message, r->name) ? "" : ": ", (int)first, r->message);
    if (r->message[first])
        put_lines(out, "     ", r->message + first + 1, 0);
    if (verbose && *r->traceback)
        put_lines(out, "     ", r->traceback, 0);
    if (*r->output) {
        fprintf(out, "     output:\n");
        put_lines(out, "     | ", r->output, verbose ? 0 : OUTPUT_LINES_SHOWN);
    }
}

/* A YAML single-quoted scalar: ' doubled, one line. */
static void yaml_quoted(FILE *out, const char *s, size_t n)
{
    fputc('\'', out);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\'')
            fputc('\'', out);
        fputc((unsigned char)s[i] < 0x20 ? ' ' : s[i], out);
    }
    fputc('\'', out);
}

static void tap_result(FILE *out, size_t index, const rs_test_result *r, int verbose)
{
    if (r->verdict == RS_TEST_PASS) {
        fprintf(out, "ok %zu - %s\n", index, r->name);
        if (verbose && *r->output)
            put_lines(out, "# ", r->output, 0);
        return;
    }
    fprintf(out, "not ok %zu - %s\n  ---\n  message: ", index, r->name);
    yaml_quoted(out, r->message, strcspn(r->message, "\n"));
    fprintf(out, "\n  severity: %s\n  details: |\n", r->verdict == RS_TEST_ERROR ? "error" : "fail");
    put_lines(out, "    ", r->message, 0);
    if (verbose && *r->traceback) {
        fprintf(out, "  traceback: |\n");
        put_lines(out, "    ", r->traceback, 0);
    }
    if (*r->output) {
        fprintf(out, "  output: |\n");
        put_lines(out, "    ", r->output, verbose ? 0 : OUTPUT_LINES_SHOWN);
    }
    fprintf(out, "  ...\n");
}

void rs_report_result(FILE *out, rs_report_style style, size_t index, const rs_test_result *r, int verbose)
{
    if (style == RS_REPORT_TAP)
        tap_result(out, index, r, verbose);
    else
        plain_result(out, r, verbose);
    fflush(out);
}

void rs_report_summary(FILE *out, rs_report_style style, size_t passed, size_t failed)
{
    fprintf(out, "%s%zu passed, %zu failed\n", style == RS_REPORT_TAP ? "# " : "", passed, failed);
}

/* ---- JUnit XML ---- */

/* The length of the valid UTF-8 sequence at P (of at most N bytes), or 0 if it is not one. */
static size_t utf8_length(const unsigned char *p, size_t n)
{
    size_t len = p[0] < 0x80 ? 1 : (p[0] & 0xe0) == 0xc0 ? 2 : (p[0] & 0xf0) == 0xe0 ? 3 : (p[0] & 0xf8) == 0xf0 ? 4 : 0;
    if (!len || len > n || (len == 2 && p[0] < 0xc2) || (len == 4 && p[0] > 0xf4))
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    if ((len == 3 && p[0] == 0xe0 && p[1] < 0xa0) || (len == 4 && p[0] == 0xf0 && p[1] < 0x90) ||
        (len == 3 && p[0] == 0xed && p[1] >= 0xa0) || (len == 4 && p[0] == 0xf4 && p[1] >= 0x90))
        return 0;      /* overlong forms, surrogates, beyond U+10FFFF */
    return len;
}

/* Escapes S for XML text or attributes (IN_ATTR: newlines as &#10;). Characters XML 1.0 does not
 * allow (controls, invalid UTF-8) become U+FFFD. */
static void xml_text(FILE *f, const char *s, int in_attr)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        size_t len = utf8_length(p + i, n - i);
        if (c == '&') fputs("&amp;", f);
        else if (c == '<') fputs("&lt;", f);
        else if (c == '>') fputs("&gt;", f);
        else if (c == '"') fputs("&quot;", f);
        else if (c == '\n' && in_attr) fputs("&#10;", f);
        else if (c == '\n' || c == '\t' || (c == '\r' && !in_attr)) fputc(c, f);
        else if (!len || c < 0x20) fputs("\xef\xbf\xbd", f);
        else fwrite(p + i, 1, len, f);
        i += len ? len : 1;
    }
}

static void junit_case(FILE *f, const rs_test_result *r)
{
    fputs("    <testcase classname=\"ringscope.test\" name=\"", f);
    xml_text(f, r->name, 1);
    fprintf(f, "\" time=\"%.3f\"", r->seconds);
    if (r->verdict == RS_TEST_PASS && !*r->output) {
        fputs("/>\n", f);
        return;
    }
    fputs(">\n", f);
    if (r->verdict != RS_TEST_PASS) {
        const char *tag = r->verdict == RS_TEST_ERROR ? "error" : "failure";
        char first[512];
        snprintf(first, sizeof first, "%.*s", (int)strcspn(r->message, "\n"), r->message);
        fprintf(f, "      <%s message=\"", tag);
        xml_text(f, first, 1);
        fprintf(f, "\" type=\"%s\">", tag);
        xml_text(f, r->message, 0);
        if (*r->traceback) {
            fputs("\n", f);
            xml_text(f, r->traceback, 0);
        }
        fprintf(f, "</%s>\n", tag);
    }
    if (*r->output) {
        fputs("      <system-out>", f);
        xml_text(f, r->output, 0);
        fputs("</system-out>\n", f);
    }
    fputs("    </testcase>\n", f);
}

int rs_report_junit(FILE *f, const rs_test_result *results, size_t n, double seconds)
{
    size_t failures = 0, errors = 0;
    for (size_t i = 0; i < n; i++) {
        failures += results[i].verdict == RS_TEST_FAIL;
        errors += results[i].verdict == RS_TEST_ERROR;
    }
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<testsuites name=\"ringscope test\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" time=\"%.3f\">\n"
               "  <testsuite name=\"ringscope test\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"0\" "
               "time=\"%.3f\">\n", n, failures, errors, seconds, n, failures, errors, seconds);
    for (size_t i = 0; i < n; i++)
        junit_case(f, &results[i]);
    fputs("  </testsuite>\n</testsuites>\n", f);
    return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}
