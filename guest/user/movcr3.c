/* Illegal act: load a page directory: mov cr3, eax. The kernel must kill this process. */
#include "ulib.h"

int main(void)
{
    print("movcr3: about to load a page directory: mov cr3, eax\n");
    act_mov_cr3();
    return survived("movcr3");
}
