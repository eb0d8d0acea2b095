/* CMOS RAM and the MC146818 real-time clock (ports 0x70/0x71, IRQ 8), as QEMU 7.2 models them
 * (hw/rtc/mc146818rtc.c) and as SeaBIOS leaves them: registers A=0x26 (32.768 kHz, 1024 Hz
 * periodic rate), B=0x02 (24-hour, BCD), D=0x80 (battery good), C with the update-ended flag set,
 * and the CMOS bytes QEMU's pc_cmos_init writes (measured with a probe kernel: equipment 0x07,
 * base memory 640 KiB, extended memory, memory above 16 MiB in 64 KiB units, century 0x20 at 0x32
 * and 0x37, floppy type 0x50, boot order at 0x38/0x3D).
 *
 * The clock starts at a fixed date (--rtc, so runs repeat) and advances with virtual time, never
 * the host's. Status register A's update-in-progress bit is set in the last 244 us of every
 * second, as in QEMU. Register B selects BCD or binary and 12- or 24-hour (bit 7 of the hour is
 * PM) for reads and writes; SET (B bit 7) stops the clock while the guest writes the time. The
 * periodic (rate from A bits 3-0), alarm (seconds/minutes/hours, 0xC0-0xFF = any) and
 * update-ended interrupts set their flags in C whether enabled or not; an enabled one sets IRQF
 * and raises IRQ 8 until C is read. Port 0x70's bit 7 masks NMI (kept; there are no NMIs).
 * Reading 0x70 gives 0xFF, as QEMU.
 *
 * Like the PIT: rs_rtc_next_event says when the IRQ line next rises, rs_rtc_advance moves there.
 * State owned by the caller; no call can fail. */
#ifndef RS_RTC_H
#define RS_RTC_H
#include <stdint.h>
#include "ioport.h"
#include "timer_devices.h"
#include "rtc_date.h"

typedef struct rs_rtc {
    uint8_t index;                   /* port 0x70 bits 6-0 */
    uint8_t nmi_masked;              /* port 0x70 bit 7 */
    uint8_t cmos[128];               /* everything but the clock fields and C */
    uint8_t flags;                   /* register C's PF AF UF (bits 6-4) as of checked_ns */
    uint8_t irq_level;
    int running;                     /* the clock counts (B.SET clear) */
    int64_t base_s;                  /* the clock read base_s seconds at virtual time base_ns */
    uint64_t base_ns;
    uint64_t checked_ns;             /* the flags are up to date to here */
    rs_pic *pic;
    int irq;
    uint64_t (*clock)(void *opaque);
    void *clock_opaque;
} rs_rtc;

/* The state SeaBIOS leaves under QEMU for RAM_BYTES of memory, the clock at EPOCH_S (seconds since
 * 1970, UTC) at virtual time 0; IRQ on PIC's line IRQ (PIC may be NULL); CLOCK gives virtual ns
 * (NULL: 0). Fills DEV for rs_io_attach. */
void rs_rtc_init(rs_rtc *r, uint64_t ram_bytes, int64_t epoch_s, rs_pic *pic, int irq,
                 uint64_t (*clock)(void *opaque), void *clock_opaque, rs_io_device *dev);
uint64_t rs_rtc_next_event(const rs_rtc *r);
void rs_rtc_advance(rs_rtc *r, uint64_t now_ns);
/* The clock now, in seconds since 1970. */
int64_t rs_rtc_time(const rs_rtc *r, uint64_t now_ns);

#endif
