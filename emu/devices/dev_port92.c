/* System control port A (0x92): see sysports.h. */
#include "sysports.h"

static uint32_t port92_read(void *opaque, uint16_t off, int size)
{
    (void)off, (void)size;
    return ((rs_port92 *)opaque)->value;
}

static void port92_write(void *opaque, uint16_t off, int size, uint32_t value)
{
    (void)off, (void)size;
    ((rs_port92 *)opaque)->value = (uint8_t)(value & 0x03);
}

void rs_port92_init(rs_port92 *p, rs_io_device *dev)
{
    p->value = 0x02;
    *dev = (rs_io_device){ "port92", 0x92, 1, port92_read, port92_write, p };
}
