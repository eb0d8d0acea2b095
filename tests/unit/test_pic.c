/* The 8259A pair (emu/devices/dev_pic.c): every initialisation and operation command through the ports,
 * edge-triggered requests, priorities, the cascade, the interrupt acknowledge and its spurious
 * vectors, with the exact register values the 8259A datasheet and QEMU's i8259 give. */
#include "timer_devices.h"
#include "rs_test.h"

static rs_pic pic;
static rs_io_device master, slave;

static rs_io_device *dev_of(uint16_t port) { return port >= 0xa0 ? &slave : &master; }

static void outb(uint16_t port, uint8_t v)
{
    rs_io_device *d = dev_of(port);
    d->write(d->opaque, (uint16_t)(port - d->base), 1, v);
}

static uint8_t inb(uint16_t port)
{
    rs_io_device *d = dev_of(port);
    return (uint8_t)d->read(d->opaque, (uint16_t)(port - d->base), 1);
}

static uint8_t read_irr(uint16_t cmd) { outb(cmd, 0x0a); return inb(cmd); }
static uint8_t read_isr(uint16_t cmd) { outb(cmd, 0x0b); return inb(cmd); }

/* The remap every PC kernel does (OSDev "8259 PIC"): IRQ0-7 at 0x20, IRQ8-15 at 0x28. */
static void remap(uint8_t icw4)
{
    rs_pic_init(&pic, &master, &slave);
    outb(0x20, 0x11);   /* ICW1: init, ICW4 follows, cascade mode */
    outb(0xa0, 0x11);
    outb(0x21, 0x20);   /* ICW2: vector base */
    outb(0xa1, 0x28);
    outb(0x21, 0x04);   /* ICW3: a slave on IR2 / slave ID 2 */
    outb(0xa1, 0x02);
    outb(0x21, icw4);   /* ICW4 */
    outb(0xa1, 0x01);
}

static void pulse(int irq)
{
    rs_pic_set_irq(&pic, irq, 0);
    rs_pic_set_irq(&pic, irq, 1);
}

static void test_reset_state(void)
{
    rs_pic_init(&pic, &master, &slave);
    CHECK_EQ(master.base, 0x20);
    CHECK_EQ(master.count, 2);
    CHECK_EQ(slave.base, 0xa0);
    CHECK_EQ(slave.count, 2);
    for (int c = 0; c < 2; c++) {
        CHECK_EQ(pic.chip[c].irr, 0);
        CHECK_EQ(pic.chip[c].isr, 0);
        CHECK_EQ(pic.chip[c].imr, 0);
        CHECK_EQ(pic.chip[c].vector_base, 0);
        CHECK_EQ(pic.chip[c].lowest_priority, 7);
        CHECK_EQ(pic.chip[c].icw_step, 0);
    }
    CHECK_EQ(inb(0x20), 0);      /* IRR selected after reset */
    CHECK_EQ(inb(0x21), 0);
    CHECK_EQ(rs_pic_pending(&pic), -1);
    CHECK_EQ(rs_pic_acknowledge(&pic), -1);
}

static void test_icw_sequences(void)
{
    remap(0x01);
    CHECK_EQ(pic.chip[0].vector_base, 0x20);
    CHECK_EQ(pic.chip[1].vector_base, 0x28);
    CHECK_EQ(pic.chip[0].icw3, 0x04);
    CHECK_EQ(pic.chip[1].icw3, 0x02);
    CHECK_EQ(pic.chip[0].icw_step, 0);
    CHECK_EQ(pic.chip[0].auto_eoi, 0);
    outb(0x21, 0xfe);            /* OCW1 */
    outb(0xa1, 0xff);
    CHECK_EQ(inb(0x21), 0xfe);
    CHECK_EQ(inb(0xa1), 0xff);

    /* ICW2's low three bits are the IRQ number's in x86 mode: ignored. */
    outb(0x20, 0x11);
    outb(0x21, 0x25);
    CHECK_EQ(pic.chip[0].vector_base, 0x20);
    CHECK_EQ(pic.chip[0].icw_step, 3);
    outb(0x21, 0x04);
    CHECK_EQ(pic.chip[0].icw_step, 4);
    outb(0x21, 0x01);
    CHECK_EQ(pic.chip[0].icw_step, 0);

    /* No ICW4 (IC4=0): ICW2, ICW3, then the data port is the mask again. */
    outb(0x20, 0x10);
    outb(0x21, 0x40);
    outb(0x21, 0x04);
    outb(0x21, 0x5a);
    CHECK_EQ(pic.chip[0].vector_base, 0x40);
    CHECK_EQ(pic.chip[0].imr, 0x5a);

    /* Single mode (SNGL=1): no ICW3; with IC4, ICW4 comes right after ICW2. */
    outb(0x20, 0x13);
    outb(0x21, 0x50);
    CHECK_EQ(pic.chip[0].icw_step, 4);
    outb(0x21, 0x03);
    CHECK_EQ(pic.chip[0].auto_eoi, 1);
    CHECK_EQ(pic.chip[0].icw3, 0);
    outb(0x21, 0x77);
    CHECK_EQ(inb(0x21), 0x77);
    outb(0x20, 0x12);            /* single, no ICW4 */
    outb(0x21, 0x60);
    CHECK_EQ(pic.chip[0].icw_step, 0);
    outb(0x21, 0x33);
    CHECK_EQ(inb(0x21), 0x33);
}

