/* See win_text.h. */
#include <SDL_ttf.h>
#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "win_text.h"

#define ATLAS_COLUMNS 32
#define DEBIAN_FONT "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"

/* The symbols beyond ASCII, in atlas order after the 95 printable ASCII characters. */
static const uint32_t extra_glyphs[] = {
    0x2192, 0x2190, 0x2191, 0x2193, 0x25b2, 0x25bc, 0x25b6, 0x25cf, 0x2014, 0x2026, 0x00b7, 0x00d7, 0x2502,
};
#define N_EXTRA (sizeof extra_glyphs / sizeof extra_glyphs[0])
#define N_GLYPHS (95 + N_EXTRA)

static const struct { int size, bold; } font_specs[WIN_FONTS] = {
    [WIN_FONT_TEXT] = { 12, 0 }, [WIN_FONT_BOLD] = { 12, 1 }, [WIN_FONT_LARGE] = { 17, 1 },
    [WIN_FONT_HUGE] = { 40, 1 },
};

static int glyph_index(uint32_t cp)
{
    if (cp >= 32 && cp < 127)
        return (int)cp - 32;
    for (size_t i = 0; i < N_EXTRA; i++)
        if (extra_glyphs[i] == cp)
            return 95 + (int)i;
    return '?' - 32;
}

static uint32_t glyph_codepoint(int index)
{
    return index < 95 ? (uint32_t)(index + 32) : extra_glyphs[index - 95];
}

/* Fontconfig's best match for PATTERN (what `fc-match PATTERN` prints), if it is the font asked
 * for: a best match is any font at all when the one asked for is missing. */
static int ask_fontconfig(const char *pattern, const char *must_contain, char *path, size_t len)
{
    FcConfig *config = FcInitLoadConfigAndFonts();
    FcPattern *want = config ? FcNameParse((const FcChar8 *)pattern) : NULL;
    FcPattern *match = NULL;
    FcChar8 *file = NULL;
    *path = '\0';
    if (want && FcConfigSubstitute(config, want, FcMatchPattern)) {
        FcDefaultSubstitute(want);
        FcResult result;
        match = FcFontMatch(config, want, &result);
        if (match && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch)
            snprintf(path, len, "%s", (const char *)file);
    }
    if (match)
        FcPatternDestroy(match);
    if (want)
        FcPatternDestroy(want);
    if (config)
        FcConfigDestroy(config);
    return *path && strstr(path, must_contain) && access(path, R_OK) == 0;
}

static int find_font(int bold, char *path, size_t len)
{
    const char *env = getenv("RINGSCOPE_FONT");
    if (env && *env) {
        snprintf(path, len, "%s", env);
        return access(path, R_OK) == 0;
    }
    snprintf(path, len, "%s", bold ? "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf" : DEBIAN_FONT);
    if (access(path, R_OK) == 0)
        return 1;
    return ask_fontconfig(bold ? "DejaVu Sans Mono:bold" : "DejaVu Sans Mono",
                          bold ? "DejaVuSansMono-Bold" : "DejaVuSansMono", path, len);
}

static TTF_Font *open_font(int size, int bold, char *err, size_t len)
{
    char path[1024];
    int found_bold = bold && find_font(1, path, sizeof path);
    if (!found_bold && !find_font(0, path, sizeof path)) {
        if (getenv("RINGSCOPE_FONT") && *getenv("RINGSCOPE_FONT"))
            snprintf(err, len, "RINGSCOPE_FONT=%.900s: cannot read that font", getenv("RINGSCOPE_FONT"));
        else
            snprintf(err, len, "the window needs the font DejaVu Sans Mono (Debian package fonts-dejavu-core): "
                               "not at %s, and fontconfig does not know it (or set RINGSCOPE_FONT=FILE.ttf)",
                     DEBIAN_FONT);
        return NULL;
    }
    TTF_Font *f = TTF_OpenFont(path, size);
    if (!f) {
        snprintf(err, len, "cannot open the font %s: %s", path, TTF_GetError());
        return NULL;
    }
    if (bold && !found_bold)
        TTF_SetFontStyle(f, TTF_STYLE_BOLD);
    return f;
}

