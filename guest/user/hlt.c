/* Illegal act: halt the CPU: hlt. The kernel must kill this process. */
#include "ulib.h"

int main(void)
{
    print("hlt: about to halt the CPU: hlt\n");
    act_hlt();
    return survived("hlt");
}
