/* The smallest program: one write, then exit(0) from crt0. */
#include "ulib.h"

int main(void)
{
    print("hello, world\n");
    return 0;
}