/* ICW1 clears the mask, ISR, IRR, special mask, rotation, the read selection and edge memory. */
static void test_icw1_resets(void)
{
    remap(0x01);
    outb(0x21, 0xf0);
    pulse(1);
    CHECK_EQ(rs_pic_acknowledge(&pic), 0x21);
    pulse(2);
    outb(0x20, 0xc3);            /* set priority: IRQ3 lowest */
    outb(0x20, 0x68);            /* special mask mode on */
    outb(0x20, 0x0b);            /* read ISR */
    outb(0x20, 0x11);
    CHECK_EQ(pic.chip[0].imr, 0);
    CHECK_EQ(pic.chip[0].isr, 0);
    CHECK_EQ(pic.chip[0].irr, 0);
    CHECK_EQ(pic.chip[0].lowest_priority, 7);
    CHECK_EQ(pic.chip[0].special_mask, 0);
    CHECK_EQ(pic.chip[0].read_isr, 0);
    CHECK_EQ(pic.chip[0].level_lines, 0);
    outb(0x21, 0x20);
    outb(0x21, 0x04);
    outb(0x21, 0x01);
    /* Line 2 was still high: after the reset its next "high" counts as an edge again (QEMU). */
    rs_pic_set_irq(&pic, 2, 1);
    CHECK_EQ(read_irr(0x20), 0x04);
}

static void test_edges_and_eoi(void)
{
    remap(0x01);
    rs_pic_set_irq(&pic, 0, 1);
    CHECK_EQ(read_irr(0x20), 0x01);
    CHECK_EQ(rs_pic_pending(&pic), 0x20);
    CHECK_EQ(rs_pic_pending(&pic), 0x20);    /* pending changes nothing */
    CHECK_EQ(rs_pic_acknowledge(&pic), 0x20);
    CHECK_EQ(read_irr(0x20), 0x00);
    CHECK_EQ(read_isr(0x20), 0x01);
    rs_pic_set_irq(&pic, 0, 1);              /* still high: no new edge */
    CHECK_EQ(read_irr(0x20), 0x00);
    rs_pic_set_irq(&pic, 0, 0);              /* a request needs low -> high */
    rs_pic_set_irq(&pic, 0, 1);
    CHECK_EQ(read_irr(0x20), 0x01);
    CHECK_EQ(rs_pic_pending(&pic), -1);      /* the same level is in service */
    outb(0x20, 0x20);                        /* non-specific EOI */
    CHECK_EQ(read_isr(0x20), 0x00);
    CHECK_EQ(rs_pic_pending(&pic), 0x20);
    /* Edge-triggered: the request stays in IRR when the line drops before the acknowledge (QEMU;
     * the 8259A datasheet wants the line held high until INTA). */
    rs_pic_set_irq(&pic, 0, 0);
    CHECK_EQ(read_irr(0x20), 0x01);
    CHECK_EQ(rs_pic_acknowledge(&pic), 0x20);
    outb(0x20, 0x60);                        /* specific EOI for IRQ0 */
    CHECK_EQ(read_isr(0x20), 0x00);
    rs_pic_set_irq(&pic, 16, 1);             /* no such line: ignored */
    rs_pic_set_irq(&pic, -1, 1);
    CHECK_EQ(read_irr(0x20), 0x00);
    CHECK_EQ(read_irr(0xa0), 0x00);
}

