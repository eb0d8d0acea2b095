/* The 8254 (emu/devices/dev_pit.c) as a function of virtual time: every control word (modes 0-5, the
 * access modes, BCD), the counter latch and read-back commands, counter reads, and the rising
 * edges of channel 0 that reach IRQ0 of the PIC, at exact nanoseconds. CLK = 1193182 Hz, so N
 * CLKs have passed ceil(N * 1e9 / 1193182) ns after a load: 1 -> 839, 10 -> 8381, 100 -> 83810,
 * 300 -> 251429, 500 -> 419048, 1000 -> 838096, 2000 -> 1676191, 11932 -> 10000151. */
#include "timer_devices.h"
#include "rs_test.h"

static rs_pic pic;
static rs_pit pit;
static rs_io_device pit_dev;
static uint64_t now;

static uint64_t fake_clock(void *opaque)
{
    (void)opaque;
    return now;
}

static void outb(uint16_t port, uint8_t v) { pit_dev.write(pit_dev.opaque, (uint16_t)(port - 0x40), 1, v); }
static uint8_t inb(uint16_t port) { return (uint8_t)pit_dev.read(pit_dev.opaque, (uint16_t)(port - 0x40), 1); }

static uint8_t irr(void) { return pic.chip[0].irr; }

/* The PIC with IRQ0 at 0x20 and nothing masked, the PIT in its reset state, the clock at T. */
static void setup(uint64_t t)
{
    rs_io_device m, s;
    rs_pic_init(&pic, &m, &s);
    m.write(m.opaque, 0, 1, 0x11);
    m.write(m.opaque, 1, 1, 0x20);
    m.write(m.opaque, 1, 1, 0x04);
    m.write(m.opaque, 1, 1, 0x01);
    now = 0;
    rs_pit_init(&pit, &pic, fake_clock, 0, &pit_dev);
    now = t;
}

/* Control word, then a 16-bit count low byte first (access lo/hi). */
static void program(uint8_t control, uint16_t count)
{
    uint16_t port = (uint16_t)(0x40 + (control >> 6));
    outb(0x43, control);
    outb(port, (uint8_t)count);
    outb(port, (uint8_t)(count >> 8));
}

static uint16_t read16(uint16_t port)
{
    uint8_t lo = inb(port);
    return (uint16_t)(lo | inb(port) << 8);
}

static uint16_t latch_and_read(void)
{
    outb(0x43, 0x00);
    return read16(0x40);
}

static uint8_t status(int ch)
{
    outb(0x43, (uint8_t)(0xe0 | 2 << ch));   /* read-back: status only */
    return inb((uint16_t)(0x40 + ch));
}

static void ack_irq0(void)
{
    CHECK_EQ(rs_pic_acknowledge(&pic), 0x20);
    pic.chip[0].isr = 0;
}

static void test_reset_state(void)
{
    setup(0);
    CHECK_EQ(pit_dev.base, 0x40);
    CHECK_EQ(pit_dev.count, 4);
    for (int ch = 0; ch < 3; ch++) {
        CHECK_EQ(pit.ch[ch].mode, 3);
        CHECK_EQ(pit.ch[ch].reload, 65536);
        CHECK_EQ(pit.ch[ch].armed, 1);
    }
    /* QEMU's reset: mode 3, count 65536, running from time 0: 18.2 Hz. */
    CHECK_EQ(rs_pit_next_edge(&pit), 54925402);
    CHECK_EQ(rs_pit_advance(&pit, 54925401), 0);
    CHECK_EQ(irr(), 0);
    CHECK_EQ(rs_pit_advance(&pit, 54925402), 1);
    CHECK_EQ(irr(), 1);
    CHECK_EQ(rs_pit_next_edge(&pit), 109850803);
    CHECK_EQ(inb(0x43), 0);                  /* the control port is write-only */
}

