/* Thin wrappers around the x86 instructions C cannot express. */
#ifndef KERNEL_X86_H
#define KERNEL_X86_H
#include <stdint.h>

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void cli(void) { __asm__ volatile("cli" : : : "memory"); }

static inline void lcr3(uint32_t pa) { __asm__ volatile("movl %0, %%cr3" : : "r"(pa) : "memory"); }

static inline uint32_t rcr2(void)
{
    uint32_t v;
    __asm__ volatile("movl %%cr2, %0" : "=r"(v));
    return v;
}

static inline void ltr(uint16_t sel) { __asm__ volatile("ltr %0" : : "r"(sel)); }

/* lgdt/lidt take a 6-byte operand: a 16-bit limit followed by a 32-bit linear base. */
struct __attribute__((packed)) descriptor_pointer {
    uint16_t limit;
    uint32_t base;
};

static inline void lidt(const void *table, uint16_t size)
{
    struct descriptor_pointer p = {(uint16_t)(size - 1), (uint32_t)table};
    __asm__ volatile("lidt %0" : : "m"(p));
}

static inline void lgdt(const void *table, uint16_t size)
{
    struct descriptor_pointer p = {(uint16_t)(size - 1), (uint32_t)table};
    __asm__ volatile("lgdt %0" : : "m"(p));
}

#endif
