/* `ringscope [window] [options] [KERNEL]`: the window on the built-in demo or on KERNEL, or with
 * --screenshot the same view rendered into a PNG without a display. Without a display the window
 * falls back to running headless (a one-line note says so on a terminal). */
#include <SDL.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "win.h"
#include "at_selector.h"
#include "win_live.h"
#include "win_options.h"
#include "win_probe.h"
#include "win_shot.h"

void rs_win_usage(FILE *out)
{
    fputs(
"usage: ringscope [window] [options] [KERNEL]\n"
"\n"
"Opens the window on KERNEL (a Multiboot kernel, with --module images) or, without one, on the\n"
"built-in demo: the address space of the current CR3 as named regions and the page directory\n"
"(l: all 4 GiB to scale), RING 3 / RING 0 with the cause of each change, registers, code with\n"
"symbols, events, COM1, a timeline and the fault view. Press ? in the window for every key.\n"
"Without a display it runs headless instead.\n"
"\n"
"options (besides --module, --append, --serial, --debugcon, --memory, --max-insns, --ips, --cpu,\n"
"--rtc, --timeout, --gdb PORT, --gdb-listen ADDR:PORT and --gdb-wait, as for `ringscope run`):\n"
"  --screenshot FILE.png   render the view into FILE.png without a display, then exit\n"
"  --at SELECTOR           with --screenshot: the moment to show: KIND[:N] (just after the Nth\n"
"                          event of KIND: syscall, sysret, fault, interrupt, cpl, cr3, io),\n"
"                          icount:N, or end (default: end)\n"
"  --keys SCRIPT           input to play: key names (space s n ... next l q), wait:N, idle,\n"
"                          move:X,Y, click:X,Y, zoom:ADDR, hover:ADDR, shot:FILE, gdbstop,\n"
"                          probe:ring|cell:ADDR|fault|eip|icount|zoom, quit\n"
"  --size WxH              window size (default 1280x800)\n"
"  --speed N               0 (60 instructions/s) .. 7 (full speed); default 3 (60k/s)\n"
"  --paused                start paused at the kernel's entry\n"
"  --bench SECONDS         run at full speed with the window open and print frame time and MIPS\n"
"  -h, --help              this text\n"
"\n"
"With --gdb, gdb and the window drive the same machine: while gdb holds the CPU (connected and\n"
"stopped, running it, or --gdb-wait before it connects) the window shows where gdb is and runs\n"
"nothing itself; Space stops gdb's run (gdb sees SIGINT); r resets and gdb stays attached to the\n"
"new machine. gdb detaching leaves the window running; closing the window while gdb is connected\n"
"leaves gdb its session: ringscope goes on headless until gdb detaches and the guest finishes.\n"
"\n"
"exit status: 0 closed; 1 --at was not reached or a script step failed; 2 bad command line;\n"
"4 kernel or module not loadable; 16 no window could be made, or a host error\n", out);
}

typedef struct guest_images {
    rs_image kernel, mods[MAX_MODULES];
    size_t n;
    char title[160];
} guest_images;

static rs_image builtin(const rs_builtin_image *b)
{
    rs_image img = { b->data, b->size, strdup(b->name), 0 };
    return img;
}

static int load_images(const win_options *o, guest_images *g)
{
    if (!o->run.kernel) {
        g->kernel = builtin(&rs_demo_kernel);
        g->n = rs_demo_module_count < MAX_MODULES ? rs_demo_module_count : MAX_MODULES;
        for (size_t i = 0; i < g->n; i++)
            g->mods[i] = builtin(&rs_demo_modules[i]);
        snprintf(g->title, sizeof g->title, "demo (%zu programs)", g->n);
        return 1;
    }
    g->n = (size_t)o->run.n_modules;
    const char *base = strrchr(o->run.kernel, '/');
    snprintf(g->title, sizeof g->title, "%s%s", base ? base + 1 : o->run.kernel,
             g->n ? " + modules" : "");
    return rs_cli_load_images(&o->run, &g->kernel, g->mods);
}

static void free_images(guest_images *g)
{
    rs_image_free(&g->kernel);
    for (size_t i = 0; i < MAX_MODULES; i++)
        rs_image_free(&g->mods[i]);
}

static void file_sink(void *opaque, uint8_t byte) { fputc(byte, (FILE *)opaque); }

