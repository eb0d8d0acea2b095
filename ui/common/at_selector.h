/* --at SELECTOR (the window's screenshots and `ringscope pagemap --at`): KIND[:N] (just after the
 * Nth event of KIND: syscall, sysret, fault, interrupt, cpl, cr3, io), icount:N, end. */
#ifndef RS_AT_SELECTOR_H
#define RS_AT_SELECTOR_H
#include <stdint.h>

typedef struct rs_at {
    int kind;          /* rs_event_kind, or -1 for icount:N and end */
    uint64_t n;        /* the Nth event; for icount:N the count; 0 for end */
} rs_at;

/* Returns 1 and fills *AT, or 0 for a malformed selector. */
int rs_at_parse(const char *text, rs_at *at);

#endif
