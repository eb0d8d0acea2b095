/* Processes. There is no preemption and no fork: the kernel runs the Multiboot modules one after
 * another, so at most one process exists at a time, and `current` is it. */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H
#include <stdint.h>
#include "trap.h"
#include "vm.h"

/* What swtch saves: the callee-saved registers and the return address (trapasm.asm). */
struct context {
    uint32_t edi, esi, ebx, ebp, eip;
};

enum proc_end { PROC_EXITED, PROC_KILLED };

struct proc {
    int pid;
    char name[32];
    pde_t *pgdir;             /* user half private, kernel half shared */
    uint32_t start_brk;       /* page-rounded end of the loaded image */
    uint32_t brk;             /* current program break (sys_brk) */
    struct trapframe *tf;     /* the user registers, on this process's kernel stack */
    struct context *context;  /* where swtch left off in the kernel */
    enum proc_end end;        /* how it ended, for the scheduler's tally */
};

extern struct proc *current;

/* Runs P (built by exec_load) at ring 3 until it exits or is killed, then frees its memory.
 * Returns how it ended. */
enum proc_end proc_run(struct proc *p);

/* Ends the current process, printing "[kernel] pid N exit S". Never returns. */
void proc_exit(int status) __attribute__((noreturn));

/* Ends the current process after the caller printed why (fault.c). Never returns. */
void proc_kill(void) __attribute__((noreturn));

/* The kernel stack traps from ring 3 land on: its top, where exec_load builds the trapframe. */
uint32_t proc_kernel_stack_top(void);

#endif
