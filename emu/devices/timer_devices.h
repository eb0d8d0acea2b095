/* The PC's interrupt controller and timer: an 8259A PIC pair (0x20/0x21 master, 0xA0/0xA1 slave,
 * cascaded on IRQ2) and an 8254 PIT (0x40-0x43; channel 0 drives IRQ0).
 *
 * Time is virtual and deterministic: the machine derives it from the instruction count (and the
 * time HLT skips), never from the host clock, so the same image gives the same interleaving on
 * every run. The PIT is a pure function of virtual time: the machine asks when channel 0's
 * output next rises (rs_pit_next_edge) and tells it how far time has moved (rs_pit_advance), which
 * raises IRQ0 on the PIC for each rising edge. The machine delivers what the PIC presents
 * (rs_pic_pending / rs_pic_acknowledge) through the IDT when EFLAGS.IF=1, at a block boundary.
 *
 * State structs are owned by the caller (the machine embeds them); nothing allocates; no call can
 * fail. Each *_init fills rs_io_device(s) for rs_io_attach, as devices.h does. */
#ifndef RS_TIMER_DEVICES_H
#define RS_TIMER_DEVICES_H
#include <stdint.h>
#include "ioport.h"

/* ---- 8259A pair ---- */
typedef struct rs_pic_chip {
    uint8_t irr, isr, imr;        /* request, in-service, mask */
    uint8_t vector_base;          /* ICW2 (bits 7..3) */
    uint8_t icw_step;             /* 0: ready; 2..4: expecting ICW2..ICW4 */
    uint8_t icw4_needed, single, auto_eoi;
    uint8_t read_isr;             /* OCW3: reads of the command port return ISR (1) or IRR (0) */
    uint8_t lowest_priority;      /* rotation: IRQ with the lowest priority (7 after reset) */
    uint8_t special_mask, poll;
    uint8_t level_lines;          /* current input levels (edge detection) */
    uint8_t icw3;                 /* master: which inputs have slaves; slave: its ID (kept, unused) */
    uint8_t rotate_on_aeoi;       /* OCW2 R=1 SL=0 EOI=0: rotate in automatic EOI mode */
    uint8_t sfnm;                 /* ICW4 SFNM: special fully nested mode */
} rs_pic_chip;

typedef struct rs_pic {
    rs_pic_chip chip[2];          /* [0] master, [1] slave on master IRQ2 */
    uint8_t int_raised;           /* the master's INT output went high since the last acknowledge */
} rs_pic;

void rs_pic_init(rs_pic *p, rs_io_device *master, rs_io_device *slave);
/* Programs the pair as SeaBIOS leaves it for a Multiboot kernel under QEMU 7.2 (measured: vectors
 * 0x08 and 0x70, cascade on IRQ2, 8086 mode, masks 0xB8 and 0x8E), through the same command
 * sequence (ICW1-ICW4, OCW1) SeaBIOS writes. rs_pic_init alone gives the chip's reset state. */
void rs_pic_boot_state(rs_pic *p);
/* Sets input line IRQ (0-15) high or low; a low->high edge sets its IRR bit (edge-triggered). */
void rs_pic_set_irq(rs_pic *p, int irq, int level);
/* The vector the PIC would give the CPU now (highest priority unmasked request not blocked by a
 * higher in-service one, through the cascade), or -1. Does not change state. */
int rs_pic_pending(const rs_pic *p);
/* The CPU's interrupt acknowledge: moves the request to in-service (unless auto-EOI) and returns
 * its vector, or the spurious vector (IRQ7/IRQ15 of the chip) if the request went away (the
 * master's INTR went high since the last acknowledge but nothing is left, e.g. masked meanwhile:
 * IRQ7, no ISR bit; the slave's request gone while the master still holds IR2: IRQ15, master ISR
 * bit 2 set); -1 if nothing is pending and INTR did not go high since the last acknowledge. */
int rs_pic_acknowledge(rs_pic *p);

/* ---- 8254 ---- */
typedef struct rs_pit_channel {
    uint8_t mode;                 /* 0..5 */
    uint8_t access;               /* 1 lobyte, 2 hibyte, 3 lo/hi */
    uint8_t write_hi_next, read_hi_next;
    uint8_t latched, latch_hi_next;
    uint16_t latch_value;
    uint32_t reload;              /* 1..65536 (0 written means 65536) */
    uint8_t bcd;
    uint8_t armed;                /* a count was loaded: the channel runs */
    uint64_t start_ns;            /* virtual time the current count was loaded */
    uint8_t out;                  /* output level */
    uint8_t status_latched;       /* read-back command: a status byte waits to be read */
    uint8_t status_value;
    uint8_t null_count;           /* a control word was written, no count yet (status bit 6) */
    uint8_t pending_lo;           /* the low byte of a lo/hi count being written */
} rs_pit_channel;

typedef struct rs_pit {
    rs_pit_channel ch[3];
    uint64_t now_ns;              /* the virtual time the PIT has been advanced to */
    rs_pic *pic;                  /* channel 0's output drives IRQ0 here */
    /* The machine's virtual clock, for port accesses between advances (a count written starts
     * now; a counter read or latched shows the count now). */
    uint64_t (*clock)(void *opaque);
    void *clock_opaque;
} rs_pit;

#define RS_PIT_HZ 1193182u

/* CLOCK (with OPAQUE) gives the virtual time in ns; it must never go backwards. Every port access
 * first advances the PIT to CLOCK's time (so a port access may raise IRQ0), and a control word or
 * a count changes rs_pit_next_edge. Without CLOCK, port accesses happen at now_ns. */
void rs_pit_init(rs_pit *t, rs_pic *pic, uint64_t (*clock)(void *opaque), void *opaque, rs_io_device *dev);
/* Virtual time (ns, >= now_ns) at which channel 0's output next rises, or UINT64_MAX if it never
 * will (not programmed, or mode 0 already fired). */
uint64_t rs_pit_next_edge(const rs_pit *t);
/* Programs channel 0 as SeaBIOS leaves it under QEMU 7.2 (measured read-back status 0x34: mode 2,
 * lo/hi, binary) with count 0 = 65536 (18.2 Hz), loaded at the clock's current time. rs_pit_init
 * alone gives QEMU's reset state: every channel in mode 3 with count 65536, loaded at time 0. */
void rs_pit_boot_state(rs_pit *t);
/* Moves virtual time to NOW_NS (never backwards), raising IRQ0 for every rising edge of channel
 * 0 on the way (an edge already pending in the PIC's IRR is not counted twice: the PIC keeps one
 * request). Returns the number of rising edges. */
unsigned rs_pit_advance(rs_pit *t, uint64_t now_ns);
/* Channel CH's output at the clock's current time (port 0x61 bit 5 shows channel 2's). */
uint8_t rs_pit_output(const rs_pit *t, int ch);

#endif
