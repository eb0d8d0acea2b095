/* Traps: the IDT and what the stack holds when the kernel is entered. */
#ifndef KERNEL_TRAP_H
#define KERNEL_TRAP_H
#include <stdint.h>

#define T_DIVIDE 0
#define T_DEBUG 1
#define T_NMI 2
#define T_BREAKPOINT 3
#define T_OVERFLOW 4
#define T_BOUND 5
#define T_INVALID_OPCODE 6
#define T_NO_FPU 7
#define T_DOUBLE_FAULT 8
#define T_INVALID_TSS 10
#define T_SEGMENT_NOT_PRESENT 11
#define T_STACK_FAULT 12
#define T_GENERAL_PROTECTION 13
#define T_PAGE_FAULT 14
#define T_SYSCALL 0x80

/* Built by the CPU (from err/trapno's neighbour eip upwards) and trapasm.asm (the rest), lowest
 * address first. esp and ss are there only for traps from ring 3. */
struct trapframe {
    /* pushad */
    uint32_t edi, esi, ebp, oesp, ebx, edx, ecx, eax;
    /* alltraps */
    uint16_t gs, pad1;
    uint16_t fs, pad2;
    uint16_t es, pad3;
    uint16_t ds, pad4;
    /* vector stub */
    uint32_t trapno;
    uint32_t err;   /* the CPU's error code, or 0 */
    /* CPU */
    uint32_t eip;
    uint16_t cs, pad5;
    uint32_t eflags;
    uint32_t esp;
    uint16_t ss, pad6;
};

void trap_init(void);
void trap(struct trapframe *tf);

/* A trap from ring 3 that is not a system call: reports it and kills the process. fault.c. */
void user_fault(struct trapframe *tf) __attribute__((noreturn));

/* A trap taken in ring 0: the kernel is broken. Prints a panic line and ends the run. */
void kernel_fault(struct trapframe *tf) __attribute__((noreturn));

/* "divide error", "page fault", ... for vectors 0..31. */
const char *trap_name(uint32_t trapno);

#endif
