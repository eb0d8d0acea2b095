/* What the engine's commands and slices do to the machine (win_engine.h). Runs on the engine
 * thread only, between slices. */
#include <stdio.h>
#include <string.h>
#include "explain.h"
#include "win_engine_priv.h"

static void serial_sink(void *opaque, uint8_t byte)
{
    win_engine *e = opaque;
    win_serial_put(&e->serial, byte);
    if (e->guest.serial_tee)
        e->guest.serial_tee(e->guest.serial_tee_opaque, byte);
}

static void say(win_engine *e, const char *fmt, const char *text)
{
    snprintf(e->status.message, sizeof e->status.message, fmt, text);
}

rs_err win_control_boot(win_engine *e, char *msg, size_t len)
{
    rs_machine_config cfg = { .ram_bytes = e->guest.ram_bytes, .serial_sink = serial_sink, .serial_opaque = e,
                              .debugcon_sink = e->guest.debugcon_sink,
                              .debugcon_opaque = e->guest.debugcon_opaque, .trace = 1, .ips = e->guest.ips,
                              .cpu_model = e->guest.cpu_model,
                              .rtc_set = e->guest.rtc_set, .rtc_epoch = e->guest.rtc_epoch };
    rs_err err = rs_machine_create(&cfg, &e->m);
    if (!err)
        err = rs_machine_boot(e->m, e->guest.kernel, e->guest.modules, e->guest.n_modules, msg, len);
    if (!err)
        err = rs_dbg_create(e->m, &e->d);
    for (int i = 0; !err && i < e->n_breaks; i++)
        err = rs_dbg_break_add(e->d, e->breaks[i]);
    if (err) {
        win_control_shutdown(e);
        return err;
    }
    win_serial_clear(&e->serial);
    win_history_reset(&e->hist);
    e->seen_seq = 0;
    e->status.mode = e->guest.running ? WIN_RUNNING : WIN_PAUSED;
    e->status.speed = e->guest.speed;
    e->status.pause_on_fault = 1;
    e->status.have_stop = 0;
    e->status.fault_stop_seq = 0;
    e->status.booted = 1;
    e->mips_icount = 0;
    e->mips_us = win_engine_wall_us();
    return RS_OK;
}

void win_control_shutdown(win_engine *e)
{
    rs_dbg_destroy(e->d);
    rs_machine_destroy(e->m);
    e->d = NULL;
    e->m = NULL;
}

int win_control_running(const win_engine *e)
{
    return e->m && (e->status.mode == WIN_RUNNING || e->status.mode == WIN_UNTIL);
}

int win_control_may_run(const win_engine *e)
{
    return win_control_running(e) && !win_gdb_holds_cpu(e);
}

void win_control_absorb(win_engine *e)
{
    win_history_absorb(&e->hist, rs_machine_event_log(e->m), &e->seen_seq, win_engine_now_ms(e),
                       e->guest.virtual_clock ? 25 : 0);
}

static void reset(win_engine *e)
{
    char msg[256] = "";
    win_control_shutdown(e);
    e->status.generation++;
    rs_err err = win_control_boot(e, msg, sizeof msg);
    if (err) {
        win_gdb_reattach(e);        /* no machine: the stub lets go of the old one */
        e->status.booted = 0;
        e->status.mode = WIN_FINISHED;
        snprintf(e->status.message, sizeof e->status.message, "reset failed: %.150s", *msg ? msg : rs_strerror(err));
        return;
    }
    win_gdb_reattach(e);
    say(e, "%s", e->gdb ? "reset: a new machine, booted again; gdb is attached to it" : "reset: a new machine, booted again");
}

static void toggle_break(win_engine *e, uint32_t linear)
{
    for (int i = 0; i < e->n_breaks; i++)
        if (e->breaks[i] == linear) {
            rs_dbg_break_remove(e->d, linear);
            e->breaks[i] = e->breaks[--e->n_breaks];
            snprintf(e->status.message, sizeof e->status.message, "breakpoint at 0x%08x removed", linear);
            return;
        }
    rs_err err = rs_dbg_break_add(e->d, linear);
    if (!err)
        e->breaks[e->n_breaks++] = linear;
    snprintf(e->status.message, sizeof e->status.message, "breakpoint at 0x%08x %s%s", linear,
             err ? "not set: " : "set", err ? rs_strerror(err) : "");
}

