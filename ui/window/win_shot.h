/* Off-screen rendering: the same frame the window draws, into an SDL surface through SDL's
 * software renderer, without a display. For --screenshot and for tests. */
#ifndef RS_WIN_SHOT_H
#define RS_WIN_SHOT_H
#include <stddef.h>
#include "win_engine.h"
#include "win_ui.h"

typedef struct win_offscreen {
    SDL_Surface *surface;
    SDL_Renderer *r;
    win_ui ui;
    int w, h;
} win_offscreen;

/* Opens a W x H off-screen UI over ENGINE (which runs on the caller's thread). Returns 1, or 0
 * with ERR filled. */
int win_offscreen_open(win_offscreen *o, win_engine *engine, const char *title, int w, int h, char *err,
                       size_t len);
void win_offscreen_close(win_offscreen *o);

/* Draws the engine's newest snapshot (the clock of glows and flashes is the snapshot's). */
void win_offscreen_draw(win_offscreen *o);

#endif
