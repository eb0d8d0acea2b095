/* Illegal act: recurse forever until the stack hits its guard page. The kernel must kill this process. */
#include "ulib.h"

int main(void)
{
    print("stackoverflow: about to recurse forever until the stack hits its guard page\n");
    act_recurse();
    return survived("stackoverflow");
}
