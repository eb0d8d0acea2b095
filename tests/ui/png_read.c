/* See png_read.h. Read with libpng's simplified API (png_image), as 8-bit RGB. */
#include <png.h>
#include <stdlib.h>
#include <string.h>
#include "png_read.h"

uint32_t *png_read_rgb(const char *path, int *w, int *h)
{
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&image, path))
        return NULL;
    if (image.format != PNG_FORMAT_RGB) {   /* ringscope writes 8-bit RGB, nothing else */
        png_image_free(&image);
        return NULL;
    }
    uint8_t *rgb = malloc(PNG_IMAGE_SIZE(image));
    uint32_t *px = malloc((size_t)image.width * image.height * 4);
    if (!rgb || !px || !png_image_finish_read(&image, NULL, rgb, 0, NULL)) {
        png_image_free(&image);
        free(rgb);
        free(px);
        return NULL;
    }
    *w = (int)image.width, *h = (int)image.height;
    for (size_t i = 0; i < (size_t)image.width * image.height; i++)
        px[i] = (uint32_t)rgb[3 * i] << 16 | (uint32_t)rgb[3 * i + 1] << 8 | rgb[3 * i + 2];
    free(rgb);
    return px;
}
