/* The PC's two 8259A interrupt controllers: see timer_devices.h.
 *
 * Sources: the Intel 8259A datasheet (order 231468-003): "Initialization Command Words" (ICW1-ICW4,
 * fig. 6 and 7), "Operation Command Words" (OCW1-OCW3, fig. 8), "Fully Nested Mode", "End of
 * Interrupt", "Automatic Rotation", "Specific Rotation", "Special Mask Mode", "Poll Command",
 * "Cascade Mode", "Reading the 8259A Status"; the OSDev wiki page "8259 PIC". Where the datasheet
 * leaves a choice, QEMU 7.2's i8259 decides, so guests see the same thing in both machines: the
 * reset state, ICW1 clearing IRR and ISR as well as the mask, the poll word with nothing pending,
 * edge-triggered inputs only (ICW1 LTIM is accepted and ignored, as QEMU does without an ELCR).
 *
 * Priorities are ranks 0 (highest) .. 7 (lowest): IRQ (lowest_priority + 1 + rank) & 7. After
 * ICW1, IRQ7 is lowest, so IRQ0 is highest ("fully nested mode"); rotation moves lowest_priority.
 */
#include "timer_devices.h"

enum {
    ICW1_IC4 = 0x01, ICW1_SNGL = 0x02, ICW1_INIT = 0x10,
    ICW4_AEOI = 0x02, ICW4_SFNM = 0x10,
    OCW3_SELECT = 0x08, OCW3_RIS = 0x01, OCW3_RR = 0x02, OCW3_POLL = 0x04,
    OCW3_SMM = 0x20, OCW3_ESMM = 0x40,
    CASCADE_IRQ = 2,
    NO_RANK = 8,
};

/* OCW2 commands, bits 7..5 = R SL EOI (datasheet fig. 8). */
enum {
    OCW2_ROTATE_AEOI_CLEAR = 0, OCW2_NONSPECIFIC_EOI = 1, OCW2_NOP = 2, OCW2_SPECIFIC_EOI = 3,
    OCW2_ROTATE_AEOI_SET = 4, OCW2_ROTATE_NONSPECIFIC_EOI = 5, OCW2_SET_PRIORITY = 6,
    OCW2_ROTATE_SPECIFIC_EOI = 7,
};

/* The rank of the highest-priority IRQ whose bit is set in MASK, or NO_RANK. */
static int highest_rank(const rs_pic_chip *c, uint8_t mask)
{
    for (int rank = 0; rank < 8; rank++)
        if (mask & (1u << ((c->lowest_priority + 1 + rank) & 7)))
            return rank;
    return NO_RANK;
}

static int irq_of_rank(const rs_pic_chip *c, int rank) { return (c->lowest_priority + 1 + rank) & 7; }

/* The IRQ this chip asks the CPU (or the master) for, or -1: the highest-priority unmasked request
 * that is above every level in service. In special mask mode a masked level in service does not
 * block the others; in special fully nested mode the master's cascade input does not block
 * itself, so a higher-priority slave request gets through (datasheet, "Special Fully Nested Mode"). */
static int chip_request(const rs_pic_chip *c, int is_master)
{
    int rank = highest_rank(c, (uint8_t)(c->irr & ~c->imr));
    if (rank == NO_RANK)
        return -1;
    uint8_t blocking = c->isr;
    if (c->special_mask)
        blocking &= (uint8_t)~c->imr;
    if (is_master && c->sfnm)
        blocking &= (uint8_t)~(1u << CASCADE_IRQ);
    return rank < highest_rank(c, blocking) ? irq_of_rank(c, rank) : -1;
}

/* The state after ICW1 (and power-on), as QEMU's pic_reset_common: the datasheet's "IMR cleared,
 * IR7 lowest priority, special mask mode cleared, status read set to IRR, edge sense reset", plus
 * IRR and ISR cleared. */
static void chip_reset(rs_pic_chip *c)
{
    *c = (rs_pic_chip){ .lowest_priority = 7 };
}

/* An input line changes level; a low-to-high transition latches a request in IRR. */
static void chip_set_line(rs_pic_chip *c, int line, int level)
{
    uint8_t bit = (uint8_t)(1u << line);
    if (level) {
        if (!(c->level_lines & bit))
            c->irr |= bit;
        c->level_lines |= bit;
    } else {
        c->level_lines &= (uint8_t)~bit;
    }
}

/* The interrupt acknowledge on one chip: the request moves to ISR (not in automatic EOI mode, where
 * the level may rotate instead), and IRR forgets it. */
