/* COM1's 16550A (emu/devices/dev_uart.c): reset values, DLAB, IIR priorities and FIFO bits, the
 * THRE interrupt as QEMU 7.2 raises and clears it, OUT2 gating IRQ 4, loopback, received-data,
 * timeout and overrun-free input in virtual time, trigger levels and line-status interrupts. */
#include <string.h>
#include "uart.h"
#include "rs_test.h"

static rs_uart u;
static rs_io_device dev;
static rs_pic pic;
static rs_io_device pm, ps;
static uint64_t clock_ns;
static uint8_t sent[64];
static int n_sent;

static uint64_t clock_fn(void *o) { (void)o; return clock_ns; }
static void sink(void *o, uint8_t b) { (void)o; if (n_sent < 64) sent[n_sent++] = b; }
static void outb(int off, uint8_t v) { dev.write(dev.opaque, (uint16_t)off, 1, v); }
static uint8_t inb(int off) { return (uint8_t)dev.read(dev.opaque, (uint16_t)off, 1); }
static int line(void) { return (pic.chip[0].irr >> 4) & 1; }   /* IRQ 4 requested at the PIC */

static void reset(void)
{
    rs_pic_init(&pic, &pm, &ps);
    clock_ns = 0;
    n_sent = 0;
    rs_uart_init(&u, sink, NULL, &pic, 4, clock_fn, NULL, &dev);
}

static void test_reset_and_dlab(void)
{
    reset();
    CHECK_EQ(dev.base, 0x3f8);
    CHECK_EQ(dev.count, 8);
    CHECK_EQ(inb(1), 0x00);     /* IER */
    CHECK_EQ(inb(2), 0x01);     /* IIR: no interrupt, FIFOs off */
    CHECK_EQ(inb(3), 0x00);
    CHECK_EQ(inb(4), 0x08);     /* MCR: OUT2, as QEMU resets it */
    CHECK_EQ(inb(5), 0x60);     /* LSR: THRE TEMT */
    CHECK_EQ(inb(6), 0xb0);     /* MSR: DCD DSR CTS */
    outb(3, 0x80);
    CHECK_EQ(inb(0), 0x0c);     /* divisor 12: 9600 baud */
    CHECK_EQ(inb(1), 0x00);
    outb(0, 0x01);
    outb(1, 0x00);
    outb(3, 0x03);              /* 8N1, DLAB off */
    CHECK_EQ(u.divisor, 1);
    CHECK_EQ(rs_uart_char_ns(&u), 10ull * 1000000000 / 115200);
    outb(7, 0x5a);
    CHECK_EQ(inb(7), 0x5a);
    CHECK_EQ(n_sent, 0);
    outb(0, 'A');
    CHECK_EQ(n_sent, 1);
    CHECK_EQ(sent[0], 'A');
    CHECK_EQ(inb(5), 0x60);     /* transmission is immediate, as in QEMU */
}

static void test_thre_interrupt(void)
{
    reset();
    outb(4, 0x00);              /* OUT2 off: the line stays low at the PIC */
    outb(1, 0x02);              /* THRI on with THR empty: pending at once */
    CHECK_EQ(inb(2) & 0x0f, 0x02);
    CHECK_EQ(inb(2) & 0x0f, 0x01);  /* reading IIR that reported THRE cleared it */
    CHECK_EQ(line(), 0);
    outb(1, 0x00);
    outb(4, 0x08);
    outb(1, 0x02);              /* again, now through OUT2 */
    CHECK_EQ(line(), 1);
    CHECK_EQ(u.irq_level, 1);
    CHECK_EQ(inb(2), 0x02);
    CHECK_EQ(u.irq_level, 0);
    outb(0, 'x');               /* every byte sent raises THRE again */
    CHECK_EQ(u.irq_level, 1);
    CHECK_EQ(inb(2), 0x02);
    outb(1, 0x02);              /* no change of THRI: nothing new */
    CHECK_EQ(inb(2), 0x01);
    outb(2, 0xc7);              /* FIFOs on, both cleared, trigger 14: THRE pending again */
    CHECK_EQ(inb(2), 0xc2);
    CHECK_EQ(inb(2), 0xc1);
    outb(4, 0x18);              /* loopback disconnects OUT2 from the pin */
    outb(0, 'y');
    CHECK_EQ(u.iir & 0x0f, 0x02);
    CHECK_EQ(u.irq_level, 0);
}

static void test_loopback(void)
{
    reset();
    outb(4, 0x1e);              /* loop, OUT2 OUT1 RTS */
    CHECK_EQ(inb(6), 0xd0);     /* RTS->CTS, OUT1->RI, OUT2->DCD; DTR off: no DSR */
    outb(0, 0xae);
    CHECK_EQ(n_sent, 0);
    CHECK_EQ(inb(5), 0x61);
    CHECK_EQ(inb(0), 0xae);
    CHECK_EQ(inb(5), 0x60);
    outb(0, 1);
    outb(0, 2);                 /* FIFOs off: the second byte overruns the first */
    CHECK_EQ(inb(5), 0x63);
    CHECK_EQ(inb(5), 0x61);     /* OE clears on read */
    CHECK_EQ(inb(0), 2);
}

