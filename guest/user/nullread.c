/* Illegal act: read through a null pointer: mov eax, [0]. The kernel must kill this process. */
#include "ulib.h"

int main(void)
{
    print("nullread: about to read through a null pointer: mov eax, [0]\n");
    act_null_read();
    return survived("nullread");
}