static void chip_acknowledge(rs_pic_chip *c, int irq)
{
    uint8_t bit = (uint8_t)(1u << irq);
    if (c->auto_eoi) {
        if (c->rotate_on_aeoi)
            c->lowest_priority = (uint8_t)irq;
    } else {
        c->isr |= bit;
    }
    c->irr &= (uint8_t)~bit;
}

static int cascaded(const rs_pic *p) { return !p->chip[0].single; }

/* After anything that may change the slave's INT output: it drives the master's IRQ2 input. */
static void slave_changed(rs_pic *p)
{
    if (cascaded(p))
        chip_set_line(&p->chip[0], CASCADE_IRQ, chip_request(&p->chip[1], 0) >= 0);
}

/* After any change: remember that the CPU's INTR line went high (for the spurious IRQ7). */
static void master_changed(rs_pic *p)
{
    if (chip_request(&p->chip[0], 1) >= 0)
        p->int_raised = 1;
}

static void ocw2(rs_pic_chip *c, uint8_t v)
{
    int level = v & 7;
    int rank = highest_rank(c, c->isr);
    switch (v >> 5) {
    case OCW2_ROTATE_AEOI_CLEAR: c->rotate_on_aeoi = 0; break;
    case OCW2_ROTATE_AEOI_SET: c->rotate_on_aeoi = 1; break;
    case OCW2_NONSPECIFIC_EOI:
    case OCW2_ROTATE_NONSPECIFIC_EOI:
        /* Clears the highest-priority ISR bit: the level just served, in fully nested mode. */
        if (rank != NO_RANK) {
            int irq = irq_of_rank(c, rank);
            c->isr &= (uint8_t)~(1u << irq);
            if (v >> 5 == OCW2_ROTATE_NONSPECIFIC_EOI)
                c->lowest_priority = (uint8_t)irq;
        }
        break;
    case OCW2_SPECIFIC_EOI: c->isr &= (uint8_t)~(1u << level); break;
    case OCW2_ROTATE_SPECIFIC_EOI:
        c->isr &= (uint8_t)~(1u << level);
        c->lowest_priority = (uint8_t)level;
        break;
    case OCW2_SET_PRIORITY: c->lowest_priority = (uint8_t)level; break;
    default: break;   /* OCW2_NOP */
    }
}

static void write_command(rs_pic_chip *c, uint8_t v)
{
    if (v & ICW1_INIT) {
        chip_reset(c);
        c->icw_step = 2;
        c->icw4_needed = v & ICW1_IC4;
        c->single = (v & ICW1_SNGL) != 0;
    } else if (v & OCW3_SELECT) {
        if (v & OCW3_POLL)
            c->poll = 1;
        if (v & OCW3_RR)
            c->read_isr = v & OCW3_RIS;
        if (v & OCW3_ESMM)
            c->special_mask = (v & OCW3_SMM) != 0;
    } else {
        ocw2(c, v);
    }
}

/* The data port: ICW2, ICW3, ICW4 during initialisation, then OCW1 (the mask). */
static void write_data(rs_pic_chip *c, uint8_t v)
{
    switch (c->icw_step) {
    case 2:
        c->vector_base = v & 0xf8;   /* the low 3 bits come from the IRQ number (x86 mode) */
        c->icw_step = c->single ? (c->icw4_needed ? 4 : 0) : 3;
        break;
    case 3:
        c->icw3 = v;
        c->icw_step = c->icw4_needed ? 4 : 0;
        break;
    case 4:
        c->auto_eoi = (v & ICW4_AEOI) != 0;
        c->sfnm = (v & ICW4_SFNM) != 0;
        c->icw_step = 0;
        break;
    default: c->imr = v; break;
    }
}

/* A read after OCW3 P=1 is the poll: it acknowledges like an INTA and returns 0x80 | level, or 0
 * when nothing is requested (QEMU; the datasheet leaves W2-W0 undefined then). */
static uint8_t poll_read(rs_pic_chip *c, int is_master)
{
    c->poll = 0;
    int irq = chip_request(c, is_master);
    if (irq < 0)
        return 0;
    chip_acknowledge(c, irq);
    return (uint8_t)(0x80 | irq);
}

static uint8_t read_byte(rs_pic *p, int which, uint16_t off)
{
    rs_pic_chip *c = &p->chip[which];
    if (c->poll) {
        uint8_t v = poll_read(c, which == 0);
        if (which == 1)
            slave_changed(p);
        master_changed(p);
        return v;
    }
    if (off == 1)
        return c->imr;
    return c->read_isr ? c->isr : c->irr;
}

