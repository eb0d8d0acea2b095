/* Illegal act: write kernel memory: mov dword [0xc0000000], 0x41414141. The kernel must kill this process. */
#include "ulib.h"

int main(void)
{
    print("poke: about to write kernel memory: mov dword [0xc0000000], 0x41414141\n");
    act_poke();
    return survived("poke");
}
