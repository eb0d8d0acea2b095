/* What happens when ring 3 does something it may not: one line saying what, where and why, then
 * the process dies - Linux would send the signal named at the end of the line. A trap in ring 0
 * is a kernel bug: one panic line, and the run ends with a non-zero exit code. */
#include "console.h"
#include "memlayout.h"
#include "mmu.h"
#include "proc.h"
#include "trap.h"
#include "x86.h"

/* The signal Linux sends for each exception (arch/x86/kernel/traps.c). */
static const char *signal_for(uint32_t trapno)
{
    switch (trapno) {
    case T_DIVIDE: return "SIGFPE";
    case T_INVALID_OPCODE: return "SIGILL";
    case T_DEBUG:
    case T_BREAKPOINT: return "SIGTRAP";
    case 16: case 19: return "SIGFPE";
    case 17: return "SIGBUS";
    default: return "SIGSEGV";
    }
}

/* "read of 0x..., protection: read-only page". The error code says whether the page was present
 * and whether the access was a write; which protection failed comes from the page tables. An
 * instruction fetch is not flagged in the error code without NX, but then CR2 equals EIP. */
static void describe_page_fault(const struct trapframe *tf, uint32_t addr)
{
    const char *access = (tf->err & PF_WRITE) ? "write" : addr == tf->eip ? "instruction fetch"
                                                                            : "read";
    const char *reason;
    if ((tf->err & PF_PROTECTION) == 0) {
        reason = "not present";
    } else {
        uint32_t perm = vm_user_permissions(current->pgdir, addr);
        if ((perm & PTE_U) == 0)
            reason = "protection: supervisor page";
        else if ((tf->err & PF_WRITE) && (perm & PTE_W) == 0)
            reason = "protection: read-only page";
        else
            reason = "protection";
    }
    kprintf("%s of 0x%08x, %s", access, addr, reason);
}

/* Names the instruction behind a #GP(0) if it is one of the privileged ones ring 3 tries. */
static const char *privileged_instruction_at(uint32_t eip)
{
    if (!vm_user_range_ok(current->pgdir, eip, 2, 0))
        return 0;
    const uint8_t *op = (const uint8_t *)eip;
    switch (op[0]) {
    case 0xFA: return "cli";
    case 0xFB: return "sti";
    case 0xF4: return "hlt";
    case 0xE4: case 0xE5: case 0xEC: case 0xED: return "in";
    case 0xE6: case 0xE7: case 0xEE: case 0xEF: return "out";
    case 0x6C: case 0x6D: return "ins";
    case 0x6E: case 0x6F: return "outs";
    case 0x0F:
        if (op[1] == 0x20) return "mov from a control register";
        if (op[1] == 0x22) return "mov to a control register";
        if (op[1] == 0x01) return "a descriptor-table or system instruction";
        return 0;
    default: return 0;
    }
}

/* Error code of #GP, #NP, #SS, #TS (SDM 6.13): a selector or IDT vector, or 0. */
static void describe_selector_error(const struct trapframe *tf)
{
    uint32_t err = tf->err;
    kprintf("error code 0x%x", err);
    if (err == 0) {
        const char *insn = privileged_instruction_at(tf->eip);
        if (insn != 0)
            kprintf(", privileged instruction %s", insn);
        return;
    }
    if (err & 0x2)
        kprintf(", IDT vector 0x%x is not for ring 3", (err >> 3) & 0xFF);
    else
        kprintf(", %s selector 0x%x is not for ring 3", (err & 0x4) ? "LDT" : "GDT",
                err & 0xFFF8);
}

void user_fault(struct trapframe *tf)
{
    uint32_t trapno = tf->trapno;
    kprintf("[kernel] pid %d killed: %s at eip 0x%08x", current->pid, trap_name(trapno), tf->eip);
    if (trapno == T_PAGE_FAULT) {
        kprintf(": ");
        describe_page_fault(tf, rcr2());
    } else if (trapno >= T_INVALID_TSS && trapno <= T_GENERAL_PROTECTION) {
        kprintf(": ");
        describe_selector_error(tf);
    }
    kprintf(" (%s)\n", signal_for(trapno));
    proc_kill();
}

void kernel_fault(struct trapframe *tf)
{
    if (tf->trapno == T_PAGE_FAULT)
        panic("%s in the kernel at eip 0x%08x: address 0x%08x, error code 0x%x",
              trap_name(tf->trapno), tf->eip, rcr2(), tf->err);
    panic("%s (vector %u) in the kernel at eip 0x%08x, error code 0x%x", trap_name(tf->trapno),
          tf->trapno, tf->eip, tf->err);
}