static void set_limits(win_engine *e, uint64_t timeout_us)
{
    rs_run_limits limits = { .max_insns = e->guest.max_insns, .timeout_us = timeout_us, .slice = 1 };
    rs_dbg_set_limits(e->d, &limits);
}

/* The event that stopped a run, as one line. */
static void event_message(win_engine *e, const char *prefix, uint64_t seq)
{
    const rs_event *ev = rs_evlog_get(rs_machine_event_log(e->m), seq);
    char line[180] = "?";
    if (ev)
        rs_explain_event_line(ev, line, sizeof line);
    snprintf(e->status.message, sizeof e->status.message, "%s%s", prefix, line);
}

/* After any run: pause, finish or go on, and say why. */
static void handle_stop(win_engine *e, rs_err err, const rs_stop *stop)
{
    win_control_absorb(e);
    if (err) {
        rs_stop end = { .reason = RS_STOP_ENGINE_ERROR };
        snprintf(end.detail, sizeof end.detail, "cannot run: %s", rs_strerror(err));
        win_gdb_guest_finished(e, &end);
        e->status.mode = WIN_FINISHED;
        say(e, "the guest has stopped (%s); r resets", rs_strerror(err));
        return;
    }
    switch (stop->reason) {
    case RS_STOP_TIMEOUT: case RS_STOP_STEP: case RS_STOP_INTERRUPTED:
        return;
    case RS_STOP_EVENT: {
        const rs_event *ev = rs_evlog_get(rs_machine_event_log(e->m), stop->event_seq);
        int fault = ev && ev->kind == RS_EV_EXCEPTION;
        int wanted = e->status.mode == WIN_UNTIL && ev && (e->status.until_mask & (1u << ev->kind));
        if (fault)
            e->status.fault_stop_seq = stop->event_seq + 1;
        e->status.mode = WIN_PAUSED;
        event_message(e, wanted ? "stopped after: " : "paused on: ", stop->event_seq);
        break;
    }
    case RS_STOP_BREAKPOINT: case RS_STOP_INSN_LIMIT:
        e->status.mode = WIN_PAUSED;
        say(e, "%.150s", stop->detail);
        break;
    default:
        win_gdb_guest_finished(e, stop);
        e->status.mode = WIN_FINISHED;
        snprintf(e->status.message, sizeof e->status.message, "finished (%s): %.150s; r resets",
                 rs_stop_reason_name(stop->reason), stop->detail);
        break;
    }
    e->status.last_stop = *stop;
    e->status.have_stop = 1;
}

static void step(win_engine *e, int over)
{
    rs_stop stop;
    if (e->status.mode == WIN_FINISHED)
        return;
    e->status.mode = WIN_PAUSED;
    set_limits(e, over ? WIN_NEXT_TIMEOUT_US : WIN_STEP_TIMEOUT_US);
    uint64_t before = rs_machine_icount(e->m);
    rs_err err;
    int tries = 0;
    do {    /* an interrupt meant for the slice before may stop a step before it began: again */
        win_engine_slice_begin(e);
        err = over ? rs_dbg_next(e->d, &stop) : rs_dbg_step(e->d, 1, &stop);
        win_engine_slice_end(e);
    } while (!err && !over && stop.reason == RS_STOP_INTERRUPTED && rs_machine_icount(e->m) == before && ++tries < 3);
    e->status.show_changes = 1;
    handle_stop(e, err, &stop);
    if (!err && (stop.reason == RS_STOP_TIMEOUT || stop.reason == RS_STOP_INTERRUPTED))
        say(e, "%s", "step over: the call has not returned after 0.25 s; paused inside it");
    else if (!err && (stop.reason == RS_STOP_STEP))
        snprintf(e->status.message, sizeof e->status.message, "%s to 0x%08x (icount %llu)",
                 over ? "stepped over" : "stepped", stop.eip, (unsigned long long)stop.icount);
}

static void run_state(win_engine *e, win_run_mode mode, uint32_t mask)
{
    if (e->status.mode == WIN_FINISHED) {
        say(e, "%s", "the guest has finished; r resets");
        return;
    }
    e->status.mode = mode;
    e->status.until_mask = mask;
    e->status.show_changes = mode == WIN_UNTIL;
    e->status.message[0] = '\0';
}

