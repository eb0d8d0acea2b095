/* The machine: a small 32-bit PC on Unicorn (RAM at physical 0, COM1, debug console, QEMU's
 * isa-debug-exit) with x86 protection semantics done by ringscope (trap.h, io permission,
 * sysenter). This is the core's front door; front ends (terminal, window, scripts) use only it.
 *
 * A machine is created, booted once with a Multiboot kernel, then run in slices with rs_machine_run
 * until it stops. It owns its engine, RAM and devices; rs_machine_destroy frees all of it.
 * Not thread-safe: one machine, one thread at a time. */
#ifndef RS_MACHINE_H
#define RS_MACHINE_H
#include <stddef.h>
#include <stdint.h>
#include "error.h"
#include "image.h"
#include "multiboot.h"
#include "devices.h"

typedef struct rs_machine rs_machine;

#define RS_DEFAULT_RAM_MIB 128u
#define RS_MIN_RAM_MIB 2u
#define RS_MAX_RAM_MIB 3072u     /* keeps RAM below the 3 GiB PCI hole QEMU leaves */

typedef struct rs_machine_config {
    uint64_t ram_bytes;          /* 0: RS_DEFAULT_RAM_MIB */
    rs_byte_sink serial_sink;    /* COM1 output; NULL drops it */
    void *serial_opaque;
    rs_byte_sink debugcon_sink;  /* port 0xE9 output; NULL drops it */
    void *debugcon_opaque;
    int count_instructions;      /* needed for rs_run_limits.max_insns; costs speed */
} rs_machine_config;

/* Fails: RS_ERR_ARG (RAM size not a whole MiB in range), RS_ERR_NOMEM, RS_ERR_ENGINE,
 * RS_ERR_ENGINE_LAYOUT (see cpuctx.h). */
rs_err rs_machine_create(const rs_machine_config *cfg, rs_machine **out);
void rs_machine_destroy(rs_machine *m);     /* accepts NULL */

/* Loads the kernel and modules (multiboot.h) and sets the Multiboot entry state: EAX=0x2BADB002,
 * EBX=info, flat 32-bit CS/DS/ES/FS/GS/SS, PE on, PG off, IF off, CPL 0. Only once per machine
 * (RS_ERR_STATE after). Loader failures as in multiboot.h, with msg filled. */
rs_err rs_machine_boot(rs_machine *m, const rs_image *kernel, const rs_image *modules,
                       size_t n_modules, char *msg, size_t msg_len);

typedef enum rs_stop_reason {
    RS_STOP_EXIT,          /* the guest wrote to isa-debug-exit; exit_status = (value<<1)|1 */
    RS_STOP_HALT,          /* HLT at CPL 0 with IF=0: nothing can wake the CPU */
    RS_STOP_HALT_IF,       /* HLT with IF=1: no interrupt source exists yet, so it never wakes */
    RS_STOP_TRIPLE_FAULT,  /* a fault while delivering #DF (QEMU -no-reboot would exit) */
    RS_STOP_INSN_LIMIT,    /* max_insns executed */
    RS_STOP_TIMEOUT,       /* the wall-clock limit passed */
    RS_STOP_UNSUPPORTED,   /* the guest used something not modelled (task gate, VM86...) */
    RS_STOP_ENGINE_ERROR,  /* Unicorn stopped with an error we cannot map to the architecture */
} rs_stop_reason;

typedef struct rs_run_limits {
    uint64_t max_insns;    /* 0: none (counting instructions slows the engine; see README) */
    uint64_t timeout_us;   /* 0: none */
} rs_run_limits;

typedef struct rs_stop {
    rs_stop_reason reason;
    int exit_status;        /* for RS_STOP_EXIT */
    uint32_t eip;           /* where the CPU stopped */
    char detail[256];       /* one line for humans */
} rs_stop;

/* Runs until the machine stops; fills *stop. Returns RS_ERR_STATE before boot or after a
 * terminal stop (exit, halt, triple fault, unsupported, engine error); limits and timeouts may be
 * resumed by calling again. */
rs_err rs_machine_run(rs_machine *m, const rs_run_limits *limits, rs_stop *stop);

const char *rs_stop_reason_name(rs_stop_reason r);

/* Read-only views for front ends and tests. */
uint32_t rs_machine_reg(rs_machine *m, int uc_reg_id);         /* 32-bit view of a register */
const rs_boot_state *rs_machine_boot_state(const rs_machine *m);
uint64_t rs_machine_events_delivered(const rs_machine *m);       /* interrupts/exceptions delivered */

#endif
