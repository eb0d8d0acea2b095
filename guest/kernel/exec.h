/* Loading a static ELF32 executable into a fresh address space. */
#ifndef KERNEL_EXEC_H
#define KERNEL_EXEC_H
#include <stdint.h>
#include "proc.h"

/* Builds P's page directory from IMAGE (SIZE bytes, a kernel address), maps its stack and heap
 * start, and puts the first user registers in a trapframe on the kernel stack. Returns 0, or -1
 * with *why set to a short reason and nothing left allocated. */
int exec_load(struct proc *p, const uint8_t *image, uint32_t size, const char **why);

#endif
