/* A bounded ring buffer of events (event.h): the machine's memory of the recent past.
 *
 * The log keeps the newest `capacity` events; older ones are overwritten. Events are numbered by
 * seq from 0 upwards, so a reader that remembers the last seq it saw can ask for what is new and
 * learn how many it missed. The log owns its storage; rs_evlog_free releases it. Not thread-safe. */
#ifndef RS_EVENT_LOG_H
#define RS_EVENT_LOG_H
#include <stddef.h>
#include <stdint.h>
#include "error.h"
#include "event.h"

typedef struct rs_evlog {
    rs_event *ring;
    size_t capacity;        /* a power of two */
    uint64_t next_seq;      /* the seq the next event gets; also how many were ever logged */
} rs_evlog;

#define RS_EVLOG_DEFAULT_CAPACITY 16384u

/* CAPACITY is rounded up to a power of two (minimum 16). Fails: RS_ERR_NOMEM, RS_ERR_ARG (more
 * than 2^24). */
rs_err rs_evlog_init(rs_evlog *log, size_t capacity);
void rs_evlog_free(rs_evlog *log);

/* Stores EV, setting its seq; returns the stored copy (valid until it is overwritten). */
rs_event *rs_evlog_push(rs_evlog *log, const rs_event *ev);

/* The oldest seq still held (== next_seq when empty). */
uint64_t rs_evlog_oldest(const rs_evlog *log);

/* The event numbered SEQ, or NULL if it is not (or no longer) held. */
const rs_event *rs_evlog_get(const rs_evlog *log, uint64_t seq);

#endif
