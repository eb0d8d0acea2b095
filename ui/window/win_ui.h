/* The window's UI side: what one frame draws, pane by pane, from a snapshot (win_snapshot.h),
 * and the view state the panes share (zoom, hover, overlays). The same code draws into a real
 * window (win_live.c) and into an off-screen surface for --screenshot (win_shot.c).
 *
 *   win_layout.c    where each pane goes for a window size
 *   win_frame.c     one whole frame, in drawing order
 *   win_topbar.c    title, run state, speed, frame time, the buttons
 *   win_map.c       the address-space map's cells; win_map_marks.c what is drawn over them
 *   win_hover.c     the hover text for a map cell; win_legend.c the colour legend
 *   win_ring.c      RING 3 / RING 0 and the cause of the last change
 *   win_regs.c      registers; win_disasm.c code around EIP; win_events.c the event log;
 *   win_console.c   COM1; win_timeline.c the timeline strip; win_fault.c the fault view;
 *   win_help.c      the help overlay; win_keys.c the key table; win_input.c mouse and keys
 *
 * UI thread only. The UI borrows the engine; the frame borrows the snapshot. */
#ifndef RS_WIN_UI_H
#define RS_WIN_UI_H
#include <SDL.h>
#include "disasm.h"
#include "win_engine.h"
#include "win_stats.h"
#include "win_text.h"

typedef struct win_layout {
    int w, h;
    SDL_Rect top;            /* title, state, buttons */
    SDL_Rect ring;           /* the ring indicator */
    SDL_Rect legend;         /* the colour legend and the short key list */
    SDL_Rect map_pane;       /* title, region strip, address gutter and cells */
    SDL_Rect map;            /* the cells alone: the 32 x 32 page-directory (or page-table) grid,
                              * or with the linear view (l) all 4 GiB to scale */
    SDL_Rect regions;        /* the region strip (win_regions.c); w 0 with the linear view */
    SDL_Rect map_linear;     /* where the cells go in the linear view */
    SDL_Rect regs, disasm;
    SDL_Rect timeline;
    SDL_Rect events, console;
} win_layout;

#define WIN_DEFAULT_W 1280
#define WIN_DEFAULT_H 800
#define WIN_MAX_HITS 64

/* Click targets that are not keys (win_hit.action below 0). */
enum {
    WIN_HIT_DISASM_LINE = -2,    /* toggles a breakpoint at address */
    WIN_HIT_CLOSE_FAULT = -3,    /* closes the fault view */
    WIN_HIT_SHOW_FAULT = -4,     /* opens the fault view for snapshot event number address */
    WIN_HIT_REGION = -5,         /* selects the region starting at address (zooms to its table) */
};

/* One row of the region strip: a run of present pages with the same rights, and its name. */
typedef struct win_region {
    uint32_t start, pages;
    uint8_t attrs;
    char name[48];
} win_region;

#define WIN_MAX_REGIONS 512

/* A place on screen that does something when clicked. */
typedef struct win_hit {
    SDL_Rect rect;
    int action;              /* win_keys.c: an index into the key table; or -1 */
    uint32_t address;        /* for a disassembly line: its address */
} win_hit;

typedef struct win_ui {
    SDL_Renderer *r;
    win_text text;
    rs_disasm *dis;
    win_layout lay;
    win_engine *engine;
    const char *title;           /* what runs: "demo" or the kernel's name */
    int headless;                /* screenshots: flashes are drawn steadily on */

    const win_snapshot *snap;    /* what this frame draws (never NULL while drawing) */
    uint64_t now_ms;             /* the clock glows and flashes are timed with */

    /* The map. */
    SDL_Texture *map_tex;
    int map_tex_w, map_tex_h;
    uint8_t *map_keys;           /* one byte per texture pixel: the strongest page in it */
    uint32_t *map_pixels;
    uint64_t map_built_serial;   /* the snapshot the texture shows */
    int map_built_overlay;
    uint32_t class_pages[8];     /* the legend's page counts, by colour */
    uint64_t counted_serial;
    int zoom_row;                /* -1: the whole 4 GiB; else the 4 MiB region (PDE index) shown */
    int map_linear;              /* the linear view: all 4 GiB to scale instead of strip and grid */
    win_region regions[WIN_MAX_REGIONS];   /* the strip's rows (win_regions.c) */
    int n_regions;               /* shown; regions_total may be more */
    size_t regions_total;
    uint64_t regions_serial;     /* the snapshot they were built from */
    int region_selected;         /* index into regions, -1: none */
    int regions_scroll;          /* rows scrolled down in the strip */
    int overlay_ad;              /* the accessed/dirty overlay */

    /* The mouse. */
    int mouse_x, mouse_y;
    int mouse_in;

    /* Panels. */
    int events_scroll;           /* lines scrolled back from the newest */
    int events_io;               /* the event log shows port I/O too */
    int timeline_log2;           /* the timeline spans 2^timeline_log2 instructions */

    /* Overlays. */
    int help_open;
    int fault_open;
    rs_event fault_ev;           /* the exception the fault view shows */
    uint64_t fault_stop_seen;    /* status.fault_stop_seq already opened */
    uint64_t generation_seen;    /* status.generation: a reset forgets the above */

    win_hit hits[WIN_MAX_HITS];  /* rebuilt every frame */
    int n_hits;
    win_stats stats;
    int quit;
} win_ui;

