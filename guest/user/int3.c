/* Illegal act: hit a breakpoint: int3. The kernel must kill this process. */
#include "ulib.h"

int main(void)
{
    print("int3: about to hit a breakpoint: int3\n");
    act_int3();
    return survived("int3");
}
