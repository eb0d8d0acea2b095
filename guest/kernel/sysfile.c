/* read and write. There are no files yet: fd 0 is an empty input, fds 1 and 2 are COM1. */
#include "console.h"
#include "proc.h"
#include "syscall.h"

/* read(fd, buf, count): standard input is always at end of file. */
int32_t sys_read(struct trapframe *tf)
{
    uint32_t fd = tf->ebx, buf = tf->ecx, count = tf->edx;
    if (fd != 0)
        return -EBADF;
    /* Check anyway: a bad buffer is a bad buffer even when there is nothing to copy. */
    if (!vm_user_range_ok(current->pgdir, buf, count, 1))
        return -EFAULT;
    return 0;
}

/* write(fd, buf, count): the bytes go to COM1 exactly as given (no newline translation). */
int32_t sys_write(struct trapframe *tf)
{
    uint32_t fd = tf->ebx, buf = tf->ecx, count = tf->edx;
    if (fd != 1 && fd != 2)
        return -EBADF;
    /* The whole range, every page, before the first byte is touched: a kernel access to a
     * user address must never fault. */
    if (!vm_user_range_ok(current->pgdir, buf, count, 0))
        return -EFAULT;
    /* CR3 holds this process's page directory, so its addresses are readable as they are. */
    console_write((const char *)buf, count);
    return (int32_t)count;
}
