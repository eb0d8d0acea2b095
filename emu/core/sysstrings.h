/* Reading a system call's string arguments from user memory at its entry (sysstrings.c). */
#ifndef RS_SYSSTRINGS_H
#define RS_SYSSTRINGS_H
#include "event.h"
#include "machine.h"

/* Fills sys->strings for sys->nr and sys->args from the current address space. Between
 * instructions only (a hook); reads guest memory, changes nothing. Cannot fail. */
void rs_sysstrings_capture(rs_machine *m, rs_event_syscall *sys);

#endif
