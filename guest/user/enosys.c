/* A system call this kernel does not have (fork, 2) gets -ENOSYS, like on Linux. */
#include "ulib.h"

int main(void)
{
    print("enosys: calling fork (2), which this kernel does not implement\n");
    int32_t r = syscall3(SYS_fork, 0, 0, 0);
    printf("enosys: fork() = %d%s\n", r, r == -ENOSYS ? " (ENOSYS)" : "");
    return 0;
}