/* A command gdb has a say in: Space/pause stops gdb's run; steps wait while gdb holds the CPU;
 * a reset waits for gdb's run to stop. Returns 1 when it was dealt with here. */
static int gdb_has_cpu(win_engine *e, const win_cmd *cmd)
{
    if (!win_gdb_holds_cpu(e))
        return 0;
    int pause = cmd->kind == WIN_CMD_PAUSE || cmd->kind == WIN_CMD_TOGGLE_RUN;
    if (win_gdb_running(e) && (pause || cmd->kind == WIN_CMD_RESET)) {
        rs_gdb_request_stop(e->gdb);
        if (cmd->kind == WIN_CMD_TOGGLE_RUN || cmd->kind == WIN_CMD_PAUSE)
            e->status.mode = e->status.mode == WIN_FINISHED ? WIN_FINISHED : WIN_PAUSED;
        say(e, "%s", cmd->kind == WIN_CMD_RESET ? "gdb's run is stopping (SIGINT); reset again then"
                                                : "gdb's run is stopping (SIGINT in gdb)");
        return 1;
    }
    if (cmd->kind == WIN_CMD_STEP || cmd->kind == WIN_CMD_NEXT) {
        say(e, "%s", "gdb holds the CPU: step in gdb, or detach it");
        return 1;
    }
    return 0;
}

void win_control_apply(win_engine *e, const win_cmd *cmd)
{
    e->status.commands_done++;
    if (!e->m && cmd->kind != WIN_CMD_RESET)
        return;
    if (gdb_has_cpu(e, cmd))
        return;
    int speed = e->status.speed;
    switch (cmd->kind) {
    case WIN_CMD_RUN: run_state(e, WIN_RUNNING, 0); break;
    case WIN_CMD_PAUSE: if (win_control_running(e)) run_state(e, WIN_PAUSED, 0); break;
    case WIN_CMD_TOGGLE_RUN: run_state(e, win_control_running(e) ? WIN_PAUSED : WIN_RUNNING, 0); break;
    case WIN_CMD_STEP: step(e, 0); break;
    case WIN_CMD_NEXT: step(e, 1); break;
    case WIN_CMD_UNTIL: run_state(e, WIN_UNTIL, (uint32_t)cmd->arg); break;
    case WIN_CMD_BREAK_TOGGLE: toggle_break(e, (uint32_t)cmd->arg); break;
    case WIN_CMD_RESET: reset(e); break;
    case WIN_CMD_SPEED: speed = (int)cmd->arg; break;
    case WIN_CMD_SPEED_UP: speed++; break;
    case WIN_CMD_SPEED_DOWN: speed--; break;
    case WIN_CMD_PAUSE_ON_FAULT:
        e->status.pause_on_fault = !e->status.pause_on_fault;
        say(e, "pause on faults: %s", e->status.pause_on_fault ? "on" : "off");
        break;
    }
    if (speed != e->status.speed && speed >= 0 && speed < WIN_SPEEDS) {
        e->status.speed = speed;
        say(e, "speed: %s", win_speed_name(speed));
    }
}

/* One slice: full speed for WIN_SLICE_US, or a slow speed's instructions for this tick. Stops
 * early at the events the mode waits for (and exceptions, when pausing on faults). Running until
 * an event goes at full speed whatever the speed: it is a jump to that event. */
void win_control_slice(win_engine *e)
{
    uint32_t mask = e->status.mode == WIN_UNTIL ? e->status.until_mask : 0;
    if (e->status.pause_on_fault)
        mask |= 1u << RS_EV_EXCEPTION;
    set_limits(e, WIN_SLICE_US);
    rs_stop stop;
    rs_err err;
    win_engine_slice_begin(e);
    if (e->status.speed == WIN_SPEED_FULL || e->status.mode == WIN_UNTIL) {
        err = rs_dbg_until(e->d, mask, &stop);
    } else {
        rs_machine_stop_on(e->m, mask);
        err = rs_dbg_step(e->d, win_speed_insns[e->status.speed], &stop);
        rs_machine_stop_on(e->m, 0);
    }
    win_engine_slice_end(e);
    handle_stop(e, err, &stop);
}
