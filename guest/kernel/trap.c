/* The IDT and the one C entry point for every trap.
 *
 * Gates (SDM 6.11):
 *   0..31     exceptions: interrupt gates (IF cleared on entry), DPL 0, so "int 13" from ring 3 is
 *             itself a #GP - except #BP (3) and #OF (4), DPL 3 as on Linux, so int3/into work.
 *   0x20-0x2F the 8259s' IRQ0-15 (pic.c puts them there): DPL 0 interrupt gates. Only IRQ0, the
 *             timer, is ever unmasked, and only when the kernel was booted with `preempt`.
 *   0x80      system calls: a trap gate with DPL 3, the only vector ring 3 may invoke with int.
 *   others    DPL 0 interrupt gates to a stub that panics; ring 3 gets #GP for "int n" on them.
 * The kernel runs with IF=0. Without `preempt` ring 3 does too, so the trap gate also enters with
 * IF=0; with it, ring 3 runs with IF=1 and the system call path clears IF first thing. */
#include "trap.h"
#include "console.h"
#include "mmu.h"
#include "pic.h"
#include "proc.h"
#include "syscall.h"
#include "timer.h"
#include "x86.h"

struct __attribute__((packed)) gate_descriptor {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t zero;
    uint8_t type_attr;   /* present | DPL | gate type */
    uint16_t offset_high;
};

#define GATE_PRESENT 0x80
#define GATE_INTERRUPT32 0xE
#define GATE_TRAP32 0xF

extern const uint32_t trap_vectors[256];
static struct gate_descriptor idt[256];

static void set_gate(int vector, int type, int dpl)
{
    uint32_t handler = trap_vectors[vector];
    idt[vector] = (struct gate_descriptor){
        .offset_low = (uint16_t)(handler & 0xFFFF),
        .selector = SELECTOR(SEG_KCODE, 0),
        .zero = 0,
        .type_attr = (uint8_t)(GATE_PRESENT | (dpl << 5) | type),
        .offset_high = (uint16_t)(handler >> 16),
    };
}

void trap_init(void)
{
    for (int v = 0; v < 256; v++)
        set_gate(v, GATE_INTERRUPT32, 0);
    set_gate(T_BREAKPOINT, GATE_INTERRUPT32, DPL_USER);
    set_gate(T_OVERFLOW, GATE_INTERRUPT32, DPL_USER);
    set_gate(T_SYSCALL, GATE_TRAP32, DPL_USER);
    lidt(idt, sizeof idt);
}

static const char *const exception_names[32] = {
    [0] = "divide error",
    [1] = "debug",
    [2] = "non-maskable interrupt",
    [3] = "breakpoint",
    [4] = "overflow",
    [5] = "bound range exceeded",
    [6] = "invalid opcode",
    [7] = "device not available",
    [8] = "double fault",
    [9] = "coprocessor segment overrun",
    [10] = "invalid TSS",
    [11] = "segment not present",
    [12] = "stack-segment fault",
    [13] = "general protection fault",
    [14] = "page fault",
    [16] = "x87 floating-point error",
    [17] = "alignment check",
    [18] = "machine check",
    [19] = "SIMD floating-point exception",
    [20] = "virtualization exception",
    [21] = "control protection exception",
};

const char *trap_name(uint32_t trapno)
{
    if (trapno < 32 && exception_names[trapno] != 0)
        return exception_names[trapno];
    return trapno < 32 ? "reserved exception" : "unexpected interrupt";
}

/* IRQ0-15. A spurious IRQ7/15 (the 8259 answered an acknowledge with no request left) sets no
 * ISR bit and gets no EOI - except that the master did take IRQ2 for a spurious IRQ15 (OSDev,
 * "8259 PIC", "Spurious IRQs"). The timer tick preempts a process interrupted in ring 3 at once;
 * one that was in the kernel (between the gate and the cli of a system call) when it returns. */
static void hardware_interrupt(int irq, int from_user)
{
    if ((irq == IRQ_SPURIOUS_MASTER || irq == IRQ_SPURIOUS_SLAVE) && !pic_in_service(irq)) {
        if (irq == IRQ_SPURIOUS_SLAVE)
            pic_eoi(IRQ_CASCADE);
        return;
    }
    if (irq != IRQ_TIMER) {
        pic_eoi(irq);   /* masked lines cannot get here; acknowledge and ignore anyway */
        return;
    }
    timer_interrupt(from_user);
    if (current == 0)
        return;         /* the idle loop */
    if (from_user)
        yield();
    else
        need_resched = 1;
}

void trap(struct trapframe *tf)
{
    int from_user = (tf->cs & 3) == DPL_USER;
    if (tf->trapno == T_SYSCALL && from_user) {
        cli();          /* a trap gate leaves IF as ring 3 had it */
        syscall(tf);
        if (need_resched)
            yield();
        return;
    }
    if (tf->trapno >= T_IRQ0 && tf->trapno < T_IRQ0 + 16) {
        hardware_interrupt((int)(tf->trapno - T_IRQ0), from_user);
        return;
    }
    if (from_user)
        user_fault(tf);   /* In user space, assume the process misbehaved: kill it. */
    kernel_fault(tf);
}
