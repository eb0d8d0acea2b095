/* The Linux i386 system call table and formatter (emu/include/ringscope/linux_i386.h): names against
 * syscall_32.tbl, errno names, every argument kind, calls and results as the --explain lines
 * print them, and snprintf-style truncation. */
#include <stdlib.h>
#include <string.h>
#include "linux_i386.h"
#include "rs_test.h"

static void check_str(int line, const char *got, const char *want)
{
    if (strcmp(got, want) == 0) {
        rs_test_passed++;
        return;
    }
    rs_test_failed++;
    fprintf(stderr, "%s:%d: got\n  \"%s\"\nwant\n  \"%s\"\n", __FILE__, line, got, want);
}

#define EXPECT_STR(got, want) check_str(__LINE__, got, want)

static void test_names(void)
{
    static const struct {
        uint32_t nr;
        const char *name;
    } table[] = {
        { 0, "restart_syscall" }, { 1, "exit" }, { 2, "fork" }, { 3, "read" }, { 4, "write" },
        { 5, "open" }, { 6, "close" }, { 11, "execve" }, { 17, "break" }, { 20, "getpid" },
        { 45, "brk" }, { 90, "mmap" }, { 91, "munmap" }, { 120, "clone" }, { 140, "_llseek" },
        { 158, "sched_yield" }, { 192, "mmap2" }, { 221, "fcntl64" }, { 224, "gettid" },
        { 243, "set_thread_area" }, { 252, "exit_group" }, { 295, "openat" }, { 355, "getrandom" },
        { 386, "rseq" }, { 393, "semget" }, { 403, "clock_gettime64" }, { 414, "ppoll_time64" },
        { 416, "io_pgetevents_time64" }, { 435, "clone3" }, { 450, "set_mempolicy_home_node" },
        { 462, "mseal" }, { 463, "setxattrat" }, { 467, "open_tree_attr" }, { 469, "file_setattr" },
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        const char *name = rs_linux_syscall_name(table[i].nr);
        CHECK(name != NULL);
        if (name)
            EXPECT_STR(name, table[i].name);
        CHECK_EQ(rs_linux_syscall_number(table[i].name), table[i].nr);
    }
    /* Numbers Linux never assigned, and beyond the table. */
    static const uint32_t holes[] = { 222, 223, 251, 285, 387, 388, 389, 390, 391, 392, 415, 470,
                                      999, 0xffffffffu };
    for (size_t i = 0; i < sizeof holes / sizeof holes[0]; i++)
        CHECK(rs_linux_syscall_name(holes[i]) == NULL);
    CHECK_EQ(rs_linux_syscall_number("no_such_call"), (uint64_t)-1);
    CHECK_EQ(rs_linux_syscall_number(NULL), (uint64_t)-1);
    /* Every named number maps back to itself (no name is listed twice). */
    int named = 0;
    for (uint32_t nr = 0; nr < RS_LINUX_SYSCALL_LIMIT; nr++) {
        const char *name = rs_linux_syscall_name(nr);
        if (!name)
            continue;
        named++;
        CHECK_EQ(rs_linux_syscall_number(name), nr);
    }
    CHECK_EQ(named, 470 - 11);
}

static void test_errno(void)
{
    EXPECT_STR(rs_linux_errno_name(1), "EPERM");
    EXPECT_STR(rs_linux_errno_name(9), "EBADF");
    EXPECT_STR(rs_linux_errno_name(14), "EFAULT");
    EXPECT_STR(rs_linux_errno_name(22), "EINVAL");
    EXPECT_STR(rs_linux_errno_name(38), "ENOSYS");
    EXPECT_STR(rs_linux_errno_name(110), "ETIMEDOUT");
    EXPECT_STR(rs_linux_errno_name(133), "EHWPOISON");
    EXPECT_STR(rs_linux_errno_name(512), "ERESTARTSYS");
    /* 41 and 58 are EWOULDBLOCK/EDEADLOCK aliases in name only: no number of their own. */
    CHECK(rs_linux_errno_name(41) == NULL);
    CHECK(rs_linux_errno_name(58) == NULL);
    CHECK(rs_linux_errno_name(0) == NULL);
    CHECK(rs_linux_errno_name(-14) == NULL);
    CHECK(rs_linux_errno_name(134) == NULL);
    CHECK(rs_linux_errno_name(4095) == NULL);
    int named = 0;
    for (int e = 1; e <= 133; e++)
        named += rs_linux_errno_name(e) != NULL;
    CHECK_EQ(named, 131);
}

