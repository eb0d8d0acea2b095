/* Mouse and keys: SDL events into the key table's actions (win_keys.h), click targets (buttons,
 * code lines, the fault view's close box), map zoom, and the wheel. */
#include "win_draw.h"
#include "win_input.h"
#include "win_keys.h"

static const win_hit *hit_at(const win_ui *ui, int x, int y)
{
    for (int i = ui->n_hits - 1; i >= 0; i--)
        if (win_inside(ui->hits[i].rect, x, y))
            return &ui->hits[i];
    return NULL;
}

static void run_hit(win_ui *ui, const win_hit *h)
{
    switch (h->action) {
    case WIN_HIT_DISASM_LINE:
        if (ui->engine)
            win_engine_post(ui->engine, (win_cmd){ WIN_CMD_BREAK_TOGGLE, h->address });
        break;
    case WIN_HIT_CLOSE_FAULT:
        ui->fault_open = 0;
        break;
    case WIN_HIT_REGION:
        win_regions_select(ui, h->address);
        break;
    case WIN_HIT_SHOW_FAULT:
        if (ui->snap && (int)h->address < ui->snap->n_events)
            win_fault_show(ui, &ui->snap->events[h->address]);
        break;
    default:
        win_key_run(ui, h->action);
        break;
    }
}

void win_input_click(win_ui *ui, int x, int y, int button)
{
    if (ui->help_open) {
        ui->help_open = 0;
        return;
    }
    if (button == SDL_BUTTON_RIGHT) {
        ui->zoom_row = -1;
        return;
    }
    const win_hit *h = hit_at(ui, x, y);
    if (h) {
        run_hit(ui, h);
        return;
    }
    uint32_t linear;
    if (!ui->fault_open && ui->zoom_row < 0 && win_map_hit(ui, x, y, &linear))
        ui->zoom_row = (int)(linear >> 22);
}

void win_input_wheel(win_ui *ui, int x, int y, int dy)
{
    if (win_inside(ui->lay.events, x, y)) {
        ui->events_scroll += dy * 3;
        if (ui->events_scroll < 0)
            ui->events_scroll = 0;
    } else if (win_inside(ui->lay.timeline, x, y)) {
        ui->timeline_log2 -= dy;
        ui->timeline_log2 = ui->timeline_log2 < 8 ? 8 : ui->timeline_log2 > 40 ? 40 : ui->timeline_log2;
    } else if (ui->lay.regions.w > 0 && win_inside(ui->lay.regions, x, y)) {
        ui->regions_scroll -= dy * 3;
        if (ui->regions_scroll < 0)
            ui->regions_scroll = 0;
    } else if (ui->zoom_row >= 0 && win_inside(ui->lay.map_pane, x, y)) {
        int row = ui->zoom_row - dy;
        ui->zoom_row = row < 0 ? 0 : row > 1023 ? 1023 : row;
    }
}

void win_input_key(win_ui *ui, SDL_Keycode key)
{
    win_key_run(ui, win_key_for(key));
}

void win_input_event(win_ui *ui, const SDL_Event *ev)
{
    switch (ev->type) {
    case SDL_QUIT:
        ui->quit = 1;
        break;
    case SDL_KEYDOWN:
        win_input_key(ui, ev->key.keysym.sym);
        break;
    case SDL_MOUSEMOTION:
        ui->mouse_x = ev->motion.x, ui->mouse_y = ev->motion.y, ui->mouse_in = 1;
        break;
    case SDL_MOUSEBUTTONDOWN:
        ui->mouse_x = ev->button.x, ui->mouse_y = ev->button.y, ui->mouse_in = 1;
        win_input_click(ui, ev->button.x, ev->button.y, ev->button.button);
        break;
    case SDL_MOUSEWHEEL:
        win_input_wheel(ui, ui->mouse_x, ui->mouse_y, ev->wheel.y);
        break;
    case SDL_WINDOWEVENT:
        if (ev->window.event == SDL_WINDOWEVENT_LEAVE)
            ui->mouse_in = 0;
        break;
    default:
        break;
    }
}
