/* Capstone's handles inside an rs_disasm, for the parts of the core that need more than
 * disasm.h gives (the tracer and hooks decode whole blocks; the explanations read operand
 * details). Front ends include disasm.h, never this. */
#ifndef RS_DISASM_CS_H
#define RS_DISASM_CS_H
#include <capstone/capstone.h>
#include "disasm.h"

/* The handle for 32-bit (CODE32) or 16-bit code, without operand details (fast). */
csh rs_disasm_handle(const rs_disasm *d, int code32);
/* The same with CS_OPT_DETAIL on: cs_insn.detail is filled. */
csh rs_disasm_detail_handle(const rs_disasm *d, int code32);

/* The calling thread's own disassembler, made at its first use and freed when the thread ends
 * (the main thread's lives until exit). NULL when it cannot be made (out of memory). */
rs_disasm *rs_disasm_of_thread(void);

#endif
