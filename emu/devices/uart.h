/* COM1 (0x3F8, IRQ 4): a 16550A as QEMU 7.2 models it (hw/char/serial.c), so a guest that waits
 * for THRE or for IRQ 4 behaves as on QEMU.
 *
 * Registers (offset from the base; DLAB = LCR bit 7):
 *   0 RBR (read) / THR (write); DLL with DLAB     1 IER (4 bits); DLM with DLAB
 *   2 IIR (read) / FCR (write)                     3 LCR      4 MCR (5 bits)
 *   5 LSR                                          6 MSR      7 SCR
 * Interrupts, highest priority first (IIR bits 3-0; bits 7-6 are 11 while the FIFOs are on):
 * receiver line status (0110: overrun, when IER bit 2), character timeout (1100: bytes wait in
 * the FIFO, below the trigger level, for 4 character times), received data (0100: the trigger
 * level reached, or any byte with the FIFOs off), transmitter holding register empty (0010, when
 * IER bit 1; cleared by reading IIR with it reported, or by writing THR). MSR changes never
 * happen (the modem lines are fixed: DCD DSR CTS on), so there is no modem-status interrupt.
 *
 * Transmission is immediate, as in QEMU: a byte written to THR goes to the sink at once and THRE
 * (and the THRE interrupt) comes back before the next instruction; the FIFO never fills.
 * The interrupt output reaches the PIC's IRQ 4 only while MCR.OUT2 is set (on a PC, OUT2 gates
 * the line; QEMU does not model that gate). Loopback (MCR bit 4) sends THR to the receiver.
 *
 * Reception: input bytes (rs_uart_set_input, borrowed) arrive at virtual times, one per
 * character time (start + data + parity + stop bits at 115200/divisor baud), and only while the
 * receiver can take them (the FIFO is not full, or with the FIFOs off the last byte was read):
 * nothing is ever lost to an overrun, and the same input always arrives at the same instruction.
 * Input waits until the guest shows it wants it: it sets IER bit 0 (received-data interrupt), or
 * reads LSR 64 times in a row without writing THR in between (a polling read loop; waiting for
 * THRE to send takes one or two reads per byte). Once the guest has set IER bit 0, input arrives
 * only while that bit is set (Linux's console output and its tty start-up turn it off and read
 * RBR to drain the port). Until then, a boot that resets and drains the
 * port (Linux's 8250 probe does) cannot eat it. Input bytes the guest throws away unread by
 * clearing the receive FIFO (FCR bit 1, or turning the FIFOs on or off) are sent again, after the
 * ones still to come are not: Linux's 8250 driver clears the FIFO when the tty is opened, which on
 * a wire loses what came before (QEMU too); here the file's dialogue arrives whole, at times that
 * are the same every run.
 *
 * The device is a pure function of virtual time, like the PIT: rs_uart_next_event says when it
 * next has something to do, rs_uart_advance moves it there. State is owned by the caller; no call
 * can fail. */
#ifndef RS_UART_H
#define RS_UART_H
#include <stddef.h>
#include <stdint.h>
#include "byte_sink.h"
#include "ioport.h"
#include "timer_devices.h"

#define RS_UART_FIFO 16

typedef struct rs_uart {
    uint8_t ier, iir, lcr, mcr, lsr, msr, scr, fcr;
    uint16_t divisor;
    uint8_t rbr;                     /* the receive buffer with the FIFOs off */
    uint8_t thr_ipending, timeout_ipending;
    uint8_t rx[RS_UART_FIFO];
    uint8_t rx_head, rx_count, rx_trigger;
    uint8_t irq_level;               /* what the PIC's input sees now */
    rs_pic *pic;
    int irq;
    rs_byte_sink sink;
    void *sink_opaque;
    uint64_t (*clock)(void *opaque); /* virtual time in ns */
    void *clock_opaque;
    const uint8_t *in;               /* input bytes, borrowed */
    size_t in_len, in_pos;
    int in_open;                     /* the guest asked for input (see above) */
    unsigned lsr_polls;              /* LSR reads since the last THR write */
    uint64_t next_rx_ns;             /* the earliest time the next input byte may arrive */
    uint64_t timeout_ns;             /* when the character timeout fires (UINT64_MAX: not armed) */
    uint64_t now_ns;                 /* the time the device has been advanced to */
    uint64_t received;               /* input bytes delivered so far (resent ones count again) */
    uint8_t rdi_seen;                /* the guest has set IER bit 0 at least once */
    uint8_t rx_input;                /* how many of the bytes held (newest) came from the input */
} rs_uart;

/* The reset state (QEMU's serial_reset: IIR 0x01, LSR 0x60, MSR 0xB0, MCR 0x08 = OUT2, divisor
 * 12), transmitting to SINK (NULL drops), interrupting PIC's line IRQ (PIC may be NULL: no
 * interrupts), timed by CLOCK (NULL: time stands still at 0). Fills DEV for rs_io_attach. */
void rs_uart_init(rs_uart *u, rs_byte_sink sink, void *sink_opaque, rs_pic *pic, int irq,
                  uint64_t (*clock)(void *opaque), void *clock_opaque, rs_io_device *dev);
/* Input for the receive line: LEN bytes at BYTES (borrowed; must outlive the device). */
void rs_uart_set_input(rs_uart *u, const uint8_t *bytes, size_t len);
/* The virtual time (ns) of the device's next change on its own (an input byte arriving, the
 * character timeout), or UINT64_MAX. */
uint64_t rs_uart_next_event(const rs_uart *u);
/* Moves the device's time to NOW_NS, doing what falls due on the way. */
void rs_uart_advance(rs_uart *u, uint64_t now_ns);
/* One character time in ns at the current divisor and line format. */
uint64_t rs_uart_char_ns(const rs_uart *u);

#endif
