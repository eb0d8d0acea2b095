/* Drawing primitives over SDL_Renderer, in the theme's 0xRRGGBB colours (win_theme.h). */
#ifndef RS_WIN_DRAW_H
#define RS_WIN_DRAW_H
#include <stdint.h>
#include <SDL.h>

void win_fill(SDL_Renderer *r, SDL_Rect rect, uint32_t rgb);
void win_fill_alpha(SDL_Renderer *r, SDL_Rect rect, uint32_t rgb, uint8_t alpha);
void win_frame(SDL_Renderer *r, SDL_Rect rect, uint32_t rgb);            /* a 1-pixel outline */
void win_frame_thick(SDL_Renderer *r, SDL_Rect rect, uint32_t rgb, int thickness);
void win_line(SDL_Renderer *r, int x0, int y0, int x1, int y1, uint32_t rgb);
void win_line_alpha(SDL_Renderer *r, int x0, int y0, int x1, int y1, uint32_t rgb, uint8_t alpha);
/* An arrow from (x0,y) to (x1,y) with its head at x1. */
void win_arrow_right(SDL_Renderer *r, int x0, int x1, int y, uint32_t rgb);

static inline int win_inside(SDL_Rect rect, int x, int y)
{
    return x >= rect.x && y >= rect.y && x < rect.x + rect.w && y < rect.y + rect.h;
}

/* A blend of two colours: T = 0 gives A, 255 gives B. */
uint32_t win_mix(uint32_t a, uint32_t b, int t);

#endif