/* Mode 2 at 100 Hz (count 11932), the teaching kernel's tick. */
static void test_mode2_rate_generator(void)
{
    setup(1000);
    program(0x34, 11932);
    CHECK_EQ(pit.now_ns, 1000);
    CHECK_EQ(pit.ch[0].start_ns, 1000);
    CHECK_EQ(rs_pit_next_edge(&pit), 1000 + 10000151);
    CHECK_EQ(rs_pit_advance(&pit, 1000 + 10000150), 0);
    CHECK_EQ(irr(), 0);
    CHECK_EQ(rs_pit_advance(&pit, 1000 + 10000151), 1);
    CHECK_EQ(irr(), 1);
    ack_irq0();
    CHECK_EQ(rs_pit_next_edge(&pit), 1000 + 20000302);
    /* Ten more periods at once: ten edges, one request (the PIC keeps one). */
    CHECK_EQ(rs_pit_advance(&pit, 1000 + 110001660), 10);
    CHECK_EQ(irr(), 1);
    CHECK_EQ(rs_pit_advance(&pit, 1000 + 110001660), 0);   /* no time passed */
    CHECK_EQ(rs_pit_advance(&pit, 500), 0);                /* never backwards */
    CHECK_EQ(pit.now_ns, 1000 + 110001660);
    /* The count is N - (d mod N): 300 CLKs into the 12th period, 11632. */
    now = 1000 + 110001660 + 251429;
    CHECK_EQ(latch_and_read(), 11932 - 300);
    /* One hour: floor(3600 * 1193182 / 11932) periods, exactly. */
    setup(0);
    program(0x34, 11932);
    CHECK_EQ(rs_pit_advance(&pit, 3600000000000ull), 359994);
    /* OUT (read-back status bit 7) is low only for the CLK before each edge. */
    setup(0);
    program(0x34, 1000);
    now = 837258;                            /* d = 999 = N - 1 */
    CHECK_EQ(status(0), 0x34);
    now = 838096;                            /* d = 1000: the edge */
    CHECK_EQ(status(0), 0xb4);
    CHECK_EQ(latch_and_read(), 1000);        /* reloaded */
    /* A count written without a new control word restarts the period at once (QEMU). */
    now = 838096 + 251429;
    outb(0x40, 0xf4);
    outb(0x40, 0x01);                        /* 500 */
    CHECK_EQ(pit.ch[0].start_ns, 838096 + 251429);
    CHECK_EQ(rs_pit_next_edge(&pit), 838096 + 251429 + 419048);
}

static void test_mode0_terminal_count(void)
{
    setup(5000);
    program(0x30, 100);
    CHECK_EQ(pit.ch[0].out, 0);              /* OUT low from the load */
    CHECK_EQ(status(0), 0x30);
    CHECK_EQ(rs_pit_next_edge(&pit), 5000 + 83810);
    CHECK_EQ(rs_pit_advance(&pit, 5000 + 83809), 0);
    CHECK_EQ(rs_pit_advance(&pit, 5000 + 83810), 1);
    CHECK_EQ(irr(), 1);
    CHECK_EQ(status(0), 0xb0);               /* OUT stays high */
    CHECK_EQ(rs_pit_next_edge(&pit), UINT64_MAX);
    ack_irq0();
    CHECK_EQ(rs_pit_advance(&pit, 10000000000ull), 0);
    CHECK_EQ(irr(), 0);
    /* The counter goes on past 0: 0 at the terminal count, 0xFFFF one CLK later. */
    setup(0);
    program(0x30, 100);
    now = 83810;
    CHECK_EQ(latch_and_read(), 0);
    now = 84648;                             /* d = 101 */
    CHECK_EQ(latch_and_read(), 0xffff);
    now = 839;                               /* (backwards is ignored: still d = 101) */
    CHECK_EQ(latch_and_read(), 0xffff);
}