/* Renders every glyph of F into one white-on-transparent texture. */
static int build_atlas(win_font *out, SDL_Renderer *r, TTF_Font *f, char *err, size_t len)
{
    int minx, maxx, miny, maxy, advance;
    TTF_GlyphMetrics32(f, 'M', &minx, &maxx, &miny, &maxy, &advance);
    out->advance = advance;
    /* A cell as tall as the tallest glyph SDL_ttf renders: DejaVu's underscore and descenders
     * reach one row below TTF_FontHeight, and a cell of that height cut them off. */
    out->height = TTF_FontHeight(f);
    SDL_Color white = { 255, 255, 255, 255 };
    for (int i = 0; i < (int)N_GLYPHS; i++) {
        SDL_Surface *g = TTF_RenderGlyph32_Blended(f, glyph_codepoint(i), white);
        if (g && g->h > out->height)
            out->height = g->h;
        SDL_FreeSurface(g);
    }
    int rows = (int)(N_GLYPHS + ATLAS_COLUMNS - 1) / ATLAS_COLUMNS;
    SDL_Surface *atlas = SDL_CreateRGBSurfaceWithFormat(0, ATLAS_COLUMNS * advance, rows * out->height, 32,
                                                        SDL_PIXELFORMAT_ARGB8888);
    if (!atlas) {
        snprintf(err, len, "cannot make a glyph atlas: %s", SDL_GetError());
        return 0;
    }
    SDL_FillRect(atlas, NULL, 0);
    for (int i = 0; i < (int)N_GLYPHS; i++) {
        SDL_Surface *g = TTF_RenderGlyph32_Blended(f, glyph_codepoint(i), white);
        if (!g)
            continue;
        SDL_Rect dst = { (i % ATLAS_COLUMNS) * advance, (i / ATLAS_COLUMNS) * out->height, advance, out->height };
        SDL_Rect src = { 0, 0, g->w < advance ? g->w : advance, g->h < out->height ? g->h : out->height };
        SDL_SetSurfaceBlendMode(g, SDL_BLENDMODE_NONE);
        SDL_BlitSurface(g, &src, atlas, &dst);
        SDL_FreeSurface(g);
    }
    out->atlas = SDL_CreateTextureFromSurface(r, atlas);
    SDL_FreeSurface(atlas);
    if (!out->atlas) {
        snprintf(err, len, "cannot make a glyph texture: %s", SDL_GetError());
        return 0;
    }
    SDL_SetTextureBlendMode(out->atlas, SDL_BLENDMODE_BLEND);
    return 1;
}

int win_text_open(win_text *t, SDL_Renderer *r, char *err, size_t len)
{
    memset(t, 0, sizeof *t);
    t->r = r;
    if (!TTF_WasInit() && TTF_Init() != 0) {
        snprintf(err, len, "cannot start SDL_ttf: %s", TTF_GetError());
        return 0;
    }
    for (int i = 0; i < WIN_FONTS; i++) {
        TTF_Font *f = open_font(font_specs[i].size, font_specs[i].bold, err, len);
        int ok = f && build_atlas(&t->font[i], r, f, err, len);
        if (f)
            TTF_CloseFont(f);
        if (!ok) {
            win_text_close(t);
            return 0;
        }
    }
    return 1;
}

void win_text_close(win_text *t)
{
    for (int i = 0; i < WIN_FONTS; i++)
        if (t->font[i].atlas)
            SDL_DestroyTexture(t->font[i].atlas);
    memset(t->font, 0, sizeof t->font);
    if (TTF_WasInit())
        TTF_Quit();
}

