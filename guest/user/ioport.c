/* Illegal act: write to the serial port myself: out 0x3f8, al. The kernel must kill this process. */
#include "ulib.h"

int main(void)
{
    print("ioport: about to write to the serial port myself: out 0x3f8, al\n");
    act_out();
    return survived("ioport");
}
