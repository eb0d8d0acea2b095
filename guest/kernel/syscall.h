/* System calls: Linux i386 numbers and conventions. int 0x80 with the number in EAX and the
 * arguments in EBX, ECX, EDX, ESI, EDI, EBP; the result in EAX, -errno on failure. */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H
#include <stdint.h>
#include "sysnum.h"
#include "trap.h"

/* Every handler gets the trapframe and returns the value for EAX. */
typedef int32_t syscall_handler(struct trapframe *tf);

syscall_handler sys_exit, sys_read, sys_write, sys_getpid, sys_kill, sys_times, sys_brk,
    sys_sched_yield, sys_nanosleep;

/* Dispatches the system call in tf->eax and stores the result in tf->eax. */
void syscall(struct trapframe *tf);

#endif
