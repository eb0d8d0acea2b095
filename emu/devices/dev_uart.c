/* COM1: see uart.h. Register semantics follow QEMU 7.2's hw/char/serial.c (read, not copied) and
 * the 16550A datasheet (National Semiconductor PC16550D, "Interrupt Identification Register",
 * table 4: priorities and reset conditions). */
#include "uart.h"

enum {
    IER_RDI = 0x01, IER_THRI = 0x02, IER_RLSI = 0x04,
    IIR_NO_INT = 0x01, IIR_THRI = 0x02, IIR_RDI = 0x04, IIR_RLSI = 0x06, IIR_CTI = 0x0c, IIR_FIFO = 0xc0,
    FCR_FE = 0x01, FCR_RFR = 0x02, FCR_XFR = 0x04,
    LSR_DR = 0x01, LSR_OE = 0x02, LSR_BI = 0x10, LSR_THRE = 0x20, LSR_TEMT = 0x40, LSR_INT_ANY = 0x1e,
    MCR_OUT2 = 0x08, MCR_LOOP = 0x10, LCR_DLAB = 0x80,
    POLLS_FOR_INPUT = 64,
};

static uint64_t now(rs_uart *u) { return u->clock ? u->clock(u->clock_opaque) : u->now_ns; }

uint64_t rs_uart_char_ns(const rs_uart *u)
{
    unsigned bits = 1 + 5 + (u->lcr & 3) + ((u->lcr & 0x08) ? 1 : 0) + ((u->lcr & 0x04) ? 2 : 1);
    uint64_t divisor = u->divisor ? u->divisor : 0x10000;
    return bits * divisor * 1000000000u / 115200u;
}

/* IIR by priority (16550A table 4); the line to the PIC follows it, gated by OUT2 (which loopback
 * disconnects from the pin). */
static void update_irq(rs_uart *u)
{
    uint8_t id = IIR_NO_INT;
    if ((u->ier & IER_RLSI) && (u->lsr & LSR_INT_ANY))
        id = IIR_RLSI;
    else if ((u->ier & IER_RDI) && u->timeout_ipending)
        id = IIR_CTI;
    else if ((u->ier & IER_RDI) && (u->lsr & LSR_DR) && (!(u->fcr & FCR_FE) || u->rx_count >= u->rx_trigger))
        id = IIR_RDI;
    else if ((u->ier & IER_THRI) && u->thr_ipending)
        id = IIR_THRI;
    u->iir = (uint8_t)((u->iir & 0xf0) | id);
    uint8_t level = id != IIR_NO_INT && (u->mcr & (MCR_OUT2 | MCR_LOOP)) == MCR_OUT2;
    if (level != u->irq_level) {
        u->irq_level = level;
        if (u->pic)
            rs_pic_set_irq(u->pic, u->irq, level);
    }
}

static void receive(rs_uart *u, uint8_t byte)
{
    if (u->fcr & FCR_FE) {
        if (u->rx_count < RS_UART_FIFO)
            u->rx[(u->rx_head + u->rx_count++) % RS_UART_FIFO] = byte;
        else
            u->lsr |= LSR_OE;
        u->timeout_ns = u->now_ns + 4 * rs_uart_char_ns(u);
    } else {
        if (u->lsr & LSR_DR)
            u->lsr |= LSR_OE;
        u->rbr = byte;
        u->rx_input = 0;
    }
    u->lsr |= LSR_DR;
    update_irq(u);
}

/* Whether an input byte may arrive now: there is one, the guest asked, and the receiver has room
 * (QEMU's serial_can_receive; loopback takes nothing from outside). */
static int can_take_input(const rs_uart *u)
{
    if (!u->in_open || u->in_pos >= u->in_len || (u->mcr & MCR_LOOP))
        return 0;
    if (u->rdi_seen && !(u->ier & IER_RDI))     /* an interrupt-driven guest paused it (uart.h) */
        return 0;
    return (u->fcr & FCR_FE) ? u->rx_count < RS_UART_FIFO : !(u->lsr & LSR_DR);
}