static void test_masks(void)
{
    remap(0x01);
    outb(0x21, 0x01);
    pulse(0);
    CHECK_EQ(read_irr(0x20), 0x01);          /* a masked request is still latched */
    CHECK_EQ(rs_pic_pending(&pic), -1);
    outb(0x21, 0x00);
    CHECK_EQ(rs_pic_pending(&pic), 0x20);
    outb(0x21, 0x01);                        /* masked again before the acknowledge */
    CHECK_EQ(rs_pic_pending(&pic), -1);
}

static void test_fully_nested_priority(void)
{
    remap(0x01);
    pulse(3);
    pulse(1);
    CHECK_EQ(read_irr(0x20), 0x0a);
    CHECK_EQ(rs_pic_pending(&pic), 0x21);    /* IRQ1 before IRQ3 */
    CHECK_EQ(rs_pic_acknowledge(&pic), 0x21);
    CHECK_EQ(rs_pic_pending(&pic), -1);      /* IRQ3 waits for IRQ1's EOI */
    pulse(0);
    CHECK_EQ(rs_pic_pending(&pic), 0x20);    /* a higher level nests */
    CHECK_EQ(rs_pic_acknowledge(&pic), 0x20);
    CHECK_EQ(read_isr(0x20), 0x03);
    outb(0x20, 0x20);                        /* non-specific EOI clears the highest: IRQ0 */
    CHECK_EQ(read_isr(0x20), 0x02);
    CHECK_EQ(rs_pic_pending(&pic), -1);
    outb(0x20, 0x61);                        /* specific EOI for IRQ1 */
    CHECK_EQ(read_isr(0x20), 0x00);
    CHECK_EQ(rs_pic_pending(&pic), 0x23);
    outb(0x20, 0x63);                        /* specific EOI of a level not in service: no-op */
    CHECK_EQ(read_isr(0x20), 0x00);
}

static void test_ocw3_reads_and_poll(void)
{
    remap(0x01);
    outb(0x21, 0xa5);
    pulse(4);
    CHECK_EQ(inb(0x20), 0x10);               /* IRR by default */
    outb(0x20, 0x0b);
    CHECK_EQ(inb(0x20), 0x00);               /* ISR */
    outb(0x20, 0x08);                        /* OCW3 with RR=0: the selection stays */
    CHECK_EQ(inb(0x20), 0x00);
    CHECK_EQ(inb(0x21), 0xa5);               /* the data port always reads the mask */
    outb(0x20, 0x0a);
    CHECK_EQ(inb(0x20), 0x10);
    outb(0x21, 0x01);
    pulse(6);
    outb(0x20, 0x0c);                        /* poll */
    CHECK_EQ(pic.chip[0].poll, 1);
    CHECK_EQ(inb(0x20), 0x84);               /* I=1, level 4 (higher than 6), acknowledged */
    CHECK_EQ(read_isr(0x20), 0x10);
    CHECK_EQ(read_irr(0x20), 0x40);
    outb(0x20, 0x0c);
    CHECK_EQ(inb(0x21), 0x00);               /* IRQ6 is blocked by IRQ4 in service: nothing */
    CHECK_EQ(pic.chip[0].poll, 0);
    CHECK_EQ(inb(0x21), 0x01);               /* the mask again */
    outb(0x20, 0x20);
    outb(0x20, 0x0c);
    CHECK_EQ(inb(0x21), 0x86);               /* either port answers a poll */
    outb(0x20, 0x20);
    outb(0x20, 0x0c);
    CHECK_EQ(inb(0x20), 0x00);               /* nothing requested */
}

