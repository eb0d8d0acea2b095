/* The clock: the 8254's channel 0 interrupting on IRQ0 TICK_HZ times a second. Only a kernel
 * booted with `preempt` starts it; without it there is no clock and `ticks` stays 0. */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H
#include <stdint.h>

#define TICK_HZ 100          /* Linux's USER_HZ: times() counts in these */

/* Ticks since the clock started. Changed only by the IRQ0 handler (with IF=0 in the kernel). */
extern volatile uint32_t ticks;

/* Whether timer_init ran: the clock system calls need it. */
extern int timer_running;

/* Whether an 8254 answers at 0x40-0x43: its read-back status shows what was programmed. */
int timer_present(void);

/* Programs channel 0 as a rate generator at TICK_HZ (IRQ0 stays masked until pic_unmask). */
void timer_init(void);

/* IRQ0: counts the tick, charges it to the interrupted process, wakes sleepers whose time has
 * come, acknowledges the interrupt. FROM_USER: the tick interrupted ring 3. */
void timer_interrupt(int from_user);

#endif
