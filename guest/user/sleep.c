/* sleep: the clock system calls on a kernel booted with `preempt`. Run alone, it leaves the CPU
 * with nothing to do while it sleeps, so the kernel idles in `sti; hlt` until the tick that
 * wakes it (ringscope skips the idle time, QEMU waits it out). Everything it prints follows from
 * what the kernel promises in ticks - nanosleep sleeps at least as long as asked - not from how
 * long anything took. Then the error cases of nanosleep, times and kill. */
#include "ulib.h"

#define ROUNDS 3
#define SLEEP_MS 50
#define TICKS_PER_S 100

int main(void)
{
    wait_for_lower_pids();
    struct tms t0, t1;
    int32_t first = times(&t0);
    if (is_error(first)) {
        printf("sleep: times() = %d: no clock; boot the kernel with preempt\n", first);
        return 1;
    }
    for (int round = 1; round <= ROUNDS; round++) {
        struct timespec ts = {0, SLEEP_MS * 1000000};
        int32_t before = times(0);
        int32_t ret = nanosleep(&ts, 0);
        int32_t slept = times(0) - before;
        printf("sleep: nanosleep(%d ms) = %d, woke %d ticks later or more: %s\n", SLEEP_MS, ret,
               SLEEP_MS * TICKS_PER_S / 1000, slept >= SLEEP_MS * TICKS_PER_S / 1000 ? "yes" : "no");
    }
    int32_t elapsed = times(&t1) - first;
    int32_t used = t1.tms_utime + t1.tms_stime - (t0.tms_utime + t0.tms_stime);
    /* Asleep, a process is not charged for the ticks: it was not running when they came. */
    printf("sleep: CPU time used < time elapsed: %s\n", used < elapsed ? "yes" : "no");

    struct timespec bad_nsec = {0, 1000000000}, negative = {-1, 0}, zero = {0, 0};
    printf("sleep: nanosleep({0, 1000000000}) = %d (-EINVAL)\n", nanosleep(&bad_nsec, 0));
    printf("sleep: nanosleep({-1, 0}) = %d (-EINVAL)\n", nanosleep(&negative, 0));
    printf("sleep: nanosleep({0, 0}) = %d\n", nanosleep(&zero, 0));
    printf("sleep: nanosleep(0xc0000000) = %d (-EFAULT)\n", nanosleep((void *)0xc0000000u, 0));
    printf("sleep: times(0xc0000000) = %d (-EFAULT)\n", times((void *)0xc0000000u));
    printf("sleep: kill(my pid, 0) = %d, kill(99, 0) = %d (-ESRCH), kill(my pid, 9) = %d (-EINVAL)\n",
           kill(getpid(), 0), kill(99, 0), kill(getpid(), 9));
    return 0;
}