static void write_byte(rs_pic *p, int which, uint16_t off, uint8_t v)
{
    if (off == 0)
        write_command(&p->chip[which], v);
    else
        write_data(&p->chip[which], v);
    if (which == 1)
        slave_changed(p);
    master_changed(p);
}

/* Wider accesses are split into byte accesses to consecutive ports, as QEMU's 1-byte-only
 * regions are (in ax, 0x20 reads IRR or ISR into al and IMR into ah). */
static uint32_t pic_read(rs_pic *p, int which, uint16_t off, int size)
{
    uint32_t v = 0;
    for (int i = 0; i < size; i++)
        v |= (uint32_t)(off + i < 2 ? read_byte(p, which, (uint16_t)(off + i)) : 0xff) << (8 * i);
    return v;
}

static void pic_write(rs_pic *p, int which, uint16_t off, int size, uint32_t value)
{
    for (int i = 0; i < size && off + i < 2; i++)
        write_byte(p, which, (uint16_t)(off + i), (uint8_t)(value >> (8 * i)));
}

static uint32_t master_read(void *o, uint16_t off, int size) { return pic_read(o, 0, off, size); }
static uint32_t slave_read(void *o, uint16_t off, int size) { return pic_read(o, 1, off, size); }
static void master_write(void *o, uint16_t off, int size, uint32_t v) { pic_write(o, 0, off, size, v); }
static void slave_write(void *o, uint16_t off, int size, uint32_t v) { pic_write(o, 1, off, size, v); }

void rs_pic_init(rs_pic *p, rs_io_device *master, rs_io_device *slave)
{
    chip_reset(&p->chip[0]);
    chip_reset(&p->chip[1]);
    p->int_raised = 0;
    *master = (rs_io_device){ "pic-master", 0x20, 2, master_read, master_write, p };
    *slave = (rs_io_device){ "pic-slave", 0xa0, 2, slave_read, slave_write, p };
}

void rs_pic_boot_state(rs_pic *p)
{
    static const uint8_t master[] = { 0x11, 0x08, 0x04, 0x01, 0xb8 };
    static const uint8_t slave[] = { 0x11, 0x70, 0x02, 0x01, 0x8e };
    for (unsigned i = 0; i < sizeof master; i++) {
        write_byte(p, 0, i == 0 ? 0 : 1, master[i]);
        write_byte(p, 1, i == 0 ? 0 : 1, slave[i]);
    }
}

void rs_pic_set_irq(rs_pic *p, int irq, int level)
{
    if (irq < 0 || irq > 15)
        return;
    chip_set_line(&p->chip[irq >> 3], irq & 7, level);
    if (irq >= 8)
        slave_changed(p);
    master_changed(p);
}

int rs_pic_pending(const rs_pic *p)
{
    int irq = chip_request(&p->chip[0], 1);
    if (irq < 0)
        return -1;
    if (irq == CASCADE_IRQ && cascaded(p)) {
        int irq2 = chip_request(&p->chip[1], 0);
        return p->chip[1].vector_base + (irq2 >= 0 ? irq2 : 7);
    }
    return p->chip[0].vector_base + irq;
}

/* The INTA cycle (datasheet, "Interrupt Sequence"). For a cascaded request the master sets its
 * ISR bit 2 and the slave supplies the vector; a slave whose request went away supplies its IR7
 * (spurious IRQ15: the master's ISR bit 2 is set all the same, so handlers must EOI the master). A
 * master whose INTR was raised but whose request went away (masked, say) supplies its IR7
 * (spurious IRQ7) with no ISR bit set. */
int rs_pic_acknowledge(rs_pic *p)
{
    rs_pic_chip *m = &p->chip[0], *s = &p->chip[1];
    int irq = chip_request(m, 1);
    int vector;
    if (irq < 0) {
        if (!p->int_raised)
            return -1;
        p->int_raised = 0;
        return m->vector_base + 7;
    }
    if (irq == CASCADE_IRQ && cascaded(p)) {
        int irq2 = chip_request(s, 0);
        if (irq2 >= 0)
            chip_acknowledge(s, irq2);
        vector = s->vector_base + (irq2 >= 0 ? irq2 : 7);
        slave_changed(p);
    } else {
        vector = m->vector_base + irq;
    }
    chip_acknowledge(m, irq);
    p->int_raised = 0;
    master_changed(p);
    return vector;
}