static void test_cascade(void)
{
    remap(0x01);
    pulse(10);
    CHECK_EQ(read_irr(0xa0), 0x04);
    CHECK_EQ(read_irr(0x20), 0x04);          /* the slave's INT is the master's IR2 */
    CHECK_EQ(rs_pic_pending(&pic), 0x2a);
    CHECK_EQ(rs_pic_acknowledge(&pic), 0x2a);
    CHECK_EQ(read_isr(0xa0), 0x04);
    CHECK_EQ(read_isr(0x20), 0x04);
    CHECK_EQ(read_irr(0x20), 0x00);
    pulse(9);                                /* a higher slave level: blocked at the master */
    CHECK_EQ(read_irr(0x20), 0x04);
    CHECK_EQ(rs_pic_pending(&pic), -1);
    pulse(1);                                /* a master level above IR2 nests */
    CHECK_EQ(rs_pic_pending(&pic), 0x21);
    CHECK_EQ(rs_pic_acknowledge(&pic), 0x21);
    outb(0x20, 0x20);                        /* EOI IRQ1 */
    outb(0x20, 0x20);                        /* EOI the cascade */
    CHECK_EQ(rs_pic_pending(&pic), 0x29);
    CHECK_EQ(rs_pic_acknowledge(&pic), 0x29);
    CHECK_EQ(read_isr(0xa0), 0x06);
    outb(0xa0, 0x20);                        /* slave EOI clears IRQ9 (its highest) */
    CHECK_EQ(read_isr(0xa0), 0x04);
    outb(0xa0, 0x62);
    outb(0x20, 0x62);
    CHECK_EQ(read_isr(0xa0), 0x00);
    CHECK_EQ(read_isr(0x20), 0x00);
    /* Masking the cascade input on the master hides every slave request. */
    outb(0x21, 0x04);
    pulse(8);
    CHECK_EQ(rs_pic_pending(&pic), -1);
    outb(0x21, 0x00);
    CHECK_EQ(rs_pic_pending(&pic), 0x28);
}

/* Special fully nested mode (ICW4 SFNM on the master): a higher slave request gets through while a
 * lower one of the same slave is in service. */
static void test_special_fully_nested(void)
{
    remap(0x11);
    CHECK_EQ(pic.chip[0].sfnm, 1);
    pulse(10);
    CHECK_EQ(rs_pic_acknowledge(&pic), 0x2a);
    pulse(9);
    CHECK_EQ(read_irr(0x20), 0x04);
    CHECK_EQ(rs_pic_pending(&pic), 0x29);
    pulse(11);                               /* lower than 10 on the slave: still blocked there */
    CHECK_EQ(rs_pic_acknowledge(&pic), 0x29);
    CHECK_EQ(rs_pic_pending(&pic), -1);
}

static void test_spurious(void)
{
    /* IRQ7: INTR went high, the request was masked before the acknowledge. No ISR bit. */
    remap(0x01);
    pulse(0);
    outb(0x21, 0x01);
    CHECK_EQ(rs_pic_pending(&pic), -1);
    CHECK_EQ(rs_pic_acknowledge(&pic), 0x27);
    CHECK_EQ(read_isr(0x20), 0x00);
    CHECK_EQ(rs_pic_acknowledge(&pic), -1);  /* nothing since */

    /* IRQ15: the master latched IR2, the slave's request went away: the slave answers IR7, the
     * master's ISR bit 2 is set (a handler must EOI the master only). */
    remap(0x01);
    pulse(10);
    outb(0xa1, 0x04);
    CHECK_EQ(read_irr(0x20), 0x04);
    CHECK_EQ(rs_pic_pending(&pic), 0x2f);
    CHECK_EQ(rs_pic_acknowledge(&pic), 0x2f);
    CHECK_EQ(read_isr(0x20), 0x04);
    CHECK_EQ(read_isr(0xa0), 0x00);
    CHECK_EQ(read_irr(0xa0), 0x04);          /* still latched, masked */
}

static void test_auto_eoi_and_rotation(void)
{
    remap(0x03);                             /* ICW4: 8086 mode, automatic EOI */
    CHECK_EQ(pic.chip[0].auto_eoi, 1);
    pulse(1);
    CHECK_EQ(rs_pic_acknowledge(&pic), 0x21);
    CHECK_EQ(read_isr(0x20), 0x00);
    CHECK_EQ(pic.chip[0].lowest_priority, 7);
    outb(0x20, 0x80);                        /* rotate in automatic EOI mode: set */
    CHECK_EQ(pic.chip[0].rotate_on_aeoi, 1);
    pulse(1);
    CHECK_EQ(rs_pic_acknowledge(&pic), 0x21);
    CHECK_EQ(pic.chip[0].lowest_priority, 1);    /* the level served becomes the lowest */
    pulse(0);
    pulse(3);
    CHECK_EQ(rs_pic_pending(&pic), 0x23);        /* 3 now outranks 0 */
    outb(0x20, 0x00);                        /* rotate in automatic EOI mode: clear */
    CHECK_EQ(pic.chip[0].rotate_on_aeoi, 0);

    /* Rotate on non-specific EOI (OCW2 0xA0). */
    remap(0x01);
    pulse(0);
    CHECK_EQ(rs_pic_acknowledge(&pic), 0x20);
    outb(0x20, 0xa0);
    CHECK_EQ(read_isr(0x20), 0x00);
    CHECK_EQ(pic.chip[0].lowest_priority, 0);
    pulse(0);
    pulse(1);
    CHECK_EQ(rs_pic_pending(&pic), 0x21);

    /* Set priority (OCW2 0xC0 | L): L is the lowest, L+1 the highest. */
    outb(0x20, 0xc4);
    CHECK_EQ(pic.chip[0].lowest_priority, 4);
    pulse(3);
    pulse(6);
    CHECK_EQ(rs_pic_pending(&pic), 0x26);
    CHECK_EQ(rs_pic_acknowledge(&pic), 0x26);
    CHECK_EQ(rs_pic_pending(&pic), -1);          /* 0, 1, 3 rank below 6 now */

    /* Rotate on specific EOI (OCW2 0xE0 | L). */
    outb(0x20, 0xe6);
    CHECK_EQ(read_isr(0x20), 0x00);
    CHECK_EQ(pic.chip[0].lowest_priority, 6);
    CHECK_EQ(rs_pic_pending(&pic), 0x20);        /* 7, 0, 1, ...: IRQ0 first of 0, 1, 3 */

    /* No operation (OCW2 0x40). */
    outb(0x20, 0x40);
    CHECK_EQ(pic.chip[0].lowest_priority, 6);
    CHECK_EQ(read_irr(0x20), 0x0b);
}

