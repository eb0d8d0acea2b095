/* A snapshot of the registers a front end shows, taken between runs. Plain values: the debugger
 * keeps one from before and one from after each step so front ends can highlight what changed. */
#ifndef RS_REGS_H
#define RS_REGS_H
#include <stdint.h>

enum { RS_REG_EAX, RS_REG_ECX, RS_REG_EDX, RS_REG_EBX, RS_REG_ESP, RS_REG_EBP, RS_REG_ESI, RS_REG_EDI };
enum { RS_SREG_ES, RS_SREG_CS, RS_SREG_SS, RS_SREG_DS, RS_SREG_FS, RS_SREG_GS };

typedef struct rs_sreg {
    uint16_t selector;
    uint32_t base, limit;
    int dpl;               /* of the cached descriptor */
} rs_sreg;

typedef struct rs_regs {
    uint32_t gpr[8];       /* EAX ECX EDX EBX ESP EBP ESI EDI */
    uint32_t eip, eflags;
    rs_sreg seg[6];        /* ES CS SS DS FS GS */
    uint32_t cr0, cr2, cr3, cr4;
    int cpl;
    uint32_t gdtr_base, gdtr_limit, idtr_base, idtr_limit;
    uint16_t tr;
    uint32_t tss_base;
    uint32_t tss_esp0;     /* read from the TSS through the page tables; 0 if unreadable */
    uint16_t tss_ss0;
    uint32_t tss_limit;
    uint16_t ldtr;         /* LDTR's selector and its cached base and limit (0: no LDT) */
    uint32_t ldtr_base, ldtr_limit;
} rs_regs;

#endif
