/* Illegal act: raise interrupt 0x41, whose gate has DPL 0: int 0x41. The kernel must kill this process. */
#include "ulib.h"

int main(void)
{
    print("int41: about to raise interrupt 0x41, whose gate has DPL 0: int 0x41\n");
    act_int41();
    return survived("int41");
}
