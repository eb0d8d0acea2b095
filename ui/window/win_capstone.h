/* A small disassembler for the window, over Capstone (Intel syntax), independent of the core:
 * it decodes bytes it is given and knows nothing of machines. Used by the disassembly pane and by
 * the step-over logic of nobody else (the core's debugger has its own).
 *
 * Ownership: a win_disasm owns its two Capstone handles; win_disasm_close frees them. Not
 * thread-safe: one per thread. */
#ifndef RS_WIN_CAPSTONE_H
#define RS_WIN_CAPSTONE_H
#include <stddef.h>
#include <stdint.h>

typedef struct win_disasm win_disasm;

typedef struct win_insn {
    uint32_t address;
    uint8_t size;          /* 1..15 */
    uint8_t bytes[16];
    char text[200];        /* "mov eax, dword ptr [0xc0000000]" */
} win_insn;

/* Returns NULL when Capstone cannot be opened (out of memory). */
win_disasm *win_disasm_open(void);
void win_disasm_close(win_disasm *d);     /* accepts NULL */

/* Decodes the instruction at BYTES[0..LEN) as 32-bit (CODE32) or 16-bit code at ADDRESS.
 * Returns its size, or 0 when the bytes are no instruction (or LEN is too short). */
int win_disasm_one(win_disasm *d, int code32, const uint8_t *bytes, size_t len, uint32_t address,
                   win_insn *out);

/* Lines around TARGET for a listing: BYTES[0..LEN) are the code at BASE, with TARGET inside.
 * x86 cannot be decoded backwards, so this looks for the earliest start at most 48 bytes before
 * TARGET whose instructions land exactly on TARGET, and decodes from there: up to BEFORE
 * instructions before TARGET, then instructions from TARGET on until MAX lines are filled.
 * Undecodable bytes become one-byte "(bad)" lines. Returns the number of lines; *TARGET_LINE is
 * TARGET's line (-1 if TARGET lies outside the bytes). */
int win_disasm_around(win_disasm *d, int code32, const uint8_t *bytes, size_t len, uint32_t base,
                      uint32_t target, int before, win_insn *out, int max, int *target_line);

#endif
