/* The process table: NPROC slots, each with its own kernel stack. */
#include "proc.h"
#include "string.h"

static struct proc procs[NPROC];
static uint8_t kernel_stacks[NPROC][KSTACK_SIZE] __attribute__((aligned(16)));

extern void trapret(void);

struct proc *proc_alloc(int pid)
{
    for (int i = 0; i < NPROC; i++) {
        struct proc *p = &procs[i];
        if (p->state != PROC_UNUSED)
            continue;
        memset(p, 0, sizeof *p);
        p->pid = pid;
        p->kstack = kernel_stacks[i];
        return p;
    }
    return 0;
}

void proc_free(struct proc *p)
{
    p->state = PROC_UNUSED;
    p->pgdir = 0;
}

struct proc *proc_find(int pid)
{
    for (int i = 0; i < NPROC; i++) {
        struct proc *p = &procs[i];
        if (p->pid == pid && p->state != PROC_UNUSED && p->state != PROC_DONE)
            return p;
    }
    return 0;
}

struct proc *proc_slot(int i) { return &procs[i]; }

uint32_t proc_kernel_stack_top(const struct proc *p)
{
    return (uint32_t)(p->kstack + KSTACK_SIZE);
}

void proc_start(struct proc *p)
{
    /* Below the trapframe: a context whose "return address" is trapret, so the first swtch
     * into the process ends in an iret to ring 3. */
    struct context *c = (struct context *)((uint8_t *)p->tf - sizeof *c);
    *c = (struct context){.eip = (uint32_t)trapret};
    p->context = c;
    p->state = PROC_RUNNABLE;
}
