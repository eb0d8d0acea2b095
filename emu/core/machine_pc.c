/* The PC devices around the CPU that live in virtual time besides the PIC and PIT (machine_time.c
 * owns those): COM1's 16550A on IRQ 4 (uart.h). They are attached after the PIC, whose lines they
 * drive, and the machine's time loop asks them for their next event and advances them with the
 * PIT, so an input byte or a receive timeout happens at the same instruction in every run. */
#include "machine_priv.h"

static uint64_t clock_cb(void *opaque) { return rs_machine_vtime_ns(opaque); }

rs_err rs_machine_pc_attach(rs_machine *m, const rs_machine_config *cfg)
{
    rs_io_device dev;
    rs_uart_init(&m->uart, cfg->serial_sink, cfg->serial_opaque, &m->pic, 4, clock_cb, m, &dev);
    if (cfg->serial_input)
        rs_uart_set_input(&m->uart, cfg->serial_input, cfg->serial_input_len);
    return rs_io_attach(&m->bus, &dev);
}

uint64_t rs_machine_pc_next_event(const rs_machine *m)
{
    return rs_uart_next_event(&m->uart);
}

void rs_machine_pc_advance(rs_machine *m, uint64_t now_ns)
{
    rs_uart_advance(&m->uart, now_ns);
}

static int is_com1(uint16_t port) { return port >= 0x3f8 && port <= 0x3ff; }

int rs_machine_pc_timed_port(uint16_t port) { return is_com1(port); }

int rs_machine_pc_wants_time(const rs_machine *m, uint16_t port)
{
    return is_com1(port) && m->uart.ier != 0;
}
