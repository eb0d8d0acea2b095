/* Illegal act: read kernel memory: mov eax, [0xc0000000]. The kernel must kill this process. */
#include "ulib.h"

int main(void)
{
    print("peek: about to read kernel memory: mov eax, [0xc0000000]\n");
    act_peek();
    return survived("peek");
}
