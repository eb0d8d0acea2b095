/* Kernel output: COM1 (0x3F8), polled. Everything the kernel says goes here, one line per event
 * (formats in main.c). */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H
#include <stdint.h>

void console_init(void);
void console_putc(char c);
void console_write(const char *buf, uint32_t len);

/* A tiny printf: %s %c %d %u %x, with an optional zero-pad width for %x (e.g. %08x). */
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Ends the run: writes CODE to QEMU's isa-debug-exit port 0xF4 (QEMU exits with 2*CODE+1).
 * 0 means every program ran. Never returns. */
void debug_exit(uint8_t code) __attribute__((noreturn));

/* A fault or impossible state in ring 0: prints "[kernel] panic: ..." and exits with code 1. */
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif
