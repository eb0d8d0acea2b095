/* See rs_at.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "event.h"
#include "at_selector.h"

int rs_at_parse(const char *text, rs_at *at)
{
    *at = (rs_at){ -1, 1 };
    if (!strcmp(text, "end")) {
        at->n = 0;
        return 1;
    }
    const char *colon = strchr(text, ':');
    size_t len = colon ? (size_t)(colon - text) : strlen(text);
    char name[32];
    if (len == 0 || len >= sizeof name)
        return 0;
    memcpy(name, text, len);
    name[len] = '\0';
    if (colon) {
        char *end;
        errno = 0;
        if (!colon[1] || colon[1] == '-')
            return 0;
        at->n = strtoull(colon + 1, &end, 0);
        if (errno || *end || at->n == 0)
            return 0;
    }
    if (!strcmp(name, "icount"))
        return colon != NULL;
    at->kind = rs_event_kind_from_name(name);
    return at->kind >= 0 && at->kind != RS_EV_BREAKPOINT;
}
