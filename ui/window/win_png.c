/* See win_png.h. Written with libpng: 8-bit RGB, the pixel words' fourth byte dropped as a filler
 * (png_set_filler), the bytes in memory order B G R (png_set_bgr, little-endian hosts). */
#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include "win_png.h"

/* libpng's errors come here: keep the first message, then leave through the jmp_buf. */
typedef struct png_failure {
    char *err;
    size_t len;
} png_failure;

static void on_error(png_structp png, png_const_charp msg)
{
    png_failure *f = png_get_error_ptr(png);
    snprintf(f->err, f->len, "cannot write the PNG: %s", msg);
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp msg) { (void)png, (void)msg; }

int win_png_write(const char *path, const uint32_t *pixels, int w, int h, int pitch, char *err, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        snprintf(err, len, "cannot write %s: %s", path, strerror(errno));
        return 0;
    }
    png_failure failure = { err, len };
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &failure, on_error, on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        snprintf(err, len, "cannot compress the image (out of memory)");
        png_destroy_write_struct(&png, NULL);
        fclose(f);
        return 0;
    }
    volatile int ok = 0;
    if (!setjmp(png_jmpbuf(png))) {
        png_init_io(png, f);
        png_set_compression_level(png, 9);
        png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
        png_write_info(png, info);
        png_set_filler(png, 0, PNG_FILLER_AFTER);
        png_set_bgr(png);
        for (int y = 0; y < h; y++)
            png_write_row(png, (png_const_bytep)pixels + (size_t)y * (size_t)pitch);
        png_write_end(png, NULL);
        ok = 1;
    }
    png_destroy_write_struct(&png, &info);
    if (fclose(f) != 0 && ok) {
        snprintf(err, len, "cannot write %s: %s", path, strerror(errno));
        ok = 0;
    }
    return ok;
}
