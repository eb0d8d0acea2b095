/* Frame times: the last 600 frames' work time (drawing and presenting), for the status bar and
 * for --bench (median, 99th percentile, frames per second). Plain memory. */
#ifndef RS_WIN_STATS_H
#define RS_WIN_STATS_H
#include <stdint.h>

#define WIN_STATS_FRAMES 600

typedef struct win_stats {
    double work_ms[WIN_STATS_FRAMES];    /* drawing + presenting */
    uint64_t start_us[WIN_STATS_FRAMES]; /* when each frame began */
    uint64_t n;                          /* frames ever recorded */
} win_stats;

void win_stats_add(win_stats *s, uint64_t start_us, double work_ms);
/* Over the last N frames (at most WIN_STATS_FRAMES): median and 99th percentile work time, and
 * frames per second from their start times. 0 when there are fewer than two frames. */
double win_stats_percentile(const win_stats *s, int n, double p);
double win_stats_fps(const win_stats *s, int n);

#endif