static rs_err make_engine(const win_options *o, guest_images *g, FILE *serial, FILE *debugcon, int headless,
                          win_engine **e)
{
    win_guest spec = { .kernel = &g->kernel, .modules = g->mods, .n_modules = g->n,
                       .ram_bytes = o->run.memory_mib << 20, .ips = o->run.ips, .cpu_model = o->run.cpu_model, .rtc_set = o->run.rtc_set, .rtc_epoch = o->run.rtc_epoch, .serial_tee = serial ? file_sink : NULL,
                       .serial_tee_opaque = serial, .debugcon_sink = debugcon ? file_sink : NULL,
                       .debugcon_opaque = debugcon, .max_insns = o->run.max_insns,
                       .speed = o->bench_s > 0 ? WIN_SPEED_FULL : o->speed, .running = !o->paused && !headless,
                       .virtual_clock = headless };
    char msg[256] = "";
    rs_err err = win_engine_create(&spec, e, msg, sizeof msg);
    if (err)
        fprintf(stderr, "ringscope: cannot start %s: %s\n", o->run.kernel ? o->run.kernel : "the demo",
                *msg ? msg : rs_strerror(err));
    return err;
}

/* --gdb: the engine serves gdb (win_engine_serve_gdb); the address goes to stderr. Returns -1, or
 * the exit status (2: the address cannot be bound, as for `run --gdb`). */
static int serve_gdb(const win_options *o, win_engine *e)
{
    if (!o->run.gdb)
        return -1;
    rs_gdb_config cfg = { .host = o->run.gdb_host, .port = o->run.gdb_port, .wait = o->run.gdb_wait,
                          .max_insns = o->run.max_insns, .log = stderr };
    char msg[256] = "";
    rs_err err = win_engine_serve_gdb(e, &cfg, msg, sizeof msg);
    if (!err)
        return -1;
    fprintf(stderr, "ringscope: cannot serve gdb: %s\n", *msg ? msg : rs_strerror(err));
    return err == RS_ERR_ARG ? RS_EXIT_USAGE : RS_EXIT_HOST_ERROR;
}

/* The window closed with a gdb client connected: gdb keeps its session, headless (as `run --gdb`
 * would go on); the exit status is then that session's. */
static int keep_serving_gdb(const win_options *o, win_engine *e, int status)
{
    rs_gdb_config cfg = { .host = o->run.gdb_host, .port = o->run.gdb_port, .wait = o->run.gdb_wait,
                          .max_insns = o->run.max_insns, .log = stderr };
    rs_gdb_outcome out;
    if (!win_engine_hand_gdb_over(e, &cfg, &out))
        return status;
    if (out.killed)
        return RS_EXIT_GDB_KILLED;
    if (out.stop.reason == RS_STOP_EXIT)
        return out.stop.exit_status & 0xff;
    return status;
}

/* --screenshot: run to --at, play --keys, save. */
static int screenshot(const win_options *o, win_engine *e, const char *title)
{
    rs_at at = { -1, 0 };
    char what[400], err[400];
    if (o->at && !rs_at_parse(o->at, &at))
        return rs_cli_usage_error("window", "bad --at selector '%s'", o->at);
    win_script script = { 0 };
    if (o->keys && !win_script_parse(&script, o->keys, err, sizeof err))
        return rs_cli_usage_error("window", "%s", err);
    uint64_t timeout_us = (uint64_t)((o->run.timeout_s > 0 ? o->run.timeout_s : 10) * 1e6);
    int reached = win_engine_run_to(e, at.kind, at.n, timeout_us, what, sizeof what);
    if (!reached)
        fprintf(stderr, "ringscope: %s before --at %s happened\n", what, o->at ? o->at : "end");
    win_offscreen off;
    int status = 1;
    if (!win_offscreen_open(&off, e, title, o->width, o->height, err, sizeof err)) {
        fprintf(stderr, "ringscope: %s\n", err);
        win_script_free(&script);
        return RS_EXIT_HOST_ERROR;
    }
    win_offscreen_draw(&off);
    if (o->keys) {
        while (win_script_step(&script, &off.ui) && !off.ui.quit) {
            win_engine_tick(e);
            win_offscreen_draw(&off);
        }
        win_engine_tick(e);      /* the screenshot shows what the last keys did */
        win_offscreen_draw(&off);
    }
    if (win_probe_save_png(&off.ui, o->screenshot, err, sizeof err))
        status = reached && !script.failed ? 0 : 1;
    else
        fprintf(stderr, "ringscope: %s\n", err), status = RS_EXIT_HOST_ERROR;
    win_offscreen_close(&off);
    win_script_free(&script);
    return status;
}

