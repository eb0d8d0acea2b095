/* See win_draw.h. */
#include "win_draw.h"

static void set_colour(SDL_Renderer *r, uint32_t rgb, uint8_t alpha)
{
    SDL_SetRenderDrawBlendMode(r, alpha == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(r, (Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, alpha);
}

void win_fill(SDL_Renderer *r, SDL_Rect rect, uint32_t rgb) { win_fill_alpha(r, rect, rgb, 255); }

void win_fill_alpha(SDL_Renderer *r, SDL_Rect rect, uint32_t rgb, uint8_t alpha)
{
    set_colour(r, rgb, alpha);
    SDL_RenderFillRect(r, &rect);
}

void win_frame(SDL_Renderer *r, SDL_Rect rect, uint32_t rgb)
{
    set_colour(r, rgb, 255);
    SDL_RenderDrawRect(r, &rect);
}

void win_frame_thick(SDL_Renderer *r, SDL_Rect rect, uint32_t rgb, int thickness)
{
    for (int i = 0; i < thickness; i++) {
        win_frame(r, rect, rgb);
        rect = (SDL_Rect){ rect.x + 1, rect.y + 1, rect.w - 2, rect.h - 2 };
        if (rect.w <= 0 || rect.h <= 0)
            return;
    }
}

void win_line(SDL_Renderer *r, int x0, int y0, int x1, int y1, uint32_t rgb)
{
    win_line_alpha(r, x0, y0, x1, y1, rgb, 255);
}

void win_line_alpha(SDL_Renderer *r, int x0, int y0, int x1, int y1, uint32_t rgb, uint8_t alpha)
{
    set_colour(r, rgb, alpha);
    SDL_RenderDrawLine(r, x0, y0, x1, y1);
}

void win_arrow_right(SDL_Renderer *r, int x0, int x1, int y, uint32_t rgb)
{
    win_line(r, x0, y, x1, y, rgb);
    for (int i = 1; i <= 4; i++)
        win_line(r, x1 - i, y - i, x1 - i, y + i, rgb);
}

uint32_t win_mix(uint32_t a, uint32_t b, int t)
{
    uint32_t out = 0;
    for (int shift = 0; shift <= 16; shift += 8) {
        int ca = (int)((a >> shift) & 0xff), cb = (int)((b >> shift) & 0xff);
        out |= (uint32_t)(ca + (cb - ca) * t / 255) << shift;
    }
    return out;
}
