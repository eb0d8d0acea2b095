/* The Linux/x86 32-bit boot protocol (Documentation/x86/boot.rst, "32-bit BOOT PROTOCOL"): loads
 * a bzImage, an initrd and a command line where QEMU's `-kernel -initrd -append` puts them
 * (hw/i386/x86.c x86_load_linux), builds the zero page (struct boot_params) that QEMU's real-mode
 * setup code would have filled from the BIOS, and returns the 32-bit entry state.
 *
 * Owns nothing: RAM, images and the result belong to the caller. */
#ifndef RS_LINUX_BOOT_H
#define RS_LINUX_BOOT_H
#include <stddef.h>
#include <stdint.h>
#include "error.h"
#include "image.h"
#include "boot_state.h"

/* Loads KERNEL (a bzImage), INITRD (may be NULL: none) and CMDLINE (may be NULL: empty) into RAM
 * (ram_size bytes from physical 0). Fails, leaving RAM unspecified, with:
 *   RS_ERR_BAD_IMAGE    no "HdrS", truncated file, not a bzImage (no LOADED_HIGH), protocol
 *                       older than 2.02, a 64-bit kernel (XLF_KERNEL_64: our CPU is 32-bit only)
 *   RS_ERR_TOO_BIG      the kernel, its decompression space (init_size), the initrd or the
 *                       command line do not fit (RAM, initrd_addr_max, cmdline_size)
 *   RS_ERR_ARG          NULL arguments, RAM under 2 MiB or from 3.5 GiB
 * with one line in msg. */
rs_err rs_linux_load(uint8_t *ram, uint64_t ram_size, const rs_image *kernel, const rs_image *initrd,
                     const char *cmdline, rs_boot_state *out, char *msg, size_t msg_len);

#endif
