/* QEMU's isa-debug-exit: see devices.h. */
#include "devices.h"

static uint32_t debugexit_read(void *opaque, uint16_t off, int size)
{
    (void)opaque, (void)off, (void)size;
    return 0;
}

static void debugexit_write(void *opaque, uint16_t off, int size, uint32_t value)
{
    (void)off;
    rs_debugexit *d = opaque;
    d->requested = 1;
    d->value = size == 4 ? value : value & ((1u << (8 * size)) - 1);
}

void rs_debugexit_init(rs_debugexit *d, rs_io_device *dev)
{
    *d = (rs_debugexit){ 0, 0 };
    *dev = (rs_io_device){ "isa-debug-exit", 0xf4, 4, debugexit_read, debugexit_write, d };
}
