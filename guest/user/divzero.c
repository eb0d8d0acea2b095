/* Illegal act: divide by zero: div ecx with ecx = 0. The kernel must kill this process. */
#include "ulib.h"

int main(void)
{
    print("divzero: about to divide by zero: div ecx with ecx = 0\n");
    act_divide_by_zero();
    return survived("divzero");
}