/* The next code point of UTF-8 text (malformed bytes come out as '?'). */
static uint32_t next_codepoint(const unsigned char **p)
{
    const unsigned char *s = *p;
    uint32_t cp = s[0];
    int extra = cp >= 0xf0 ? 3 : cp >= 0xe0 ? 2 : cp >= 0xc0 ? 1 : 0;
    if (cp >= 0x80 && !extra) {
        (*p)++;
        return '?';
    }
    cp &= extra ? (0x3fu >> extra) : 0x7fu;
    int i = 1;
    for (; i <= extra && (s[i] & 0xc0) == 0x80; i++)
        cp = (cp << 6) | (s[i] & 0x3fu);
    *p = s + i;
    return i == extra + 1 ? cp : '?';
}

int win_text_width(const win_text *t, win_font_id f, const char *utf8)
{
    int n = 0;
    for (const unsigned char *p = (const unsigned char *)utf8; *p; n++)
        next_codepoint(&p);
    return n * t->font[f].advance;
}

static void draw_glyph(win_text *t, win_font *font, uint32_t cp, int x, int y)
{
    int i = glyph_index(cp);
    SDL_Rect src = { (i % ATLAS_COLUMNS) * font->advance, (i / ATLAS_COLUMNS) * font->height, font->advance,
                     font->height };
    SDL_Rect dst = { x, y, font->advance, font->height };
    SDL_RenderCopy(t->r, font->atlas, &src, &dst);
}

/* Draws at most N code points of UTF8 (N < 0: all), cut to MAX_W with an ellipsis. */
static int draw_run(win_text *t, win_font_id f, int x, int y, uint32_t rgb, const char *utf8, int n, int max_w)
{
    win_font *font = &t->font[f];
    SDL_SetTextureColorMod(font->atlas, (Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb);
    int x0 = x, total = 0;
    for (const unsigned char *p = (const unsigned char *)utf8; *p && total != n; total++)
        next_codepoint(&p);
    int fits = max_w > 0 ? max_w / font->advance : total;
    int cut = total > fits;
    if (cut) {
        t->cuts++;
        snprintf(t->last_cut, sizeof t->last_cut, "%s", utf8);
    }
    int k = 0;
    for (const unsigned char *p = (const unsigned char *)utf8; *p && k < total; k++) {
        uint32_t cp = next_codepoint(&p);
        if (cut && k == fits - 1) {
            draw_glyph(t, font, 0x2026, x, y);
            x += font->advance;
            break;
        }
        if (cp != ' ')
            draw_glyph(t, font, cp, x, y);
        x += font->advance;
    }
    return x - x0;
}

int win_text_draw(win_text *t, win_font_id f, int x, int y, uint32_t rgb, const char *utf8, int max_w)
{
    return draw_run(t, f, x, y, rgb, utf8, -1, max_w);
}

/* Code points of S that fit in COLS, broken after the last space if there is one. */
static int line_break(const char *s, int cols, const char **next)
{
    const unsigned char *p = (const unsigned char *)s, *after_space = NULL;
    int n = 0, n_space = 0;
    while (*p && n < cols) {
        uint32_t cp = next_codepoint(&p);
        n++;
        if (cp == ' ')
            after_space = p, n_space = n;
    }
    if (!*p || !after_space) {
        *next = (const char *)p;
        return n;
    }
    *next = (const char *)after_space;
    return n_space;
}

int win_text_wrap(win_text *t, win_font_id f, int x, int y, uint32_t rgb, const char *utf8, int max_w,
                  int indent, int max_lines, int draw)
{
    int adv = t->font[f].advance, lh = t->font[f].height;
    int lines = 0;
    const char *s = utf8;
    while (*s && lines < max_lines) {
        int ix = lines ? indent : 0;
        int cols = (max_w - ix) / adv;
        if (cols < 1)
            break;
        const char *next;
        int n = line_break(s, cols, &next);
        int last = lines + 1 == max_lines && *next;
        if (draw)
            draw_run(t, f, x + ix, y + lines * lh, rgb, s, last ? -1 : n, last ? max_w - ix : 0);
        lines++;
        s = next;
    }
    return lines ? lines : 1;
}
