# ringscope debug kernel.elf --module user/hello.elf
# Symbols (the kernel's and the program's ELF symbol tables) and the descriptor tables.
break kmain
break hello.elf:main
info breakpoints
continue
x/3i kmain+37
continue
x/2i $eip
x/4w main+4
info idt
info gdt
info tss
info ldt
break no_such_function
info what
quit
