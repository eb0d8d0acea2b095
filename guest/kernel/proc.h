/* Processes. Without preemption the kernel runs the Multiboot modules one after another, so at
 * most one process exists at a time. With `preempt` on the kernel command line every module is
 * loaded at boot and they share the CPU, round robin, one timer tick at a time (sched.c). */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H
#include <stdint.h>
#include "trap.h"
#include "vm.h"

#define NPROC 8               /* processes alive at once */
#define KSTACK_SIZE 8192

/* What swtch saves: the callee-saved registers and the return address (trapasm.asm). */
struct context {
    uint32_t edi, esi, ebx, ebp, eip;
};

enum proc_state {
    PROC_UNUSED,              /* a free slot */
    PROC_RUNNABLE,            /* waiting for the CPU */
    PROC_RUNNING,             /* on the CPU: it is `current` */
    PROC_SLEEPING,            /* in nanosleep until `ticks` reaches wake_tick */
    PROC_DONE,                /* exited or killed; the scheduler frees it */
};

enum proc_end { PROC_EXITED, PROC_KILLED };

struct proc {
    int pid;
    char name[32];
    enum proc_state state;
    pde_t *pgdir;             /* user half private, kernel half shared */
    uint32_t start_brk;       /* page-rounded end of the loaded image */
    uint32_t brk;             /* current program break (sys_brk) */
    uint8_t *kstack;          /* its own kernel stack; traps from ring 3 land at the top */
    struct trapframe *tf;     /* the user registers, at the top of kstack */
    struct context *context;  /* where swtch left off in the kernel */
    uint32_t wake_tick;       /* PROC_SLEEPING: runnable again when ticks >= wake_tick */
    uint32_t utime, stime;    /* clock ticks that interrupted it in ring 3 / in the kernel */
    enum proc_end end;        /* how it ended, for the tally */
};

/* The process on the CPU, or 0 while the scheduler runs. */
extern struct proc *current;

/* A free slot with its kernel stack, named PID and NAME is filled in by the caller; 0 if all
 * NPROC slots are in use. */
struct proc *proc_alloc(int pid);

/* Gives the slot back (the page directory must already be freed, or never have existed). */
void proc_free(struct proc *p);

/* The live (not yet ended) process with this pid, or 0. */
struct proc *proc_find(int pid);

/* Slot I (0 <= I < NPROC) of the table, in the order the scheduler goes round. */
struct proc *proc_slot(int i);

/* The top of P's kernel stack: where exec_load builds the trapframe, and the TSS's esp0. */
uint32_t proc_kernel_stack_top(const struct proc *p);

/* Makes P (built by exec_load) runnable: its first switch irets to ring 3 through trapret. */
void proc_start(struct proc *p);

/* Runs runnable processes round robin until every process has ended, waiting with sti; hlt
 * while all of them sleep. Each process runs until it yields, sleeps, ends, or - when the timer
 * is on - a clock tick interrupts it in ring 3. For each process that ends, ENDED(p, ARG) is
 * called on the scheduler's stack (the kernel page directory loaded, P's freed), then the slot
 * is freed. */
void scheduler(void (*ended)(struct proc *p, void *arg), void *arg);

/* The current process gives up the CPU; it is runnable again at once (round robin). */
void yield(void);

/* The current process sleeps until `ticks` >= TICK. */
void sleep_until(uint32_t tick);

/* Makes every process sleeping until NOW or earlier runnable (the timer interrupt). */
void proc_wake_sleepers(uint32_t now);

/* A clock tick arrived while the kernel ran on behalf of the current process: it is preempted
 * when it next returns to ring 3 (set by the timer, checked by trap()). */
extern int need_resched;

/* Ends the current process, printing "[kernel] pid N exit S". Never returns. */
void proc_exit(int status) __attribute__((noreturn));

/* Ends the current process after the caller printed why (fault.c). Never returns. */
void proc_kill(void) __attribute__((noreturn));

#endif