static uint64_t next_arrival(const rs_uart *u)
{
    if (!can_take_input(u))
        return UINT64_MAX;
    return u->next_rx_ns > u->now_ns ? u->next_rx_ns : u->now_ns;
}

uint64_t rs_uart_next_event(const rs_uart *u)
{
    uint64_t a = next_arrival(u);
    return a < u->timeout_ns ? a : u->timeout_ns;
}

void rs_uart_advance(rs_uart *u, uint64_t now_ns)
{
    for (;;) {
        uint64_t arrive = next_arrival(u);
        uint64_t at = arrive < u->timeout_ns ? arrive : u->timeout_ns;
        if (at > now_ns)
            break;
        if (at > u->now_ns)
            u->now_ns = at;
        if (at == arrive) {
            receive(u, u->in[u->in_pos++]);
            u->rx_input++;
            u->received++;
            u->next_rx_ns = at + rs_uart_char_ns(u);
        } else {
            u->timeout_ns = UINT64_MAX;
            if (u->rx_count) {
                u->timeout_ipending = 1;
                update_irq(u);
            }
        }
    }
    if (now_ns > u->now_ns)
        u->now_ns = now_ns;
}

static void open_input(rs_uart *u)
{
    if (!u->in_open) {
        u->in_open = 1;
        if (u->next_rx_ns < u->now_ns)
            u->next_rx_ns = u->now_ns;
    }
}

static uint8_t read_rbr(rs_uart *u)
{
    uint8_t v;
    if (u->fcr & FCR_FE) {
        v = 0;
        if (u->rx_count) {
            v = u->rx[u->rx_head];
            u->rx_head = (uint8_t)((u->rx_head + 1) % RS_UART_FIFO);
            u->rx_count--;
        }
        if (!u->rx_count)
            u->lsr &= (uint8_t)~(LSR_DR | LSR_BI);
        else
            u->timeout_ns = u->now_ns + 4 * rs_uart_char_ns(u);
        u->timeout_ipending = 0;
        if (u->rx_input > u->rx_count)
            u->rx_input = u->rx_count;
    } else {
        v = u->rbr;
        u->lsr &= (uint8_t)~(LSR_DR | LSR_BI);
        u->rx_input = 0;
    }
    update_irq(u);
    return v;
}

/* In loopback the modem inputs follow the outputs: DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD. */
static uint8_t modem_status(const rs_uart *u)
{
    if (!(u->mcr & MCR_LOOP))
        return u->msr;
    return (uint8_t)(((u->mcr & 0x01) << 5) | ((u->mcr & 0x02) << 3) | ((u->mcr & 0x0c) << 4));
}

static uint32_t uart_read(void *opaque, uint16_t off, int size)
{
    (void)size;
    rs_uart *u = opaque;
    rs_uart_advance(u, now(u));
    int dlab = (u->lcr & LCR_DLAB) != 0;
    uint8_t v;
    switch (off) {
    case 0: return dlab ? (uint32_t)(u->divisor & 0xff) : read_rbr(u);
    case 1: return dlab ? (uint32_t)(u->divisor >> 8) : u->ier;
    case 2:
        v = u->iir;
        if ((v & 0x0f) == IIR_THRI) {       /* reading IIR that reports THRE clears it */
            u->thr_ipending = 0;
            update_irq(u);
        }
        return v;
    case 3: return u->lcr;
    case 4: return u->mcr;
    case 5:
        v = u->lsr;
        if (u->lsr & (LSR_BI | LSR_OE)) {   /* reading LSR clears the error bits */
            u->lsr &= (uint8_t)~(LSR_BI | LSR_OE);
            update_irq(u);
        }
        if (++u->lsr_polls >= POLLS_FOR_INPUT)
            open_input(u);
        return v;
    case 6: return modem_status(u);
    default: return u->scr;
    }
}

static void transmit(rs_uart *u, uint8_t v)
{
    u->thr_ipending = 0;
    u->lsr &= (uint8_t)~(LSR_THRE | LSR_TEMT);
    update_irq(u);
    if (u->mcr & MCR_LOOP)
        receive(u, v);
    else if (u->sink)
        u->sink(u->sink_opaque, v);
    u->lsr |= LSR_THRE | LSR_TEMT;
    u->thr_ipending = 1;
    update_irq(u);
}

