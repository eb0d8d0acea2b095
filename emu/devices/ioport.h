/* The port I/O bus: devices claim port ranges; everything else is an unclaimed port (reads give
 * all ones, writes are dropped, both are counted in unclaimed_count). One device per file (dev_*.c), attached with
 * rs_io_attach, like TinyEMU's cpu_register_device.
 *
 * The bus owns its table; devices own their state (opaque). Not thread-safe. */
#ifndef RS_IOPORT_H
#define RS_IOPORT_H
#include <stdint.h>
#include "error.h"

typedef struct rs_io_device {
    const char *name;
    uint16_t base, count;
    /* offset = port - base; size = 1, 2 or 4 bytes. */
    uint32_t (*read)(void *opaque, uint16_t offset, int size);
    void (*write)(void *opaque, uint16_t offset, int size, uint32_t value);
    void *opaque;
} rs_io_device;

#define RS_IO_MAX_DEVICES 16

typedef struct rs_iobus {
    rs_io_device dev[RS_IO_MAX_DEVICES];
    int n;
    uint64_t unclaimed_count;
} rs_iobus;

/* Fails with RS_ERR_ARG for an overlapping range or a full table. */
rs_err rs_io_attach(rs_iobus *bus, const rs_io_device *dev);
uint32_t rs_io_read(rs_iobus *bus, uint16_t port, int size);
void rs_io_write(rs_iobus *bus, uint16_t port, int size, uint32_t value);

#endif
