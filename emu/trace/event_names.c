/* The names of event kinds and CPL-change causes (event.h): the JSON trace's "kind" and
 * "cause" values and the debugger's words, so they must never change once released. */
#include <string.h>
#include "event.h"

static const char *const kind_names[RS_EV__COUNT] = {
    [RS_EV_CPL] = "cpl",
    [RS_EV_EXCEPTION] = "exception",
    [RS_EV_INTERRUPT] = "interrupt",
    [RS_EV_SYSCALL] = "syscall",
    [RS_EV_SYSRET] = "sysret",
    [RS_EV_CR] = "cr",
    [RS_EV_IO] = "io",
    [RS_EV_HALT] = "halt",
    [RS_EV_EXIT] = "exit",
    [RS_EV_LIMIT] = "limit",
    [RS_EV_STOP] = "stop",
    [RS_EV_BREAKPOINT] = "breakpoint",
};

/* Words a user types for a kind ("until cr3", "until fault") besides its own name. */
static const struct {
    const char *name;
    rs_event_kind kind;
} kind_aliases[] = {
    { "cr3", RS_EV_CR },
    { "fault", RS_EV_EXCEPTION },
};

static const char *const cause_names[] = {
    [RS_CAUSE_INT] = "int",
    [RS_CAUSE_EXCEPTION] = "exception",
    [RS_CAUSE_HWINT] = "hwint",
    [RS_CAUSE_IRET] = "iret",
    [RS_CAUSE_SYSENTER] = "sysenter",
    [RS_CAUSE_SYSEXIT] = "sysexit",
    [RS_CAUSE_FAR] = "far",
};

const char *rs_event_kind_name(rs_event_kind k)
{
    if ((int)k < 0 || k >= RS_EV__COUNT)
        return NULL;
    return kind_names[k];
}

int rs_event_kind_from_name(const char *name)
{
    if (name == NULL)
        return -1;
    for (int k = 0; k < RS_EV__COUNT; k++)
        if (strcmp(kind_names[k], name) == 0)
            return k;
    for (size_t i = 0; i < sizeof kind_aliases / sizeof kind_aliases[0]; i++)
        if (strcmp(kind_aliases[i].name, name) == 0)
            return (int)kind_aliases[i].kind;
    return -1;
}

const char *rs_cpl_cause_name(rs_cpl_cause c)
{
    if ((int)c < 0 || (size_t)c >= sizeof cause_names / sizeof cause_names[0])
        return NULL;
    return cause_names[c];
}
