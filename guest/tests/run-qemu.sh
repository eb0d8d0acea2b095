#!/bin/sh
# run-qemu.sh IMAGE OUT.txt - run one test kernel in QEMU the way the goldens were made.
# Prints QEMU's exit status (debug-exit value v -> (v<<1)|1; triple fault with -no-reboot -> 0).
img=$1; out=$2
rm -f "$out"
timeout 20 qemu-system-i386 -kernel "$img" -serial file:"$out" -display none -no-reboot \
  -device isa-debug-exit,iobase=0xf4,iosize=0x04
echo "exit=$?"
