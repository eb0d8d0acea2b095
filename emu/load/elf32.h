/* ELF32 little-endian executables, read in place from an untrusted byte buffer.
 *
 * Only what a boot loader needs: the file header and the program header table (System V ABI,
 * "ELF Header" and "Program Header"; i386 supplement for EM_386). Every offset is checked
 * against the buffer before it is read; nothing here allocates or keeps pointers. */
#ifndef RS_ELF32_H
#define RS_ELF32_H
#include <stddef.h>
#include <stdint.h>
#include "error.h"

#define RS_ELF_PT_LOAD 1u
#define RS_ELF_PF_X 1u
#define RS_ELF_EM_386 3u
#define RS_ELF_EM_X86_64 62u
#define RS_ELF32_PHDR_SIZE 32u

typedef struct rs_elf32_header {
    uint16_t machine;
    uint32_t entry;
    uint32_t phoff;
    uint16_t phnum;
} rs_elf32_header;

typedef struct rs_elf32_phdr {
    uint32_t type, offset, vaddr, paddr, filesz, memsz, flags;
} rs_elf32_phdr;

/* Nonzero if the buffer starts with the ELF magic (and is long enough to hold it). */
int rs_elf32_has_magic(const uint8_t *data, size_t size);

/* Reads and validates the file header: magic, ELFCLASS32, ELFDATA2LSB, e_machine EM_386, and a
 * program header table that lies wholly inside the buffer. Fails with RS_ERR_BAD_IMAGE and one
 * line in msg (msg_len may be 0). */
rs_err rs_elf32_read_header(const uint8_t *data, size_t size, rs_elf32_header *out,
                            char *msg, size_t msg_len);

/* Program header INDEX (< hdr->phnum) of a buffer rs_elf32_read_header accepted. Cannot fail. */
void rs_elf32_read_phdr(const uint8_t *data, const rs_elf32_header *hdr, unsigned index,
                        rs_elf32_phdr *out);

/* Little-endian loads; the caller guarantees the bytes are inside its buffer. */
static inline uint16_t rs_le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static inline uint32_t rs_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

#endif
