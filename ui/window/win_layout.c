/* Where the panes go (win_ui.h). At 1280 x 800:
 *
 *   +--------------------------------------------------------------------------------+
 *   | top bar: what runs, run state, speed, icount, frame time, buttons          (30) |
 *   +-----------+--------------------------------------+-----------------------------+
 *   | RING 3    | address-space map                    | registers                   |
 *   | (ring)    |  gutter | 1024 x 1024 cells          |                             |
 *   +-----------+         |                            +-----------------------------+
 *   | legend    |         |                            | disassembly                 |
 *   | keys      |         |                            |                             |
 *   +-----------+--------------------------------------+-----------------------------+
 *   | timeline: ring 0 / ring 3 over the instruction count, markers              (66) |
 *   +-----------------------------------------------+--------------------------------+
 *   | event log                                     | COM1 console                   |
 *   +-----------------------------------------------+--------------------------------+
 */
#include "win_ui.h"

#define PAD 6
#define TOP_H 30
#define TIMELINE_H 70
#define LEFT_W 236
#define RING_H 184     /* the band and five lines: a long cause or stack wraps once */
#define GUTTER_W 84
#define TITLE_H 20

static int at_least(int v, int min) { return v < min ? min : v; }

void win_layout_compute(win_layout *lay, int w, int h)
{
    lay->w = w, lay->h = h;
    lay->top = (SDL_Rect){ 0, 0, w, TOP_H };
    int bottom_h = at_least(h / 5, 120);
    int mid_y = TOP_H + PAD;
    int mid_h = at_least(h - mid_y - TIMELINE_H - bottom_h - 3 * PAD, 200);
    int right_w = at_least(w * 34 / 100, 360);
    int map_x = LEFT_W + 2 * PAD;
    int map_w = at_least(w - map_x - right_w - 2 * PAD, 200);

    lay->ring = (SDL_Rect){ PAD, mid_y, LEFT_W, RING_H };
    lay->legend = (SDL_Rect){ PAD, mid_y + RING_H + PAD, LEFT_W, mid_h - RING_H - PAD };
    lay->map_pane = (SDL_Rect){ map_x, mid_y, map_w, mid_h };
    lay->map_linear = (SDL_Rect){ map_x + GUTTER_W, mid_y + TITLE_H + 2, map_w - GUTTER_W - PAD,
                                  mid_h - TITLE_H - 2 - PAD };
    /* The region strip on top, the 32 x 32 grid below it: a square whose side is a multiple of
     * 32, as large as the pane leaves it, right of its address gutter. */
    int body_y = mid_y + TITLE_H + 4, body_h = mid_h - TITLE_H - 4 - PAD;
    int strip_h = body_h * 38 / 100;
    int side = body_h - strip_h - PAD;
    side = side < map_w - GUTTER_W - 2 * PAD ? side : map_w - GUTTER_W - 2 * PAD;
    side = side < 64 ? 64 : side / 32 * 32;
    strip_h = body_h - side - PAD;
    lay->regions = (SDL_Rect){ map_x + PAD, body_y, map_w - 2 * PAD, strip_h };
    lay->map = (SDL_Rect){ map_x + GUTTER_W, body_y + strip_h + PAD, side, side };
    int right_x = map_x + map_w + PAD;
    int regs_h = 232;
    lay->regs = (SDL_Rect){ right_x, mid_y, w - right_x - PAD, regs_h };
    lay->disasm = (SDL_Rect){ right_x, mid_y + regs_h + PAD, w - right_x - PAD, mid_h - regs_h - PAD };

    int tl_y = mid_y + mid_h + PAD;
    lay->timeline = (SDL_Rect){ PAD, tl_y, w - 2 * PAD, TIMELINE_H };
    int bot_y = tl_y + TIMELINE_H + PAD;
    int events_w = (w - 3 * PAD) * 58 / 100;
    lay->events = (SDL_Rect){ PAD, bot_y, events_w, h - bot_y - PAD };
    lay->console = (SDL_Rect){ 2 * PAD + events_w, bot_y, w - 3 * PAD - events_w, h - bot_y - PAD };
}
