# ringscope debug kernel.elf --module user/hello.elf
# Boot to the program's first instruction with a breakpoint, then step into its system call.
break 0x08048060
info breakpoints
continue
regs
disas 3
delete 0x08048060
# print() in hello.elf makes the system call itself: int 0x80 at 0x08048223
break 0x08048223
c
x/2i $eip
x/s $ecx
# one step takes the int 0x80 into the kernel: CPL 3->0 and the syscall event
step
regs
events 2
until sysret
step
# an empty line repeats the last command (step)

until syscall
continue
step
quit
