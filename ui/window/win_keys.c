/* See win_keys.h. Actions that run the guest post commands to the engine (win_engine.h) and close
 * the fault view (continuing dismisses it); view actions change only the UI's state. */
#include <string.h>
#include "win_keys.h"

static void post(win_ui *ui, win_cmd_kind kind, uint64_t arg)
{
    if (ui->engine)
        win_engine_post(ui->engine, (win_cmd){ kind, arg });
}

static void go(win_ui *ui, win_cmd_kind kind, uint64_t arg)
{
    ui->fault_open = 0;
    post(ui, kind, arg);
}

static void run_pause(win_ui *ui) { go(ui, WIN_CMD_TOGGLE_RUN, 0); }
static void step(win_ui *ui) { go(ui, WIN_CMD_STEP, 0); }
static void step_over(win_ui *ui) { go(ui, WIN_CMD_NEXT, 0); }
static void until_cpl(win_ui *ui) { go(ui, WIN_CMD_UNTIL, 1u << RS_EV_CPL); }
static void until_syscall(win_ui *ui) { go(ui, WIN_CMD_UNTIL, 1u << RS_EV_SYSCALL); }
static void until_fault(win_ui *ui) { go(ui, WIN_CMD_UNTIL, 1u << RS_EV_EXCEPTION); }
static void until_cr3(win_ui *ui) { go(ui, WIN_CMD_UNTIL, 1u << RS_EV_CR); }
static void reset(win_ui *ui) { go(ui, WIN_CMD_RESET, 0); }
static void slower(win_ui *ui) { post(ui, WIN_CMD_SPEED_DOWN, 0); }
static void faster(win_ui *ui) { post(ui, WIN_CMD_SPEED_UP, 0); }
static void full_speed(win_ui *ui) { post(ui, WIN_CMD_SPEED, WIN_SPEED_FULL); }
static void pause_on_fault(win_ui *ui) { post(ui, WIN_CMD_PAUSE_ON_FAULT, 0); }

static uint32_t eip_linear(const win_ui *ui)
{
    return ui->snap ? ui->snap->regs.seg[RS_SREG_CS].base + ui->snap->regs.eip : 0;
}

static void breakpoint(win_ui *ui)
{
    if (ui->snap)
        post(ui, WIN_CMD_BREAK_TOGGLE, eip_linear(ui));
}

static void overlay(win_ui *ui) { ui->overlay_ad = !ui->overlay_ad; }

static void zoom(win_ui *ui)
{
    ui->zoom_row = ui->zoom_row >= 0 ? -1 : (int)(eip_linear(ui) >> 22);
}

static void zoom_up(win_ui *ui)
{
    if (ui->zoom_row > 0)
        ui->zoom_row--;
}

static void zoom_down(win_ui *ui)
{
    if (ui->zoom_row >= 0 && ui->zoom_row < 1023)
        ui->zoom_row++;
}

static void show_fault(win_ui *ui)
{
    if (ui->snap && ui->snap->history.have_fault)
        win_fault_show(ui, &ui->snap->history.last_fault);
}

static void timeline_in(win_ui *ui) { ui->timeline_log2 -= ui->timeline_log2 > 8; }
static void timeline_out(win_ui *ui) { ui->timeline_log2 += ui->timeline_log2 < 40; }
static void events_back(win_ui *ui) { ui->events_scroll += 8; }
static void events_forward(win_ui *ui) { ui->events_scroll -= ui->events_scroll >= 8 ? 8 : ui->events_scroll; }
static void events_io(win_ui *ui) { ui->events_io = !ui->events_io; }
static void help(win_ui *ui) { ui->help_open = !ui->help_open; }

/* Esc closes the topmost thing: help, then the fault view, then the zoom. */
static void escape(win_ui *ui)
{
    if (ui->help_open)
        ui->help_open = 0;
    else if (ui->fault_open)
        ui->fault_open = 0;
    else
        ui->zoom_row = -1;
}

