/* See e820.h. */
#include "e820.h"

void rs_e820_seabios(uint64_t ram_size, rs_e820_entry out[RS_E820_ENTRIES])
{
    const rs_e820_entry table[RS_E820_ENTRIES] = {
        { 0, RS_E820_EBDA_START, RS_E820_RAM },
        { RS_E820_EBDA_START, 0xA0000 - RS_E820_EBDA_START, RS_E820_RESERVED },
        { 0xF0000, 0x10000, RS_E820_RESERVED },  /* the BIOS */
        { 0x100000, ram_size - RS_E820_HIGH_ZONE - 0x100000, RS_E820_RAM },
        { ram_size - RS_E820_HIGH_ZONE, RS_E820_HIGH_ZONE, RS_E820_RESERVED },
        { 0xFFFC0000, 0x40000, RS_E820_RESERVED },  /* the BIOS ROM at the top of 4 GiB */
    };
    for (int i = 0; i < RS_E820_ENTRIES; i++)
        out[i] = table[i];
}
