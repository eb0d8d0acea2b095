/* VGA text mode: see vga.h. Register layout from the VGA programmer's references (IBM VGA
 * technical reference, OSDev "VGA Hardware", "Text Mode Cursor"). */
#include <iconv.h>
#include <string.h>
#include "vga.h"

static uint8_t *dac_byte(rs_vga *v, uint8_t *index) { return &v->dac[*index][v->dac_step]; }

static void dac_next(rs_vga *v, uint8_t *index)
{
    if (++v->dac_step == 3) {
        v->dac_step = 0;
        (*index)++;
    }
}

static uint32_t vga_read(void *opaque, uint16_t off, int size)
{
    (void)size;
    rs_vga *v = opaque;
    uint8_t val;
    switch (0x3c0 + off) {
    case 0x3c0: return v->attr_index;
    case 0x3c1: return (v->attr_index & 0x1f) < sizeof v->attr ? v->attr[v->attr_index & 0x1f] : 0;
    case 0x3c4: return v->seq_index;
    case 0x3c5: return v->seq_index < sizeof v->seq ? v->seq[v->seq_index] : 0;
    case 0x3c7: return 0;                                 /* DAC state: read mode */
    case 0x3c8: return v->dac_write;
    case 0x3c9:
        val = *dac_byte(v, &v->dac_read);
        dac_next(v, &v->dac_read);
        return val;
    case 0x3cc: return v->misc;
    case 0x3ce: return v->gc_index;
    case 0x3cf: return v->gc_index < sizeof v->gc ? v->gc[v->gc_index] : 0;
    case 0x3d4: return v->crtc_index;
    case 0x3d5: return v->crtc_index < sizeof v->crtc ? v->crtc[v->crtc_index] : 0;
    case 0x3da:
        v->attr_flip = 0;
        v->status_toggle ^= 0x09;                         /* display enable and vertical retrace */
        return v->status_toggle;
    default: return 0xff;
    }
}

static void vga_write(void *opaque, uint16_t off, int size, uint32_t value)
{
    rs_vga *v = opaque;
    uint8_t b = (uint8_t)value;
    if (size == 2) {                                      /* outw: index then data */
        vga_write(opaque, off, 1, value & 0xff);
        vga_write(opaque, (uint16_t)(off + 1), 1, (value >> 8) & 0xff);
        return;
    }
    switch (0x3c0 + off) {
    case 0x3c0:
        if (!v->attr_flip)
            v->attr_index = b & 0x3f;
        else if ((v->attr_index & 0x1f) < sizeof v->attr)
            v->attr[v->attr_index & 0x1f] = b;
        v->attr_flip ^= 1;
        break;
    case 0x3c2: v->misc = b; break;
    case 0x3c4: v->seq_index = b; break;
    case 0x3c5: if (v->seq_index < sizeof v->seq) v->seq[v->seq_index] = b; break;
    case 0x3c7: v->dac_read = b; v->dac_step = 0; break;
    case 0x3c8: v->dac_write = b; v->dac_step = 0; break;
    case 0x3c9:
        *dac_byte(v, &v->dac_write) = b & 0x3f;
        dac_next(v, &v->dac_write);
        break;
    case 0x3ce: v->gc_index = b; break;
    case 0x3cf: if (v->gc_index < sizeof v->gc) v->gc[v->gc_index] = b; break;
    case 0x3d4: v->crtc_index = b; break;
    case 0x3d5: if (v->crtc_index < sizeof v->crtc) v->crtc[v->crtc_index] = b; break;
    default: break;
    }
}

void rs_vga_init(rs_vga *v, rs_io_device *dev)
{
    /* Mode 3's CRTC values (the standard VGA BIOS table): 80 columns, 400 lines, 16-line cells. */
    static const uint8_t crtc[25] = { 0x5f, 0x4f, 0x50, 0x82, 0x55, 0x81, 0xbf, 0x1f, 0x00, 0x4f, 0x0d, 0x0e,
                                      0x00, 0x00, 0x00, 0x00, 0x9c, 0x8e, 0x8f, 0x28, 0x1f, 0x96, 0xb9, 0xa3, 0xff };
    static const uint8_t seq[5] = { 0x03, 0x00, 0x03, 0x00, 0x02 };
    static const uint8_t gc[9] = { 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0e, 0x00, 0xff };
    static const uint8_t attr[21] = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3a,
                                      0x3b, 0x3c, 0x3d, 0x3e, 0x3f, 0x0c, 0x00, 0x0f, 0x08, 0x00 };
    memset(v, 0, sizeof *v);
    memcpy(v->crtc, crtc, sizeof crtc);
    memcpy(v->seq, seq, sizeof seq);
    memcpy(v->gc, gc, sizeof gc);
    memcpy(v->attr, attr, sizeof attr);
    v->attr_index = 0x20;                                 /* palette address source: video on */
    v->misc = 0x67;
    *dev = (rs_io_device){ .name = "vga", .base = 0x3c0, .count = 0x20, .read = vga_read, .write = vga_write,
                           .opaque = v };
}

