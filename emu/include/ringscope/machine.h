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
#include "byte_sink.h"
#include "event.h"
#include "event_log.h"
#include "mmu.h"
#include "regs.h"
#include "stop.h"

typedef struct rs_machine rs_machine;

#define RS_DEFAULT_RAM_MIB 128u
#define RS_MIN_RAM_MIB 2u
#define RS_MAX_RAM_MIB 3072u     /* keeps RAM below the 3 GiB PCI hole QEMU leaves */
#define RS_DEFAULT_IPS 100000000u  /* 100 million instructions per virtual second */

typedef struct rs_machine_config {
    uint64_t ram_bytes;          /* 0: RS_DEFAULT_RAM_MIB */
    rs_byte_sink serial_sink;    /* COM1 output; NULL drops it */
    void *serial_opaque;
    rs_byte_sink debugcon_sink;  /* port 0xE9 output; NULL drops it */
    void *debugcon_opaque;
    int trace;                   /* start with the tracer on (rs_machine_set_tracing) */
    uint64_t ips;                /* virtual time: instructions per second (0: RS_DEFAULT_IPS) */
    int cpu_model;               /* cpu_model.h (0: the default, pentium2) */
    const uint8_t *serial_input; /* COM1's receive line: these bytes, in virtual time (borrowed: */
    size_t serial_input_len;     /* they must outlive the machine); turns the tracer on */
    int rtc_set;                 /* the RTC starts at rtc_epoch (seconds since 1970, UTC); else */
    int64_t rtc_epoch;           /* at 2026-01-01T00:00:00 (RS_RTC_DEFAULT_EPOCH) */
    const char *keys;            /* typed on the keyboard in virtual time (i8042.h); borrowed;
                                  * turns the tracer on */
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

typedef struct rs_run_limits {
    uint64_t max_insns;    /* 0: none; else stop when rs_machine_icount reaches it (tracer on) */
    uint64_t timeout_us;   /* 0: none */
    int slice;             /* the timeout ends a time slice (a front end's frame), not the run:
                            * it records no event (otherwise a "limit" event is recorded) */
} rs_run_limits;

typedef struct rs_stop {
    rs_stop_reason reason;
    int exit_status;        /* for RS_STOP_EXIT */
    uint32_t eip;           /* where the CPU stopped */
    uint64_t icount;        /* instructions completed (0 while the tracer is off) */
    uint64_t event_seq;     /* for RS_STOP_EVENT: the event's seq in the log */
    char detail[256];       /* one line for humans */
} rs_stop;

/* Runs until the machine stops; fills *stop. Returns RS_ERR_STATE before boot or after a
 * terminal stop (exit, halt, triple fault, unsupported, engine error); limits and timeouts may be
 * resumed by calling again. */
rs_err rs_machine_run(rs_machine *m, const rs_run_limits *limits, rs_stop *stop);

/* Runs exactly N instructions (fewer if the machine stops first: then stop says why); the stop
 * reason is RS_STOP_STEP when all N ran. Needs the tracer on (RS_ERR_STATE otherwise). An
 * exception delivered counts no instruction, so N instructions may cross several deliveries. */
rs_err rs_machine_step(rs_machine *m, uint64_t n, const rs_run_limits *limits, rs_stop *stop);

/* Stops the current run at the next block entry (RS_STOP_INTERRUPTED; resumable). Safe from a
 * signal handler or another thread. With the tracer off the stop goes through uc_emu_stop, which
 * Unicorn can miss if it comes just as a run starts. */
void rs_machine_interrupt(rs_machine *m);

/* Records STOP as the run's last event, of kind "limit" for a timeout or instruction limit and
 * "stop" otherwise: for a front end that ends the run itself after RS_STOP_INTERRUPTED (Ctrl-C,
 * its own watchdog), so that the trace says why it ends (the run records its own halt, exit and
 * limit stops). Nothing is recorded while the tracer is off. */
void rs_machine_record_end(rs_machine *m, const rs_stop *stop);

/* ---- Events (event.h). Nothing is recorded while the tracer is off. ---- */

/* Turns the tracer on or off: between runs only (it flushes translated code, ~10 ms). */
rs_err rs_machine_set_tracing(rs_machine *m, int on);
int rs_machine_tracing(const rs_machine *m);

/* Called for every recorded event, from inside the run: copy what you need, never call back into
 * the machine. Return nonzero to stop the run after this event (RS_STOP_EVENT). At most 4
 * listeners (RS_ERR_TOO_BIG); OPAQUE is borrowed. */
typedef int (*rs_event_listener)(void *opaque, const rs_event *ev);
rs_err rs_machine_add_listener(rs_machine *m, rs_event_listener fn, void *opaque);
void rs_machine_remove_listeners(rs_machine *m);

/* Kinds (bits 1u << rs_event_kind) that stop the run after they happen; 0: none. */
void rs_machine_stop_on(rs_machine *m, uint32_t kind_mask);

/* The ring buffer of recent events; owned by the machine, valid until it is destroyed. */
const rs_evlog *rs_machine_event_log(const rs_machine *m);

/* Virtual time in ns: instructions * 1e9 / ips, plus the time HLT skipped (machine_time.c). The
 * PIT runs on it, so the same image gives the same interleaving on every run. */
uint64_t rs_machine_vtime_ns(const rs_machine *m);

/* Instructions completed since boot (counted only while the tracer is on). */
uint64_t rs_machine_icount(const rs_machine *m);

/* Sets a general register, EIP or EFLAGS by name ("eax".."edi", "eip", "eflags"), between runs.
 * Fails: RS_ERR_ARG (another name), RS_ERR_STATE (before boot or after the machine finished). */
rs_err rs_machine_set_reg(rs_machine *m, const char *name, uint32_t value);

/* Read-only views for front ends and tests. None of them changes the guest (no accessed bits). */
void rs_machine_regs(rs_machine *m, rs_regs *out);
rs_paging rs_machine_paging(rs_machine *m);
const rs_physmem *rs_machine_physmem(const rs_machine *m);
/* Copies LEN bytes at LINEAR through the current page tables (supervisor rights); returns how
 * many could be read before an unmapped page (*fault, if not NULL, gets that walk). */
uint32_t rs_machine_read_linear(rs_machine *m, uint32_t linear, void *dst, uint32_t len, rs_walk *fault);
/* A debugger's write: LEN bytes at LINEAR through the current page tables with supervisor rights,
 * ignoring R/W (as a debugger pokes code), leaving accessed/dirty bits alone, and dropping the
 * translated code of the pages written. Every page is checked first: returns LEN, or 0 with
 * nothing written and *fault (if not NULL) the walk that failed (unmapped, or beyond RAM).
 * Between runs only. */
uint32_t rs_machine_write_linear(rs_machine *m, uint32_t linear, const void *src, uint32_t len, rs_walk *fault);

/* Copies from physical memory; returns how many bytes lay in RAM. */
uint32_t rs_machine_read_phys(const rs_machine *m, uint64_t pa, void *dst, uint32_t len);
/* CS.D of the current code segment: 1 for 32-bit code (how to disassemble at EIP). */
int rs_machine_code32(rs_machine *m);

/* Symbols (symbols.h): the ELF symbol tables of the kernel (global) and of each module (by
 * address space), read at boot; NULL before. Owned by the machine; a front end may add sources
 * (a Linux System.map) between runs. */
typedef struct rs_symtab rs_symtab;
rs_symtab *rs_machine_symbols(rs_machine *m);
/* The sources the address space CR3 (0: the current one) maps, for rs_symtab_lookup; read
 * through the page tables without setting accessed bits. Cannot fail. */
uint64_t rs_machine_symbol_spaces(rs_machine *m, uint32_t cr3);
/* "<kmain+35>" for ADDRESS in the current address space (with the leading space when LEAD), or
 * "" when no symbol covers it; like snprintf. */
int rs_machine_symbolize(rs_machine *m, uint32_t address, int lead, char *buf, size_t len);

/* ---- the PC's screen and keyboard (VGA text mode, the i8042) ---- */

#define RS_SCREEN_COLS 80
#define RS_SCREEN_ROWS 25

/* The 80x25 text screen as shown: CP437 characters and attributes (bits 3-0 foreground, 6-4
 * background, 7 blink) from the display start on, and the cursor's cell (0..1999). */
typedef struct rs_screen {
    uint8_t ch[RS_SCREEN_COLS * RS_SCREEN_ROWS];
    uint8_t attr[RS_SCREEN_COLS * RS_SCREEN_ROWS];
    unsigned cursor;
    int cursor_visible;
} rs_screen;

/* Fills *S. Cannot fail. */
void rs_machine_screen(rs_machine *m, rs_screen *s);
/* The screen as text (CP437 as UTF-8, trailing blanks trimmed, trailing empty lines dropped, each
 * line ending in a newline) into OUT (CAP bytes with the NUL); returns the length it needs. */
size_t rs_machine_screen_text(rs_machine *m, char *out, size_t cap);
/* One CP437 character as UTF-8 into OUT; returns its length (1-3). */
int rs_machine_cp437_utf8(uint8_t c, char out[4]);
/* Types TEXT on the keyboard (US layout, scan code set 1, make and break, Shift as needed; the
 * keyboard's 16-byte buffer drops what does not fit, as a real one does); returns the number of
 * characters that had a key. Between runs only. */
int rs_machine_type(rs_machine *m, const char *text);
/* One scan code byte (set 1) from the keyboard. Between runs only. */
void rs_machine_key(rs_machine *m, uint8_t scancode);

#endif
