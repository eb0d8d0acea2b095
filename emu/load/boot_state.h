/* What a boot loader (multiboot.c, linux_boot.c) leaves for the machine: the entry registers and
 * where it put things in physical memory (for the code watch and the front ends). Plain data. */
#ifndef RS_BOOT_STATE_H
#define RS_BOOT_STATE_H
#include <stdint.h>

typedef enum rs_boot_protocol {
    RS_BOOT_MULTIBOOT,   /* Multiboot v1: CS 0x08 / data 0x10 (QEMU's), EAX magic, EBX info */
    RS_BOOT_LINUX,       /* Linux 32-bit boot protocol: CS 0x10 / data 0x18, ESI boot_params */
} rs_boot_protocol;

typedef struct rs_boot_state {
    rs_boot_protocol protocol;
    uint32_t eip;            /* entry point (physical: paging is off) */
    uint32_t eax;            /* Multiboot: RS_MULTIBOOT_BOOT_MAGIC; Linux: 0 */
    uint32_t ebx;            /* Multiboot: the multiboot_info structure; Linux: 0 */
    uint32_t esi;            /* Linux: the zero page (struct boot_params); Multiboot: 0 */
    uint32_t gdt_base;       /* Linux: the GDT the loader wrote (GDTR); Multiboot: 0 (none) */
    uint16_t gdt_limit;
    uint16_t code_selector;  /* CS at entry; every data segment register gets data_selector */
    uint16_t data_selector;
    uint32_t kernel_low;     /* lowest and one past the highest physical byte the kernel uses */
    uint32_t kernel_high;    /* (Linux: the protected-mode part of the bzImage as loaded) */
    uint32_t info_low;       /* Multiboot: the memory map and multiboot_info ([0x9000, 0x9558)); */
    uint32_t info_high;      /* Linux: the zero page and the GDT */
    uint32_t lists_low;      /* Multiboot: the module list, command lines and boot loader name, */
    uint32_t lists_high;     /* from the first page boundary after the kernel; Linux: the command line */
    uint32_t modules_low;    /* Multiboot: the modules, each page aligned, after the lists' last */
    uint32_t modules_high;   /* page (== modules_low if none); Linux: the initrd */
} rs_boot_state;

#endif