static void write_ier(rs_uart *u, uint8_t v)
{
    uint8_t changed = (u->ier ^ v) & 0x0f;
    u->ier = v & 0x0f;
    /* Turning THRI on with THR empty raises the interrupt again (QEMU 7.2 does this; Windows and
     * Linux's 8250 driver kick transmission that way). */
    if (changed & IER_THRI)
        u->thr_ipending = (u->ier & IER_THRI) && (u->lsr & LSR_THRE);
    if (u->ier & IER_RDI) {
        u->rdi_seen = 1;
        open_input(u);
    }
    if (changed)
        update_irq(u);
}

static void write_fcr(rs_uart *u, uint8_t v)
{
    if (v == u->fcr)
        return;
    if ((v ^ u->fcr) & FCR_FE)          /* enabling or disabling the FIFOs clears both */
        v |= FCR_RFR | FCR_XFR;
    if (v & FCR_RFR) {
        /* The sender repeats what the guest threw away unread (uart.h) */
        if (u->rx_input) {
            u->in_pos -= u->rx_input < u->in_pos ? u->rx_input : u->in_pos;
            u->next_rx_ns = u->now_ns + rs_uart_char_ns(u);   /* from the start of a character */
        }
        u->rx_input = 0;
        u->lsr &= (uint8_t)~(LSR_DR | LSR_BI);
        u->timeout_ns = UINT64_MAX;
        u->timeout_ipending = 0;
        u->rx_count = u->rx_head = 0;
    }
    if (v & FCR_XFR) {
        u->lsr |= LSR_THRE;
        u->thr_ipending = 1;
    }
    u->fcr = v & 0xc9;
    if (u->fcr & FCR_FE) {
        static const uint8_t trigger[4] = { 1, 4, 8, 14 };
        u->iir |= IIR_FIFO;
        u->rx_trigger = trigger[v >> 6];
    } else {
        u->iir &= (uint8_t)~IIR_FIFO;
    }
    update_irq(u);
}

static void uart_write(void *opaque, uint16_t off, int size, uint32_t value)
{
    (void)size;
    rs_uart *u = opaque;
    rs_uart_advance(u, now(u));
    uint8_t v = (uint8_t)value;
    int dlab = (u->lcr & LCR_DLAB) != 0;
    switch (off) {
    case 0:
        if (dlab) {
            u->divisor = (uint16_t)((u->divisor & 0xff00) | v);
        } else {
            u->lsr_polls = 0;
            transmit(u, v);
        }
        break;
    case 1:
        if (dlab)
            u->divisor = (uint16_t)((u->divisor & 0x00ff) | (v << 8));
        else
            write_ier(u, v);
        break;
    case 2: write_fcr(u, v); break;
    case 3: u->lcr = v; break;
    case 4: u->mcr = v & 0x1f; update_irq(u); break;
    case 5: case 6: break;                  /* read-only */
    default: u->scr = v; break;
    }
}

void rs_uart_init(rs_uart *u, rs_byte_sink sink, void *sink_opaque, rs_pic *pic, int irq,
                  uint64_t (*clock)(void *opaque), void *clock_opaque, rs_io_device *dev)
{
    *u = (rs_uart){ .iir = IIR_NO_INT, .lsr = LSR_THRE | LSR_TEMT, .msr = 0xb0, .mcr = MCR_OUT2, .divisor = 0x0c,
                    .rx_trigger = 1, .pic = pic, .irq = irq, .sink = sink, .sink_opaque = sink_opaque,
                    .clock = clock, .clock_opaque = clock_opaque, .timeout_ns = UINT64_MAX };
    *dev = (rs_io_device){ "com1", 0x3f8, 8, uart_read, uart_write, u };
}

void rs_uart_set_input(rs_uart *u, const uint8_t *bytes, size_t len)
{
    u->in = bytes;
    u->in_len = len;
    u->in_pos = 0;
}
