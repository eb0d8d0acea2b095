/* The window's colours, in one place: the map legend, the ring indicator and the panels use the
 * same names, and the pixel tests (tests/ui) check screenshots against these values.
 *
 * The idea that makes the map read at a glance: green is what user code may touch, red-orange is
 * what only the kernel may touch; the ring indicator uses the same two colours for ring 3 and
 * ring 0. Read-only pages take a cooler hue of their side (blue for user, violet for kernel). */
#ifndef RS_WIN_THEME_H
#define RS_WIN_THEME_H
#include <stdint.h>

/* 0xRRGGBB */
enum {
    WIN_RGB_BACKGROUND = 0x121418,
    WIN_RGB_PANEL = 0x1a1d23,
    WIN_RGB_PANEL_EDGE = 0x2c313a,
    WIN_RGB_TITLE = 0x8f9aae,
    WIN_RGB_TEXT = 0xd8dee9,
    WIN_RGB_DIM = 0x7d8696,
    WIN_RGB_CHANGED = 0xffd166,      /* a register the last step changed */
    WIN_RGB_HIGHLIGHT = 0x2d3a52,    /* the line at EIP */
    WIN_RGB_ACCENT = 0x5aa9ff,

    /* the address-space map */
    WIN_RGB_NOT_PRESENT = 0x22262e,
    WIN_RGB_USER_RO = 0x3b8fd9,      /* user, read-only */
    WIN_RGB_USER_RW = 0x43c463,      /* user, writable */
    WIN_RGB_SUPER_RO = 0x9a5fd0,     /* supervisor, read-only */
    WIN_RGB_SUPER_RW = 0xe0533d,     /* supervisor, writable */
    WIN_RGB_RESERVED = 0xe6c229,     /* a 4 MiB page with a reserved bit: every access faults */
    WIN_RGB_DIRTY = 0xffe08a,        /* the accessed/dirty overlay's dirty tint */
    WIN_RGB_EIP = 0xffffff,          /* the page EIP is in */
    WIN_RGB_ESP = 0x7fe0ff,          /* the page ESP is in */
    WIN_RGB_GLOW = 0xffd27a,         /* recently touched pages */
    WIN_RGB_FAULT = 0xff2e55,        /* the faulting page, the denying bit */
    WIN_RGB_LINE_3G = 0xf2f2f2,      /* the user/kernel line at 0xc0000000 */
    WIN_RGB_PAGING_OFF = 0x4a5568,   /* memory with paging off: no U/S or R/W at all */

    /* rings */
    WIN_RGB_RING3 = WIN_RGB_USER_RW,
    WIN_RGB_RING0 = WIN_RGB_SUPER_RW,

    /* timeline markers */
    WIN_RGB_MARK_SYSCALL = 0x5aa9ff,
    WIN_RGB_MARK_FAULT = WIN_RGB_FAULT,
    WIN_RGB_MARK_INTERRUPT = 0xe6c229,
    WIN_RGB_MARK_BREAK = 0xffffff,
};

static inline uint8_t win_rgb_r(uint32_t rgb) { return (uint8_t)(rgb >> 16); }
static inline uint8_t win_rgb_g(uint32_t rgb) { return (uint8_t)(rgb >> 8); }
static inline uint8_t win_rgb_b(uint32_t rgb) { return (uint8_t)rgb; }

#endif
