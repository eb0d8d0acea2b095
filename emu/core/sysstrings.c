/* The strings a Linux system call points to, read from user memory at its entry (for the event's
 * strings field, linux_i386.h): path names, and execve's argv. Read through the caller's page
 * tables with supervisor rights and without touching accessed bits; a string on a page that is
 * not present yet (demand paging) cannot be read and shows as its pointer. */
#include <string.h>
#include "machine_priv.h"
#include "sysstrings.h"

enum { STR_READ = 64, ARGV_MAX = 8, ARG_READ = 32 };

/* Reads the NUL-terminated string at VA (at most CAP bytes); returns its length, -1 if
 * unreadable; *cut when it goes on past CAP. */
static int read_string(rs_machine *m, uint32_t va, char *dst, int cap, int *cut)
{
    int n = (int)rs_machine_read_linear(m, va, dst, (uint32_t)cap, NULL);
    for (int i = 0; i < n; i++)
        if (!dst[i]) {
            *cut = 0;
            return i;
        }
    if (n < cap)      /* the string runs into a page that cannot be read */
        return -1;
    *cut = 1;
    return n;
}

static int render_string(rs_machine *m, uint32_t va, int cap, char *out, size_t room)
{
    char s[STR_READ];
    int cut;
    int n = read_string(m, va, s, cap < STR_READ ? cap : STR_READ, &cut);
    if (n < 0)
        return -1;
    int len = rs_linux_quote(s, (size_t)n, cut, out, room);
    return (size_t)len < room ? len : -1;
}

/* ["ls", "-l", ...]: at most ARGV_MAX entries, each cut at ARG_READ bytes. */
static int render_argv(rs_machine *m, uint32_t va, char *out, size_t room)
{
    uint32_t ptrs[ARGV_MAX + 1];
    uint32_t got = rs_machine_read_linear(m, va, ptrs, sizeof ptrs, NULL) / 4;
    size_t used = 0;
    if (!got || room < 3)
        return -1;
    out[used++] = '[';
    uint32_t i = 0;
    for (; i < got && i < ARGV_MAX && ptrs[i]; i++) {
        if (i && used + 2 < room)
            out[used++] = ',', out[used++] = ' ';
        int n = render_string(m, ptrs[i], ARG_READ, out + used, room - used);
        if (n < 0)
            return -1;
        used += (size_t)n;
    }
    if (i < got && i == ARGV_MAX && ptrs[i] && used + 5 < room)
        memcpy(out + used, ", ...", 5), used += 5;
    if (used + 2 > room)
        return -1;
    out[used++] = ']';
    out[used] = '\0';
    return (int)used;
}

void rs_sysstrings_capture(rs_machine *m, rs_event_syscall *sys)
{
    memset(sys->strings, 0, sizeof sys->strings);
    const rs_linux_signature *sig = rs_linux_syscall_signature(sys->nr);
    if (!sig)
        return;
    int fields = 0;
    for (int i = 0; i < sig->nargs; i++)
        fields += sig->args[i].kind == RS_LINUX_ARG_STR || sig->args[i].kind == RS_LINUX_ARG_ARGV;
    size_t at = 0;
    for (int i = 0; i < sig->nargs; i++) {
        rs_linux_arg_kind kind = sig->args[i].kind;
        if (kind != RS_LINUX_ARG_STR && kind != RS_LINUX_ARG_ARGV)
            continue;
        fields--;
        /* Leave one byte for each field still to come (an empty field: "unreadable"). */
        size_t room = sizeof sys->strings - at - (size_t)fields;
        int n = kind == RS_LINUX_ARG_STR ? render_string(m, sys->args[i], STR_READ, sys->strings + at, room)
                                         : render_argv(m, sys->args[i], sys->strings + at, room);
        if (n < 0)
            n = 0;
        sys->strings[at + (size_t)n] = '\0';
        at += (size_t)n + 1;
    }
}
