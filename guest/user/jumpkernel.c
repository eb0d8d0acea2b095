/* Illegal act: execute kernel code: jmp 0xc0100000. The kernel must kill this process. */
#include "ulib.h"

int main(void)
{
    print("jumpkernel: about to execute kernel code: jmp 0xc0100000\n");
    act_jump_kernel();
    return survived("jumpkernel");
}
