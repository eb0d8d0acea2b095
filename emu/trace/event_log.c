/* See event_log.h. */
#include "event_log.h"
#include <stdlib.h>

rs_err rs_evlog_init(rs_evlog *log, size_t capacity)
{
    log->ring = NULL;
    log->capacity = 0;
    log->next_seq = 0;
    if (capacity > (1u << 24))
        return RS_ERR_ARG;
    size_t cap = 16;
    while (cap < capacity)
        cap <<= 1;
    log->ring = calloc(cap, sizeof *log->ring);
    if (!log->ring)
        return RS_ERR_NOMEM;
    log->capacity = cap;
    return RS_OK;
}

void rs_evlog_free(rs_evlog *log)
{
    free(log->ring);
    log->ring = NULL;
    log->capacity = 0;
}

rs_event *rs_evlog_push(rs_evlog *log, const rs_event *ev)
{
    rs_event *slot = &log->ring[log->next_seq & (log->capacity - 1)];
    *slot = *ev;
    slot->seq = log->next_seq++;
    return slot;
}

uint64_t rs_evlog_oldest(const rs_evlog *log)
{
    return log->next_seq > log->capacity ? log->next_seq - log->capacity : 0;
}

const rs_event *rs_evlog_get(const rs_evlog *log, uint64_t seq)
{
    if (seq >= log->next_seq || seq < rs_evlog_oldest(log))
        return NULL;
    return &log->ring[seq & (log->capacity - 1)];
}