static void test_input_in_virtual_time(void)
{
    static const uint8_t text[] = "hello, world";
    reset();
    rs_uart_set_input(&u, text, 12);
    outb(3, 0x80); outb(0, 1); outb(1, 0); outb(3, 0x03);
    uint64_t ch = rs_uart_char_ns(&u);
    CHECK_EQ(rs_uart_next_event(&u), UINT64_MAX);   /* the guest has not asked yet */
    clock_ns = 1000;
    outb(1, 0x01);              /* received-data interrupt on: input starts now */
    CHECK_EQ(rs_uart_next_event(&u), 1000);
    rs_uart_advance(&u, 1000);
    CHECK_EQ(inb(2), 0x04);     /* FIFOs off: one byte is enough */
    CHECK_EQ(u.irq_level, 1);
    CHECK_EQ(rs_uart_next_event(&u), UINT64_MAX);   /* no room until it is read */
    clock_ns = 5000;
    CHECK_EQ(inb(0), 'h');
    CHECK_EQ(u.irq_level, 0);
    CHECK_EQ(rs_uart_next_event(&u), 1000 + ch);    /* one character time after the last */
    /* FIFO with trigger level 4: three bytes give no interrupt until the timeout. */
    outb(2, 0x41);
    clock_ns = 1000 + 3 * ch;
    rs_uart_advance(&u, clock_ns);
    CHECK_EQ(u.rx_count, 3);
    CHECK_EQ(u.received, 4);    /* with the h read before */
    CHECK_EQ(inb(2), 0xc1);
    CHECK_EQ(inb(5), 0x61);
    CHECK_EQ(inb(0), 'e');
    CHECK_EQ(inb(0), 'l');      /* the FIFO: bytes arriving meanwhile wait behind */
    CHECK_EQ(u.rx_count, 1);
    clock_ns += 4 * ch;         /* four character times without a read: the timeout */
    u.in_len = 4;               /* (no more input: only the timeout remains) */
    rs_uart_advance(&u, clock_ns);
    CHECK_EQ(inb(2), 0xcc);
    CHECK_EQ(inb(0), 'l');
    CHECK_EQ(inb(2), 0xc1);
    CHECK_EQ(inb(5), 0x60);
    CHECK_EQ(inb(0), 0);        /* an empty FIFO reads 0, as QEMU's */
}

static void test_polling_opens_input(void)
{
    static const uint8_t text[] = "ab";
    reset();
    rs_uart_set_input(&u, text, 2);
    for (int i = 0; i < 63; i++)
        inb(5);
    outb(0, '>');               /* a write starts the count again: waiting to send, not to read */
    for (int i = 0; i < 63; i++)
        inb(5);
    CHECK_EQ(rs_uart_next_event(&u), UINT64_MAX);
    inb(5);
    CHECK_EQ(rs_uart_next_event(&u), 0);
    rs_uart_advance(&u, 0);
    CHECK_EQ(inb(5) & 1, 1);
    CHECK_EQ(inb(0), 'a');
}

static void test_line_status_interrupt(void)
{
    reset();
    outb(4, 0x18);
    outb(1, 0x05);              /* RLSI and RDI */
    outb(0, 1);
    CHECK_EQ(inb(2), 0x04);
    outb(0, 2);                 /* overrun: line status has the highest priority */
    CHECK_EQ(inb(2), 0x06);
    CHECK_EQ(inb(5), 0x63);
    CHECK_EQ(inb(2), 0x04);
}

/* Linux's tty start-up: the received-data interrupt off while it drains, the FIFO cleared with
 * bytes unread. The input pauses, and the cleared bytes are sent again. */
static void test_input_held_back_for_linux(void)
{
    static const uint8_t text[] = "abcd";
    reset();
    rs_uart_set_input(&u, text, 4);
    outb(3, 0x80); outb(0, 1); outb(1, 0); outb(3, 0x03);
    uint64_t ch = rs_uart_char_ns(&u);
    outb(2, 0x01);              /* FIFOs on, trigger level 1 */
    outb(1, 0x01);
    clock_ns = 2 * ch;
    rs_uart_advance(&u, clock_ns);
    CHECK_EQ(u.rx_count, 3);    /* a b c */
    outb(1, 0x00);              /* the driver turns the interrupt off: the input pauses */
    clock_ns = 10 * ch;
    rs_uart_advance(&u, clock_ns);
    CHECK_EQ(rs_uart_next_event(&u), UINT64_MAX);      /* the character timeout fired at 6 ch */
    CHECK_EQ(u.received, 3);
    CHECK_EQ(u.rx_count, 3);
    CHECK_EQ(inb(0), 'a');      /* one read, then the FIFO cleared with b c in it */
    outb(2, 0x03);
    CHECK_EQ(u.rx_count, 0);
    CHECK_EQ(u.in_pos, 1);      /* b c will come again */
    CHECK_EQ(rs_uart_next_event(&u), UINT64_MAX);
    outb(1, 0x01);
    CHECK_EQ(rs_uart_next_event(&u), 11 * ch);          /* a character time after the clear */
    clock_ns = 11 * ch;
    rs_uart_advance(&u, clock_ns);
    CHECK_EQ(inb(0), 'b');
}

int main(void)
{
    test_reset_and_dlab();
    test_thre_interrupt();
    test_loopback();
    test_input_in_virtual_time();
    test_polling_opens_input();
    test_line_status_interrupt();
    test_input_held_back_for_linux();
    return rs_test_done();
}