static void test_args(void)
{
    char buf[64];
    static const struct {
        rs_linux_arg_kind kind;
        uint32_t value;
        const char *text;
    } cases[] = {
        { RS_LINUX_ARG_INT, 1, "1" }, { RS_LINUX_ARG_INT, 0xffffffffu, "-1" },
        { RS_LINUX_ARG_UINT, 0xffffffffu, "4294967295" }, { RS_LINUX_ARG_FD, 2, "2" },
        { RS_LINUX_ARG_FD, (uint32_t)-9, "-9" }, { RS_LINUX_ARG_DIRFD, (uint32_t)-100, "AT_FDCWD" },
        { RS_LINUX_ARG_DIRFD, 3, "3" }, { RS_LINUX_ARG_PTR, 0x8049010, "0x08049010" },
        { RS_LINUX_ARG_PTR, 0, "0x00000000" }, { RS_LINUX_ARG_STR, 0xbfffefe0, "0xbfffefe0" },
        { RS_LINUX_ARG_HEX, 0x241, "0x241" }, { RS_LINUX_ARG_HEX, 0, "0x0" },
        { RS_LINUX_ARG_OCT, 0644, "0644" }, { RS_LINUX_ARG_OCT, 0, "0" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int n = rs_linux_format_arg(cases[i].kind, cases[i].value, buf, sizeof buf);
        EXPECT_STR(buf, cases[i].text);
        CHECK_EQ(n, strlen(cases[i].text));
    }
}

static void test_signatures(void)
{
    const rs_linux_signature *s = rs_linux_syscall_signature(4);
    CHECK(s != NULL);
    if (s) {
        CHECK_EQ(s->nr, 4);
        CHECK_EQ(s->nargs, 3);
        EXPECT_STR(s->args[0].name, "fd");
        CHECK_EQ(s->args[0].kind, RS_LINUX_ARG_FD);
        EXPECT_STR(s->args[1].name, "buf");
        CHECK_EQ(s->args[1].kind, RS_LINUX_ARG_PTR);
        EXPECT_STR(s->args[2].name, "count");
        CHECK_EQ(s->args[2].kind, RS_LINUX_ARG_UINT);
    }
    /* The calls the guest programs make, and the common ones the brief names. */
    static const uint32_t known[] = { 1, 2, 3, 4, 5, 6, 20, 45, 90, 91, 158, 192, 252 };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        CHECK(rs_linux_syscall_signature(known[i]) != NULL);
    CHECK_EQ(rs_linux_syscall_signature(45)->ret, RS_LINUX_RET_ADDR);
    CHECK_EQ(rs_linux_syscall_signature(1)->ret, RS_LINUX_RET_NONE);
    CHECK_EQ(rs_linux_syscall_signature(20)->nargs, 0);
    CHECK(rs_linux_syscall_signature(26) == NULL);    /* ptrace: named, no signature */
    CHECK(rs_linux_syscall_signature(999) == NULL);
    /* Every signature belongs to a named call, has at most six arguments, all named. */
    for (uint32_t nr = 0; nr < RS_LINUX_SYSCALL_LIMIT; nr++) {
        const rs_linux_signature *sig = rs_linux_syscall_signature(nr);
        if (!sig)
            continue;
        CHECK(rs_linux_syscall_name(nr) != NULL);
        CHECK(sig->nargs >= 0 && sig->nargs <= 6);
        for (int a = 0; a < sig->nargs; a++)
            CHECK(sig->args[a].name != NULL && sig->args[a].name[0] != '\0');
    }
}

static void call(int line, uint32_t nr, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3,
                 uint32_t a4, uint32_t a5, const char *want)
{
    const uint32_t args[6] = { a0, a1, a2, a3, a4, a5 };
    char buf[256];
    int n = rs_linux_format_call(nr, args, buf, sizeof buf);
    check_str(line, buf, want);
    CHECK_EQ(n, strlen(want));
}

static void test_calls(void)
{
    call(__LINE__, 4, 1, 0x08049010, 18, 0, 0, 0, "write(fd=1, buf=0x08049010, count=18)");
    call(__LINE__, 3, 0, 0xbfffefc0, 16, 7, 7, 7, "read(fd=0, buf=0xbfffefc0, count=16)");
    call(__LINE__, 1, 0, 9, 9, 9, 9, 9, "exit(status=0)");
    call(__LINE__, 252, (uint32_t)-1, 0, 0, 0, 0, 0, "exit_group(status=-1)");
    call(__LINE__, 20, 5, 5, 5, 5, 5, 5, "getpid()");
    call(__LINE__, 2, 0, 0, 0, 0, 0, 0, "fork()");
    call(__LINE__, 158, 0, 0, 0, 0, 0, 0, "sched_yield()");
    call(__LINE__, 45, 0x0804c064, 0, 0, 0, 0, 0, "brk(addr=0x0804c064)");
    call(__LINE__, 5, 0x08048100, 0x241, 0644, 0, 0, 0,
         "open(pathname=0x08048100, flags=O_WRONLY|O_CREAT|O_TRUNC, mode=0644)");
    call(__LINE__, 6, 3, 0, 0, 0, 0, 0, "close(fd=3)");
    call(__LINE__, 90, 0xbfffef00, 0, 0, 0, 0, 0, "mmap(args=0xbfffef00)");
    call(__LINE__, 91, 0xb7ff0000, 8192, 0, 0, 0, 0, "munmap(addr=0xb7ff0000, length=8192)");
    call(__LINE__, 192, 0, 4096, 3, 0x22, (uint32_t)-1, 0,
         "mmap2(addr=0x00000000, length=4096, prot=PROT_READ|PROT_WRITE, flags=MAP_PRIVATE|MAP_ANONYMOUS, fd=-1, "
         "pgoffset=0x0)");
    call(__LINE__, 295, (uint32_t)-100, 0x0804a000, 0x80000, 0, 0, 0,
         "openat(dirfd=AT_FDCWD, pathname=0x0804a000, flags=O_RDONLY|O_CLOEXEC, mode=0)");
    call(__LINE__, 120, 0x1200011, 0, 0, 0, 0xb7fff768, 0,
         "clone(flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, stack=0x00000000, "
         "parent_tid=0x00000000, tls=0x00000000, child_tid=0xb7fff768)");
    call(__LINE__, 54, 0, 0x5401, 0xbfff0000, 0, 0, 0, "ioctl(fd=0, request=TCGETS, arg=0xbfff0000)");
    call(__LINE__, 54, 0, 0x12345, 0, 0, 0, 0, "ioctl(fd=0, request=0x12345, arg=0x0)");
    call(__LINE__, 37, 7, 9, 0, 0, 0, 0, "kill(pid=7, sig=SIGKILL)");
    call(__LINE__, 37, 7, 0, 0, 0, 0, 0, "kill(pid=7, sig=0)");
    call(__LINE__, 125, 0x8048000, 4096, 0, 0, 0, 0, "mprotect(addr=0x08048000, len=4096, prot=PROT_NONE)");
    call(__LINE__, 175, 2, 0, 0, 8, 0, 0, "rt_sigprocmask(how=SIG_SETMASK, set=0x00000000, oldset=0x00000000, sigsetsize=8)");
    call(__LINE__, 114, (uint32_t)-1, 0, 3, 0, 0, 0, "wait4(pid=-1, wstatus=0x00000000, options=WNOHANG|WUNTRACED, rusage=0x00000000)");
    call(__LINE__, 5, 0x08048100, 0x80000000u | 0100, 0, 0, 0, 0, "open(pathname=0x08048100, flags=O_RDONLY|O_CREAT|0x80000000, mode=0)");
    /* Named without a signature, and unknown: the six registers. */
    call(__LINE__, 26, 1, 2, 3, 4, 5, 6,
         "ptrace(ebx=0x00000001, ecx=0x00000002, edx=0x00000003, esi=0x00000004, "
         "edi=0x00000005, ebp=0x00000006)");
    call(__LINE__, 999, 1, 0, 0, 0, 0, 0xffffffff,
         "syscall_999(ebx=0x00000001, ecx=0x00000000, edx=0x00000000, esi=0x00000000, "
         "edi=0x00000000, ebp=0xffffffff)");
    call(__LINE__, 222, 0, 0, 0, 0, 0, 0,
         "syscall_222(ebx=0x00000000, ecx=0x00000000, edx=0x00000000, esi=0x00000000, "
         "edi=0x00000000, ebp=0x00000000)");
}

/* Strings read at entry replace their pointers; an empty field keeps the pointer. */
static void test_strings(void)
{
    const uint32_t exec_args[6] = { 0x0804a000, 0xbffff000, 0xbffff100, 0, 0, 0 };
    const char fields[] = "\"/bin/ls\"\0[\"ls\", \"-l\"]";
    char buf[256];
    rs_linux_format_call_with(11, exec_args, fields, buf, sizeof buf);
    check_str(__LINE__, buf, "execve(pathname=\"/bin/ls\", argv=[\"ls\", \"-l\"], envp=0xbffff100)");
    const char none[4] = { 0 };
    rs_linux_format_call_with(11, exec_args, none, buf, sizeof buf);
    check_str(__LINE__, buf, "execve(pathname=0x0804a000, argv=0xbffff000, envp=0xbffff100)");
    const uint32_t link_args[6] = { 1, 2, 0, 0, 0, 0 };
    rs_linux_format_call_with(83, link_args, "\0\"b\"", buf, sizeof buf);
    check_str(__LINE__, buf, "symlink(target=0x00000001, linkpath=\"b\")");
    rs_linux_quote("a\"b\\\n\x01", 6, 1, buf, sizeof buf);
    check_str(__LINE__, buf, "\"a\\\"b\\\\\\n\\x01\"...");
}

static void ret(int line, uint32_t nr, int32_t value, const char *want)
{
    char buf[128];
    int n = rs_linux_format_return(nr, value, buf, sizeof buf);
    check_str(line, buf, want);
    CHECK_EQ(n, strlen(want));
}

static void test_returns(void)
{
    ret(__LINE__, 4, 18, "write -> 18");
    ret(__LINE__, 4, -14, "write -> -14 EFAULT");
    ret(__LINE__, 3, -9, "read -> -9 EBADF");
    ret(__LINE__, 3, 0, "read -> 0");
    ret(__LINE__, 20, 3, "getpid -> 3");
    ret(__LINE__, 2, -38, "fork -> -38 ENOSYS");
    ret(__LINE__, 45, 0x0804c064, "brk -> 0x0804c064");
    ret(__LINE__, 192, (int32_t)0xb7ff0000u, "mmap2 -> 0xb7ff0000");
    ret(__LINE__, 192, -12, "mmap2 -> -12 ENOMEM");
    ret(__LINE__, 999, -38, "syscall_999 -> -38 ENOSYS");
    ret(__LINE__, 4, -4095, "write -> -4095");           /* an error without a name */
    ret(__LINE__, 4, -4096, "write -> -4096");           /* not an error: below -4095 */
    ret(__LINE__, 26, -1, "ptrace -> -1 EPERM");
    char buf[32];
    rs_linux_format_result(4, -14, buf, sizeof buf);
    EXPECT_STR(buf, "-14 EFAULT");
    rs_linux_format_name(4, buf, sizeof buf);
    EXPECT_STR(buf, "write");
    rs_linux_format_name(4242, buf, sizeof buf);
    EXPECT_STR(buf, "syscall_4242");
}

/* snprintf's contract: never past LEN, always terminated, the whole length returned. */
static void test_truncation(void)
{
    const uint32_t args[6] = { 1, 0x08049010, 18, 0, 0, 0 };
    const char *full = "write(fd=1, buf=0x08049010, count=18)";
    for (size_t len = 0; len <= strlen(full) + 2; len++) {
        char *buf = len ? malloc(len) : NULL;   /* exact size, so ASan sees any overrun */
        int n = rs_linux_format_call(4, args, buf, len);
        CHECK_EQ(n, strlen(full));
        if (len) {
            CHECK_EQ(strlen(buf), len - 1 < strlen(full) ? len - 1 : strlen(full));
            CHECK(strncmp(buf, full, strlen(buf)) == 0);
        }
        free(buf);
    }
    char small[8];
    CHECK_EQ(rs_linux_format_return(4, -14, small, sizeof small), strlen("write -> -14 EFAULT"));
    EXPECT_STR(small, "write -");
}

int main(void)
{
    test_names();
    test_errno();
    test_args();
    test_signatures();
    test_calls();
    test_strings();
    test_returns();
    test_truncation();
    return rs_test_done();
}
