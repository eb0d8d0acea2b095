/* The i8042 keyboard controller (0x60 data, 0x64 status/command) with a PS/2 keyboard behind it,
 * as QEMU 7.2 models them (hw/input/pckbd.c, ps2.c) and SeaBIOS leaves them: status 0x1C
 * (system flag, last write a command, not inhibited), command byte 0x61 (keyboard interrupt,
 * mouse port off, translation to scan code set 1), the last byte read 0xFA.
 *
 * Status (0x64 read): bit 0 output buffer full, bit 1 input buffer full (never: commands take
 * effect at once), bit 2 system flag, bit 3 the last write went to 0x64, bit 4 keyboard not
 * inhibited, bit 5 the output byte is from the mouse port. Reading 0x60 with nothing to read
 * gives the last byte again, as QEMU does; so do polling loops end.
 * Controller commands: 0x20/0x60 read/write the command byte, 0xAA self-test (0x55), 0xAB/0xA9
 * interface tests (0x00), 0xAD/0xAE keyboard off/on, 0xA7/0xA8 mouse port off/on, 0xD0/0xD1
 * read/write the output port (bit 1 is A20, kept), 0xD2/0xD3 write the keyboard/mouse output
 * buffer, 0xD4 a byte to the mouse (there is no mouse: nothing answers; QEMU has one), 0xFE and other pulses are ignored (ringscope does not reset).
 * Keyboard commands (0x60 write): 0xFF reset (0xFA 0xAA), 0xF2 identify (0xFA 0xAB 0x41), 0xEE
 * echo, 0xED LEDs and 0xF3 typematic (0xFA, then 0xFA for the argument), 0xF0 scan code set (0
 * reads it back: 0xFA then 2, or 0x41 while the controller translates), 0xF4/0xF5/0xF6 enable,
 * disable, defaults; anything else 0xFA. Writing to the keyboard turns its port on again (after
 * 0xAD), as QEMU does.
 * Keys (rs_i8042_key) are scan code set 1 bytes (make and break), queued in the keyboard's
 * 16-byte buffer; each byte moves to the output buffer when it is empty and raises IRQ 1 while
 * the command byte's bit 0 allows it.
 * A key script (rs_i8042_set_script: text, typed as rs_i8042_type does) is typed in virtual time,
 * one character every 10 ms, each only once the keyboard's buffer and the output buffer are
 * empty; it starts when the guest shows it listens — it reads port 0x60, or reads the status 64
 * times in a row finding nothing — or after one virtual second, whichever comes first. Like the
 * PIT, rs_i8042_next_event says when the next key comes and rs_i8042_advance types it.
 * State owned by the caller; no call can fail. */
#ifndef RS_I8042_H
#define RS_I8042_H
#include <stdint.h>
#include "ioport.h"
#include "timer_devices.h"

#define RS_I8042_QUEUE 16

typedef struct rs_i8042 {
    uint8_t status, command, out, last_write_cmd;
    uint8_t pending;                 /* a controller command waiting for its data byte on 0x60 */
    uint8_t kbd_pending;             /* a keyboard command waiting for its argument */
    uint8_t out_full, out_aux, last_read;
    uint8_t output_port;             /* 0xD0/0xD1: bit 0 reset (kept 1), bit 1 A20 */
    uint8_t kbd_enabled;             /* 0xF4/0xF5 */
    uint8_t q[RS_I8042_QUEUE];       /* bytes from the keyboard, waiting for the output buffer */
    uint8_t q_head, q_count;
    uint8_t irq1, irq12;             /* line levels */
    rs_pic *pic;
    uint64_t keys_typed;
    const char *script;              /* keys to type (borrowed), and how far */
    size_t script_pos;
    uint64_t next_key_ns;            /* the earliest time of the next scripted key */
    unsigned empty_polls;            /* status reads in a row with nothing to read */
    uint64_t now_ns;
    uint64_t (*clock)(void *opaque);
    void *clock_opaque;
} rs_i8042;

/* SeaBIOS's state under QEMU; IRQs 1 and 12 on PIC (may be NULL). Fills DATA (0x60) and STATUS
 * (0x64) for rs_io_attach. */
void rs_i8042_init(rs_i8042 *k, rs_pic *pic, uint64_t (*clock)(void *opaque), void *clock_opaque,
                   rs_io_device *data, rs_io_device *status);
/* Keys to type in virtual time (TEXT borrowed; must outlive the device). */
void rs_i8042_set_script(rs_i8042 *k, const char *text);
uint64_t rs_i8042_next_event(const rs_i8042 *k);
void rs_i8042_advance(rs_i8042 *k, uint64_t now_ns);
/* A byte from the keyboard (scan code set 1). Dropped when the queue is full, as a keyboard does. */
void rs_i8042_key(rs_i8042 *k, uint8_t code);
/* Types one ASCII character: its set 1 make and break codes (with Shift around it when needed;
 * '\n' is Enter). Returns 0 for a character with no key. */
int rs_i8042_type(rs_i8042 *k, char c);

#endif
