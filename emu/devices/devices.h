/* The PC's small devices, one per file. Each *_init fills an rs_io_device for rs_io_attach;
 * state structs are owned by the caller (the machine embeds them). */
#ifndef RS_DEVICES_H
#define RS_DEVICES_H
#include <stdint.h>
#include "byte_sink.h"
#include "ioport.h"

/* Bochs/QEMU debug console (0xE9): writes go to the sink, reads return 0xE9. */
typedef struct rs_debugcon {
    rs_byte_sink sink;
    void *sink_opaque;
} rs_debugcon;
void rs_debugcon_init(rs_debugcon *d, rs_byte_sink sink, void *opaque, rs_io_device *dev);

/* QEMU's isa-debug-exit (iobase 0xF4, iosize 4): writing V ends the run with exit status
 * (V << 1) | 1. The device only records the request; the machine stops the CPU. */
typedef struct rs_debugexit {
    int requested;
    uint32_t value;
} rs_debugexit;
void rs_debugexit_init(rs_debugexit *d, rs_io_device *dev);

#endif
