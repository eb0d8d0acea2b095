/* The Multiboot v1 information structure (the fields this kernel reads). All addresses in it
 * are physical. */
#ifndef KERNEL_MULTIBOOT_H
#define KERNEL_MULTIBOOT_H
#include <stdint.h>

#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002u
#define MULTIBOOT_INFO_MEMORY 0x001   /* mem_lower/mem_upper are valid */
#define MULTIBOOT_INFO_CMDLINE 0x004  /* cmdline is valid */
#define MULTIBOOT_INFO_MODS 0x008     /* mods_count/mods_addr are valid */

struct multiboot_info {
    uint32_t flags;
    uint32_t mem_lower, mem_upper;   /* KiB below 1 MiB, KiB from 1 MiB to the first hole */
    uint32_t boot_device, cmdline;
    uint32_t mods_count, mods_addr;
};

struct multiboot_module {
    uint32_t mod_start, mod_end;     /* [start, end) */
    uint32_t cmdline;                /* QEMU: the whole -initrd item, i.e. the host path */
    uint32_t reserved;
};

#endif
