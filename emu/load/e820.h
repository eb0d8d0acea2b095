/* The PC's physical memory map as SeaBIOS reports it under QEMU (INT 15h, E820h), for a machine
 * with RAM_SIZE bytes below 3.5 GiB. Both boot protocols hand it to the kernel: Multiboot as
 * mmap_* entries (multiboot.c), Linux as boot_params.e820_table (linux_boot.c).
 *
 * Measured with guest/mbtest under QEMU 7.2 (Multiboot) and checked against the "BIOS-e820" lines
 * Linux prints under QEMU (tests/linux). Cannot fail. */
#ifndef RS_E820_H
#define RS_E820_H
#include <stdint.h>

enum {
    RS_E820_RAM = 1,
    RS_E820_RESERVED = 2,
    RS_E820_ENTRIES = 6,
    RS_E820_EBDA_START = 0x9FC00,   /* SeaBIOS's 1 KiB extended BIOS data area */
    RS_E820_HIGH_ZONE = 0x20000,    /* SeaBIOS reserves the top 128 KiB of RAM */
};

typedef struct rs_e820_entry {
    uint64_t base, length;
    uint32_t type;
} rs_e820_entry;

/* Fills out[RS_E820_ENTRIES] in SeaBIOS's order. RAM_SIZE must be at least 2 MiB. */
void rs_e820_seabios(uint64_t ram_size, rs_e820_entry out[RS_E820_ENTRIES]);

#endif
