/* The inspection texts of the terminal debugger, written to any FILE: `ringscope debug` prints
 * them on stdout (debug_memory.c, debug_events.c) and the gdb stub's `monitor` commands send the
 * same text to gdb (gdb_monitor.c), so both front ends say the same thing the same way.
 *
 * Every function reads the machine between runs and never changes it (no accessed bits). They
 * write to OUT and cannot fail, except dbg_text_map (host memory). The machine is borrowed. */
#ifndef RS_DEBUG_TEXT_H
#define RS_DEBUG_TEXT_H
#include <stdint.h>
#include <stdio.h>
#include "machine.h"

/* `pagewalk ADDR`: the walk of LINEAR with the current CR3, every entry decoded, and what user
 * and supervisor reads and writes would get. */
void dbg_text_pagewalk(FILE *out, rs_machine *m, uint32_t linear);

/* `map`: the address space as regions with their rights. Returns 0, or -1 when host memory ran
 * out (nothing written). */
int dbg_text_map(FILE *out, rs_machine *m);

/* `x/Nb`: N bytes as hex and text, 16 a line, each line headed by its address. */
void dbg_text_hexdump(FILE *out, uint32_t addr, const uint8_t *data, uint32_t n);

/* `events [N] [KIND]`: the last N events of KIND (-1: every kind but the serial chatter). */
void dbg_text_events(FILE *out, rs_machine *m, uint64_t n, int kind);

/* `explain`: the full explanation of the newest exception in the event log. */
void dbg_text_explain_last(FILE *out, rs_machine *m);

/* Allowed port accesses: the serial console's chatter, which --explain and reports leave out. */
int dbg_text_is_chatter(const rs_event *ev);

#endif
