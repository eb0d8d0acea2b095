/* Illegal act: overwrite my own code: mov byte [act_write_code], 0x90. The kernel must kill this process. */
#include "ulib.h"

int main(void)
{
    print("writecode: about to overwrite my own code: mov byte [act_write_code], 0x90\n");
    act_write_code();
    return survived("writecode");
}
