# ringscope debug kernel.elf --module user/getpid.elf
# Watched pages, next over a system call, until io / cr3 / exit.
until cpl
watch $esp
info watches
c
x/4w $esp
unwatch $esp
info watches
break 0x0804819c
c
x/i $eip
next
regs
delete 0x0804819c
until io
events 2 io
until cr3
until exit
events 3
quit
