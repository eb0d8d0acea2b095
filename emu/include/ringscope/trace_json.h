/* The JSON Lines trace: one JSON object per event, on one line.
 *
 * Schema (stable; every number is a JSON integer, never a string or a float):
 *   every event:  "seq", "kind" (event.h names), "icount", "cr3", "cpl", "cs", "eip"
 *   cpl:          "from_cpl", "to_cpl", "cause" ("int" "exception" "hwint" "iret" "sysenter"
 *                 "sysexit" "far"), "vector" (-1: none), "gate_type" (14/15 32-bit interrupt/trap
 *                 gate, 6/7 16-bit; -1: none), "gate_dpl", "stack_switched" (0/1), "old_ss",
 *                 "old_esp", "new_ss", "new_esp", "new_cs", "new_eip"
 *   exception:    "vector", "name" ("#PF"), "error_code" (only when the CPU pushes one), "cr2"
 *                 (#PF only), "software" (0/1: INT3/INTO), "frame_eip" (the EIP pushed: the
 *                 instruction's for a fault, the next one's for a trap), "insn" (the
 *                 instruction's bytes as lowercase hex text), "text" (the one-line explanation)
 *   interrupt:    "vector", "hardware" (0/1; 0: INT n of any vector, never an exception event)
 *   syscall:      "nr", "name" (Linux i386; null if unknown), "args" (6 integers: EBX..EBP),
 *                 "text" ("write(fd=1, buf=0x08049010, count=18)")
 *   sysret:       "nr", "name", "ret" (signed), "errno" (name, only for -4095..-1), "entry_icount"
 *   cr:           "reg" (0, 3, 4), "old", "new"
 *   io:           "port", "size", "dir" ("in"/"out"), "value", "denied" (0/1)
 *   halt, exit, limit, stop: "reason" (machine.h stop names), "exit_status" (exit only), "detail"
 *   breakpoint:   "address", "watch" (0/1), "write" (0/1)
 * Pure formatting; nothing owned. */
#ifndef RS_TRACE_JSON_H
#define RS_TRACE_JSON_H
#include <stddef.h>
#include "event.h"

/* Writes EV as one JSON object (no newline) like snprintf: at most LEN bytes with the NUL;
 * returns the whole length (>= LEN: cut). Cannot fail. */
int rs_trace_json(const rs_event *ev, char *buf, size_t len);

#endif
