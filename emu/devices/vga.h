/* VGA in 80x25 colour text mode, as a text-mode kernel sees it: the character/attribute cells at
 * physical 0xB8000 (in RAM here: a guest writes them as memory; two bytes per cell, the CP437
 * character and the attribute: bits 3-0 foreground, 6-4 background, 7 blink), and the registers
 * text kernels touch: the CRTC at 0x3D4/0x3D5 (cursor start/end 0x0A/0x0B with bit 5 hiding it,
 * display start 0x0C/0x0D, cursor location 0x0E/0x0F; all 25 registers kept), the sequencer
 * 0x3C4/0x3C5, graphics controller 0x3CE/0x3CF, attribute controller 0x3C0/0x3C1 (with its
 * index/data flip-flop), the DAC 0x3C7-0x3C9, misc output 0x3C2/0x3CC (0x67: colour, 0x3Dx
 * ports) and input status 1 at 0x3DA (reading it resets the attribute flip-flop; its retrace
 * bits flip on every read, so loops that wait for a retrace end).
 *
 * At boot the screen is blank (spaces, light grey on black) with the cursor at the top left
 * (cursor shape 0x0D-0x0E); under QEMU SeaBIOS's banner is still on it. Modes other than 80x25
 * text are not modelled: the registers are kept, the screen is still read as text.
 * State owned by the caller; no call can fail. */
#ifndef RS_VGA_H
#define RS_VGA_H
#include <stddef.h>
#include <stdint.h>
#include "ioport.h"

#define RS_VGA_COLS 80
#define RS_VGA_ROWS 25
#define RS_VGA_TEXT_BASE 0xb8000u

typedef struct rs_vga {
    uint8_t crtc_index, crtc[25];
    uint8_t seq_index, seq[5];
    uint8_t gc_index, gc[9];
    uint8_t attr_index, attr[21], attr_flip;
    uint8_t dac_read, dac_write, dac_step, dac[256][3];
    uint8_t misc, status_toggle;
} rs_vga;

/* The registers as SeaBIOS leaves them in mode 3. Fills DEV (0x3C0-0x3DF) for rs_io_attach. */
void rs_vga_init(rs_vga *v, rs_io_device *dev);
/* Blanks the text cells in RAM (spaces, attribute 0x07), as the machine does at boot. RAM must
 * hold 0xB8000 + 4000 bytes. */
void rs_vga_clear(uint8_t *ram);
/* The cell offset (0 .. 1999) the cursor is at, and whether it is shown. */
unsigned rs_vga_cursor(const rs_vga *v, int *visible);
/* The first cell shown (the CRTC's display start). */
unsigned rs_vga_start(const rs_vga *v);
/* The screen as text: 25 lines of CP437 mapped to UTF-8 (the glyphs for 0x01-0x1F and 0x7F,
 * NUL as a space), each line's trailing blanks trimmed, trailing empty lines dropped, every line
 * ending in '\n'. Writes at most CAP bytes including a NUL; returns the length it needs (as
 * snprintf). */
size_t rs_vga_text(const rs_vga *v, const uint8_t *ram, char *out, size_t cap);
/* One CP437 character as UTF-8 (up to 3 bytes and a NUL) into OUT; returns its length. */
int rs_vga_cp437_utf8(uint8_t c, char out[4]);

#endif
