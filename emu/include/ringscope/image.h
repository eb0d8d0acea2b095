/* Guest images in host memory: a kernel or module read from a file or built into the program.
 *
 * An rs_image owns its bytes when read from a file (rs_image_read_file) and must be released with
 * rs_image_free; a built-in image points at static data and owns nothing. */
#ifndef RS_IMAGE_H
#define RS_IMAGE_H
#include <stddef.h>
#include <stdint.h>
#include "error.h"

/* Largest file accepted as a kernel or module (larger than any RAM we emulate). */
#define RS_IMAGE_MAX_BYTES (1024u * 1024u * 1024u)

typedef struct rs_image {
    const uint8_t *data;   /* the bytes; owned iff owned != 0 */
    size_t size;
    char *cmdline;         /* Multiboot command line for this image (heap, owned), may be NULL */
    int owned;
} rs_image;

/* Reads PATH whole. Fails with RS_ERR_FILE (missing, unreadable, a directory, not a regular
 * file) or RS_ERR_TOO_BIG (over RS_IMAGE_MAX_BYTES), writing one line into msg (msg_len bytes,
 * may be 0). On success *out owns the data; out->cmdline is left NULL. */
rs_err rs_image_read_file(const char *path, rs_image *out, char *msg, size_t msg_len);

/* Nonzero if IMG is a Linux kernel with a boot-protocol setup header ("HdrS" at 0x202): QEMU
 * (hw/i386/x86.c) boots such a file as Linux even when it also carries a Multiboot header, and so
 * does rs_machine_boot. Its command line is then the kernel's arguments alone (no path, as QEMU's
 * -append), and at most one module is its initrd. Cannot fail. */
int rs_image_is_linux(const rs_image *img);

/* Packs the directory tree at PATH into a cpio "newc" archive in memory (what the Linux kernel
 * unpacks as an initramfs; uncompressed), owned by *out. Entries are sorted by name, owned by
 * root, with modification time 0, so the same tree gives the same bytes. Fails with RS_ERR_FILE
 * (missing, not a directory, unreadable entry) or RS_ERR_TOO_BIG, one line in msg. */
rs_err rs_image_pack_directory(const char *path, rs_image *out, char *msg, size_t msg_len);

/* The size of PATH, with the checks rs_image_read_file makes before it reads (same failures and
 * message), without reading it: lets a caller refuse files too large for RAM up front. */
rs_err rs_image_file_size(const char *path, size_t *size, char *msg, size_t msg_len);

/* Frees what *img owns and zeroes it. Accepts a zeroed image. Cannot fail. */
void rs_image_free(rs_image *img);

#endif
