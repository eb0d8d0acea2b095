/* Illegal act: write to the serial port myself, 100 bytes after the start of a straight run of
 * code (one translated block, longer than a short decoding window: issue 19). The kernel must
 * kill this process. */
#include "ulib.h"

static void out_after_100_nops(void)
{
    __asm__ volatile(".rept 100\n\tnop\n\t.endr\n\t"
                     "mov $0x3f8, %%dx\n\tmov $0x21, %%al\n\tout %%al, %%dx" ::: "eax", "edx", "memory");
}

int main(void)
{
    print("ioport_far: about to write to the serial port myself after 100 nops: out 0x3f8, al\n");
    out_after_100_nops();
    return survived("ioport_far");
}
