/* The recent past, as the window draws it: which ring the CPU was in over the instruction count
 * (the timeline), the events worth a marker (system calls with their results, exceptions,
 * interrupts, breakpoints, address-space switches), the pages touched lately (they glow on the
 * map), and the last CPL change and exception (the ring indicator and the fault view).
 *
 * The engine thread feeds it from the machine's event log after every slice and copies it into
 * each snapshot. Everything is bounded: old segments and markers are overwritten. Plain memory;
 * not thread-safe. */
#ifndef RS_WIN_HISTORY_H
#define RS_WIN_HISTORY_H
#include <stdint.h>
#include "event_log.h"

#define WIN_SEGMENTS 4096u    /* CPL changes remembered (a power of two) */
#define WIN_MARKERS 512u      /* marked events remembered (a power of two) */
#define WIN_TOUCHES 48        /* pages that glow */

typedef struct win_segment {
    uint64_t icount;          /* the CPU is at CPL cpl from here to the next segment */
    int cpl;
} win_segment;

typedef struct win_marker {
    rs_event ev;              /* syscall, exception, interrupt, breakpoint or cr */
    int has_ret;              /* a syscall whose return was seen: */
    int32_t ret;              /* its result */
    uint64_t ret_icount;
} win_marker;

typedef enum win_touch_kind { WIN_TOUCH_CODE, WIN_TOUCH_DATA, WIN_TOUCH_FAULT } win_touch_kind;

typedef struct win_touch {
    uint32_t page;            /* linear address >> 12 */
    win_touch_kind kind;
    uint32_t cr3;             /* the address space it was touched in */
    uint64_t ms;              /* when (the engine's clock) */
} win_touch;

typedef struct win_history {
    win_segment seg[WIN_SEGMENTS];
    uint64_t n_seg;           /* ever recorded; the newest is seg[(n_seg - 1) % WIN_SEGMENTS] */
    win_marker mark[WIN_MARKERS];
    uint64_t n_mark;
    win_touch touch[WIN_TOUCHES];
    int n_touch;
    rs_event last_cpl;        /* valid when have_cpl */
    int have_cpl;
    rs_event last_fault;      /* the newest exception, valid when have_fault */
    int have_fault;
    uint64_t missed;          /* events the machine's log dropped before we read them */
} win_history;

/* Empties H; the CPU starts at CPL 0 at icount 0 (the Multiboot entry state). */
void win_history_reset(win_history *h);

/* Takes in every event of LOG after *SEEN (and moves *SEEN on). NOW_MS stamps the touches;
 * MS_PER_EVENT (0 in the live window) moves that stamp back per later event, so that when many
 * events arrive at once (a screenshot's single run) the older ones have faded. */
void win_history_absorb(win_history *h, const rs_evlog *log, uint64_t *seen, uint64_t now_ms,
                        uint64_t ms_per_event);

/* Marks PAGE (linear >> 12) as touched at MS. */
void win_history_touch(win_history *h, uint32_t page, win_touch_kind kind, uint32_t cr3, uint64_t ms);

/* The CPL at ICOUNT as far as H remembers (0 before anything is known). */
int win_history_cpl_at(const win_history *h, uint64_t icount);

#endif
