/* The system calls of the programs written for a kernel booted with `preempt` (spin, sleep). */
#include "ulib.h"

int32_t kill(int32_t pid, int32_t sig) { return syscall3(SYS_kill, (uint32_t)pid, (uint32_t)sig, 0); }
int32_t times(struct tms *buf) { return syscall3(SYS_times, (uint32_t)buf, 0, 0); }

int32_t nanosleep(const struct timespec *req, struct timespec *rem)
{
    return syscall3(SYS_nanosleep, (uint32_t)req, (uint32_t)rem, 0);
}

void wait_for_lower_pids(void)
{
    for (int32_t pid = getpid() - 1; pid >= 1; pid--)
        while (kill(pid, 0) == 0)
            ;
}