/* Mode 0 with a lo/hi count: "writing the first byte disables counting, OUT is set low". */
static void test_mode0_first_byte_stops(void)
{
    setup(0);
    program(0x30, 10);
    CHECK_EQ(rs_pit_advance(&pit, 8381), 1);
    CHECK_EQ(pit.ch[0].out, 1);
    ack_irq0();
    now = 100000;
    outb(0x40, 0x64);
    CHECK_EQ(pit.ch[0].out, 0);
    CHECK_EQ(pit.ch[0].armed, 0);
    CHECK_EQ(rs_pit_next_edge(&pit), UINT64_MAX);
    CHECK_EQ(rs_pit_advance(&pit, 200000000), 0);
    now = 200000000;
    outb(0x40, 0x00);                        /* 100 */
    CHECK_EQ(rs_pit_next_edge(&pit), 200000000 + 83810);
    CHECK_EQ(rs_pit_advance(&pit, 200000000 + 83810), 1);
    CHECK_EQ(irr(), 1);
}

static void test_mode3_square_wave(void)
{
    setup(0);
    program(0x36, 1000);
    now = 419047;                            /* d = 499: first half, high */
    CHECK_EQ(status(0), 0xb6);
    CHECK_EQ(latch_and_read(), 1000 - 2 * 499);
    now = 419048;                            /* d = 500: second half, low */
    CHECK_EQ(status(0), 0x36);
    CHECK_EQ(latch_and_read(), 1000);
    CHECK_EQ(irr(), 0);                      /* a falling edge requests nothing */
    CHECK_EQ(rs_pit_next_edge(&pit), 838096);
    CHECK_EQ(rs_pit_advance(&pit, 838096), 1);
    CHECK_EQ(irr(), 1);
    CHECK_EQ(rs_pit_next_edge(&pit), 1676191);
    /* Odd N = 5: high for 3 CLKs, low for 2. */
    setup(0);
    program(0x36, 5);
    now = 2515 - 1;                          /* d = 2 */
    CHECK_EQ(status(0) >> 7, 1);
    now = 2515;                              /* d = 3 */
    CHECK_EQ(status(0) >> 7, 0);
    now = 4191;                              /* d = 5: the next period */
    CHECK_EQ(status(0) >> 7, 1);
}

static void test_mode4_strobe(void)
{
    setup(0);
    program(0x38, 10);
    CHECK_EQ(pit.ch[0].out, 1);
    now = 7543;                              /* d = 9: the strobe */
    CHECK_EQ(status(0), 0x38);
    CHECK_EQ(irr(), 0);
    now = 8381;                              /* d = 10 */
    CHECK_EQ(status(0), 0xb8);
    CHECK_EQ(irr(), 1);
    CHECK_EQ(rs_pit_next_edge(&pit), UINT64_MAX);
}

/* GATE 0 is wired high: the gate-triggered modes 1 and 5 never start. Modes 6 and 7 are 2 and 3. */
static void test_gate_modes_and_aliases(void)
{
    setup(0);
    program(0x32, 10);
    CHECK_EQ(rs_pit_next_edge(&pit), UINT64_MAX);
    CHECK_EQ(rs_pit_advance(&pit, 1000000000), 0);
    CHECK_EQ(status(0), 0xb2);
    program(0x3a, 10);
    CHECK_EQ(rs_pit_advance(&pit, 2000000000), 0);
    CHECK_EQ(status(0), 0xba);
    CHECK_EQ(irr(), 0);
    now = 2000000000;
    program(0x3c, 1000);                     /* M2 M1 M0 = 110 */
    CHECK_EQ(pit.ch[0].mode, 2);
    CHECK_EQ(rs_pit_next_edge(&pit), 2000000000 + 838096);
    program(0x3e, 1000);                     /* 111 */
    CHECK_EQ(pit.ch[0].mode, 3);
}