static void quit(win_ui *ui) { ui->quit = 1; }
static void region_next(win_ui *ui) { win_regions_jump(ui, 1); }
static void region_prev(win_ui *ui) { win_regions_jump(ui, -1); }
static void linear_view(win_ui *ui) { ui->map_linear = !ui->map_linear; }

const win_key win_keys[] = {
    { SDLK_SPACE, 0, "Space", "space", "run / pause", run_pause },
    { SDLK_s, 0, "s", "s", "step one instruction", step },
    { SDLK_n, 0, "n", "n", "step over a call or INT n (a whole system call)", step_over },
    { SDLK_c, 0, "c", "c", "run (full speed) until the CPL changes: ring 3 <-> 0", until_cpl },
    { SDLK_y, 0, "y", "y", "run (full speed) until the next system call", until_syscall },
    { SDLK_f, 0, "f", "f", "run (full speed) until the next fault or exception", until_fault },
    { SDLK_x, 0, "x", "x", "run (full speed) until the next CR0/CR3/CR4 load", until_cr3 },
    { SDLK_b, 0, "b", "b", "breakpoint at EIP on/off (or click a code line)", breakpoint },
    { SDLK_r, 0, "r", "r", "reset: a new machine, booted again", reset },
    { SDLK_MINUS, SDLK_KP_MINUS, "-", "minus", "slower (down to 60 instructions/s)", slower },
    { SDLK_EQUALS, SDLK_KP_PLUS, "+ or =", "plus", "faster (up to full speed)", faster },
    { SDLK_m, 0, "m", "m", "full speed", full_speed },
    { SDLK_p, 0, "p", "p", "pause on faults on/off", pause_on_fault },
    { SDLK_a, 0, "a", "a", "accessed/dirty overlay on/off", overlay },
    { SDLK_z, 0, "z", "z", "zoom into EIP's 4 MiB region / back to 4 GiB", zoom },
    { SDLK_UP, 0, "Up", "up", "zoomed: the 4 MiB region before", zoom_up },
    { SDLK_DOWN, 0, "Down", "down", "zoomed: the 4 MiB region after", zoom_down },
    { SDLK_RIGHTBRACKET, SDLK_TAB, "] or Tab", "next", "map: the next mapped region (its page table)", region_next },
    { SDLK_LEFTBRACKET, 0, "[", "prev", "map: the previous mapped region", region_prev },
    { SDLK_l, 0, "l", "l", "map: all 4 GiB to scale / regions and page directory", linear_view },
    { SDLK_e, 0, "e", "e", "fault view of the last exception", show_fault },
    { SDLK_PERIOD, 0, ".", "period", "timeline: zoom in", timeline_in },
    { SDLK_COMMA, 0, ",", "comma", "timeline: zoom out", timeline_out },
    { SDLK_i, 0, "i", "i", "event log: show port I/O on/off", events_io },
    { SDLK_PAGEUP, 0, "PgUp", "pgup", "event log: back", events_back },
    { SDLK_PAGEDOWN, 0, "PgDn", "pgdn", "event log: forward", events_forward },
    { SDLK_SLASH, SDLK_F1, "? or F1", "help", "this help", help },
    { SDLK_ESCAPE, 0, "Esc", "esc", "close help / fault view / zoom", escape },
    { SDLK_q, 0, "q", "q", "quit", quit },
};
const int win_n_keys = (int)(sizeof win_keys / sizeof win_keys[0]);

int win_key_for(SDL_Keycode key)
{
    for (int i = 0; i < win_n_keys; i++)
        if (win_keys[i].key == key || (win_keys[i].alt && win_keys[i].alt == key))
            return i;
    if (key == SDLK_PLUS || key == SDLK_QUESTION || key == SDLK_h)
        return win_key_for(key == SDLK_PLUS ? SDLK_EQUALS : SDLK_SLASH);
    return -1;
}

int win_key_named(const char *name)
{
    for (int i = 0; i < win_n_keys; i++)
        if (!strcmp(win_keys[i].name, name))
            return i;
    return -1;
}

void win_key_run(win_ui *ui, int index)
{
    if (index >= 0 && index < win_n_keys)
        win_keys[index].act(ui);
}
