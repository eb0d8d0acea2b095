/* The PC devices around the CPU besides the PIC and PIT (machine_time.c owns those): COM1's 16550A
 * on IRQ 4 (uart.h), CMOS and the RTC on IRQ 8 (rtc.h), ports 0x61, 0x80 and 0x92 (sysports.h).
 * They are attached after the PIC, whose lines they drive, and the machine's time loop asks the
 * timed ones for their next event and advances them with the PIT, so an input byte, a receive
 * timeout or an RTC interrupt happens at the same instruction in every run. */
#include "machine_priv.h"

static uint64_t clock_cb(void *opaque) { return rs_machine_vtime_ns(opaque); }

rs_err rs_machine_pc_attach(rs_machine *m, const rs_machine_config *cfg)
{
    rs_io_device dev;
    rs_uart_init(&m->uart, cfg->serial_sink, cfg->serial_opaque, &m->pic, 4, clock_cb, m, &dev);
    if (cfg->serial_input)
        rs_uart_set_input(&m->uart, cfg->serial_input, cfg->serial_input_len);
    rs_err err = rs_io_attach(&m->bus, &dev);
    rs_rtc_init(&m->rtc, m->pm.size, cfg->rtc_set ? cfg->rtc_epoch : RS_RTC_DEFAULT_EPOCH, &m->pic, 8, clock_cb, m,
                &dev);
    if (!err)
        err = rs_io_attach(&m->bus, &dev);
    rs_port61_init(&m->port61, &m->pit, &dev);
    if (!err)
        err = rs_io_attach(&m->bus, &dev);
    rs_port80_init(&dev);
    if (!err)
        err = rs_io_attach(&m->bus, &dev);
    rs_port92_init(&m->port92, &dev);
    if (!err)
        err = rs_io_attach(&m->bus, &dev);
    return err;
}

uint64_t rs_machine_pc_next_event(const rs_machine *m)
{
    uint64_t uart = rs_uart_next_event(&m->uart), rtc = rs_rtc_next_event(&m->rtc);
    return uart < rtc ? uart : rtc;
}

void rs_machine_pc_advance(rs_machine *m, uint64_t now_ns)
{
    rs_uart_advance(&m->uart, now_ns);
    rs_rtc_advance(&m->rtc, now_ns);
}

static int is_com1(uint16_t port) { return port >= 0x3f8 && port <= 0x3ff; }
static int is_rtc(uint16_t port) { return port == 0x70 || port == 0x71; }

int rs_machine_pc_timed_port(uint16_t port) { return is_com1(port) || is_rtc(port); }

/* COM1 once the guest enables an interrupt; the RTC at once (its clock is virtual time). */
int rs_machine_pc_wants_time(const rs_machine *m, uint16_t port)
{
    return (is_com1(port) && m->uart.ier != 0) || is_rtc(port);
}