void rs_vga_clear(uint8_t *ram)
{
    for (unsigned i = 0; i < RS_VGA_COLS * RS_VGA_ROWS; i++) {
        ram[RS_VGA_TEXT_BASE + 2 * i] = ' ';
        ram[RS_VGA_TEXT_BASE + 2 * i + 1] = 0x07;
    }
}

unsigned rs_vga_cursor(const rs_vga *v, int *visible)
{
    if (visible)
        *visible = !(v->crtc[0x0a] & 0x20);
    return ((unsigned)v->crtc[0x0e] << 8 | v->crtc[0x0f]) % (RS_VGA_COLS * RS_VGA_ROWS);
}

unsigned rs_vga_start(const rs_vga *v) { return ((unsigned)v->crtc[0x0c] << 8 | v->crtc[0x0d]) & 0x3fff; }

/* The glyphs CP437 draws for the control range; the rest of the code page is iconv's "CP437". */
static const uint16_t cp437_low[32] = {
    0x0020, 0x263a, 0x263b, 0x2665, 0x2666, 0x2663, 0x2660, 0x2022, 0x25d8, 0x25cb, 0x25d9, 0x2642, 0x2640,
    0x266a, 0x266b, 0x263c, 0x25ba, 0x25c4, 0x2195, 0x203c, 0x00b6, 0x00a7, 0x25ac, 0x21a8, 0x2191, 0x2193,
    0x2192, 0x2190, 0x221f, 0x2194, 0x25b2, 0x25bc,
};

static int utf8_of(uint16_t u, char out[4])
{
    if (u < 0x80) {
        out[0] = (char)u, out[1] = 0;
        return 1;
    }
    if (u < 0x800) {
        out[0] = (char)(0xc0 | u >> 6), out[1] = (char)(0x80 | (u & 0x3f)), out[2] = 0;
        return 2;
    }
    out[0] = (char)(0xe0 | u >> 12), out[1] = (char)(0x80 | ((u >> 6) & 0x3f)), out[2] = (char)(0x80 | (u & 0x3f));
    out[3] = 0;
    return 3;
}

int rs_vga_cp437_utf8(uint8_t c, char out[4])
{
    if (c < 0x20)
        return utf8_of(cp437_low[c], out);
    if (c == 0x7f)
        return utf8_of(0x2302, out);                      /* ⌂ */
    if (c < 0x80)
        return utf8_of(c, out);
    static char table[128][4];
    static int ready;
    if (!ready) {                                          /* once: glibc's CP437 for 0x80-0xFF */
        iconv_t cd = iconv_open("UTF-8", "CP437");
        for (int i = 0; i < 128; i++) {
            char in = (char)(0x80 + i), *pin = &in, *pout = table[i];
            size_t inl = 1, outl = 3;
            if (cd == (iconv_t)-1 || iconv(cd, &pin, &inl, &pout, &outl) == (size_t)-1)
                strcpy(table[i], "?");
        }
        if (cd != (iconv_t)-1)
            iconv_close(cd);
        ready = 1;
    }
    strcpy(out, table[c - 0x80]);
    return (int)strlen(out);
}

size_t rs_vga_text(const rs_vga *v, const uint8_t *ram, char *out, size_t cap)
{
    size_t n = 0, keep = 0;                               /* keep: the length through the last text line */
    unsigned start = rs_vga_start(v);
    for (unsigned row = 0; row < RS_VGA_ROWS; row++) {
        size_t line_start = n, line_end = n;
        for (unsigned col = 0; col < RS_VGA_COLS; col++) {
            unsigned cell = (start + row * RS_VGA_COLS + col) & 0x3fff;   /* 32 KiB of cells */
            uint8_t c = ram[RS_VGA_TEXT_BASE + 2 * cell];
            char u[4];
            int len = rs_vga_cp437_utf8(c, u);
            for (int i = 0; i < len; i++, n++)
                if (n + 1 < cap)
                    out[n] = u[i];
            if (c != ' ' && c != 0 && c != 0xff)          /* 0xFF is a blank in CP437 too */
                line_end = n;
        }
        n = line_end;
        if (n + 1 < cap)
            out[n] = '\n';
        n++;
        if (line_end > line_start)
            keep = n;
    }
    if (cap)
        out[keep < cap ? keep : cap - 1] = 0;
    return keep;
}
