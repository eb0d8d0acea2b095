/* The 8259A pair, the way the OSDev wiki's "8259 PIC" page and the Intel 8259A datasheet describe
 * it: an initialisation sequence of four command words per chip, then a mask (OCW1), end of
 * interrupt commands (OCW2) and register reads (OCW3). */
#include "pic.h"
#include "x86.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xA0
#define PIC2_DATA 0xA1

#define ICW1_INIT 0x10       /* ICW1, edge-triggered, cascade mode ... */
#define ICW1_ICW4 0x01       /* ... and an ICW4 follows */
#define ICW4_8086 0x01       /* 8086 mode: the chip supplies a vector, not a CALL instruction */
#define OCW2_EOI 0x20        /* non-specific end of interrupt */
#define OCW3_READ_ISR 0x0B   /* the next read of the command port returns ISR */
#define OCW3_READ_IRR 0x0A

void pic_init(void)
{
    outb(PIC1_CMD, ICW1_INIT | ICW1_ICW4);
    outb(PIC2_CMD, ICW1_INIT | ICW1_ICW4);
    outb(PIC1_DATA, T_IRQ0);               /* ICW2: vector base */
    outb(PIC2_DATA, T_IRQ0 + 8);
    outb(PIC1_DATA, 1 << IRQ_CASCADE);     /* ICW3: the master has a slave on IR2 ... */
    outb(PIC2_DATA, IRQ_CASCADE);          /* ... and the slave knows its cascade identity */
    outb(PIC1_DATA, ICW4_8086);
    outb(PIC2_DATA, ICW4_8086);
    outb(PIC1_DATA, 0xFF);                 /* OCW1: everything masked */
    outb(PIC2_DATA, 0xFF);
}

int pic_present(void)
{
    outb(PIC1_DATA, 0xFB);   /* a value a bus with nothing on it (all ones) cannot give back */
    int present = inb(PIC1_DATA) == 0xFB;
    outb(PIC1_DATA, 0xFF);
    return present;
}

void pic_unmask(int irq)
{
    if (irq >= 8) {
        outb(PIC2_DATA, inb(PIC2_DATA) & ~(1 << (irq - 8)));
        irq = IRQ_CASCADE;
    }
    outb(PIC1_DATA, inb(PIC1_DATA) & ~(1 << irq));
}

void pic_eoi(int irq)
{
    if (irq >= 8)
        outb(PIC2_CMD, OCW2_EOI);
    outb(PIC1_CMD, OCW2_EOI);
}

int pic_in_service(int irq)
{
    uint16_t cmd = irq >= 8 ? PIC2_CMD : PIC1_CMD;
    outb(cmd, OCW3_READ_ISR);
    int in_service = (inb(cmd) >> (irq & 7)) & 1;
    outb(cmd, OCW3_READ_IRR);
    return in_service;
}
