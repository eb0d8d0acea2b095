/* The target of a direct branch from its disassembly text ("call 0xc0101220", "jne 0x8048072"),
 * for front ends that name it (`<kmain>`). Capstone's Intel syntax writes direct targets as one
 * hex immediate; indirect ones ("jmp dword ptr [eax]", "call eax") are not targets.
 * Returns 1 and the address in *TARGET, or 0. Cannot fail. */
#ifndef RS_BRANCH_TARGET_H
#define RS_BRANCH_TARGET_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static inline int ui_branch_target(const char *text, uint32_t *target)
{
    const char *op = strchr(text, ' ');
    if ((text[0] != 'j' && strncmp(text, "call ", 5) != 0 && strncmp(text, "loop", 4) != 0) || !op ||
        strncmp(op + 1, "0x", 2) != 0 || strchr(op + 1, ' ') || strchr(op + 1, ','))
        return 0;
    *target = (uint32_t)strtoul(op + 3, NULL, 16);
    return 1;
}

#endif
