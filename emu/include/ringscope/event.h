/* Events: what happened at the line between user and kernel, as the core saw it.
 *
 * Every CPL change (and its cause), exception, software or hardware interrupt, system call entry
 * and return, CR0/CR3/CR4 change, port access and stop is one rs_event, stamped with the
 * instruction count and the address space (CR3) it happened in. The machine keeps the latest
 * events in a bounded ring buffer (event_log.h) and hands each one to its listeners as it happens
 * (machine.h). Nothing is recorded while nobody listens: the instrumentation that finds CPL and
 * CR changes and counts instructions is only installed while it is wanted.
 *
 * Instruction counts: icount is the number of guest instructions completed before the event.
 * An instruction that faults has not completed (a #PF at the 8th instruction has icount 7); INT n,
 * INT3, INTO, SYSENTER, IRET and MOV CR have (the syscall entry at the 8th: icount 8).
 *
 * An event is a plain value: it holds copies of everything the explanations need (the
 * instruction's bytes, the page walk), so it can be rendered later, when the machine has moved
 * on. Field names follow the JSON trace schema (trace_json.h). */
#ifndef RS_EVENT_H
#define RS_EVENT_H
#include <stdint.h>
#include "linux_i386.h"
#include "mmu.h"

typedef enum rs_event_kind {
    RS_EV_CPL,          /* CPL changed: from -> to, with its cause */
    RS_EV_EXCEPTION,    /* a CPU exception (vectors 0-31, incl. INT3/INTO's #BP/#OF) was raised */
    RS_EV_INTERRUPT,    /* INT n that is not a system call (any vector: INT 0x0d is a software
                         * interrupt through #GP's gate, never a #GP), or a hardware interrupt */
    RS_EV_SYSCALL,      /* a system call entered the kernel: INT 0x80 or SYSENTER from CPL 3 */
    RS_EV_SYSRET,       /* that call returned to user mode (matched by address space) */
    RS_EV_CR,           /* CR0, CR3 or CR4 took a new value */
    RS_EV_IO,           /* an IN/OUT/INS/OUTS port access, allowed or denied */
    RS_EV_HALT,         /* HLT stopped the machine */
    RS_EV_EXIT,         /* the guest wrote to isa-debug-exit */
    RS_EV_LIMIT,        /* an instruction or time limit stopped the run */
    RS_EV_STOP,         /* triple fault, unsupported feature, engine error; a front end ending the run (Ctrl-C) */
    RS_EV_BREAKPOINT,   /* the debugger stopped at a breakpoint or a watched page */
    RS_EV__COUNT
} rs_event_kind;

/* Why CPL changed. */
typedef enum rs_cpl_cause {
    RS_CAUSE_INT,        /* INT n / INT3 / INTO through a gate */
    RS_CAUSE_EXCEPTION,  /* a CPU exception through a gate */
    RS_CAUSE_HWINT,      /* a hardware interrupt through a gate */
    RS_CAUSE_IRET,
    RS_CAUSE_SYSENTER,
    RS_CAUSE_SYSEXIT,
    RS_CAUSE_FAR,        /* far JMP/CALL/RET (RETF), or anything else that loads CS */
} rs_cpl_cause;

#define RS_EVENT_INSN_MAX 16

typedef struct rs_event_cpl {
    int from, to;
    rs_cpl_cause cause;
    int vector;                 /* for INT/EXCEPTION/HWINT: the vector; else -1 */
    int gate_type, gate_dpl;    /* through a gate: 14/15 (32-bit int/trap), 6/7 (16-bit); else -1 */
    int stack_switched;
    uint16_t old_ss, new_ss;
    uint32_t old_esp, new_esp;
    uint16_t new_cs;
    uint32_t new_eip;
} rs_event_cpl;

/* Which rule raised a #GP/#NP/#SS/#TS, when the core knows it better than the error code says. */
typedef enum rs_fault_hint {
    RS_HINT_NONE,
    RS_HINT_IO_IOPL,         /* I/O at CPL > IOPL, no TSS bitmap or port beyond it */
    RS_HINT_IO_BITMAP,       /* I/O at CPL > IOPL, the TSS I/O bitmap bit is 1 */
    RS_HINT_GATE_DPL,        /* INT n through a gate with DPL < CPL */
    RS_HINT_DELIVERY,        /* raised while delivering an earlier event (chain[] says which) */
} rs_fault_hint;