static void test_access_modes(void)
{
    setup(0);
    outb(0x43, 0x10);                        /* lobyte only, mode 0 */
    outb(0x40, 0x80);
    CHECK_EQ(pit.ch[0].reload, 0x80);
    CHECK_EQ(rs_pit_next_edge(&pit), 107277);
    CHECK_EQ(inb(0x40), 0x80);               /* reads give the low byte only */
    CHECK_EQ(inb(0x40), 0x80);
    outb(0x43, 0x20);                        /* hibyte only */
    outb(0x40, 0x01);
    CHECK_EQ(pit.ch[0].reload, 0x100);
    CHECK_EQ(rs_pit_next_edge(&pit), 214553);
    CHECK_EQ(inb(0x40), 0x01);
    program(0x34, 0);                        /* 0 is the largest count */
    CHECK_EQ(pit.ch[0].reload, 65536);
    CHECK_EQ(read16(0x40), 0);               /* ... and reads as 0 */
    now = 839;
    CHECK_EQ(read16(0x40), 0xffff);          /* live lo/hi reads alternate low, high */
    /* Wider port accesses are byte accesses to consecutive ports (QEMU): out 0x40, ax writes al
     * to channel 0 and ah to channel 1. */
    outb(0x43, 0x34);
    pit_dev.write(pit_dev.opaque, 0, 2, 0x1234);
    CHECK_EQ(pit.ch[0].write_hi_next, 1);
    CHECK_EQ(pit.ch[0].pending_lo, 0x34);
    CHECK_EQ(pit.ch[1].pending_lo, 0x12);
    /* in eax, 0x42: channel 2's low byte (mode 3 from reset, d = 1: 65534), the write-only control
     * port (0), two ports that are not the PIT's. */
    CHECK_EQ(pit_dev.read(pit_dev.opaque, 2, 4), 0xffff00feu);
    CHECK_EQ(inb(0x42), 0xff);
}

static void test_latch_command(void)
{
    setup(0);
    program(0x34, 1000);
    now = 251429;                            /* d = 300 */
    outb(0x43, 0x00);
    now = 419048;                            /* d = 500 */
    CHECK_EQ(read16(0x40), 700);             /* the value at the latch */
    CHECK_EQ(read16(0x40), 500);             /* released: live again */
    /* Latching again before the read is ignored. */
    now = 500000;
    outb(0x43, 0x00);
    uint16_t first = pit.ch[0].latch_value;
    now = 600000;
    outb(0x43, 0x00);
    CHECK_EQ(pit.ch[0].latch_value, first);
    CHECK_EQ(inb(0x40), (uint8_t)first);
    outb(0x43, 0x00);                        /* still latched: the high byte is unread */
    CHECK_EQ(inb(0x40), first >> 8);
    CHECK_EQ(pit.ch[0].latched, 0);
    /* A control word drops a latch. */
    outb(0x43, 0x00);
    program(0x34, 1000);
    CHECK_EQ(pit.ch[0].latched, 0);
    /* Lobyte access: one read releases the latch. */
    setup(0);
    outb(0x43, 0x14);                        /* mode 2, lobyte */
    outb(0x40, 200);
    now = 41905;                             /* d = 50 */
    outb(0x43, 0x00);
    now = 167620;                            /* d = 200 */
    CHECK_EQ(inb(0x40), 150);
    CHECK_EQ(pit.ch[0].latched, 0);
    CHECK_EQ(inb(0x40), 200);
}

static void test_read_back(void)
{
    setup(0);
    outb(0x43, 0x34);
    CHECK_EQ(status(0), 0xf4);               /* NULL COUNT: no count since the control word */
    outb(0x40, 0xe8);
    outb(0x40, 0x03);                        /* 1000 */
    CHECK_EQ(status(0), 0xb4);
    now = 251429;
    outb(0x43, 0xc2);                        /* count and status of channel 0 */
    now = 419048;
    CHECK_EQ(inb(0x40), 0xb4);               /* status first */
    CHECK_EQ(read16(0x40), 700);             /* then the count latched with it */
    outb(0x43, 0xd2);                        /* count only */
    CHECK_EQ(read16(0x40), 500);
    /* All three channels at once; a second status latch before the read is ignored. */
    outb(0x43, 0xce);
    outb(0x43, 0x02 | 0x20 | 0x04 | 0x08 | 0xc0);
    CHECK_EQ(inb(0x41), 0xb6);               /* channel 1 as reset: mode 3, lo/hi, OUT high */
    CHECK_EQ(read16(0x41), (uint16_t)(65536 - 2 * 500));
    CHECK_EQ(inb(0x42), 0xb6);
    CHECK_EQ(inb(0x40), 0xb4);
    CHECK_EQ(read16(0x40), 500);
    CHECK_EQ(read16(0x40), 500);             /* live */
}

