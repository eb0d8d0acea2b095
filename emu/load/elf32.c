#include "elf32.h"
#include "load_msg.h"
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* Offsets in Elf32_Ehdr and Elf32_Phdr (System V ABI). */
enum {
    EI_CLASS = 4, EI_DATA = 5, ELF_IDENT_SIZE = 16, ELF32_EHDR_SIZE = 52,
    ELFCLASS32 = 1, ELFCLASS64 = 2, ELFDATA2LSB = 1,
    E_MACHINE = 18, E_ENTRY = 24, E_PHOFF = 28, E_PHNUM = 44,
};

#define elf_fail(msg, msg_len, ...) rs_load_fail(msg, msg_len, RS_ERR_BAD_IMAGE, __VA_ARGS__)

int rs_elf32_has_magic(const uint8_t *data, size_t size)
{
    return size >= 4 && memcmp(data, "\x7f" "ELF", 4) == 0;
}

rs_err rs_elf32_read_header(const uint8_t *data, size_t size, rs_elf32_header *out,
                            char *msg, size_t msg_len)
{
    if (!rs_elf32_has_magic(data, size))
        return elf_fail(msg, msg_len, "not an ELF file (no \\x7fELF magic at offset 0)");
    /* e_machine sits at the same offset in both classes: name the common mistake first. */
    if (size >= E_MACHINE + 2 && rs_le16(data + E_MACHINE) == RS_ELF_EM_X86_64)
        return elf_fail(msg, msg_len,
                        "ELF e_machine is x86-64 (62): give a 32-bit (EM_386) kernel");
    if (size < ELF32_EHDR_SIZE)
        return elf_fail(msg, msg_len, "ELF header truncated: file has %zu bytes, need %d",
                        size, ELF32_EHDR_SIZE);
    if (data[EI_CLASS] != ELFCLASS32)
        return elf_fail(msg, msg_len, "ELF class %u is not ELFCLASS32 (1)%s", data[EI_CLASS],
                        data[EI_CLASS] == ELFCLASS64 ? ": a 64-bit ELF" : "");
    if (data[EI_DATA] != ELFDATA2LSB)
        return elf_fail(msg, msg_len, "ELF data encoding %u is not little-endian (1)",
                        data[EI_DATA]);
    out->machine = rs_le16(data + E_MACHINE);
    if (out->machine != RS_ELF_EM_386)
        return elf_fail(msg, msg_len, "ELF e_machine %u is not EM_386 (3)", out->machine);
    out->entry = rs_le32(data + E_ENTRY);
    out->phoff = rs_le32(data + E_PHOFF);
    out->phnum = rs_le16(data + E_PHNUM);
    /* QEMU reads e_phnum entries of sizeof(Elf32_Phdr) and ignores e_phentsize; so do we.
     * 64-bit arithmetic: phoff + 65535 * 32 cannot wrap. */
    uint64_t table_end = (uint64_t)out->phoff + (uint64_t)out->phnum * RS_ELF32_PHDR_SIZE;
    if (table_end > size)
        return elf_fail(msg, msg_len,
                        "ELF program headers [0x%08" PRIx32 ", 0x%08llx) (%u entries) lie "
                        "outside the file (%zu bytes)", out->phoff,
                        (unsigned long long)table_end, out->phnum, size);
    return RS_OK;
}

void rs_elf32_read_phdr(const uint8_t *data, const rs_elf32_header *hdr, unsigned index,
                        rs_elf32_phdr *out)
{
    const uint8_t *p = data + hdr->phoff + (size_t)index * RS_ELF32_PHDR_SIZE;
    out->type = rs_le32(p + 0);
    out->offset = rs_le32(p + 4);
    out->vaddr = rs_le32(p + 8);
    out->paddr = rs_le32(p + 12);
    out->filesz = rs_le32(p + 16);
    out->memsz = rs_le32(p + 20);
    out->flags = rs_le32(p + 24);
}
