# ringscope debug kernel.elf --module user/hello.elf
# Bad input: one error line each, then the prompt again.
bogus
e
step abc
step 0
step 0x
step 1x
step 99999999999
break
break 0xzz
break $foo
x 0x100000 0x100010
x/4q 0x100000
x/0 0x100000
x/99999999999999999999 0x100000
delete 0x1234
until nothing
until breakpoint
until
info
info zzz
help zz
continue 1
regs/x
events 5 bogus
x/16 0xfffffff8
watch 0xc0000000
unwatch 0xc0000000
# still at the first instruction, paging off
pagewalk 0x100000
help step
x/2i $eip+2
step
b $eip+2

info b
d all
info b
# 010 is ten, not octal eight (number.h), as in gdb's monitor
x/1b 010
x/3 $eip

# the end of input without quit ends the session cleanly
