/* Running one process and getting back from it.
 *
 * kmain runs on the boot stack ("the scheduler"). proc_run switches to the process's kernel
 * stack, whose top holds the trapframe exec_load built; trapret pops it and irets to ring 3. Every
 * later trap from ring 3 lands at the top of that same stack (TSS esp0). When the process exits or
 * is killed, the kernel - now on the process's kernel stack - switches back to the scheduler's
 * saved context, so proc_run returns as if from a function call. */
#include "proc.h"
#include "console.h"
#include "kalloc.h"
#include "seg.h"

#define KSTACK_SIZE 8192

struct proc *current;
static struct context *scheduler_context;

/* One process at a time, so one kernel stack suffices. */
static uint8_t kernel_stack[KSTACK_SIZE] __attribute__((aligned(16)));

extern void trapret(void);
extern void swtch(struct context **old, struct context *new);

uint32_t proc_kernel_stack_top(void)
{
    return (uint32_t)(kernel_stack + KSTACK_SIZE);
}

enum proc_end proc_run(struct proc *p)
{
    /* Below the trapframe: a context whose "return address" is trapret, so the first swtch
     * into the process ends in an iret to ring 3. */
    struct context *c = (struct context *)((uint8_t *)p->tf - sizeof *c);
    *c = (struct context){.eip = (uint32_t)trapret};
    p->context = c;

    current = p;
    seg_set_kernel_stack(proc_kernel_stack_top());
    vm_switch(p->pgdir);
    swtch(&scheduler_context, p->context);
    /* Back on the boot stack: the process is over. */
    vm_switch_kernel();
    vm_free_pgdir(p->pgdir);
    current = 0;

    return p->end;
}

static void leave(enum proc_end end) __attribute__((noreturn));
static void leave(enum proc_end end)
{
    current->end = end;
    swtch(&current->context, scheduler_context);
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
