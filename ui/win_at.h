/* --at SELECTOR for screenshots, in the words of `ringscope pagemap --at`: KIND[:N] (just after the
 * Nth event of KIND: syscall, sysret, fault, interrupt, cpl, cr3, io), icount:N, end. */
#ifndef RS_WIN_AT_H
#define RS_WIN_AT_H
#include <stdint.h>

typedef struct win_at {
    int kind;          /* rs_event_kind, or -1 for icount:N and end */
    uint64_t n;        /* the Nth event; for icount:N the count; 0 for end */
} win_at;

/* Returns 1 and fills *AT, or 0 for a malformed selector. */
int win_at_parse(const char *text, win_at *at);

#endif
