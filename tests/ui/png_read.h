/* Reads back the PNGs ringscope writes (8-bit RGB, through libpng), for the
 * window's tests: the pixels as 0x00RRGGBB words. Not a general PNG reader. */
#ifndef RS_TEST_PNG_READ_H
#define RS_TEST_PNG_READ_H
#include <stdint.h>

/* Returns the pixels (malloc'd, w * h words; the caller frees them), or NULL. */
uint32_t *png_read_rgb(const char *path, int *w, int *h);

#endif
