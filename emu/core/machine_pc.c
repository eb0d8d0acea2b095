/* The PC devices around the CPU besides the PIC and PIT (machine_time.c owns those): COM1's 16550A
 * on IRQ 4 (uart.h), CMOS and the RTC on IRQ 8 (rtc.h), ports 0x61, 0x80 and 0x92 (sysports.h),
 * the i8042 keyboard controller on IRQ 1 (i8042.h) and VGA text mode (vga.h).
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
    rs_io_device status;
    rs_i8042_init(&m->kbd, &m->pic, clock_cb, m, &dev, &status);
    if (cfg->keys)
        rs_i8042_set_script(&m->kbd, cfg->keys);
    if (!err)
        err = rs_io_attach(&m->bus, &dev);
    if (!err)
        err = rs_io_attach(&m->bus, &status);
    rs_vga_init(&m->vga, &dev);
    if (!err)
        err = rs_io_attach(&m->bus, &dev);
    return err;
}

void rs_machine_pc_boot(rs_machine *m)
{
    rs_vga_clear(m->pm.ram);
}

size_t rs_machine_screen_text(rs_machine *m, char *out, size_t cap)
{
    return rs_vga_text(&m->vga, m->pm.ram, out, cap);
}

void rs_machine_screen(rs_machine *m, rs_screen *s)
{
    const uint8_t *cells = m->pm.ram + RS_VGA_TEXT_BASE;
    unsigned start = rs_vga_start(&m->vga);
    for (unsigned i = 0; i < RS_SCREEN_COLS * RS_SCREEN_ROWS; i++) {
        unsigned cell = (start + i) & 0x3fff;
        s->ch[i] = cells[2 * cell];
        s->attr[i] = cells[2 * cell + 1];
    }
    unsigned cursor = rs_vga_cursor(&m->vga, &s->cursor_visible);
    s->cursor = (cursor - start) % (RS_SCREEN_COLS * RS_SCREEN_ROWS);
}

int rs_machine_type(rs_machine *m, const char *text)
{
    int typed = 0;
    for (; *text; text++)
        typed += rs_i8042_type(&m->kbd, *text);
    return typed;
}

void rs_machine_key(rs_machine *m, uint8_t scancode)
{
    rs_i8042_key(&m->kbd, scancode);
}

int rs_machine_cp437_utf8(uint8_t c, char out[4]) { return rs_vga_cp437_utf8(c, out); }

uint64_t rs_machine_pc_next_event(const rs_machine *m)
{
    uint64_t uart = rs_uart_next_event(&m->uart), rtc = rs_rtc_next_event(&m->rtc), kbd = rs_i8042_next_event(&m->kbd);
    uint64_t next = uart < rtc ? uart : rtc;
    return kbd < next ? kbd : next;
}

void rs_machine_pc_advance(rs_machine *m, uint64_t now_ns)
{
    rs_uart_advance(&m->uart, now_ns);
    rs_rtc_advance(&m->rtc, now_ns);
    rs_i8042_advance(&m->kbd, now_ns);
}

static int is_com1(uint16_t port) { return port >= 0x3f8 && port <= 0x3ff; }
static int is_rtc(uint16_t port) { return port == 0x70 || port == 0x71; }
static int is_i8042(uint16_t port) { return port == 0x60 || port == 0x64; }

/* (An i8042 access can raise or lower IRQ 1.) */
int rs_machine_pc_timed_port(uint16_t port) { return is_com1(port) || is_rtc(port) || is_i8042(port); }

/* COM1 once the guest enables an interrupt; the RTC at once (its clock is virtual time). */
int rs_machine_pc_wants_time(const rs_machine *m, uint16_t port)
{
    return (is_com1(port) && m->uart.ier != 0) || is_rtc(port);
}
