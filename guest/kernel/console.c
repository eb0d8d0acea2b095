/* COM1 output, the OSDev way: 8 data bits, no parity, one stop bit, 38400 baud, FIFO on.
 * Polled, not interrupt-driven: the kernel runs with interrupts off. */
#include <stdarg.h>
#include "console.h"
#include "x86.h"

#define COM1 0x3F8
#define LSR_THR_EMPTY 0x20   /* line status bit 5: the transmit holding register can take a byte */
#define DEBUG_EXIT_PORT 0xF4

void console_init(void)
{
    outb(COM1 + 1, 0x00);    /* no UART interrupts */
    outb(COM1 + 3, 0x80);    /* DLAB on: the next two registers are the baud divisor */
    outb(COM1 + 0, 0x03);    /* divisor 3: 38400 baud */
    outb(COM1 + 1, 0x00);
    outb(COM1 + 3, 0x03);    /* DLAB off, 8N1 */
    outb(COM1 + 2, 0xC7);    /* enable and clear the FIFOs */
    outb(COM1 + 4, 0x03);    /* DTR + RTS; OUT2 stays off so the UART can never raise an IRQ */
}

void console_putc(char c)
{
    while ((inb(COM1 + 5) & LSR_THR_EMPTY) == 0)
        ;
    outb(COM1, (uint8_t)c);
}

void console_write(const char *buf, uint32_t len)
{
    for (uint32_t i = 0; i < len; i++)
        console_putc(buf[i]);
}

static void print_unsigned(uint32_t v, uint32_t base, int width)
{
    char digits[12];
    int n = 0;
    do {
        digits[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v != 0);
    while (n < width && n < (int)sizeof digits)
        digits[n++] = '0';
    while (n > 0)
        console_putc(digits[--n]);
}

static void vkprintf(const char *fmt, va_list ap)
{
    for (; *fmt != '\0'; fmt++) {
        if (*fmt != '%') {
            console_putc(*fmt);
            continue;
        }
        fmt++;
        int width = 0;
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        switch (*fmt) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            while (*s != '\0')
                console_putc(*s++);
            break;
        }
        case 'c': console_putc((char)va_arg(ap, int)); break;
        case 'd': {
            int v = va_arg(ap, int);
            if (v < 0) {
                console_putc('-');
                print_unsigned(0u - (uint32_t)v, 10, width);
            } else {
                print_unsigned((uint32_t)v, 10, width);
            }
            break;
        }
        case 'u': print_unsigned(va_arg(ap, uint32_t), 10, width); break;
        case 'x': print_unsigned(va_arg(ap, uint32_t), 16, width); break;
        case '%': console_putc('%'); break;
        case '\0': return;
        default: console_putc('%'); console_putc(*fmt); break;
        }
    }
}

void kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vkprintf(fmt, ap);
    va_end(ap);
}

void debug_exit(uint8_t code)
{
    outb(DEBUG_EXIT_PORT, code);
    /* Not under QEMU (no debug-exit device): stop with interrupts off. */
    for (;;)
        __asm__ volatile("cli; hlt");
}

void panic(const char *fmt, ...)
{
    va_list ap;
    kprintf("[kernel] panic: ");
    va_start(ap, fmt);
    vkprintf(fmt, ap);
    va_end(ap);
    kprintf("\n");
    debug_exit(1);
}
