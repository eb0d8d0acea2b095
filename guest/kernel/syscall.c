/* System call dispatch. */
#include "syscall.h"
#include "console.h"
#include "proc.h"

static syscall_handler *const syscalls[] = {
    [SYS_exit] = sys_exit,
    [SYS_read] = sys_read,
    [SYS_write] = sys_write,
    [SYS_getpid] = sys_getpid,
    [SYS_kill] = sys_kill,
    [SYS_times] = sys_times,
    [SYS_brk] = sys_brk,
    [SYS_sched_yield] = sys_sched_yield,
    [SYS_nanosleep] = sys_nanosleep,
};

#define NSYSCALLS (sizeof syscalls / sizeof syscalls[0])

void syscall(struct trapframe *tf)
{
    uint32_t number = tf->eax;
    if (number < NSYSCALLS && syscalls[number] != 0) {
        tf->eax = (uint32_t)syscalls[number](tf);
        return;
    }
    /* Linux says nothing here; a teaching kernel tells you what it did not understand. */
    kprintf("[kernel] pid %d unknown syscall %u (-ENOSYS)\n", current->pid, number);
    tf->eax = (uint32_t)-ENOSYS;
}
