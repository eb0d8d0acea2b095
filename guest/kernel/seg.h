/* The GDT and the TSS: flat segments for ring 0 and ring 3, and the one field of the TSS the
 * CPU needs without task switching - the ring-0 stack to use when a trap comes from ring 3. */
#ifndef KERNEL_SEG_H
#define KERNEL_SEG_H
#include <stdint.h>

void seg_init(void);

/* Makes traps from ring 3 land on the stack whose top is ESP0. */
void seg_set_kernel_stack(uint32_t esp0);

#endif
