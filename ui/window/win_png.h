/* Screenshots as PNG files (8-bit RGB), through libpng. */
#ifndef RS_WIN_PNG_H
#define RS_WIN_PNG_H
#include <stddef.h>
#include <stdint.h>

/* Writes W x H pixels, each a 0x00RRGGBB word (the top byte is ignored), rows PITCH bytes apart,
 * to PATH. Returns 1, or 0 with ERR filled (one line). Nothing is kept. */
int win_png_write(const char *path, const uint32_t *pixels, int w, int h, int pitch, char *err, size_t len);

#endif
