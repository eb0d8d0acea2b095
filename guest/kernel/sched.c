/* The scheduler: round robin over the process table, in the style of xv6's scheduler().
 *
 * kmain's boot stack is the scheduler's. To run a process it loads the process's kernel stack
 * into the TSS (esp0), its page directory into CR3, and switches to the context the process
 * last saved (or, the first time, to one that "returns" into trapret and irets to ring 3). A
 * process gives the CPU back by switching to the scheduler's saved context: when it yields (the
 * timer tick, sched_yield), sleeps, exits or is killed. The kernel itself always runs with
 * IF=0; only the idle loop opens the interrupt window, with `sti; hlt`, when every process
 * sleeps. */
#include "proc.h"
#include "console.h"
#include "seg.h"

struct proc *current;
int need_resched;
static struct context *scheduler_context;

extern void swtch(struct context **old, struct context *new);

/* The next runnable process after slot LAST, going round; -1 if none. */
static int next_runnable(int last)
{
    for (int n = 1; n <= NPROC; n++) {
        int i = (last + n) % NPROC;
        if (proc_slot(i)->state == PROC_RUNNABLE)
            return i;
    }
    return -1;
}

static int any_sleeping(void)
{
    for (int i = 0; i < NPROC; i++)
        if (proc_slot(i)->state == PROC_SLEEPING)
            return 1;
    return 0;
}

/* Nothing to run until a sleeper's time comes: wait for the next interrupt. STI takes effect
 * after the next instruction, so no interrupt can slip in between and be missed by the HLT. */
static void idle(void)
{
    __asm__ volatile("sti; hlt; cli" : : : "memory");
}

static void run(struct proc *p)
{
    p->state = PROC_RUNNING;
    current = p;
    need_resched = 0;
    seg_set_kernel_stack(proc_kernel_stack_top(p));
    vm_switch(p->pgdir);
    swtch(&scheduler_context, p->context);
    current = 0;
}

void scheduler(void (*ended)(struct proc *p, void *arg), void *arg)
{
    int last = NPROC - 1;
    for (;;) {
        int i = next_runnable(last);
        if (i < 0) {
            if (!any_sleeping())
                return;
            idle();
            continue;
        }
        last = i;
        struct proc *p = proc_slot(i);
        run(p);
        if (p->state == PROC_DONE) {
            /* Off its page directory before freeing it: the pages may be reused at once. */
            vm_switch_kernel();
            vm_free_pgdir(p->pgdir);
            ended(p, arg);
            proc_free(p);
        }
    }
}

static void to_scheduler(enum proc_state state)
{
    current->state = state;
    swtch(&current->context, scheduler_context);
}

void yield(void)
{
    to_scheduler(PROC_RUNNABLE);
}

void sleep_until(uint32_t tick)
{
    current->wake_tick = tick;
    to_scheduler(PROC_SLEEPING);
}

void proc_wake_sleepers(uint32_t now)
{
    for (int i = 0; i < NPROC; i++) {
        struct proc *p = proc_slot(i);
        /* Wrap-safe: ticks wrap after 497 days at 100 Hz. */
        if (p->state == PROC_SLEEPING && (int32_t)(now - p->wake_tick) >= 0)
            p->state = PROC_RUNNABLE;
    }
}

static void leave(enum proc_end end) __attribute__((noreturn));
static void leave(enum proc_end end)
{
    current->end = end;
    to_scheduler(PROC_DONE);
    panic("a finished process was resumed");
}

void proc_exit(int status)
{
    kprintf("[kernel] pid %d exit %d\n", current->pid, status);
    leave(PROC_EXITED);
}

void proc_kill(void)
{
    leave(PROC_KILLED);
}