/* Sets up the UI on renderer R (fonts, disassembler). Returns 0 with ERR filled on failure. */
int win_ui_open(win_ui *ui, SDL_Renderer *r, win_engine *engine, const char *title, char *err, size_t len);
void win_ui_close(win_ui *ui);

/* Draws one frame of SNAP at size W x H (not presented). */
void win_frame_draw(win_ui *ui, const win_snapshot *snap, int w, int h);

void win_layout_compute(win_layout *lay, int w, int h);

/* Panes: each draws into its rectangle of ui->lay. */
void win_topbar_draw(win_ui *ui);
void win_map_draw(win_ui *ui);
void win_map_marks_draw(win_ui *ui);
void win_regions_draw(win_ui *ui);
/* The region strip's rows for the snapshot being drawn (rebuilt when it changes). */
void win_regions_update(win_ui *ui);
void win_regions_fit(win_ui *ui);          /* gives the strip the height its rows need */
void win_regions_info_draw(win_ui *ui);    /* the words beside the grid */
/* Selects the next (DIR 1) or previous (-1) mapped region after the selection (or after EIP's
 * page), and zooms the grid to its page table. */
void win_regions_jump(win_ui *ui, int dir);
void win_regions_select(win_ui *ui, uint32_t start);
void win_hover_draw(win_ui *ui);
void win_legend_draw(win_ui *ui);
void win_ring_draw(win_ui *ui);
void win_regs_draw(win_ui *ui);
void win_disasm_draw(win_ui *ui);
void win_events_draw(win_ui *ui);
void win_console_draw(win_ui *ui);
void win_timeline_draw(win_ui *ui);
void win_timeline_hover_draw(win_ui *ui);
void win_fault_draw(win_ui *ui);
void win_help_draw(win_ui *ui);
void win_buttons_draw(win_ui *ui, SDL_Rect area);   /* the controls, in AREA */

/* The map's geometry: the cell of LINEAR (0 if not in view), the address under (X, Y). */
int win_map_cell_rect(const win_ui *ui, uint32_t linear, SDL_Rect *out);
int win_map_hit(const win_ui *ui, int x, int y, uint32_t *linear);
/* The colour a page with attributes ATTRS is drawn in (without overlays). */
uint32_t win_map_page_rgb(uint8_t attrs);
/* Counts pages by colour: 0 not present, 1 supervisor RO, 2 supervisor RW, 3 user RO, 4 user RW,
 * 5 reserved. */
void win_map_count_classes(const uint8_t *attrs, uint32_t counts[8]);

/* The ring indicator's colours (the map's user and supervisor colours), win_ring.c. */
uint32_t win_ring_rgb(int cpl);

/* Shared drawing helpers (win_frame.c). */
void win_panel(win_ui *ui, SDL_Rect rect, const char *title);      /* background, edge, title */
/* The same with the first of N titles (longest first) that fits the panel's width. */
void win_panel_fit(win_ui *ui, SDL_Rect rect, const char *const *titles, int n);
/* Whether TEXT fits W pixels in font F. */
int win_fits(const win_ui *ui, int f, const char *text, int w);
SDL_Rect win_panel_body(const win_ui *ui, SDL_Rect rect);           /* inside, below the title */
void win_tooltip(win_ui *ui, int x, int y, const char *const *lines, const uint32_t *colours, int n);
void win_add_hit(win_ui *ui, SDL_Rect rect, int action, uint32_t address);

/* The fault view opens for an exception the engine paused on; win_fault_open for any. */
void win_fault_update(win_ui *ui);
void win_fault_show(win_ui *ui, const rs_event *ev);

#endif
