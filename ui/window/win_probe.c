/* See win_probe.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "win_png.h"
#include "win_probe.h"
#include "win_theme.h"

int win_probe_pixel(win_ui *ui, int x, int y, uint32_t *rgb)
{
    uint32_t px = 0;
    SDL_Rect r = { x, y, 1, 1 };
    if (SDL_RenderReadPixels(ui->r, &r, SDL_PIXELFORMAT_ARGB8888, &px, 4) != 0)
        return 0;
    *rgb = px & 0xffffffu;
    return 1;
}

int win_probe_save_png(win_ui *ui, const char *path, char *err, size_t len)
{
    int w = ui->lay.w, h = ui->lay.h;
    uint32_t *pixels = malloc((size_t)w * (size_t)h * 4);
    if (!pixels) {
        snprintf(err, len, "out of memory");
        return 0;
    }
    int ok = SDL_RenderReadPixels(ui->r, NULL, SDL_PIXELFORMAT_ARGB8888, pixels, w * 4) == 0;
    if (!ok)
        snprintf(err, len, "cannot read the frame back: %s", SDL_GetError());
    else
        ok = win_png_write(path, pixels, w, h, w * 4, err, len);
    free(pixels);
    return ok;
}

/* A point on the outline of the square marker the map draws around LINEAR's cell (MIN pixels,
 * as win_map_marks.c grows it). */
static int outline_point(const win_ui *ui, uint32_t linear, int min, int *x, int *y)
{
    SDL_Rect c;
    if (!win_map_cell_rect(ui, linear, &c))
        return 0;
    int w = c.w < min ? min : c.w + 4;
    *x = c.x + c.w / 2 - w / 2;
    *y = c.y + c.h / 2;
    return 1;
}

int win_probe_point(const win_ui *ui, const char *what, int *x, int *y)
{
    if (!strcmp(what, "ring")) {
        *x = ui->lay.ring.x + ui->lay.ring.w - 8;
        *y = ui->lay.ring.y + 8;
        return 1;
    }
    if (!strncmp(what, "cell:", 5)) {
        SDL_Rect c;
        if (!win_map_cell_rect(ui, (uint32_t)strtoul(what + 5, NULL, 0), &c))
            return 0;
        *x = c.x + c.w / 2, *y = c.y + c.h / 2;
        return 1;
    }
    const win_snapshot *s = ui->snap;
    if (!strcmp(what, "fault"))
        return s->history.have_fault && s->history.last_fault.u.exc.vector == 14 &&
               outline_point(ui, s->history.last_fault.u.exc.cr2 & ~0xfffu, 15, x, y);
    if (!strcmp(what, "eip"))
        return outline_point(ui, s->regs.seg[RS_SREG_CS].base + s->regs.eip, 11, x, y);
    return 0;
}

const char *win_probe_colour_name(uint32_t rgb)
{
    static const struct { uint32_t rgb; const char *name; } names[] = {
        { WIN_RGB_USER_RW, "user-writable/ring3" }, { WIN_RGB_USER_RO, "user-read-only" },
        { WIN_RGB_SUPER_RW, "supervisor-writable/ring0" }, { WIN_RGB_SUPER_RO, "supervisor-read-only" },
        { WIN_RGB_NOT_PRESENT, "not-present" }, { WIN_RGB_RESERVED, "reserved" },
        { WIN_RGB_FAULT, "fault" }, { WIN_RGB_EIP, "eip" }, { WIN_RGB_ESP, "esp" },
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].rgb == rgb)
            return names[i].name;
    return "other";
}
