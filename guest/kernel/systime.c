/* The clock's system calls. The clock is the timer tick (timer.c), which runs only when the kernel
 * was booted with `preempt`; without it both calls return -ENOSYS. */
#include "proc.h"
#include "syscall.h"
#include "timer.h"

#define NS_PER_TICK (1000000000 / TICK_HZ)
#define MAX_SLEEP_SECONDS 100000000   /* about three years: more is "forever", and fits in ticks */

/* times(buf): ticks since the clock started; if BUF is not null, struct tms { utime, stime,
 * cutime, cstime } (four 32-bit clock_t) gets the ticks that interrupted the caller in ring 3 and
 * in the kernel (there are no children: 0, 0). */
int32_t sys_times(struct trapframe *tf)
{
    if (!timer_running)
        return -ENOSYS;
    uint32_t buf = tf->ebx;
    if (buf != 0) {
        if (!vm_user_range_ok(current->pgdir, buf, 4 * sizeof(int32_t), 1))
            return -EFAULT;
        int32_t *tms = (int32_t *)buf;   /* CR3 holds the caller's page directory */
        tms[0] = (int32_t)current->utime;
        tms[1] = (int32_t)current->stime;
        tms[2] = tms[3] = 0;
    }
    return (int32_t)ticks;
}

/* nanosleep(req, rem): sleeps for at least *REQ (struct timespec { tv_sec, tv_nsec }), rounded up
 * to whole ticks, plus one: the current tick is already partly gone (Linux does the same). REM is
 * never written: nothing interrupts a sleep here. -EFAULT for an unreadable REQ, -EINVAL for a
 * negative time or tv_nsec >= 1e9. */
int32_t sys_nanosleep(struct trapframe *tf)
{
    if (!timer_running)
        return -ENOSYS;
    uint32_t req = tf->ebx;
    if (!vm_user_range_ok(current->pgdir, req, 2 * sizeof(int32_t), 0))
        return -EFAULT;
    const int32_t *ts = (const int32_t *)req;
    int32_t sec = ts[0], nsec = ts[1];
    if (sec < 0 || nsec < 0 || nsec >= 1000000000)
        return -EINVAL;
    if (sec > MAX_SLEEP_SECONDS)
        sec = MAX_SLEEP_SECONDS;
    uint32_t n = (uint32_t)sec * TICK_HZ + ((uint32_t)nsec + NS_PER_TICK - 1) / NS_PER_TICK;
    if (n > 0)
        sleep_until(ticks + n + 1);
    return 0;
}
