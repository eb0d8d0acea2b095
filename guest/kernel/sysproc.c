/* Process system calls. */
#include "memlayout.h"
#include "mmu.h"
#include "proc.h"
#include "syscall.h"

int32_t sys_exit(struct trapframe *tf)
{
    proc_exit((int)(tf->ebx & 0xFF));   /* like Linux, only the low 8 bits reach the parent */
}

int32_t sys_getpid(struct trapframe *tf)
{
    (void)tf;
    return current->pid;
}

/* brk(addr): Linux semantics - returns the new break, or the old one if addr is out of range
 * or memory ran out (brk(0) is the usual way to ask for the current break). */
int32_t sys_brk(struct trapframe *tf)
{
    uint32_t want = tf->ebx;
    struct proc *p = current;
    if (want < p->start_brk || want > BRK_LIMIT)
        return (int32_t)p->brk;
    uint32_t old_top = PGROUNDUP(p->brk), new_top = PGROUNDUP(want);
    if (new_top > old_top && vm_alloc_user(p->pgdir, old_top, new_top, 1) < 0) {
        vm_free_user(p->pgdir, old_top, new_top);
        return (int32_t)p->brk;
    }
    if (new_top < old_top)
        vm_free_user(p->pgdir, new_top, old_top);
    p->brk = want;
    return (int32_t)p->brk;
}

/* To the back of the round robin: with nothing else runnable (always so without `preempt`,
 * where programs run one after another) the scheduler picks the caller again at once. */
int32_t sys_sched_yield(struct trapframe *tf)
{
    (void)tf;
    yield();
    return 0;
}

/* kill(pid, sig): only signal 0, the existence check - 0 if PID is alive, -ESRCH if it is not
 * (never was, or has ended). There are no signals to send and no process groups (pid <= 0):
 * -EINVAL. */
int32_t sys_kill(struct trapframe *tf)
{
    int32_t pid = (int32_t)tf->ebx, sig = (int32_t)tf->ecx;
    if (pid <= 0 || sig != 0)
        return -EINVAL;
    return proc_find(pid) != 0 ? 0 : -ESRCH;
}
