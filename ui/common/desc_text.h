/* The descriptor tables as people read them: `info idt|gdt|ldt|tss` in the terminal debugger and
 * `monitor info idt|gdt|ldt|tss` in gdb print the same text (Intel SDM Vol. 3, 3.4.5 segment
 * descriptors, 3.5 system descriptors, 6.10-6.12 the IDT and its gates, 7.2.1 the TSS, Vol. 1
 * 19.5.2 the I/O permission bitmap).
 *
 *   IDT: each gate's type, DPL, selector:offset, present, and what `int n` at CPL 3 would do
 *        (enter ring 0 on the TSS's stack, #GP(n*8+2) for a gate DPL below 3, #NP for a gate
 *        that is not present ...); runs of empty gates are one line.
 *   GDT/LDT: each descriptor decoded: code/data with base, limit, DPL, rights; TSS, LDT, gates.
 *   TSS: the ring stacks SS0:ESP0 .. SS2:ESP2, CR3, and the I/O bitmap as port ranges.
 *
 * Tables are read with supervisor reads through the current page tables (no accessed bits set).
 * The machine is borrowed and not changed; output goes to OUT. Cannot fail (what cannot be read
 * is said so). */
#ifndef RS_DESC_TEXT_H
#define RS_DESC_TEXT_H
#include <stdio.h>
#include "machine.h"

void desc_text_idt(FILE *out, rs_machine *m);
void desc_text_gdt(FILE *out, rs_machine *m);
void desc_text_ldt(FILE *out, rs_machine *m);
void desc_text_tss(FILE *out, rs_machine *m);

/* "idt", "gdt", "ldt", "tss": the function for WHAT, or NULL. */
typedef void (*desc_text_fn)(FILE *out, rs_machine *m);
desc_text_fn desc_text_named(const char *what);

#endif
