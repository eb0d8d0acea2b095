#include <stdarg.h>
#include "ulib.h"

void exit(int status)
{
    syscall3(SYS_exit, (uint32_t)status, 0, 0);
    for (;;)
        ;   /* exit does not return; if it did, spinning is all ring 3 can do */
}

int32_t read(int fd, void *buf, uint32_t count)
{
    return syscall3(SYS_read, (uint32_t)fd, (uint32_t)buf, count);
}

int32_t write(int fd, const void *buf, uint32_t count)
{
    return syscall3(SYS_write, (uint32_t)fd, (uint32_t)buf, count);
}

int32_t getpid(void) { return syscall3(SYS_getpid, 0, 0, 0); }
uint32_t brk(uint32_t addr) { return (uint32_t)syscall3(SYS_brk, addr, 0, 0); }
int32_t sched_yield(void) { return syscall3(SYS_sched_yield, 0, 0, 0); }

uint32_t strlen(const char *s)
{
    uint32_t n = 0;
    while (s[n] != '\0')
        n++;
    return n;
}

void print(const char *s)
{
    write(1, s, strlen(s));
}

/* Formats into a buffer and writes once per call, so a line is one system call. */
struct out {
    char buf[256];
    uint32_t len;
};

static void put(struct out *o, char c)
{
    if (o->len == sizeof o->buf) {
        write(1, o->buf, o->len);
        o->len = 0;
    }
    o->buf[o->len++] = c;
}

static void put_unsigned(struct out *o, uint32_t v, uint32_t base, int width)
{
    char digits[12];
    int n = 0;
    do {
        digits[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v != 0);
    while (n < width)
        digits[n++] = '0';
    while (n > 0)
        put(o, digits[--n]);
}

void printf(const char *fmt, ...)
{
    struct out o;
    o.len = 0;
    va_list ap;
    va_start(ap, fmt);
    for (; *fmt != '\0'; fmt++) {
        if (*fmt != '%' || fmt[1] == '\0') {
            put(&o, *fmt);
            continue;
        }
        switch (*++fmt) {
        case 's':
            for (const char *s = va_arg(ap, const char *); *s != '\0'; s++)
                put(&o, *s);
            break;
        case 'c': put(&o, (char)va_arg(ap, int)); break;
        case 'd': {
            int v = va_arg(ap, int);
            if (v < 0)
                put(&o, '-');
            put_unsigned(&o, v < 0 ? 0u - (uint32_t)v : (uint32_t)v, 10, 0);
            break;
        }
        case 'u': put_unsigned(&o, va_arg(ap, uint32_t), 10, 0); break;
        case 'x':
            put(&o, '0');
            put(&o, 'x');
            put_unsigned(&o, va_arg(ap, uint32_t), 16, 8);
            break;
        default: put(&o, *fmt); break;
        }
    }
    va_end(ap);
    if (o.len > 0)
        write(1, o.buf, o.len);
}

int survived(const char *name)
{
    printf("%s: still alive - the kernel should have killed me\n", name);
    return 1;
}
