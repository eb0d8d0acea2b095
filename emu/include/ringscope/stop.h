/* Why a run stopped (machine.h's rs_machine_run fills an rs_stop with one), its name, and
 * whether the machine can run again after it. A leaf header, for the formatters and front ends
 * that only print or test a reason. */
#ifndef RS_STOP_H
#define RS_STOP_H

typedef enum rs_stop_reason {
    RS_STOP_EXIT,          /* the guest wrote to isa-debug-exit; exit_status = (value<<1)|1 */
    RS_STOP_HALT,          /* HLT at CPL 0 with IF=0: nothing can wake the CPU */
    RS_STOP_HALT_IF,       /* HLT with IF=1: no interrupt source exists yet, so it never wakes */
    RS_STOP_TRIPLE_FAULT,  /* a fault while delivering #DF (QEMU -no-reboot would exit) */
    RS_STOP_INSN_LIMIT,    /* max_insns executed */
    RS_STOP_TIMEOUT,       /* the wall-clock limit passed */
    RS_STOP_UNSUPPORTED,   /* the guest used something not modelled (task gate, VM86...) */
    RS_STOP_ENGINE_ERROR,  /* Unicorn stopped with an error we cannot map to the architecture */
    RS_STOP_EVENT,         /* an event of a kind given to rs_machine_stop_on (or a listener) */
    RS_STOP_BREAKPOINT,    /* a breakpoint or watched page (debugger.h) */
    RS_STOP_STEP,          /* the requested number of instructions ran (rs_machine_step) */
    RS_STOP_INTERRUPTED,   /* rs_machine_interrupt was called (Ctrl-C) */
} rs_stop_reason;

/* "exit", "halted", "triple-fault", ... as the trace and the texts print them; "unknown" for a value
 * outside the enum. Static strings. */
const char *rs_stop_reason_name(rs_stop_reason r);

/* 1 when the machine has finished and rs_machine_run refuses to go on (exit, halt, triple fault,
 * unsupported, engine error); 0 for the stops a run resumes from (limits, timeouts, events,
 * breakpoints, steps, interrupts). */
int rs_stop_is_final(rs_stop_reason r);

#endif
