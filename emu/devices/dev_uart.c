/* COM1: see devices.h. Register map (offset from 0x3F8), DLAB = LCR bit 7:
 *   0 RBR/THR (DLL)  1 IER (DLM)  2 IIR/FCR  3 LCR  4 MCR  5 LSR  6 MSR  7 SCR */
#include "devices.h"

enum { LSR_DR = 0x01, LSR_THRE = 0x20, LSR_TEMT = 0x40, MCR_LOOP = 0x10, LCR_DLAB = 0x80 };

/* In loopback the modem inputs follow the outputs: DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD. */
static uint8_t modem_status(const rs_uart *u)
{
    if (!(u->mcr & MCR_LOOP))
        return u->msr;
    return (uint8_t)(((u->mcr & 0x01) << 5) | ((u->mcr & 0x02) << 3) | ((u->mcr & 0x04) << 4) |
                     ((u->mcr & 0x08) << 4));
}

static uint32_t uart_read(void *opaque, uint16_t off, int size)
{
    (void)size;
    rs_uart *u = opaque;
    int dlab = (u->lcr & LCR_DLAB) != 0;
    switch (off) {
    case 0:
        if (dlab)
            return u->divisor & 0xff;
        u->lsr &= (uint8_t)~LSR_DR;
        return u->rbr;
    case 1: return dlab ? (uint32_t)(u->divisor >> 8) : u->ier;
    case 2: return (u->fcr & 1) ? 0xc1 : 0x01;     /* no interrupt pending */
    case 3: return u->lcr;
    case 4: return u->mcr;
    case 5: return u->lsr;
    case 6: return modem_status(u);
    default: return u->scr;
    }
}

static void uart_write(void *opaque, uint16_t off, int size, uint32_t value)
{
    (void)size;
    rs_uart *u = opaque;
    uint8_t v = (uint8_t)value;
    int dlab = (u->lcr & LCR_DLAB) != 0;
    switch (off) {
    case 0:
        if (dlab) {
            u->divisor = (uint16_t)((u->divisor & 0xff00) | v);
        } else if (u->mcr & MCR_LOOP) {
            u->rbr = v;
            u->lsr |= LSR_DR;
        } else if (u->sink) {
            u->sink(u->sink_opaque, v);
        }
        break;
    case 1:
        if (dlab)
            u->divisor = (uint16_t)((u->divisor & 0x00ff) | (v << 8));
        else
            u->ier = v & 0x0f;
        break;
    case 2: u->fcr = v; break;
    case 3: u->lcr = v; break;
    case 4: u->mcr = v & 0x1f; break;
    case 5: case 6: break;                  /* read-only */
    default: u->scr = v; break;
    }
}

void rs_uart_init(rs_uart *u, rs_byte_sink sink, void *opaque, rs_io_device *dev)
{
    *u = (rs_uart){ .lsr = LSR_THRE | LSR_TEMT, .msr = 0xb0, .divisor = 0x0c, .sink = sink,
                    .sink_opaque = opaque };
    *dev = (rs_io_device){ "com1", 0x3f8, 8, uart_read, uart_write, u };
}
