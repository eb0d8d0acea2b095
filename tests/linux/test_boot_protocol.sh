#!/bin/bash
# The Linux boot protocol on the project's guest kernel (tests/linux/find_guest.sh):
#  - what the kernel reports about its boot (the e820 map, where the initrd is, the command line,
#    the memory it found) is the same in ringscope as in QEMU 7.2 booting the same files;
#  - two traced boots to the same instruction count give byte-identical traces and output;
#  - kernels that cannot be booted get one line and exit status 4.
# Usage: test_boot_protocol.sh RINGSCOPE
set -u
rs=$1
. "$(dirname "$0")/find_guest.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
append="console=ttyS0 earlyprintk=serial ringscope-test=1"
insns=100000000   # past "Memory:" (the LZ4 guest prints it by 30M), before the console switch

# What the kernel says about what the boot loader gave it, without the timestamps.
facts() { sed -n 's/^\[ *[0-9.]*\] //p' "$1" | grep -E '^(BIOS-e820|RAMDISK|Kernel command line|[0-9]+MB LOWMEM|Memory:)'; }

"$rs" run "$GUEST/bzImage" --initrd "$GUEST/rootfs.cpio.gz" --append "$append" --max-insns $insns \
    --trace "$tmp/t1.jsonl" > "$tmp/rs1.txt" 2>&1
[ $? = 8 ] || fail "ringscope did not stop at the instruction limit: $(tail -1 "$tmp/rs1.txt")"
timeout 60 qemu-system-i386 -nographic -no-reboot -m 128 -kernel "$GUEST/bzImage" \
    -initrd "$GUEST/rootfs.cpio.gz" -append "$append" > "$tmp/qemu.txt" 2>&1 < /dev/null &
qpid=$!
for _ in $(seq 1 600); do grep -q '^\[.*\] Memory:' "$tmp/qemu.txt" && break; sleep 0.1; done
kill $qpid 2>/dev/null; wait $qpid 2>/dev/null
facts "$tmp/rs1.txt" > "$tmp/rs.facts"
facts "$tmp/qemu.txt" > "$tmp/qemu.facts"
[ "$(wc -l < "$tmp/qemu.facts")" -ge 10 ] || fail "QEMU's boot did not print the facts: $(head -c 300 "$tmp/qemu.txt")"
if diff -u "$tmp/qemu.facts" "$tmp/rs.facts" > "$tmp/diff"; then
  echo "ok: e820, initrd, command line and memory as in QEMU ($(wc -l < "$tmp/rs.facts") lines)"
else
  fail "the kernel saw another boot than under QEMU:"; cat "$tmp/diff"
fi

# Linux reads the TSC from its first lines on: RDTSC is virtual time (the defined CPU, --cpu), so
# nothing of the host leaks in.
"$rs" run "$GUEST/bzImage" --initrd "$GUEST/rootfs.cpio.gz" --append "$append" --max-insns $insns \
    --trace "$tmp/t2.jsonl" > "$tmp/rs2.txt" 2>&1
if cmp -s "$tmp/t1.jsonl" "$tmp/t2.jsonl" && cmp -s "$tmp/rs1.txt" "$tmp/rs2.txt" && [ -s "$tmp/t1.jsonl" ]; then
  echo "ok: two boots, identical traces ($(wc -l < "$tmp/t1.jsonl") events) and output"
else
  fail "two boots differ"; cmp "$tmp/t1.jsonl" "$tmp/t2.jsonl"
fi

# Bad kernels: one line, exit 4, nothing run.
refuse() {  # NAME WORDS ARGS...
  local name=$1 words=$2; shift 2
  "$rs" run "$@" --max-insns 1000 > "$tmp/out" 2> "$tmp/err"
  local st=$?
  if [ $st = 4 ] && [ "$(wc -l < "$tmp/err")" = 1 ] && grep -q -- "$words" "$tmp/err" && [ ! -s "$tmp/out" ]; then
    echo "ok: $name: $(cat "$tmp/err")"
  else
    fail "$name: exit $st, stderr: $(cat "$tmp/err")"
  fi
}
head -c 4000 "$GUEST/bzImage" > "$tmp/truncated"
refuse "truncated bzImage" "truncated Linux kernel" "$tmp/truncated"
cp "$GUEST/bzImage" "$tmp/old"; printf '\001\002' | dd of="$tmp/old" bs=1 seek=$((0x206)) conv=notrunc status=none
refuse "protocol 2.01" "2.01 is too old" "$tmp/old"
cp "$GUEST/bzImage" "$tmp/k64"; printf '\001' | dd of="$tmp/k64" bs=1 seek=$((0x236)) conv=notrunc status=none
refuse "64-bit kernel" "64-bit Linux kernel" "$tmp/k64"
refuse "two initrds" "one initrd" "$GUEST/bzImage" --initrd "$GUEST/rootfs.cpio.gz" --initrd "$GUEST/rootfs.cpio.gz"
refuse "initrd over RAM" "overlap the kernel" "$GUEST/bzImage" --initrd "$GUEST/rootfs.cpio.gz" --memory 20
refuse "missing initrd" "cannot read initrd" "$GUEST/bzImage" --initrd "$tmp/nothing"

[ $fails = 0 ] && echo "all passed" || { echo "$fails failure(s)"; exit 1; }
