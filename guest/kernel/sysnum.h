/* The system-call numbers and error numbers of Linux i386 (arch/x86/entry/syscalls/syscall_32.tbl,
 * include/uapi/asm-generic/errno-base.h), the one list for the kernel (syscall.h) and the user
 * library (guest/user/ulib.h): the kernel implements them all but fork, which user programs call
 * to see ENOSYS. Plain defines, no includes: usable from any guest C file. */
#ifndef GUEST_SYSNUM_H
#define GUEST_SYSNUM_H

#define SYS_exit 1
#define SYS_fork 2
#define SYS_read 3
#define SYS_write 4
#define SYS_getpid 20
#define SYS_kill 37
#define SYS_times 43
#define SYS_brk 45
#define SYS_sched_yield 158
#define SYS_nanosleep 162

#define ESRCH 3
#define EBADF 9
#define EFAULT 14
#define EINVAL 22
#define ENOSYS 38

#endif
