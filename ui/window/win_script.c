/* See win_script.h. */
#include <stdlib.h>
#include <string.h>
#include "gdb_stub.h"
#include "win_input.h"
#include "win_keys.h"
#include "win_probe.h"
#include "win_script.h"

static int known(const char *t)
{
    static const char *const prefixes[] = { "wait:", "move:", "click:", "rclick:", "wheel:", "shot:", "probe:", "zoom:",
                                            "hover:" };
    if (!strcmp(t, "idle") || !strcmp(t, "gdbstop") || !strcmp(t, "quit") || win_key_named(t) >= 0)
        return 1;
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (!strncmp(t, prefixes[i], strlen(prefixes[i])) && t[strlen(prefixes[i])])
            return 1;
    return 0;
}

int win_script_parse(win_script *s, const char *text, char *err, size_t len)
{
    memset(s, 0, sizeof *s);
    s->out = stdout;
    char *copy = strdup(text), *save = NULL;
    for (char *t = strtok_r(copy, " \t\n", &save); t; t = strtok_r(NULL, " \t\n", &save)) {
        if (!known(t) || s->n == WIN_SCRIPT_TOKENS) {
            snprintf(err, len, s->n == WIN_SCRIPT_TOKENS ? "--keys: more than 256 tokens" : "--keys: unknown token '%s'", t);
            free(copy);
            win_script_free(s);
            return 0;
        }
        s->tokens[s->n++] = strdup(t);
    }
    free(copy);
    return 1;
}

void win_script_free(win_script *s)
{
    for (int i = 0; i < s->n; i++)
        free(s->tokens[i]);
    s->n = 0;
}

static void push_key(win_script *s, win_ui *ui, int index)
{
    if (!s->use_events) {
        win_key_run(ui, index);
        return;
    }
    SDL_Event ev = { .type = SDL_KEYDOWN };
    ev.key.keysym.sym = win_keys[index].key;
    ev.key.state = SDL_PRESSED;
    SDL_PushEvent(&ev);
}

static void mouse(win_script *s, win_ui *ui, const char *t)
{
    int x = 0, y = 0, d = 0;
    const char *args = strchr(t, ':') + 1;
    sscanf(args, "%d,%d,%d", &x, &y, &d);
    int button = !strncmp(t, "rclick", 6) ? SDL_BUTTON_RIGHT : SDL_BUTTON_LEFT;
    if (!s->use_events) {
        ui->mouse_x = x, ui->mouse_y = y, ui->mouse_in = 1;
        if (!strncmp(t, "wheel", 5))
            win_input_wheel(ui, x, y, d);
        else if (strncmp(t, "move", 4))
            win_input_click(ui, x, y, button);
        return;
    }
    SDL_Event ev = { .type = SDL_MOUSEMOTION };
    ev.motion.x = x, ev.motion.y = y;
    SDL_PushEvent(&ev);
    if (!strncmp(t, "wheel", 5)) {
        ev = (SDL_Event){ .type = SDL_MOUSEWHEEL };
        ev.wheel.y = d;
        SDL_PushEvent(&ev);
    } else if (strncmp(t, "move", 4)) {
        ev = (SDL_Event){ .type = SDL_MOUSEBUTTONDOWN };
        ev.button.button = (Uint8)button, ev.button.x = x, ev.button.y = y, ev.button.state = SDL_PRESSED;
        SDL_PushEvent(&ev);
    }
}

static void probe(win_script *s, win_ui *ui, const char *what)
{
    if (!strcmp(what, "icount") || !strcmp(what, "zoom")) {
        fprintf(s->out, "probe %s %lld\n", what, what[0] == 'i' ? (long long)ui->snap->icount : (long long)ui->zoom_row);
        return;
    }
    int x, y;
    uint32_t rgb;
    if (!win_probe_point(ui, what, &x, &y) || !win_probe_pixel(ui, x, y, &rgb)) {
        fprintf(s->out, "probe %s none\n", what);
        return;
    }
    fprintf(s->out, "probe %s #%06x %s at %d,%d\n", what, rgb, win_probe_colour_name(rgb), x, y);
    fflush(s->out);
}

static int engine_idle(win_script *s, win_ui *ui)
{
    const win_status *st = &ui->snap->status;
    return st->commands_done >= s->posted_before_idle && st->mode != WIN_RUNNING && st->mode != WIN_UNTIL;
}

/* Runs one token; returns 1 if the script must wait for the next frame. */
static int run_token(win_script *s, win_ui *ui, const char *t)
{
    char err[256];
    int key = win_key_named(t);
    if (key >= 0) {
        push_key(s, ui, key);
    } else if (!strncmp(t, "wait:", 5)) {
        s->wait_frames = atoi(t + 5);
        return 1;
    } else if (!strcmp(t, "idle")) {
        s->waiting_idle = 2;
        return 1;
    } else if (!strcmp(t, "gdbstop")) {
        s->waiting_gdb = 1;
        return 1;
    } else if (!strncmp(t, "shot:", 5)) {
        if (!win_probe_save_png(ui, t + 5, err, sizeof err)) {
            fprintf(stderr, "ringscope: %s\n", err);
            s->failed = 1;
        }
    } else if (!strncmp(t, "probe:", 6)) {
        probe(s, ui, t + 6);
    } else if (!strncmp(t, "zoom:", 5)) {
        ui->zoom_row = (int)(strtoul(t + 5, NULL, 0) >> 22);
    } else if (!strncmp(t, "hover:", 6)) {
        SDL_Rect c;
        char move[48];
        if (win_map_cell_rect(ui, (uint32_t)strtoul(t + 6, NULL, 0), &c)) {
            snprintf(move, sizeof move, "move:%d,%d", c.x + c.w / 2, c.y + c.h / 2);
            mouse(s, ui, move);
        }
    } else if (!strcmp(t, "quit")) {
        ui->quit = 1;
        return 1;
    } else {
        mouse(s, ui, t);
    }
    return 0;
}

int win_script_step(win_script *s, win_ui *ui)
{
    if (s->wait_frames > 0 && s->wait_frames--)
        return 1;
    if (s->waiting_idle) {
        if (s->waiting_idle > 1) {   /* let input pushed as events reach the engine first */
            s->waiting_idle--;
            s->posted_before_idle = ui->engine ? win_engine_posted(ui->engine) : 0;
            return 1;
        }
        if (!engine_idle(s, ui))
            return 1;
        s->waiting_idle = 0;
    }
    if (s->waiting_gdb) {
        const win_status *st = &ui->snap->status;
        if (st->gdb_state < 0 || !st->gdb_stops || st->gdb_state == RS_GDB_RUNNING)
            return 1;
        const rs_regs *r = &ui->snap->regs;
        fprintf(s->out, "gdbstop eip 0x%08x cpl %u icount %llu\n", r->eip, (unsigned)(r->seg[RS_SREG_CS].selector & 3),
                (unsigned long long)ui->snap->icount);
        fflush(s->out);
        s->waiting_gdb = 0;
    }
    while (s->next < s->n)
        if (run_token(s, ui, s->tokens[s->next++]))
            return 1;
    return 0;
}
