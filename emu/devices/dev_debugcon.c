/* Debug console at 0xE9: see devices.h. */
#include "devices.h"

static uint32_t debugcon_read(void *opaque, uint16_t off, int size)
{
    (void)opaque, (void)off, (void)size;
    return 0xe9;   /* Bochs and QEMU answer their own port number: "is the console there?" */
}

static void debugcon_write(void *opaque, uint16_t off, int size, uint32_t value)
{
    (void)off, (void)size;
    rs_debugcon *d = opaque;
    if (d->sink)
        d->sink(d->sink_opaque, (uint8_t)value);
}

void rs_debugcon_init(rs_debugcon *d, rs_byte_sink sink, void *opaque, rs_io_device *dev)
{
    *d = (rs_debugcon){ sink, opaque };
    *dev = (rs_io_device){ "debugcon", 0xe9, 1, debugcon_read, debugcon_write, d };
}
