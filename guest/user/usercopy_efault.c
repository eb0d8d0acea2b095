/* Hands the kernel bad buffers. The kernel checks every user pointer against this process's page
 * tables before touching it, so each call fails with -EFAULT and nothing is killed. */
#include "ulib.h"

static void try_write(const char *what, uint32_t addr, uint32_t len)
{
    int32_t r = write(1, (const void *)addr, len);
    printf("usercopy_efault: write(1, %x, %u) = %d%s  <- %s\n", addr, len, r,
           r == -EFAULT ? " (EFAULT)" : "", what);
}

int main(void)
{
    print("usercopy_efault: asking the kernel to write out bytes from places I may not read\n");
    try_write("a kernel address", 0xc0000000u, 10);
    try_write("an unmapped user address", 0x10000000u, 10);
    try_write("a range running past the top of the stack", 0xbfffeffcu, 8);
    try_write("a range running into the kernel", 0xbffffffcu, 8);

    /* read() stores into the buffer, so read-only code is as bad a target as kernel memory. */
    int32_t r = read(0, (void *)act_peek, 10);
    printf("usercopy_efault: read(0, <my own code>, 10) = %d%s  <- a read-only page\n", r,
           r == -EFAULT ? " (EFAULT)" : "");
    char buf[16];
    r = read(0, buf, sizeof buf);
    printf("usercopy_efault: read(0, <my stack>, 16) = %d (end of file)\n", r);
    print("usercopy_efault: still alive, exiting normally\n");
    return 0;
}
