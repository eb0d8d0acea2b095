/* The live window: SDL window and renderer, the frame loop (events, the newest snapshot, draw,
 * present, 60 frames per second), with the engine on its own thread. */
#ifndef RS_WIN_LIVE_H
#define RS_WIN_LIVE_H
#include <stddef.h>
#include "win_engine.h"
#include "win_script.h"

typedef struct win_live_options {
    const char *title;
    int w, h;
    win_script *script;        /* NULL: none */
    double bench_s;            /* > 0: run at full speed this long, print the figures, close */
} win_live_options;

/* Runs until the window is closed (or the script or bench ends). SDL video must be initialised.
 * Returns 0, 1 when a script step failed, or -1 with ERR filled when the window cannot be made. */
int win_live_run(win_engine *e, const win_live_options *o, char *err, size_t len);

#endif