/* Special mask mode (OCW3 ESMM=1 SMM=1): a masked level in service no longer blocks lower ones. */
static void test_special_mask(void)
{
    remap(0x01);
    pulse(1);
    CHECK_EQ(rs_pic_acknowledge(&pic), 0x21);
    pulse(3);
    CHECK_EQ(rs_pic_pending(&pic), -1);
    outb(0x21, 0x02);                        /* mask IRQ1, the level in service */
    CHECK_EQ(rs_pic_pending(&pic), -1);
    outb(0x20, 0x68);
    CHECK_EQ(pic.chip[0].special_mask, 1);
    CHECK_EQ(rs_pic_pending(&pic), 0x23);
    outb(0x20, 0x28);                        /* ESMM=0: no change */
    CHECK_EQ(pic.chip[0].special_mask, 1);
    outb(0x20, 0x48);                        /* reset special mask */
    CHECK_EQ(pic.chip[0].special_mask, 0);
    CHECK_EQ(rs_pic_pending(&pic), -1);
}

static void test_wide_accesses(void)
{
    remap(0x01);
    outb(0x21, 0x5c);
    pulse(0);
    CHECK_EQ(master.read(master.opaque, 0, 2), 0x5c01);     /* in ax, 0x20: IRR | IMR << 8 */
    CHECK_EQ(master.read(master.opaque, 1, 2), 0xff5c);     /* 0x22 is not the PIC's */
    master.write(master.opaque, 0, 2, 0x330b);              /* out 0x20, ax: OCW3, then OCW1 */
    CHECK_EQ(inb(0x20), 0x00);
    CHECK_EQ(inb(0x21), 0x33);
}

static void test_boot_state(void)
{
    rs_pic_init(&pic, &master, &slave);
    rs_pic_boot_state(&pic);
    CHECK_EQ(pic.chip[0].vector_base, 0x08);
    CHECK_EQ(pic.chip[1].vector_base, 0x70);
    CHECK_EQ(inb(0x21), 0xb8);
    CHECK_EQ(inb(0xa1), 0x8e);
    CHECK_EQ(pic.chip[0].icw_step, 0);
    CHECK_EQ(pic.chip[1].icw_step, 0);
    CHECK_EQ(rs_pic_pending(&pic), -1);
    pulse(3);
    CHECK_EQ(rs_pic_pending(&pic), -1);
    pulse(0);
    CHECK_EQ(rs_pic_pending(&pic), 0x08);
    pulse(8);
    CHECK_EQ(rs_pic_acknowledge(&pic), 0x08);
    outb(0x20, 0x20);
    CHECK_EQ(rs_pic_acknowledge(&pic), 0x70);
}

int main(void)
{
    test_reset_state();
    test_icw_sequences();
    test_icw1_resets();
    test_edges_and_eoi();
    test_masks();
    test_fully_nested_priority();
    test_ocw3_reads_and_poll();
    test_cascade();
    test_special_fully_nested();
    test_spurious();
    test_auto_eoi_and_rotation();
    test_special_mask();
    test_wide_accesses();
    test_boot_state();
    return rs_test_done();
}
