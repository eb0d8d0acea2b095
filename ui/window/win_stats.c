/* See win_stats.h. */
#include <stdlib.h>
#include <string.h>
#include "win_stats.h"

void win_stats_add(win_stats *s, uint64_t start_us, double work_ms)
{
    s->work_ms[s->n % WIN_STATS_FRAMES] = work_ms;
    s->start_us[s->n % WIN_STATS_FRAMES] = start_us;
    s->n++;
}

static int clamp_count(const win_stats *s, int n)
{
    uint64_t have = s->n < WIN_STATS_FRAMES ? s->n : WIN_STATS_FRAMES;
    return n > (int)have ? (int)have : n;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double win_stats_percentile(const win_stats *s, int n, double p)
{
    n = clamp_count(s, n);
    if (n < 2)
        return 0;
    double v[WIN_STATS_FRAMES];
    for (int i = 0; i < n; i++)
        v[i] = s->work_ms[(s->n - 1 - (uint64_t)i) % WIN_STATS_FRAMES];
    qsort(v, (size_t)n, sizeof v[0], by_value);
    int k = (int)(p * (n - 1) + 0.5);
    return v[k];
}

double win_stats_fps(const win_stats *s, int n)
{
    n = clamp_count(s, n);
    if (n < 2)
        return 0;
    uint64_t newest = s->start_us[(s->n - 1) % WIN_STATS_FRAMES];
    uint64_t oldest = s->start_us[(s->n - (uint64_t)n) % WIN_STATS_FRAMES];
    return newest > oldest ? (n - 1) * 1e6 / (double)(newest - oldest) : 0;
}
