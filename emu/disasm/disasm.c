/* See disasm.h. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "disasm_cs.h"

struct rs_disasm {
    csh plain[2];      /* [0] 16-bit code, [1] 32-bit code */
    csh detail[2];
};

rs_err rs_disasm_create(rs_disasm **out)
{
    *out = NULL;
    rs_disasm *d = calloc(1, sizeof *d);
    if (!d)
        return RS_ERR_NOMEM;
    for (int i = 0; i < 2; i++) {
        cs_mode mode = i ? CS_MODE_32 : CS_MODE_16;
        if (cs_open(CS_ARCH_X86, mode, &d->plain[i]) != CS_ERR_OK ||
            cs_open(CS_ARCH_X86, mode, &d->detail[i]) != CS_ERR_OK ||
            cs_option(d->detail[i], CS_OPT_DETAIL, CS_OPT_ON) != CS_ERR_OK) {
            rs_disasm_destroy(d);
            return RS_ERR_NOMEM;
        }
    }
    *out = d;
    return RS_OK;
}

void rs_disasm_destroy(rs_disasm *d)
{
    if (!d)
        return;
    for (int i = 0; i < 2; i++) {
        if (d->plain[i])
            cs_close(&d->plain[i]);
        if (d->detail[i])
            cs_close(&d->detail[i]);
    }
    free(d);
}

static pthread_key_t thread_key;
static pthread_once_t thread_key_once = PTHREAD_ONCE_INIT;
static _Thread_local rs_disasm *thread_disasm;

static void destroy_thread_disasm(void *d) { rs_disasm_destroy(d); }
static void make_thread_key(void) { pthread_key_create(&thread_key, destroy_thread_disasm); }

rs_disasm *rs_disasm_of_thread(void)
{
    if (!thread_disasm && rs_disasm_create(&thread_disasm) == RS_OK) {
        pthread_once(&thread_key_once, make_thread_key);
        pthread_setspecific(thread_key, thread_disasm);
    }
    return thread_disasm;
}

csh rs_disasm_handle(const rs_disasm *d, int code32) { return d->plain[code32 != 0]; }
csh rs_disasm_detail_handle(const rs_disasm *d, int code32) { return d->detail[code32 != 0]; }

int rs_disasm_one(rs_disasm *d, int code32, const uint8_t *bytes, size_t len, uint32_t address,
                  rs_insn *out)
{
    cs_insn *insn = NULL;
    size_t n = cs_disasm(rs_disasm_handle(d, code32), bytes, len, address, 1, &insn);
    if (n != 1) {
        cs_free(insn, n);
        return 0;
    }
    int size = insn[0].size;
    if (out) {
        memset(out, 0, sizeof *out);
        out->address = address;
        out->size = (uint8_t)size;
        memcpy(out->bytes, insn[0].bytes, insn[0].size);
        out->id = insn[0].id;
        snprintf(out->mnemonic, sizeof out->mnemonic, "%s", insn[0].mnemonic);
        snprintf(out->operands, sizeof out->operands, "%s", insn[0].op_str);
        snprintf(out->text, sizeof out->text, "%s%s%s", insn[0].mnemonic, insn[0].op_str[0] ? " " : "",
                 insn[0].op_str);
    }
    cs_free(insn, n);
    return size;
}

/* Decodes from OFFSET up to STOP; returns the offset reached (past STOP when an instruction
 * crosses it), or (size_t)-1 at bytes that are no instruction. *COUNT: instructions decoded. */
static size_t decode_run(rs_disasm *d, int code32, const uint8_t *bytes, size_t len, uint32_t base,
                         size_t offset, size_t stop, int *count)
{
    *count = 0;
    while (offset < stop) {
        int n = rs_disasm_one(d, code32, bytes + offset, len - offset, base + (uint32_t)offset, NULL);
        if (!n)
            return (size_t)-1;
        offset += (size_t)n;
        (*count)++;
    }
    return offset;
}

size_t rs_disasm_back(rs_disasm *d, int code32, const uint8_t *bytes, size_t len, uint32_t base,
                      size_t target, size_t max_back, int keep)
{
    size_t back = target < max_back ? target : max_back;
    for (size_t start = target - back; start < target; start++) {
        int count;
        if (decode_run(d, code32, bytes, len, base, start, target, &count) != target)
            continue;
        for (; count > keep; count--)
            start += (size_t)rs_disasm_one(d, code32, bytes + start, len - start, base + (uint32_t)start, NULL);
        return start;
    }
    return target;
}
