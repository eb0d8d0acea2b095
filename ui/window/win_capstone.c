/* See win_capstone.h. */
#include <capstone/capstone.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "win_capstone.h"

struct win_disasm {
    csh cs32, cs16;
};

win_disasm *win_disasm_open(void)
{
    win_disasm *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    if (cs_open(CS_ARCH_X86, CS_MODE_32, &d->cs32) != CS_ERR_OK ||
        cs_open(CS_ARCH_X86, CS_MODE_16, &d->cs16) != CS_ERR_OK) {
        win_disasm_close(d);
        return NULL;
    }
    return d;
}

void win_disasm_close(win_disasm *d)
{
    if (!d)
        return;
    if (d->cs32)
        cs_close(&d->cs32);
    if (d->cs16)
        cs_close(&d->cs16);
    free(d);
}

int win_disasm_one(win_disasm *d, int code32, const uint8_t *bytes, size_t len, uint32_t address,
                   win_insn *out)
{
    cs_insn *insn = NULL;
    size_t n = cs_disasm(code32 ? d->cs32 : d->cs16, bytes, len, address, 1, &insn);
    if (n != 1) {
        cs_free(insn, n);
        return 0;
    }
    out->address = address;
    out->size = (uint8_t)insn[0].size;
    memcpy(out->bytes, insn[0].bytes, insn[0].size);
    snprintf(out->text, sizeof out->text, "%s%s%s", insn[0].mnemonic, insn[0].op_str[0] ? " " : "",
             insn[0].op_str);
    cs_free(insn, n);
    return out->size;
}

/* Decodes from OFFSET; returns the offset it reached when it crossed or hit STOP. */
static size_t decode_run(win_disasm *d, int code32, const uint8_t *bytes, size_t len, uint32_t base,
                         size_t offset, size_t stop, int *count)
{
    win_insn insn;
    *count = 0;
    while (offset < stop) {
        int n = win_disasm_one(d, code32, bytes + offset, len - offset, base + (uint32_t)offset, &insn);
        if (!n)
            return (size_t)-1;
        offset += (size_t)n;
        (*count)++;
    }
    return offset;
}

/* The earliest start up to 48 bytes before TARGET that decodes onto it (the longest run in
 * step with TARGET is the likeliest true one), moved on so that at most BEFORE lines remain. */
static size_t find_start(win_disasm *d, int code32, const uint8_t *bytes, size_t len, uint32_t base,
                         size_t target, int before)
{
    size_t back = target < 48 ? target : 48;
    for (size_t start = target - back; start < target; start++) {
        int count;
        if (decode_run(d, code32, bytes, len, base, start, target, &count) != target)
            continue;
        win_insn insn;
        for (; count > before; count--)
            start += (size_t)win_disasm_one(d, code32, bytes + start, len - start, base + (uint32_t)start, &insn);
        return start;
    }
    return target;
}

static void bad_line(const uint8_t *bytes, uint32_t address, win_insn *out)
{
    memset(out, 0, sizeof *out);
    out->address = address;
    out->size = 1;
    out->bytes[0] = bytes[0];
    snprintf(out->text, sizeof out->text, "(bad)");
}

int win_disasm_around(win_disasm *d, int code32, const uint8_t *bytes, size_t len, uint32_t base,
                      uint32_t target, int before, win_insn *out, int max, int *target_line)
{
    *target_line = -1;
    size_t t = (size_t)(target - base);
    if (target < base || t >= len || max <= 0)
        return 0;
    size_t offset = find_start(d, code32, bytes, len, base, t, before);
    int lines = 0;
    while (lines < max && offset < len) {
        win_insn *line = &out[lines];
        if (!win_disasm_one(d, code32, bytes + offset, len - offset, base + (uint32_t)offset, line))
            bad_line(bytes + offset, base + (uint32_t)offset, line);
        if (offset == t)
            *target_line = lines;
        offset += line->size;
        lines++;
    }
    return lines;
}
