/* See win_live.h. The frame loop follows TinyEMU's and SameBoy's shape: input, then the newest
 * state, then draw; the guest runs meanwhile on the engine's thread. */
#include <stdio.h>
#include <string.h>
#include "win_input.h"
#include "win_live.h"

#define FRAME_US 16667u
#define IDLE_AFTER_MS 4500u      /* the longest animation: a fresh fault's flash (win_map_marks.c) */

typedef struct bench {
    double seconds;
    uint64_t start_us, start_icount;
    uint64_t first_frame;         /* frames before this one are the warm-up */
    int measuring;
} bench;

/* OpenGL done on the CPU (Mesa's llvmpipe, under Xvfb or without a GPU) costs twice what SDL's own
 * software renderer does for this window, and takes threads from the guest. */
static int gl_on_the_cpu(SDL_Renderer *r)
{
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(r, &info) != 0 || strncmp(info.name, "opengl", 6))
        return 0;
    const unsigned char *(*get_string)(unsigned) = (const unsigned char *(*)(unsigned))SDL_GL_GetProcAddress("glGetString");
    const char *name = get_string ? (const char *)get_string(0x1F01 /* GL_RENDERER */) : NULL;
    return name && (strstr(name, "llvmpipe") || strstr(name, "softpipe") || strstr(name, "Software Rasterizer"));
}

static SDL_Renderer *make_renderer(SDL_Window *w)
{
    /* Whenever SDL's software renderer ends up drawing (chosen below, or asked for with
     * SDL_RENDER_DRIVER=software), it must present its frame straight to X (XShm), not through
     * an OpenGL texture: on the CPU that doubled the frame's cost (issue 13: 21-29 fps under
     * Xvfb). The hint only concerns the window's framebuffer, so it is set before any renderer
     * is made; an environment setting of the user's still wins (default priority). */
    SDL_SetHintWithPriority(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0", SDL_HINT_DEFAULT);
    SDL_Renderer *r = SDL_CreateRenderer(w, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (r && !SDL_GetHint(SDL_HINT_RENDER_DRIVER) && gl_on_the_cpu(r)) {
        SDL_DestroyRenderer(r);
        r = NULL;
    }
    if (r)
        return r;
    return SDL_CreateRenderer(w, -1, SDL_RENDERER_SOFTWARE);
}

/* Bench: half a second of warm-up at full speed, then the measurement. Returns 1 when done. */
static int bench_frame(bench *b, win_ui *ui, const win_snapshot *s, SDL_Renderer *r)
{
    uint64_t now = win_engine_wall_us();
    if (!b->start_us) {
        b->start_us = now;
        return 0;
    }
    if (!b->measuring && now - b->start_us >= 500000u) {
        b->measuring = 1;
        b->start_us = now, b->start_icount = s->icount, b->first_frame = ui->stats.n;
        return 0;
    }
    if (!b->measuring || (double)(now - b->start_us) < b->seconds * 1e6)
        return 0;
    int frames = (int)(ui->stats.n - b->first_frame);
    double secs = (double)(now - b->start_us) / 1e6;
    SDL_RendererInfo info = { 0 };
    SDL_GetRendererInfo(r, &info);
    printf("window bench (%dx%d, SDL renderer %s): %d frames in %.2f s: %.1f fps; frame time (draw + present) median %.2f ms, p99 %.2f ms; "
           "guest %.0f MIPS with the window open\n", ui->lay.w, ui->lay.h, info.name ? info.name : "?", frames, secs, frames / secs,
           win_stats_percentile(&ui->stats, frames, 0.5), win_stats_percentile(&ui->stats, frames, 0.99),
           (double)(s->icount - b->start_icount) / secs / 1e6);
    return 1;
}

static void pace(uint64_t *next_frame)
{
    uint64_t now = win_engine_wall_us();
    *next_frame += FRAME_US;
    if (*next_frame < now)
        *next_frame = now;     /* late: do not try to catch up */
    else
        SDL_Delay((Uint32)((*next_frame - now) / 1000u));
}

/* Nothing new (no input, no snapshot) and the glows and flashes have faded: the frame on screen
 * is still right, so an idle window costs no drawing. */
static int frame_needed(win_ui *ui, const win_snapshot *s, int had_input, uint64_t *serial, uint64_t *changed_ms)
{
    if (had_input || s->serial != *serial) {
        *serial = s->serial;
        *changed_ms = ui->now_ms;
    }
    return ui->now_ms - *changed_ms < IDLE_AFTER_MS || ui->fault_open;
}

static int frame_loop(win_ui *ui, SDL_Renderer *r, win_engine *e, const win_live_options *o)
{
    bench b = { .seconds = o->bench_s };
    uint64_t next_frame = win_engine_wall_us(), serial = 0, changed_ms = 0;
    int script_running = o->script != NULL;
    while (!ui->quit) {
        uint64_t start = win_engine_wall_us();
        SDL_Event ev;
        int had_input = 0;
        while (SDL_PollEvent(&ev))
            win_input_event(ui, &ev), had_input = 1;
        const win_snapshot *s = win_engine_acquire(e);
        ui->now_ms = win_engine_now_ms(e);
        if (!s || (!frame_needed(ui, s, had_input, &serial, &changed_ms) && !script_running && !o->bench_s)) {
            pace(&next_frame);
            continue;
        }
        int w, h;
        SDL_GetRendererOutputSize(r, &w, &h);
        win_frame_draw(ui, s, w, h);
        if (script_running)
            script_running = win_script_step(o->script, ui);
        SDL_RenderPresent(r);
        win_stats_add(&ui->stats, start, (double)(win_engine_wall_us() - start) / 1000.0);
        if (o->bench_s > 0 && bench_frame(&b, ui, s, r))
            break;
        pace(&next_frame);
    }
    return o->script && o->script->failed ? 1 : 0;
}

int win_live_run(win_engine *e, const win_live_options *o, char *err, size_t len)
{
    char name[200];
    snprintf(name, sizeof name, "ringscope: %s", o->title);
    SDL_Window *w = SDL_CreateWindow(name, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, o->w, o->h,
                                     SDL_WINDOW_RESIZABLE);
    if (w)
        SDL_SetWindowMinimumSize(w, 960, 640);
    SDL_Renderer *r = w ? make_renderer(w) : NULL;
    win_ui ui;
    int status = -1;
    if (!r) {
        snprintf(err, len, "cannot open a window: %s", SDL_GetError());
    } else if (win_ui_open(&ui, r, e, o->title, err, len)) {
        if (o->script)
            o->script->use_events = 1;
        if (win_engine_start(e) != RS_OK)
            snprintf(err, len, "cannot start the guest's thread");
        else
            status = frame_loop(&ui, r, e, o);
        win_ui_close(&ui);
    }
    if (r)
        SDL_DestroyRenderer(r);
    if (w)
        SDL_DestroyWindow(w);
    return status;
}
