/* Text for the window: DejaVu Sans Mono (Debian package fonts-dejavu-core) through SDL2_ttf,
 * rendered once per size into a glyph atlas, so drawing a line is one texture copy per glyph.
 *
 * The font is found at $RINGSCOPE_FONT, at Debian's path, or by asking fontconfig; a missing font is
 * an error with the package name in it. Glyphs: printable ASCII and the few symbols the window
 * uses (arrows, triangles, dots, dashes); anything else draws as '?'.
 *
 * A win_text belongs to one renderer (its atlases are that renderer's textures) and owns them;
 * win_text_close frees them. UI thread only. */
#ifndef RS_WIN_TEXT_H
#define RS_WIN_TEXT_H
#include <stddef.h>
#include <stdint.h>
#include <SDL.h>

typedef enum win_font_id {
    WIN_FONT_TEXT,       /* 12 px: panels */
    WIN_FONT_BOLD,       /* 12 px bold: titles, labels */
    WIN_FONT_LARGE,      /* 17 px bold: the ring indicator's second line */
    WIN_FONT_HUGE,       /* 40 px bold: RING 3 / RING 0 */
    WIN_FONTS
} win_font_id;

typedef struct win_font {
    SDL_Texture *atlas;
    int advance, height;     /* every glyph is advance x height */
} win_font;

typedef struct win_text {
    SDL_Renderer *r;
    win_font font[WIN_FONTS];
    int cuts;                /* texts cut to fit since the caller last zeroed it (tests: nothing cut) */
    char last_cut[96];       /* the last of them, for the message */
} win_text;

/* Finds the font and builds the atlases. On failure returns 0 with ERR filled (one line). */
int win_text_open(win_text *t, SDL_Renderer *r, char *err, size_t len);
void win_text_close(win_text *t);

/* Draws UTF8 at X,Y (top left) in RGB (0xRRGGBB), at most MAX_W pixels wide (<= 0: no limit;
 * a line that does not fit ends in an ellipsis, so a cut is never silent); returns the width
 * drawn. */
int win_text_draw(win_text *t, win_font_id f, int x, int y, uint32_t rgb, const char *utf8, int max_w);

/* Draws UTF8 wrapped at spaces (or anywhere, in a word longer than a line) into lines MAX_W
 * pixels wide, LINE_H apart, the lines after the first indented by INDENT pixels; at most
 * MAX_LINES lines (a cut text ends in an ellipsis). DRAW 0 only counts. Returns the lines used. */
int win_text_wrap(win_text *t, win_font_id f, int x, int y, uint32_t rgb, const char *utf8, int max_w,
                  int indent, int max_lines, int draw);

int win_text_width(const win_text *t, win_font_id f, const char *utf8);
static inline int win_text_advance(const win_text *t, win_font_id f) { return t->font[f].advance; }
static inline int win_text_height(const win_text *t, win_font_id f) { return t->font[f].height; }

#endif
