# Every user program, in the order all.txt runs them (the lead's tests iterate over this list).
# Each NAME is built from NAME.c (+ crt0, ulib, acts) into ${RS_GUEST_OUT}/user/NAME.elf and has
# a golden COM1 transcript in expected/NAME.txt.
set(RS_USER_PROGRAMS
  hello getpid heap enosys usercopy_efault
  peek poke jumpkernel writecode nullread
  cli hlt ioport movcr3 int41 kernelds
  divzero stackoverflow int3 ud2 ioport_far)

# Programs for a kernel booted with `preempt` (guest/README.md), run several at a time.
set(RS_PREEMPT_PROGRAMS spin sleep)
# The runs with `preempt`, NAME=PROGRAM,PROGRAM,...: tests/guests.cmake makes each one the tests
# guest.preempt.NAME and qemu.preempt.NAME against expected/preempt_NAME.txt.
set(RS_PREEMPT_RUNS spin=spin,spin,spin sleep=sleep mixed=heap,spin,spin kill=peek,spin,sleep)

# A short set for demos: normal output, a pid, one kill, one refused pointer.
set(RS_DEMO_PROGRAMS hello getpid peek usercopy_efault)
