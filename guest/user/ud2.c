/* Illegal act: execute an undefined instruction: ud2. The kernel must kill this process. */
#include "ulib.h"

int main(void)
{
    print("ud2: about to execute an undefined instruction: ud2\n");
    act_ud2();
    return survived("ud2");
}
