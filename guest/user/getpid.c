/* Asks the kernel who it is: pids count modules from 1. */
#include "ulib.h"

int main(void)
{
    printf("getpid: my pid is %d\n", getpid());
    return 0;
}
