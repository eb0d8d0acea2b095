/* The parts of the ELF32 format a static executable loader needs (System V ABI, i386 supplement). */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H
#include <stdint.h>

#define ELF_MAGIC 0x464C457Fu   /* "\x7fELF", little-endian */
#define ELFCLASS32 1
#define ELFDATA2LSB 1
#define ET_EXEC 2
#define EM_386 3

struct elf_header {
    uint32_t magic;
    uint8_t elf_class, data, version, osabi;
    uint8_t pad[8];
    uint16_t type, machine;
    uint32_t version2, entry, phoff, shoff, flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

#define PT_LOAD 1
#define PF_X 1
#define PF_W 2
#define PF_R 4

struct elf_program_header {
    uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

#endif
