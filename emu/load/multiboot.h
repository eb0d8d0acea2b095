/* Multiboot v1 loader: places a kernel and its modules in guest RAM as QEMU's
 * `-kernel K -initrd M1,M2` does (hw/i386/multiboot.c), builds the information structure and
 * returns the entry state the specification prescribes.
 *
 * Owns nothing: RAM, images and the result belong to the caller. */
#ifndef RS_MULTIBOOT_H
#define RS_MULTIBOOT_H
#include <stddef.h>
#include <stdint.h>
#include "error.h"
#include "image.h"

#define RS_MULTIBOOT_BOOT_MAGIC 0x2BADB002u

typedef struct rs_boot_state {
    uint32_t eip;            /* entry point (physical: paging is off) */
    uint32_t eax;            /* RS_MULTIBOOT_BOOT_MAGIC */
    uint32_t ebx;            /* physical address of the multiboot_info structure */
    uint32_t kernel_low;     /* lowest and one past the highest physical byte the kernel uses */
    uint32_t kernel_high;
    uint32_t info_low;       /* the memory map and the multiboot_info structure (QEMU: fixed, */
    uint32_t info_high;      /* [0x9000, 0x9558), below the kernel) */
    uint32_t lists_low;      /* the module list, the command lines and the boot loader name, */
    uint32_t lists_high;     /* from the first page boundary after the kernel */
    uint32_t modules_low;    /* the modules, each page aligned, after the lists' last page; */
    uint32_t modules_high;   /* modules_high is page aligned (== modules_low if none) */
} rs_boot_state;

/* Loads KERNEL (ELF32 or a.out-kludge Multiboot image) and MODULES (n_modules, each loaded as raw
 * bytes, page aligned, with its cmdline) into RAM (ram_size bytes, physical address 0 upwards).
 * kernel->cmdline is the kernel command line as QEMU builds it ("path args").
 * Fails, leaving RAM in an unspecified state, with:
 *   RS_ERR_BAD_IMAGE     truncated file, bad ELF magic/class/machine, headers out of the file
 *   RS_ERR_NO_MULTIBOOT  no valid header (magic + checksum) in the first 8192 bytes
 *   RS_ERR_IMAGE_RANGE   a segment, module or the info structure outside RAM, or overlapping
 *   RS_ERR_TOO_BIG       absurd sizes (segment memsz beyond RAM, too many modules)
 * and writes one line into msg saying what and where. */
rs_err rs_multiboot_load(uint8_t *ram, uint64_t ram_size, const rs_image *kernel,
                         const rs_image *modules, size_t n_modules, rs_boot_state *out,
                         char *msg, size_t msg_len);

#endif
