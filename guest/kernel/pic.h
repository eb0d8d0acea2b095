/* The PC's two 8259A interrupt controllers, remapped so that hardware interrupts do not land on
 * the CPU's exception vectors: IRQ0-7 -> vectors 0x20-0x27 (master), IRQ8-15 -> 0x28-0x2F
 * (slave, cascaded on the master's IRQ2). */
#ifndef KERNEL_PIC_H
#define KERNEL_PIC_H
#include <stdint.h>

#define T_IRQ0 0x20          /* vector of IRQ0 */
#define IRQ_TIMER 0          /* the 8254's channel 0 */
#define IRQ_CASCADE 2
#define IRQ_SPURIOUS_MASTER 7
#define IRQ_SPURIOUS_SLAVE 15

/* Initialises both chips (ICW1-ICW4) with every line masked. */
void pic_init(void);

/* Whether an 8259A answers at 0x21: the mask register reads back what was written. */
int pic_present(void);

/* Clears IRQ's bit in its chip's mask (and the cascade's, for a slave line). */
void pic_unmask(int irq);

/* The end-of-interrupt for IRQ (non-specific; to both chips for a slave line). */
void pic_eoi(int irq);

/* Whether IRQ is in service (its chip's ISR bit): false for a spurious IRQ7/IRQ15. */
int pic_in_service(int irq);

#endif
