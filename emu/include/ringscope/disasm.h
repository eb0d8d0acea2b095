/* x86 disassembly (Intel syntax), the one place ringscope opens Capstone: the core's tracer and
 * hooks, the explanations, the debugger and the window all decode through an rs_disasm.
 *
 * An rs_disasm owns its Capstone handles (32- and 16-bit code); rs_disasm_destroy frees them.
 * Not thread-safe: one per thread (Capstone handles are not shared between threads). */
#ifndef RS_DISASM_H
#define RS_DISASM_H
#include <stddef.h>
#include <stdint.h>
#include "error.h"

typedef struct rs_disasm rs_disasm;

typedef struct rs_insn {
    uint32_t address;
    uint8_t size;          /* 1..15 */
    uint8_t bytes[16];
    unsigned id;           /* Capstone's X86_INS_* */
    char mnemonic[32];
    char operands[160];
    char text[32 + 1 + 160]; /* "mov eax, dword ptr [0xc0000000]" */
} rs_insn;

/* Fails: RS_ERR_NOMEM (also when Capstone cannot be opened). */
rs_err rs_disasm_create(rs_disasm **out);
void rs_disasm_destroy(rs_disasm *d);     /* accepts NULL */

/* Decodes the instruction at BYTES[0..LEN) as 32-bit (CODE32) or 16-bit code at ADDRESS. Returns
 * its size, or 0 when the bytes are no instruction (or LEN is too short). OUT may be NULL. */
int rs_disasm_one(rs_disasm *d, int code32, const uint8_t *bytes, size_t len, uint32_t address,
                  rs_insn *out);

/* Backward decoding. x86 cannot be decoded backwards, so: BYTES[0..LEN) is code at BASE with the
 * instruction start TARGET (an offset into BYTES, <= LEN); this finds the earliest start at most
 * MAX_BACK bytes before TARGET whose instructions land exactly on TARGET (the longest run in step
 * with TARGET is the likeliest true one: decoding resynchronises after a few instructions), moved
 * on so that at most KEEP instructions remain before TARGET. Returns that offset, or TARGET when
 * no start lands on it. */
size_t rs_disasm_back(rs_disasm *d, int code32, const uint8_t *bytes, size_t len, uint32_t base,
                      size_t target, size_t max_back, int keep);

/* The number of legacy prefix bytes (SDM Vol. 2A, 2.1.1: operand and address size, REP/REPNE,
 * segment overrides; not LOCK) before an instruction's opcode, at most SIZE - 1. With ADDR16 not
 * NULL, *ADDR16 starts as the code's default (!code32) and flips at every 0x67. */
static inline int rs_disasm_prefix_length(const uint8_t *b, int size, int *addr16)
{
    int i = 0;
    while (i < size - 1 && (b[i] == 0x66 || b[i] == 0x67 || b[i] == 0xf2 || b[i] == 0xf3 || b[i] == 0x26 ||
                            b[i] == 0x2e || b[i] == 0x36 || b[i] == 0x3e || b[i] == 0x64 || b[i] == 0x65)) {
        if (b[i] == 0x67 && addr16)
            *addr16 = !*addr16;
        i++;
    }
    return i;
}

#endif
