/* Illegal act: load the kernel data selector: mov ds, 0x10. The kernel must kill this process. */
#include "ulib.h"

int main(void)
{
    print("kernelds: about to load the kernel data selector: mov ds, 0x10\n");
    act_kernel_ds();
    return survived("kernelds");
}
