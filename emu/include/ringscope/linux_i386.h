/* The Linux i386 system call ABI, for naming what a guest asks its kernel for.
 *
 * int 0x80 (or SYSENTER through the vDSO): the number in EAX, arguments in EBX, ECX, EDX, ESI,
 * EDI, EBP; the result in EAX, -4095..-1 meaning -errno. The numbers are Linux's
 * arch/x86/entry/syscalls/syscall_32.tbl (0..RS_LINUX_SYSCALL_LIMIT-1, gaps where Linux has
 * none); the teaching kernel uses the same numbers (guest/README.md).
 *
 * Pure tables and formatting: nothing is allocated, nothing is owned, every call is thread-safe.
 * Formatting functions work like snprintf: they write at most LEN bytes including the NUL (BUF may
 * be NULL when LEN is 0), always terminate when LEN > 0, and return the length the whole text
 * has, so a return value >= LEN means the text was cut. They cannot fail. */
#ifndef RS_LINUX_I386_H
#define RS_LINUX_I386_H
#include <stddef.h>
#include <stdint.h>

#define RS_LINUX_SYSCALL_LIMIT 470u   /* one past the highest number named (469 file_setattr) */
#define RS_LINUX_ERRNO_MAX 4095       /* -4095..-1 in EAX is an error (include/linux/err.h) */

/* "write" for 4; NULL for a number Linux has never assigned (or that is beyond the table). */
const char *rs_linux_syscall_name(uint32_t nr);

/* The number named NAME ("write" -> 4), or -1. */
int rs_linux_syscall_number(const char *name);

/* "EFAULT" for 14 (1..133, and the kernel-internal 512..517); NULL for others. */
const char *rs_linux_errno_name(int err);

/* How an argument is printed. */
typedef enum rs_linux_arg_kind {
    RS_LINUX_ARG_INT,     /* signed decimal: pid, signal, command, whence */
    RS_LINUX_ARG_UINT,    /* unsigned decimal: counts, sizes, lengths */
    RS_LINUX_ARG_FD,      /* a file descriptor: signed decimal */
    RS_LINUX_ARG_DIRFD,   /* a directory descriptor: AT_FDCWD (-100) by name, else decimal */
    RS_LINUX_ARG_PTR,     /* a user pointer: 0x%08x */
    RS_LINUX_ARG_STR,     /* a pointer to a NUL-terminated string: 0x%08x (memory is not read) */
    RS_LINUX_ARG_HEX,     /* flags, masks, opaque values: 0x%x */
    RS_LINUX_ARG_OCT,     /* file modes: 0%o */
    /* Named values and flags (linux_flags.c), as strace writes them; unknown bits stay hex:
     * "O_WRONLY|O_CREAT|O_TRUNC", "PROT_READ|PROT_WRITE", "CLONE_VM|...|SIGCHLD", "TCGETS". */
    RS_LINUX_ARG_OPEN_FLAGS,   /* open/openat flags (asm-generic/fcntl.h) */
    RS_LINUX_ARG_MMAP_PROT,    /* PROT_* */
    RS_LINUX_ARG_MMAP_FLAGS,   /* MAP_* */
    RS_LINUX_ARG_CLONE_FLAGS,  /* CLONE_* and the exit signal in the low byte */
    RS_LINUX_ARG_IOCTL,        /* the common tty ioctl requests (asm-generic/ioctls.h) */
    RS_LINUX_ARG_SIGNAL,       /* SIGINT...; 0 stays 0 */
    RS_LINUX_ARG_FCNTL_CMD,    /* F_GETFL... */
    RS_LINUX_ARG_WAIT_OPTIONS, /* WNOHANG|WUNTRACED... */
    RS_LINUX_ARG_SIGMASK_HOW,  /* SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK */
    RS_LINUX_ARG_ARGV,    /* execve's argv: a pointer to a NULL-terminated array of strings */
} rs_linux_arg_kind;

/* How the result is printed when it is not an error. */
typedef enum rs_linux_ret_kind {
    RS_LINUX_RET_INT,     /* decimal */
    RS_LINUX_RET_ADDR,    /* an address: brk, mmap, mmap2, mremap (0x%08x) */
    RS_LINUX_RET_NONE,    /* the call does not return (exit, exit_group, sigreturn) */
} rs_linux_ret_kind;

typedef struct rs_linux_arg {
    const char *name;     /* as in the man page: "fd", "buf", "count" */
    rs_linux_arg_kind kind;
} rs_linux_arg;

typedef struct rs_linux_signature {
    uint32_t nr;
    rs_linux_ret_kind ret;
    int nargs;            /* 0..6: EBX, ECX, EDX, ESI, EDI, EBP in order */
    rs_linux_arg args[6];
} rs_linux_signature;

/* The signature of NR when ringscope knows it (the common calls, and every call the programs in
 * guest/user make), else NULL. The result is static. */
const rs_linux_signature *rs_linux_syscall_signature(uint32_t nr);

/* One argument value as KIND says: "1", "0x08049010", "AT_FDCWD", "0644". */
int rs_linux_format_arg(rs_linux_arg_kind kind, uint32_t value, char *buf, size_t len);

/* What the tracer read from user memory at a call's entry (event.h rs_event_syscall.strings):
 * one field per RS_LINUX_ARG_STR or RS_LINUX_ARG_ARGV argument of the signature, in order, each
 * already written as it is shown ("\"/bin/ls\"", "[\"ls\", \"-l\"]") and NUL-terminated; an empty field
 * means it could not be read (the pointer is shown instead). */
#define RS_LINUX_STRINGS_MAX 192

/* A string of user memory as C writes it: quotes, \n \t \\ \" and \xHH escapes; "..." after
 * the closing quote when CUT (the string went on). N bytes at S (no NUL needed). */
int rs_linux_quote(const char *s, size_t n, int cut, char *buf, size_t len);

/* A named value or flag set for the RS_LINUX_ARG_OPEN_FLAGS..SIGMASK_HOW kinds; returns -1 for
 * another kind (nothing written). */
int rs_linux_format_flags(rs_linux_arg_kind kind, uint32_t value, char *buf, size_t len);

/* As rs_linux_format_call, with STRINGS (may be NULL) in place of the string pointers. */
int rs_linux_format_call_with(uint32_t nr, const uint32_t args[6], const char *strings, char *buf, size_t len);

/* The name, or "syscall_N" for a number without one. */
int rs_linux_format_name(uint32_t nr, char *buf, size_t len);

/* A call as written in C: "write(fd=1, buf=0x08049010, count=18)", "getpid()". A named call
 * without a known signature, or an unknown number, shows all six registers:
 * "syscall_999(ebx=0x00000001, ecx=0x00000000, edx=..., esi=..., edi=..., ebp=...)".
 * ARGS: EBX, ECX, EDX, ESI, EDI, EBP. */
int rs_linux_format_call(uint32_t nr, const uint32_t args[6], char *buf, size_t len);

/* A result: "write -> 18", "write -> -14 EFAULT", "brk -> 0x0804c000", "syscall_999 -> -38 ENOSYS".
 * An error is any value in -4095..-1 (named when rs_linux_errno_name knows it). */
int rs_linux_format_return(uint32_t nr, int32_t ret, char *buf, size_t len);

/* Just the value part of a result: "18", "-14 EFAULT", "0x0804c000". */
int rs_linux_format_result(uint32_t nr, int32_t ret, char *buf, size_t len);

#endif
