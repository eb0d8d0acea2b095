/* See png_read.h. PNG spec, ISO/IEC 15948: chunks after the 8-byte signature; IDAT data is one
 * zlib stream of filtered rows (filter types 0-4, 11.2 and 9.2). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "png_read.h"

static uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = n > 0 ? malloc((size_t)n) : NULL;
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static int paeth(int a, int b, int c)
{
    int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* Undoes the row filters in place (3 bytes per pixel). */
static int unfilter(uint8_t *raw, int w, int h)
{
    size_t stride = (size_t)w * 3;
    for (int y = 0; y < h; y++) {
        uint8_t *row = raw + (stride + 1) * (size_t)y, type = row[0];
        uint8_t *cur = row + 1, *prev = y ? raw + (stride + 1) * (size_t)(y - 1) + 1 : NULL;
        for (size_t i = 0; i < stride; i++) {
            int a = i >= 3 ? cur[i - 3] : 0, b = prev ? prev[i] : 0, c = prev && i >= 3 ? prev[i - 3] : 0;
            int add = type == 0 ? 0 : type == 1 ? a : type == 2 ? b : type == 3 ? (a + b) / 2 : type == 4 ? paeth(a, b, c) : -1;
            if (add < 0)
                return 0;
            cur[i] = (uint8_t)(cur[i] + add);
        }
    }
    return 1;
}

uint32_t *png_read_rgb(const char *path, int *w, int *h)
{
    size_t len, z_len = 0;
    uint8_t *file = slurp(path, &len), *z = file ? malloc(len) : NULL;
    if (!z || len < 33 || memcmp(file, "\x89PNG\r\n\x1a\n", 8) || file[24] != 8 || file[25] != 2) {
        free(file);
        free(z);
        return NULL;
    }
    *w = (int)be32(file + 16), *h = (int)be32(file + 20);
    for (size_t at = 8; at + 12 <= len;) {
        uint32_t n = be32(file + at);
        if (!memcmp(file + at + 4, "IDAT", 4) && at + 12 + n <= len) {
            memcpy(z + z_len, file + at + 8, n);
            z_len += n;
        }
        at += 12 + n;
    }
    uLongf raw_len = (uLongf)((size_t)*w * 3 + 1) * (uLongf)*h;
    uint8_t *raw = malloc(raw_len);
    uint32_t *px = malloc((size_t)*w * (size_t)*h * 4);
    int ok = raw && px && uncompress(raw, &raw_len, z, (uLong)z_len) == Z_OK && unfilter(raw, *w, *h);
    for (int y = 0; ok && y < *h; y++)
        for (int x = 0; x < *w; x++) {
            const uint8_t *p = raw + ((size_t)*w * 3 + 1) * (size_t)y + 1 + (size_t)x * 3;
            px[(size_t)y * (size_t)*w + (size_t)x] = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
        }
    free(file);
    free(z);
    free(raw);
    if (!ok) {
        free(px);
        return NULL;
    }
    return px;
}
