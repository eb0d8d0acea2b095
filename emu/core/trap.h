/* Interrupt and exception delivery, as the CPU does it and Unicorn does not (Intel SDM Vol. 3,
 * 6.12 "Exception and Interrupt Handling", 6.12.1 "Exception- or Interrupt-Handler Procedures",
 * 6.13 "Error Code", 6.15 "Exception and Interrupt Reference" (Interrupt 8), 5.8.x privilege
 * checks, and 20.1.4 for real-address mode).
 *
 * rs_trap_deliver works on a loaded rs_cpuctx blob: it reads the IDT, GDT/LDT and TSS through
 * the page tables, pushes the frame, and edits CS, SS, ESP, EIP, EFLAGS and CPL in the blob. The
 * caller stores the blob when the outcome is RS_TRAP_DELIVERED. Faults during delivery are
 * handled here: delivered serially, or turned into #DF (Table 6-5), or into a triple fault. */
#ifndef RS_TRAP_H
#define RS_TRAP_H
#include <stdint.h>
#include "cpuctx.h"
#include "physmem.h"

typedef enum rs_trap_source {
    RS_SRC_EXCEPTION,   /* raised by the CPU (fault, trap or abort): EXT=1 in nested error codes */
    RS_SRC_SOFTWARE,    /* INT n, INT3, INTO: gate DPL checked against CPL */
    RS_SRC_EXTERNAL,    /* a hardware interrupt (no DPL check, EXT=1) */
} rs_trap_source;

typedef struct rs_trap_request {
    uint8_t vector;
    rs_trap_source source;
    int has_error_code;
    uint32_t error_code;
    uint32_t return_eip;  /* the EIP the frame saves: the faulting instruction, or the next one */
    uint32_t insn_eip;    /* the instruction that raised it: a fault during delivery saves this */
} rs_trap_request;

typedef enum rs_trap_outcome {
    RS_TRAP_DELIVERED,
    RS_TRAP_TRIPLE_FAULT,   /* a fault while delivering #DF: the CPU shuts down */
    RS_TRAP_UNSUPPORTED,    /* task gate, virtual-8086 mode: not modelled; state unchanged */
} rs_trap_outcome;

#define RS_TRAP_MAX_CHAIN 4

typedef struct rs_trap_report {
    rs_trap_outcome outcome;
    /* Every event tried, in order: [0] is the request, later ones faults during delivery. */
    int n_chain;
    struct {
        uint8_t vector;
        int has_error_code;
        uint32_t error_code;
        uint32_t cr2;       /* for #PF */
        int became_df;      /* for #DF: the fault that became it (Table 6-5), else -1 ... */
        uint32_t became_df_error_code;   /* ... and its error code */
    } chain[RS_TRAP_MAX_CHAIN];
    /* For the event delivered last (chain[n_chain-1]) when outcome is RS_TRAP_DELIVERED: */
    int gate_type;          /* 6/7: 16-bit interrupt/trap gate, 14/15: 32-bit; -1 in real mode */
    int gate_dpl;
    int from_cpl, to_cpl;
    int stack_switched;
    uint16_t old_ss, new_ss;
    uint32_t old_esp, new_esp;
    uint16_t handler_cs;
    uint32_t handler_eip;
    const char *why;        /* for TRIPLE_FAULT / UNSUPPORTED: a static explanation */
} rs_trap_report;

/* Delivers REQ given the current full EFLAGS. Never fails in the host sense. */
rs_trap_outcome rs_trap_deliver(rs_cpuctx *cpu, const rs_physmem *pm, uint32_t eflags,
                                const rs_trap_request *req, rs_trap_report *rep);

#endif
