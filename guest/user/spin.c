/* spin: run several copies at once on a kernel booted with `preempt`:
 *     ringscope run --append preempt kernel.elf --module spin.elf --module spin.elf --module spin.elf
 * Each copy fills the page at 0x08050000 - the same virtual address in every copy, since they are
 * the same program - with its own letter ('a' for pid 1, 'b' for pid 2, ...), then reads it back
 * over and over for WORK_TICKS ticks of its own CPU time, never giving the CPU up. Only the timer
 * takes it away, and meanwhile the other copies fill the same address with their letters. Each
 * process has its own page there, so every read still finds its own letter.
 *
 * The line a copy prints depends on what happened, not on when the ticks fell (QEMU's clock runs
 * in real time, ringscope's in virtual time): the letter count, and whether other processes ran
 * between its first and last read (the ticks elapsed exceed its own). And the lines come out in
 * pid order, because each copy waits for every lower pid to end before it prints - a wait that
 * itself only ends because the timer lets the lower pids run. */
#include "ulib.h"

#define WORK_TICKS 10
#define PAGE_SIZE 4096u

/* user.ld places section .page at 0x08050000. */
static volatile char page[PAGE_SIZE] __attribute__((section(".page"), aligned(PAGE_SIZE)));

static uint32_t count_of(char c)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < PAGE_SIZE; i++)
        n += page[i] == c;
    return n;
}

static int32_t cpu_ticks(const struct tms *t) { return t->tms_utime + t->tms_stime; }

int main(void)
{
    int32_t pid = getpid();
    char mine = (char)('a' + (pid - 1) % 26);
    struct tms t0, t1;
    int32_t start = times(&t0);
    if (is_error(start)) {
        printf("spin pid %d: times() = %d: no clock; boot the kernel with preempt\n", pid, start);
        return 1;
    }
    for (uint32_t i = 0; i < PAGE_SIZE; i++)
        page[i] = mine;

    uint32_t lost = 0;   /* reads that did not find our letter */
    do {
        lost += PAGE_SIZE - count_of(mine);
        times(&t1);
    } while (cpu_ticks(&t1) - cpu_ticks(&t0) < WORK_TICKS);
    uint32_t still = count_of(mine);
    lost += PAGE_SIZE - still;
    int32_t elapsed = times(&t1) - start;
    int others_ran = elapsed > cpu_ticks(&t1) - cpu_ticks(&t0);

    wait_for_lower_pids();
    printf("spin pid %d: %x-%x filled with '%c', read back for %d ticks of CPU time: %u of %u "
           "bytes still '%c', other processes ran in between: %s\n",
           pid, (uint32_t)page, (uint32_t)page + PAGE_SIZE - 1, mine, WORK_TICKS, still, PAGE_SIZE,
           mine, others_ran ? "yes" : "no");
    return lost == 0 && others_ran ? 0 : 1;
}
