/* The machine's private state, shared by machine.c, hooks.c and io_permission.c. Front ends never
 * include this: they use machine.h. */
#ifndef RS_MACHINE_PRIV_H
#define RS_MACHINE_PRIV_H
#include <unicorn/unicorn.h>
#include "machine.h"
#include "codewatch.h"
#include "disasm_cs.h"
#include "cpuctx.h"
#include "devices.h"
#include "uart.h"
#include "rtc.h"
#include "sysports.h"
#include "i8042.h"
#include "vga.h"
#include "ioport.h"
#include "physmem.h"
#include "trap.h"
#include "tracer.h"
#include "timer_devices.h"
#include "symbols.h"

/* An I/O instruction being aborted (see hooks.c): a denied port access, or a debug-exit write
 * that must end the run before the next instruction. */
typedef enum rs_io_abort_kind {
    RS_IO_ABORT_NONE,
    RS_IO_ABORT_DENIED,      /* #GP(0) at the instruction */
    RS_IO_ABORT_EXIT,        /* isa-debug-exit: stop after it */
    RS_IO_ABORT_RECONFIG,    /* the guest took over the PIC/PIT: stop after it, turn the tracer on */
    RS_IO_ABORT_STOP,        /* a stop was asked for during the access (its event): stop after it */
} rs_io_abort_kind;

typedef struct rs_io_abort {
    rs_io_abort_kind kind;
    uint32_t scan_from;      /* an instruction boundary at or before the I/O instruction */
    uint32_t saved_dr6;
    int size;                /* bytes per port access, from the hook */
    int is_out;              /* OUT/OUTS (else IN/INS) */
    uint16_t port;
    int hint;                /* rs_fault_hint: why a denied access was denied */
} rs_io_abort;

struct rs_machine {
    uc_engine *uc;
    rs_physmem pm;
    rs_cpuctx *cpu;
    rs_disasm *dis;
    int booted, finished;
    rs_boot_state boot;

    rs_iobus bus;
    rs_uart uart;
    rs_rtc rtc;
    rs_port61 port61;
    rs_port92 port92;
    rs_i8042 kbd;
    rs_vga vga;
    rs_debugcon debugcon;
    rs_debugexit debugexit;
    rs_io_abort io_abort;
    rs_codewatch codewatch;

    /* A stop requested from inside a hook; rs_machine_run reports it. */
    int stop_pending;
    int in_io_hook;          /* inside an IN/OUT hook: a stop must wait for the instruction's end */
    rs_stop stop;

    rs_tracer tracer;
    int count_hook_on;       /* Unicorn's own counting hook is installed (a counted run happened) */

    /* Time and hardware interrupts (machine_time.c). */
    rs_pic pic;
    rs_pit pit;
    uint64_t ips;            /* virtual instructions per second */
    uint64_t idle_ns;        /* virtual time not spent on instructions (HLT, block rounding) */
    int want_tracer;         /* the run loop must turn the tracer on and resume */
    int cpu_model;           /* cpu_model.h */
    uc_hook hooks[8];
    rs_symtab *symbols;      /* the kernel's and the modules' (machine_symbols.c), from boot */
};

/* hooks.c: installs every hook at creation (hooks added later miss translated code). */
rs_err rs_hooks_install(rs_machine *m);

/* Requests a stop from inside a hook: the engine stops before the next instruction. */
void rs_machine_stop_from_hook(rs_machine *m, rs_stop_reason reason, const char *detail);

/* machine_symbols.c: reads the images' symbol tables at boot (a missing or malformed table
 * leaves that image without names; only host memory can fail). */
rs_err rs_machine_symbols_load(rs_machine *m, const rs_image *kernel, const rs_image *modules, size_t n_modules);

/* machine_time.c: virtual time, the PIC/PIT, hardware interrupts. */
rs_err rs_machine_time_attach(rs_machine *m, uint64_t ips);
void rs_machine_time_arm(rs_machine *m);
/* After the engine returned: takes a due timer edge or a request that IF now lets through, or
 * (HALTED_IF: the CPU is in HLT with IF=1) skips time to the next edge. Returns 1 if the run should
 * go on, 0 if there was nothing to do. */
int rs_machine_time_service(rs_machine *m, int halted_if);
/* Whether a write to PORT means the guest programs the interrupt hardware itself. */
int rs_machine_time_port(uint16_t port);

/* tsc.c: the time stamp counter (virtual time at --ips Hz), and the RDTSC the INTR hook got as
 * RS_CPUCTX_RDTSC_EXIT (EIP at the instruction): EDX:EAX set, EIP past it. */
uint64_t rs_machine_tsc(const rs_machine *m);
void rs_machine_rdtsc(rs_machine *m);

/* machine_pc.c: the PC devices besides the PIC/PIT (COM1, CMOS/RTC, ports 0x61/0x80/0x92, i8042, VGA). _attach after the PIC;
 * _next_event/_advance as rs_uart's; _timed_port: an access to PORT may change an interrupt
 * request or the next event (rearm the time loop); _wants_time: after a write to PORT the device
 * needs virtual time and interrupts (the tracer must be on). */
rs_err rs_machine_pc_attach(rs_machine *m, const rs_machine_config *cfg);
void rs_machine_pc_boot(rs_machine *m);    /* the state SeaBIOS leaves in memory: a blank screen */
uint64_t rs_machine_pc_next_event(const rs_machine *m);
void rs_machine_pc_advance(rs_machine *m, uint64_t now_ns);
int rs_machine_pc_timed_port(uint16_t port);
int rs_machine_pc_wants_time(const rs_machine *m, uint16_t port);

/* hooks.c: delivers an external interrupt between runs (the blob loaded, EFLAGS as read). */
void rs_machine_deliver_external(rs_machine *m, const rs_trap_request *req, uint32_t eflags);

/* io_permission.c: SDM 19.5 "Protection of I/O ports": may the CPU access PORT..PORT+size-1 now? */
int rs_io_permitted(rs_machine *m, uint16_t port, int size, int *hint);

#endif
