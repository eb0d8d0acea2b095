/* The PC's small system ports, one file each:
 *   0x61 system control port B (dev_port61.c): bit 0 PIT channel 2's gate, bit 1 speaker data
 *        (both kept and read back), bit 4 the refresh toggle (flips on every read, as QEMU's
 *        pcspk_io_read does), bit 5 PIT channel 2's output. The gate is modelled only as far as
 *        this bit shows it: with the gate low, modes 2 and 3 read OUT high (as the 8254 holds it)
 *        and other modes the level they were left at; but channel 2 counts from the moment its
 *        count is loaded, gate high or low (a guest that loads a count with the gate low and
 *        raises it later finds it already running; Linux's TSC calibration raises the gate first).
 *   0x80 the POST diagnostic port (dev_port80.c): writes are accepted silently (kernels use it
 *        as a delay), reads give 0xFF, as QEMU's ioport80.
 *   0x92 system control port A (dev_port92.c): bit 1 is the fast A20 gate, read back (0x02 at
 *        boot, as SeaBIOS leaves it); A20 is always on in ringscope, so clearing it changes no
 *        address. Bit 0 (fast reset) is kept and reads back; ringscope does not reset.
 * State owned by the caller; no call can fail. */
#ifndef RS_SYSPORTS_H
#define RS_SYSPORTS_H
#include <stdint.h>
#include "ioport.h"
#include "timer_devices.h"

typedef struct rs_port61 {
    uint8_t gate, speaker, refresh;
    rs_pit *pit;
} rs_port61;
void rs_port61_init(rs_port61 *p, rs_pit *pit, rs_io_device *dev);

void rs_port80_init(rs_io_device *dev);

typedef struct rs_port92 {
    uint8_t value;
} rs_port92;
void rs_port92_init(rs_port92 *p, rs_io_device *dev);

#endif
