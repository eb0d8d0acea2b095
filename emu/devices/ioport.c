/* See ioport.h. */
#include "ioport.h"

rs_err rs_io_attach(rs_iobus *bus, const rs_io_device *dev)
{
    if (bus->n >= RS_IO_MAX_DEVICES || dev->count == 0)
        return RS_ERR_ARG;
    for (int i = 0; i < bus->n; i++) {
        const rs_io_device *o = &bus->dev[i];
        if (dev->base < o->base + o->count && o->base < dev->base + dev->count)
            return RS_ERR_ARG;
    }
    bus->dev[bus->n++] = *dev;
    return RS_OK;
}

static rs_io_device *find(rs_iobus *bus, uint16_t port)
{
    for (int i = 0; i < bus->n; i++)
        if (port >= bus->dev[i].base && port - bus->dev[i].base < bus->dev[i].count)
            return &bus->dev[i];
    return 0;
}

uint32_t rs_io_read(rs_iobus *bus, uint16_t port, int size)
{
    rs_io_device *d = find(bus, port);
    if (d && d->read)
        return d->read(d->opaque, (uint16_t)(port - d->base), size);
    if (!d)
        bus->unclaimed_count++;
    return size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
}

void rs_io_write(rs_iobus *bus, uint16_t port, int size, uint32_t value)
{
    rs_io_device *d = find(bus, port);
    if (d && d->write) {
        d->write(d->opaque, (uint16_t)(port - d->base), size, value);
        return;
    }
    if (!d)
        bus->unclaimed_count++;
}
