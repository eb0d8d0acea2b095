/* See win_shot.h. */
#include <string.h>
#include "win_shot.h"

int win_offscreen_open(win_offscreen *o, win_engine *engine, const char *title, int w, int h, char *err,
                       size_t len)
{
    memset(o, 0, sizeof *o);
    o->w = w, o->h = h;
    o->surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    o->r = o->surface ? SDL_CreateSoftwareRenderer(o->surface) : NULL;
    if (!o->r) {
        snprintf(err, len, "cannot make an off-screen renderer: %s", SDL_GetError());
        win_offscreen_close(o);
        return 0;
    }
    if (!win_ui_open(&o->ui, o->r, engine, title, err, len)) {
        win_offscreen_close(o);
        return 0;
    }
    o->ui.headless = 1;
    return 1;
}

void win_offscreen_close(win_offscreen *o)
{
    if (o->ui.r)
        win_ui_close(&o->ui);
    if (o->r)
        SDL_DestroyRenderer(o->r);
    if (o->surface)
        SDL_FreeSurface(o->surface);
    memset(o, 0, sizeof *o);
}

void win_offscreen_draw(win_offscreen *o)
{
    const win_snapshot *s = win_engine_acquire(o->ui.engine);
    if (!s)
        return;
    o->ui.now_ms = s->clock_ms;
    win_frame_draw(&o->ui, s, o->w, o->h);
}
