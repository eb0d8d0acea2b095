#!/bin/sh
# Regenerates expected/*.txt with QEMU (see README.md). Usage: run_qemu.sh GUEST_OUT
# where GUEST_OUT is the build's guest directory (build/guest), holding mbtest/mbinfo.elf,
# mbtest/mbinfo_aout.bin, mbtest/m1.txt and mbtest/m2.txt (the guest_mbtest target).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$1"
run() {  # run NAME QEMU-ARGS...
    name=$1; shift
    rm -f "/tmp/mbtest-$name.txt"
    timeout 20 qemu-system-i386 "$@" -serial "file:/tmp/mbtest-$name.txt" -display none \
        -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 || true
    cp "/tmp/mbtest-$name.txt" "$here/expected/$name.txt"
}
run elf_m128 -m 128 -kernel mbtest/mbinfo.elf -initrd "mbtest/m1.txt arg1,mbtest/m2.txt" -append "hello"
run elf_m64 -m 64 -kernel mbtest/mbinfo.elf -initrd "mbtest/m1.txt arg1,mbtest/m2.txt" -append "hello"
run aout_m128 -m 128 -kernel mbtest/mbinfo_aout.bin -initrd "mbtest/m1.txt arg1,mbtest/m2.txt" -append "hello"
run elf_bare_m128 -m 128 -kernel mbtest/mbinfo.elf