static void test_bcd(void)
{
    setup(0);
    program(0x31, 0x0100);                   /* mode 0, BCD: 100 */
    CHECK_EQ(pit.ch[0].reload, 100);
    CHECK_EQ(rs_pit_next_edge(&pit), 83810);
    now = 839;                               /* d = 1 */
    CHECK_EQ(latch_and_read(), 0x0099);
    now = 84648;                             /* d = 101: past 0 comes 9999 */
    CHECK_EQ(latch_and_read(), 0x9999);
    CHECK_EQ(status(0), 0xb1);
    program(0x35, 0);                        /* mode 2, BCD, 0 = 10000 */
    CHECK_EQ(pit.ch[0].reload, 10000);
    CHECK_EQ(rs_pit_next_edge(&pit), 84648 + 8380952);
}

/* A control word sets OUT to the mode's initial level at once (datasheet): from mode 0 before its
 * terminal count (low) to mode 2 (high) is a rising edge on IRQ0. */
static void test_control_word_sets_out(void)
{
    setup(0);
    program(0x30, 1000);
    CHECK_EQ(pic.chip[0].level_lines & 1, 0);
    outb(0x43, 0x34);
    CHECK_EQ(pit.ch[0].out, 1);
    CHECK_EQ(irr(), 1);
    CHECK_EQ(rs_pit_next_edge(&pit), UINT64_MAX);   /* stopped until a count is written */
    ack_irq0();
    outb(0x43, 0x30);
    CHECK_EQ(pit.ch[0].out, 0);
    CHECK_EQ(pic.chip[0].level_lines & 1, 0);
    CHECK_EQ(irr(), 0);
}

static void test_other_channels_and_clock(void)
{
    setup(0);
    program(0x30, 0xffff);                   /* keep channel 0 quiet */
    program(0xb4, 10);                       /* channel 2, mode 2 */
    program(0x74, 10);                       /* channel 1, mode 2 */
    CHECK_EQ(rs_pit_advance(&pit, 100000), 0);
    CHECK_EQ(irr(), 0);
    now = 100000;
    outb(0x43, 0x80);                        /* latch channel 2 */
    CHECK_EQ(read16(0x42), 10 - 119 % 10);   /* d = floor(100000 * 1.193182) = 119 */
    /* Port accesses bring the PIT to the clock's time, raising IRQ0 on the way. */
    setup(0);
    program(0x34, 1000);
    now = 838096;
    CHECK_EQ(irr(), 0);
    (void)inb(0x41);
    CHECK_EQ(irr(), 1);
    CHECK_EQ(pit.now_ns, 838096);
}

static void test_boot_state_and_no_pic(void)
{
    setup(7000);
    rs_pit_boot_state(&pit);
    CHECK_EQ(status(0), 0xb4);
    CHECK_EQ(pit.ch[0].reload, 65536);
    CHECK_EQ(pit.ch[0].start_ns, 7000);
    CHECK_EQ(rs_pit_next_edge(&pit), 7000 + 54925402);

    rs_pit_init(&pit, 0, 0, 0, &pit_dev);    /* no PIC, no clock: port accesses use now_ns */
    CHECK_EQ(rs_pit_advance(&pit, 1000), 0);
    program(0x34, 10);
    CHECK_EQ(pit.ch[0].start_ns, 1000);
    CHECK_EQ(rs_pit_advance(&pit, 1000 + 83810), 10);
}

int main(void)
{
    test_reset_state();
    test_mode2_rate_generator();
    test_mode0_terminal_count();
    test_mode0_first_byte_stops();
    test_mode3_square_wave();
    test_mode4_strobe();
    test_gate_modes_and_aliases();
    test_access_modes();
    test_latch_command();
    test_read_back();
    test_bcd();
    test_control_word_sets_out();
    test_other_channels_and_clock();
    test_boot_state_and_no_pic();
    return rs_test_done();
}
