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
#include "boot_state.h"

#define RS_MULTIBOOT_BOOT_MAGIC 0x2BADB002u


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