typedef struct rs_event_exception {
    int vector;                  /* 0-31 */
    int has_error_code;
    uint32_t error_code;
    uint32_t cr2;                /* for #PF */
    uint32_t eflags;             /* at the faulting instruction (IOPL, IF, VM) */
    uint32_t cr0, cr4;
    rs_fault_hint hint;
    uint16_t io_port;            /* for the I/O hints */
    int io_size;
    int software;                /* raised by INT3 or INTO rather than by a fault */
    uint32_t frame_eip;          /* the EIP the CPU pushed: the instruction's own for a fault, the
                                  * next one's for a trap (INT3's #BP, INTO's #OF); the event's
                                  * eip is always the instruction's */
    int double_fault_of;         /* for #DF: the first event's vector; else -1 */
    int df_second;               /* for #DF: the fault raised while delivering that first one,
                                  * which became the #DF (SDM Table 6-5); else -1 */
    uint32_t df_second_error_code;
    uint8_t insn[RS_EVENT_INSN_MAX];   /* the instruction's bytes (insn_len 0: unreadable) */
    int insn_len;
    int code32;                  /* CS.D: decode as 32-bit code */
    rs_walk walk;                /* for #PF: the walk of cr2 with the access the error code says */
    /* For #GP/#NP/#SS/#TS whose error code names a GDT/LDT selector: that descriptor as the
     * table held it at the fault, so the explanation can say which check failed (SDM 5.x). */
    int desc_state;              /* 0 not read, 1 read, 2 index beyond the table's limit */
    uint32_t desc_lo, desc_hi;
    uint32_t table_limit;        /* of the GDT or LDT the selector indexes */
} rs_event_exception;

typedef struct rs_event_interrupt {
    int vector;
    int hardware;
} rs_event_interrupt;

typedef struct rs_event_syscall {
    uint32_t nr;                 /* EAX */
    uint32_t args[6];            /* EBX ECX EDX ESI EDI EBP */
    int via_sysenter;
    char strings[RS_LINUX_STRINGS_MAX];  /* the string arguments as read at entry (linux_i386.h) */
} rs_event_syscall;

typedef struct rs_event_sysret {
    uint32_t nr;
    int32_t ret;                 /* EAX at the return; -4095..-1 is -errno (Linux convention) */
    uint64_t entry_icount;
} rs_event_sysret;

typedef struct rs_event_cr {
    int reg;                     /* 0, 3 or 4 */
    uint32_t old_value, new_value;
} rs_event_cr;

typedef struct rs_event_io {
    uint16_t port;
    int size;                    /* 1, 2 or 4 */
    int write;
    uint32_t value;              /* written, or read (0 when denied) */
    int denied;
} rs_event_io;

typedef struct rs_event_stop {
    int reason;                  /* rs_stop_reason (machine.h) */
    int exit_status;             /* for RS_EV_EXIT */
    char detail[160];
} rs_event_stop;

typedef struct rs_event_break {
    uint32_t address;            /* the breakpoint's linear address, or the watched access */
    int watch;                   /* 1: a watched page was accessed */
    int write;
} rs_event_break;

typedef struct rs_event {
    rs_event_kind kind;
    uint64_t seq;                /* 0, 1, 2 ... in the order events happened */
    uint64_t icount;             /* instructions completed before it (see above) */
    uint32_t cr3;                /* the address space it happened in */
    int cpl;                     /* CPL when it happened (for RS_EV_CPL: before) */
    uint16_t cs;
    uint32_t eip;                /* the instruction that caused it (RS_EV_CPL: the one after) */
    union {
        rs_event_cpl cpl_change;
        rs_event_exception exc;
        rs_event_interrupt intr;
        rs_event_syscall sys;
        rs_event_sysret ret;
        rs_event_cr cr;
        rs_event_io io;
        rs_event_stop stop;
        rs_event_break brk;
    } u;
} rs_event;

/* "cpl", "exception", "interrupt", "syscall", "sysret", "cr", "io", "halt", "exit", "limit",
 * "stop", "breakpoint" (the JSON "kind" and the debugger's names); NULL for a bad kind. */
const char *rs_event_kind_name(rs_event_kind k);
/* The kind named NAME, or -1. Also accepts "cr3", "fault" (both map to their kind). */
int rs_event_kind_from_name(const char *name);
/* "int", "exception", "hwint", "iret", "sysenter", "sysexit", "far". */
const char *rs_cpl_cause_name(rs_cpl_cause c);

#endif
