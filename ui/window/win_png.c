/* See win_png.h. The format (PNG spec, ISO/IEC 15948): the signature, then chunks of
 * length | type | data | CRC-32 of type and data: IHDR (size, 8-bit RGB), IDAT (the zlib stream
 * of the rows, each after a filter byte), IEND. Rows use filter 1 ("Sub": each byte minus the one
 * three to its left), which turns the window's flat colours into runs of zeros. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "win_png.h"

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8), p[3] = (uint8_t)v;
}

static int write_chunk(FILE *f, const char *type, const uint8_t *data, uint32_t len)
{
    uint8_t head[8];
    put32(head, len);
    memcpy(head + 4, type, 4);
    uLong crc = crc32(0, (const Bytef *)type, 4);
    if (len)
        crc = crc32(crc, data, len);
    uint8_t tail[4];
    put32(tail, (uint32_t)crc);
    return fwrite(head, 1, 8, f) == 8 && (!len || fwrite(data, 1, len, f) == len) && fwrite(tail, 1, 4, f) == 4;
}

/* The filtered rows: per row a filter byte (1) and W RGB triples, each byte minus its left one. */
static uint8_t *filtered_rows(const uint32_t *pixels, int w, int h, int pitch, size_t *out_len)
{
    size_t row = 1 + (size_t)w * 3;
    uint8_t *raw = malloc(row * (size_t)h);
    if (!raw)
        return NULL;
    for (int y = 0; y < h; y++) {
        const uint32_t *src = (const uint32_t *)((const uint8_t *)pixels + (size_t)y * (size_t)pitch);
        uint8_t *dst = raw + row * (size_t)y;
        uint8_t prev[3] = { 0, 0, 0 };
        dst[0] = 1;
        for (int x = 0; x < w; x++) {
            uint8_t rgb[3] = { (uint8_t)(src[x] >> 16), (uint8_t)(src[x] >> 8), (uint8_t)src[x] };
            for (int c = 0; c < 3; c++) {
                dst[1 + 3 * x + c] = (uint8_t)(rgb[c] - prev[c]);
                prev[c] = rgb[c];
            }
        }
    }
    *out_len = row * (size_t)h;
    return raw;
}

int win_png_write(const char *path, const uint32_t *pixels, int w, int h, int pitch, char *err, size_t len)
{
    size_t raw_len = 0;
    uint8_t *raw = filtered_rows(pixels, w, h, pitch, &raw_len);
    uLongf z_len = compressBound((uLong)raw_len);
    uint8_t *z = raw ? malloc(z_len) : NULL;
    if (!z || compress2(z, &z_len, raw, (uLong)raw_len, 9) != Z_OK) {
        snprintf(err, len, "cannot compress the image (out of memory)");
        free(raw);
        free(z);
        return 0;
    }
    free(raw);
    FILE *f = fopen(path, "wb");
    if (!f) {
        snprintf(err, len, "cannot write %s: %s", path, strerror(errno));
        free(z);
        return 0;
    }
    static const uint8_t signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
    uint8_t ihdr[13] = { 0 };
    put32(ihdr, (uint32_t)w);
    put32(ihdr + 4, (uint32_t)h);
    ihdr[8] = 8;   /* bits per channel */
    ihdr[9] = 2;   /* colour type: RGB */
    int ok = fwrite(signature, 1, 8, f) == 8 && write_chunk(f, "IHDR", ihdr, 13) &&
             write_chunk(f, "IDAT", z, (uint32_t)z_len) && write_chunk(f, "IEND", NULL, 0);
    ok = (fclose(f) == 0) && ok;
    free(z);
    if (!ok)
        snprintf(err, len, "cannot write %s: %s", path, strerror(errno));
    return ok;
}