static int window(const win_options *o, win_engine *e, const char *title)
{
    char err[400];
    win_script script = { 0 };
    if (o->keys && !win_script_parse(&script, o->keys, err, sizeof err))
        return rs_cli_usage_error("window", "%s", err);
    win_live_options lo = { title, o->width, o->height, o->keys ? &script : NULL, o->bench_s };
    if (o->bench_s > 0)
        printf("headless bench: guest %.0f MIPS without the window (the same engine and tracer, %.1f s)\n",
               win_engine_bench(e, o->bench_s), o->bench_s);
    int status = win_live_run(e, &lo, err, sizeof err);
    if (status < 0)
        fprintf(stderr, "ringscope: %s\n", err);
    win_script_free(&script);
    return status < 0 ? RS_EXIT_HOST_ERROR : status;
}

/* No display: the same guest headless, as `ringscope` did before the window. */
static int headless(int argc, char **argv, const win_options *o)
{
    if (isatty(STDERR_FILENO))
        fprintf(stderr, "ringscope: no display (%s); running headless\n", SDL_GetError());
    if (!o->run.kernel)
        return rs_cli_demo(0, NULL);
    char **run = calloc((size_t)argc + 1, sizeof *run);
    int n = 0;
    run[n++] = "run";
    for (int i = 1; i < argc; i++) {
        int value = !strcmp(argv[i], "--speed") || !strcmp(argv[i], "--size") || !strcmp(argv[i], "--keys") ||
                    !strcmp(argv[i], "--bench");
        if (value || !strcmp(argv[i], "--paused"))
            i += value;
        else
            run[n++] = argv[i];
    }
    int status = rs_cli_run(n, run);
    free(run);
    return status;
}

static int run_with_images(const win_options *o, guest_images *g, int use_window)
{
    FILE *serial = rs_cli_open_output("window", o->run.serial_path, NULL);
    FILE *debugcon = rs_cli_open_output("window", o->run.debugcon_path, stderr);
    win_engine *e = NULL;
    int status = RS_EXIT_USAGE;
    if ((serial || !o->run.serial_path) && debugcon) {
        status = make_engine(o, g, serial, debugcon, !use_window, &e) ? RS_EXIT_LOAD : serve_gdb(o, e);
        if (status < 0)
            status = use_window ? window(o, e, g->title) : screenshot(o, e, g->title);
        if (use_window && o->run.gdb)
            status = keep_serving_gdb(o, e, status);
    }
    win_engine_destroy(e);
    if (serial)
        fclose(serial);
    if (debugcon && debugcon != stderr)
        fclose(debugcon);
    return status;
}

/* A display to open the window on: DISPLAY or WAYLAND_DISPLAY (or SDL_VIDEODRIVER, which the
 * user chose), and an SDL video driver that shows something (not offscreen, dummy or evdev). */
static int open_display(void)
{
    if (!getenv("SDL_VIDEODRIVER") && !getenv("DISPLAY") && !getenv("WAYLAND_DISPLAY")) {
        SDL_SetError("DISPLAY is not set");
        return 0;
    }
    if (SDL_Init(SDL_INIT_VIDEO) != 0)
        return 0;
    const char *driver = SDL_GetCurrentVideoDriver();
    if (!getenv("SDL_VIDEODRIVER") && driver &&
        (!strcmp(driver, "offscreen") || !strcmp(driver, "dummy") || !strcmp(driver, "evdev"))) {
        SDL_Quit();
        SDL_SetError("no display, only SDL's %s driver", driver);
        return 0;
    }
    return 1;
}

int rs_win_main(int argc, char **argv)
{
    win_options o;
    int status = win_parse_options(argc, argv, &o);
    if (status >= 0)
        return status;
    int use_window = !o.screenshot;
    if (use_window && !open_display())
        return headless(argc, argv, &o);
    guest_images g;
    memset(&g, 0, sizeof g);
    status = load_images(&o, &g) ? run_with_images(&o, &g, use_window) : RS_EXIT_LOAD;
    free_images(&g);
    SDL_Quit();
    return status;
}
