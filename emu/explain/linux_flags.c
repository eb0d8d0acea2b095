/* Named values and flag sets of the common Linux i386 system calls (linux_i386.h), from
 * include/uapi/asm-generic/fcntl.h, mman-common.h, sched.h, ioctls.h, signal.h, wait.h. */
#include <string.h>
#include "linux_i386.h"
#include "text.h"

typedef struct named { uint32_t value; const char *name; } named;

static const named open_flags[] = {
    { 0100, "O_CREAT" }, { 0200, "O_EXCL" }, { 0400, "O_NOCTTY" }, { 01000, "O_TRUNC" },
    { 02000, "O_APPEND" }, { 04000, "O_NONBLOCK" }, { 04010000, "O_SYNC" }, { 010000, "O_DSYNC" },
    { 020000, "O_ASYNC" }, { 040000, "O_DIRECT" }, { 0100000, "O_LARGEFILE" },
    { 0200000, "O_DIRECTORY" }, { 0400000, "O_NOFOLLOW" }, { 01000000, "O_NOATIME" },
    { 02000000, "O_CLOEXEC" }, { 010000000, "O_PATH" }, { 0, NULL },
};
static const named mmap_prot[] = { { 1, "PROT_READ" }, { 2, "PROT_WRITE" }, { 4, "PROT_EXEC" }, { 0, NULL } };
static const named mmap_flags[] = {
    { 0x01, "MAP_SHARED" }, { 0x02, "MAP_PRIVATE" }, { 0x10, "MAP_FIXED" }, { 0x20, "MAP_ANONYMOUS" },
    { 0x100, "MAP_GROWSDOWN" }, { 0x800, "MAP_DENYWRITE" }, { 0x1000, "MAP_EXECUTABLE" },
    { 0x2000, "MAP_LOCKED" }, { 0x4000, "MAP_NORESERVE" }, { 0x8000, "MAP_POPULATE" },
    { 0x10000, "MAP_NONBLOCK" }, { 0x20000, "MAP_STACK" }, { 0x40000, "MAP_HUGETLB" },
    { 0x100000, "MAP_FIXED_NOREPLACE" }, { 0, NULL },
};
static const named clone_flags[] = {
    { 0x100, "CLONE_VM" }, { 0x200, "CLONE_FS" }, { 0x400, "CLONE_FILES" }, { 0x800, "CLONE_SIGHAND" },
    { 0x1000, "CLONE_PIDFD" }, { 0x2000, "CLONE_PTRACE" }, { 0x4000, "CLONE_VFORK" },
    { 0x8000, "CLONE_PARENT" }, { 0x10000, "CLONE_THREAD" }, { 0x20000, "CLONE_NEWNS" },
    { 0x40000, "CLONE_SYSVSEM" }, { 0x80000, "CLONE_SETTLS" }, { 0x100000, "CLONE_PARENT_SETTID" },
    { 0x200000, "CLONE_CHILD_CLEARTID" }, { 0x800000, "CLONE_UNTRACED" },
    { 0x1000000, "CLONE_CHILD_SETTID" }, { 0, NULL },
};
static const named wait_options[] = {
    { 1, "WNOHANG" }, { 2, "WUNTRACED" }, { 4, "WEXITED" }, { 8, "WCONTINUED" }, { 0x1000000, "WNOWAIT" },
    { 0x20000000, "__WNOTHREAD" }, { 0x40000000, "__WALL" }, { 0x80000000u, "__WCLONE" }, { 0, NULL },
};
static const named ioctls[] = {
    { 0x5401, "TCGETS" }, { 0x5402, "TCSETS" }, { 0x5403, "TCSETSW" }, { 0x5404, "TCSETSF" },
    { 0x540B, "TCFLSH" }, { 0x540E, "TIOCSCTTY" }, { 0x540F, "TIOCGPGRP" }, { 0x5410, "TIOCSPGRP" },
    { 0x5413, "TIOCGWINSZ" }, { 0x5414, "TIOCSWINSZ" }, { 0x541B, "FIONREAD" }, { 0x5421, "FIONBIO" },
    { 0x5422, "TIOCNOTTY" }, { 0x5429, "TIOCGSID" }, { 0x5450, "FIONCLEX" }, { 0x5451, "FIOCLEX" },
    { 0x80045430u, "TIOCGPTN" }, { 0, NULL },
};
static const named fcntl_cmds[] = {
    { 0, "F_DUPFD" }, { 1, "F_GETFD" }, { 2, "F_SETFD" }, { 3, "F_GETFL" }, { 4, "F_SETFL" },
    { 5, "F_GETLK" }, { 6, "F_SETLK" }, { 7, "F_SETLKW" }, { 8, "F_SETOWN" }, { 9, "F_GETOWN" },
    { 12, "F_GETLK64" }, { 13, "F_SETLK64" }, { 14, "F_SETLKW64" }, { 1030, "F_DUPFD_CLOEXEC" }, { 0, NULL },
};
static const named sigmask_how[] = { { 0, "SIG_BLOCK" }, { 1, "SIG_UNBLOCK" }, { 2, "SIG_SETMASK" }, { 0, NULL } };
static const char *const signals[32] = {
    NULL, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL",
    "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",
    "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF",
    "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
};

