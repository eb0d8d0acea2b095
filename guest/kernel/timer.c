/* The 8254 programmable interval timer, channel 0 (Intel 8254 datasheet, "Mode 2: Rate
 * Generator"; OSDev wiki "Programmable Interval Timer"). Its input clock runs at 1.193182 MHz;
 * dividing by 11932 gives 100.0 interrupts a second. */
#include "timer.h"
#include "pic.h"
#include "proc.h"
#include "x86.h"

#define PIT_CHANNEL0 0x40
#define PIT_COMMAND 0x43
#define PIT_INPUT_HZ 1193182u
#define PIT_CH0_LOHI_MODE2 0x34    /* channel 0, low byte then high byte, mode 2, binary */
#define PIT_READ_BACK_STATUS0 0xE2 /* read-back command: status of channel 0 only */

volatile uint32_t ticks;
int timer_running;

int timer_present(void)
{
    outb(PIT_COMMAND, PIT_CH0_LOHI_MODE2);
    outb(PIT_COMMAND, PIT_READ_BACK_STATUS0);
    /* Status: OUT, NULL COUNT, then access mode, mode and BCD as programmed. */
    return (inb(PIT_CHANNEL0) & 0x3F) == PIT_CH0_LOHI_MODE2;
}

void timer_init(void)
{
    uint32_t divisor = (PIT_INPUT_HZ + TICK_HZ / 2) / TICK_HZ;
    outb(PIT_COMMAND, PIT_CH0_LOHI_MODE2);
    outb(PIT_CHANNEL0, (uint8_t)(divisor & 0xFF));
    outb(PIT_CHANNEL0, (uint8_t)(divisor >> 8));
    timer_running = 1;
}

void timer_interrupt(int from_user)
{
    ticks++;
    if (current != 0) {
        if (from_user)
            current->utime++;
        else
            current->stime++;
    }
    proc_wake_sleepers(ticks);
    pic_eoi(IRQ_TIMER);
}
