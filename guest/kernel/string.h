/* The few string functions the kernel needs (gcc may also emit calls to memset/memcpy). */
#ifndef KERNEL_STRING_H
#define KERNEL_STRING_H
#include <stddef.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
size_t strlen(const char *s);
int memcmp(const void *a, const void *b, size_t n);

#endif