/* Every flag of TABLE that VALUE has (a multi-bit flag only when all its bits are set), joined
 * with '|', then what is left in hex. FIRST: what is already written ("O_RDONLY"). */
static void put_flags(rs_text *t, const named *table, uint32_t value, int first)
{
    for (const named *f = table; f->name; f++)
        if ((value & f->value) == f->value) {
            rs_text_add(t, "%s%s", first ? "" : "|", f->name);
            value &= ~f->value;
            first = 0;
        }
    if (value || first)
        rs_text_add(t, first ? "0x%x" : "|0x%x", (unsigned)value);
}

static int put_value(rs_text *t, const named *table, uint32_t value)
{
    for (const named *f = table; f->name; f++)
        if (f->value == value) {
            rs_text_add(t, "%s", f->name);
            return 1;
        }
    return 0;
}

static void put_signal(rs_text *t, uint32_t sig)
{
    if (sig && sig < 32)
        rs_text_add(t, "%s", signals[sig]);
    else
        rs_text_add(t, "%d", (int)sig);
}

int rs_linux_format_flags(rs_linux_arg_kind kind, uint32_t v, char *buf, size_t len)
{
    rs_text t = rs_text_begin(buf, len);
    switch (kind) {
    case RS_LINUX_ARG_OPEN_FLAGS: {
        static const char *const acc[4] = { "O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE" };
        rs_text_add(&t, "%s", acc[v & 3]);
        if (v & ~3u)
            put_flags(&t, open_flags, v & ~3u, 0);
        break;
    }
    case RS_LINUX_ARG_MMAP_PROT:
        if (!v)
            rs_text_add(&t, "PROT_NONE");
        else
            put_flags(&t, mmap_prot, v, 1);
        break;
    case RS_LINUX_ARG_MMAP_FLAGS: put_flags(&t, mmap_flags, v, 1); break;
    case RS_LINUX_ARG_WAIT_OPTIONS:
        if (!v)
            rs_text_add(&t, "0");
        else
            put_flags(&t, wait_options, v, 1);
        break;
    case RS_LINUX_ARG_CLONE_FLAGS:
        if (v & ~0xffu)
            put_flags(&t, clone_flags, v & ~0xffu, 1);
        if (v & 0xffu) {
            if (v & ~0xffu)
                rs_text_add(&t, "|");
            put_signal(&t, v & 0xffu);
        } else if (!(v & ~0xffu))
            rs_text_add(&t, "0");
        break;
    case RS_LINUX_ARG_IOCTL:
        if (!put_value(&t, ioctls, v))
            rs_text_add(&t, "0x%x", (unsigned)v);
        break;
    case RS_LINUX_ARG_FCNTL_CMD:
        if (!put_value(&t, fcntl_cmds, v))
            rs_text_add(&t, "%d", (int)v);
        break;
    case RS_LINUX_ARG_SIGMASK_HOW:
        if (!put_value(&t, sigmask_how, v))
            rs_text_add(&t, "%d", (int)v);
        break;
    case RS_LINUX_ARG_SIGNAL: put_signal(&t, v); break;
    default: return -1;
    }
    return (int)t.used;
}

int rs_linux_quote(const char *s, size_t n, int cut, char *buf, size_t len)
{
    rs_text t = rs_text_begin(buf, len);
    rs_text_add(&t, "\"");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            rs_text_add(&t, "\\%c", c);
        else if (c == '\n')
            rs_text_add(&t, "\\n");
        else if (c == '\t')
            rs_text_add(&t, "\\t");
        else if (c < 0x20 || c >= 0x7f)
            rs_text_add(&t, "\\x%02x", c);
        else
            rs_text_add(&t, "%c", c);
    }
    rs_text_add(&t, cut ? "\"..." : "\"");
    return (int)t.used;
}
