/* Plain-language explanations of events (event.h), for the terminal's --explain, the debugger and
 * the window: what happened, from the event alone, and which rule of the Intel SDM said so.
 *
 *   #PF at CPL 3: `mov eax, dword ptr [0xc0000000]` at 0x08048000 read 0xc0000000
 *   PDE[768]=0x00103003 present, writable, supervisor -> denied here: U/S=0
 *   PTE[0]=0x00000003 present, writable, supervisor
 *   error code 0x5 = present | read | user
 *   User-mode accesses need U/S=1 at every level (SDM 4.6).
 *
 * SDM sections are Vol. 3 unless a volume is named. The instruction is disassembled from the
 * bytes the event holds (Capstone, Intel syntax); the page walk is the one the event holds.
 *
 * Every function writes like snprintf: at most LEN bytes including the NUL (BUF may be NULL when
 * LEN is 0), always terminated when LEN > 0, and returns the length of the whole text (a value
 * >= LEN means it was cut). Nothing is owned or kept; the functions are thread-safe and cannot
 * fail (an event they do not understand still gets a line saying what it is). */
#ifndef RS_EXPLAIN_H
#define RS_EXPLAIN_H
#include <stddef.h>
#include "event.h"
#include "vectors.h"

/* The whole explanation of an exception (EV->kind RS_EV_EXCEPTION): the headline, then detail
 * lines (the page walk, the decoded error code, what the CPU checked), the last one the rule with
 * its SDM section; lines separated by '\n', no newline at the end. For another kind: the same
 * as rs_explain_event_line. */
int rs_explain_exception(const rs_event *ev, char *buf, size_t len);

/* One line for logs: the headline and the cause with its SDM section,
 * "#PF at CPL 3: `mov ...` at 0x08048000 read 0xc0000000: supervisor page (SDM 4.6)". */
int rs_explain_exception_summary(const rs_event *ev, char *buf, size_t len);

/* One line for any event, without the instruction count:
 *   CPL 3->0  int 0x80 via gate 0x80 (trap, DPL 3), stack 0x0023:0xbfffefe0 -> 0x0010:0xc0215000
 *   CPL 0->3  iret to 0x001b:0x0804801e
 *   syscall write(fd=1, buf=0x08049010, count=18)
 *   syscall write -> 18
 *   #GP(0) at CPL 3: `cli` at 0x08048025           (an exception: its headline)
 *   cr3 0x00105000 -> 0x00123000
 *   out port 0x3f8 <- 0x21 (1 byte)
 * and likewise for interrupts, halt, exit, limits, stops and breakpoints. */
int rs_explain_event_line(const rs_event *ev, char *buf, size_t len);

/* The event line and, for an exception, its detail lines, each after "\n" and INDENT (NULL: no
 * indent). The terminal prints "  [%9llu] " before it with INDENT = 14 spaces, so the details
 * line up under the text. */
int rs_explain_event_text(const rs_event *ev, const char *indent, char *buf, size_t len);

/* Where the stack after a CPL change came from, in a few words (SDM 6.12.1 for gates, 5.8.5-5.8.6
 * for far calls and returns, Vol. 2B IRET, SYSENTER, SYSEXIT):
 *   "TSS"                     an interrupt, exception or call gate to an inner ring: SS:ESP for
 *                             the new CPL read from the TSS (TR)
 *   "frame (IRET)"            IRET to an outer ring: SS:ESP popped from the interrupt frame
 *   "frame (RET)"             a far return to an outer ring: SS:ESP popped from the stack
 *   "MSR (SYSENTER_ESP)"      SYSENTER: ESP from IA32_SYSENTER_ESP, SS = IA32_SYSENTER_CS + 8
 *   "ECX (SYSEXIT)"           SYSEXIT: ESP from ECX, SS = IA32_SYSENTER_CS + 24
 *   "none"                    no stack switch (same ring)
 * A static string; cannot fail. */
const char *rs_explain_stack_source(const rs_event_cpl *c);

#endif
