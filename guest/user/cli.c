/* Illegal act: disable interrupts: cli. The kernel must kill this process. */
#include "ulib.h"

int main(void)
{
    print("cli: about to disable interrupts: cli\n");
    act_cli();
    return survived("cli");
}
