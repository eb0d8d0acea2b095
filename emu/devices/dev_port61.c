/* System control port B (0x61): see sysports.h. */
#include "sysports.h"

static uint32_t port61_read(void *opaque, uint16_t off, int size)
{
    (void)off, (void)size;
    rs_port61 *p = opaque;
    p->refresh ^= 0x10;
    /* With the gate low a channel in mode 2 or 3 holds OUT high (8254 datasheet); other modes show
     * the level they were left at. */
    const rs_pit_channel *c = &p->pit->ch[2];
    uint8_t out = p->gate ? rs_pit_output(p->pit, 2) : (c->mode == 2 || c->mode == 3) ? 1 : c->out;
    return (uint32_t)(p->gate | (p->speaker << 1) | p->refresh | (out << 5));
}

static void port61_write(void *opaque, uint16_t off, int size, uint32_t value)
{
    (void)off, (void)size;
    rs_port61 *p = opaque;
    p->gate = value & 1;
    p->speaker = (value >> 1) & 1;
}

void rs_port61_init(rs_port61 *p, rs_pit *pit, rs_io_device *dev)
{
    *p = (rs_port61){ .pit = pit };
    *dev = (rs_io_device){ "port61", 0x61, 1, port61_read, port61_write, p };
}
