# ringscope debug kernel.elf --module user/peek.elf
# peek.elf prints a line, then reads kernel memory at CPL 3 and is killed.
until syscall
regs
# until cpl runs to the next CPL change: the iret back to user mode
until cpl
x/4i 0x08048000
until fault
explain
events 3
pagewalk 0xc0000000
pagewalk 0x08048000
pagewalk 0x00400000
map
x/16 0xc0000000
x/4w $esp
x/8 0x00001000
continue
quit
