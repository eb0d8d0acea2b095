/* The machine's private state, shared by machine.c, hooks.c and io_permission.c. Front ends never
 * include this: they use machine.h. */
#ifndef RS_MACHINE_PRIV_H
#define RS_MACHINE_PRIV_H
#include <unicorn/unicorn.h>
#include <capstone/capstone.h>
#include "machine.h"
#include "codewatch.h"
#include "cpuctx.h"
#include "devices.h"
#include "ioport.h"
#include "physmem.h"
#include "trap.h"
#include "tracer.h"

/* An I/O instruction being aborted (see hooks.c): a denied port access, or a debug-exit write
 * that must end the run before the next instruction. */
typedef enum rs_io_abort_kind { RS_IO_ABORT_NONE, RS_IO_ABORT_DENIED, RS_IO_ABORT_EXIT } rs_io_abort_kind;

typedef struct rs_io_abort {
    rs_io_abort_kind kind;
    uint32_t scan_from;      /* an instruction boundary at or before the I/O instruction */
    uint32_t saved_dr6;
    int size;                /* bytes per port access, from the hook */
    uint16_t port;
    int hint;                /* rs_fault_hint: why a denied access was denied */
} rs_io_abort;

struct rs_machine {
    uc_engine *uc;
    rs_physmem pm;
    rs_cpuctx *cpu;
    csh disasm32, disasm16;
    int booted, finished;
    rs_boot_state boot;

    rs_iobus bus;
    rs_uart uart;
    rs_debugcon debugcon;
    rs_debugexit debugexit;
    rs_io_abort io_abort;
    rs_codewatch codewatch;

    /* A stop requested from inside a hook; rs_machine_run reports it. */
    int stop_pending;
    rs_stop stop;

    uint64_t delivered;
    rs_tracer tracer;
    int count_hook_on;       /* Unicorn's own counting hook is installed (a counted run happened) */
    uc_hook hooks[8];
};

/* hooks.c: installs every hook at creation (hooks added later miss translated code). */
rs_err rs_hooks_install(rs_machine *m);

/* Requests a stop from inside a hook: the engine stops before the next instruction. */
void rs_machine_stop_from_hook(rs_machine *m, rs_stop_reason reason, const char *detail);

/* io_permission.c: SDM 19.5 "Protection of I/O ports": may the CPU access PORT..PORT+size-1 now? */
int rs_io_permitted(rs_machine *m, uint16_t port, int size, int *hint);

#endif
