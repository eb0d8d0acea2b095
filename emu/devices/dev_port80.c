/* The POST diagnostic port (0x80): see sysports.h. */
#include <stddef.h>
#include "sysports.h"

static uint32_t port80_read(void *opaque, uint16_t off, int size)
{
    (void)opaque, (void)off;
    return size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
}

static void port80_write(void *opaque, uint16_t off, int size, uint32_t value)
{
    (void)opaque, (void)off, (void)size, (void)value;
}

void rs_port80_init(rs_io_device *dev)
{
    *dev = (rs_io_device){ .name = "post", .base = 0x80, .count = 1, .read = port80_read, .write = port80_write };
}
