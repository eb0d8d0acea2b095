#!/bin/sh
# check_screen.sh RINGSCOPE GUEST_OUT KERNEL EXPECTED: the text screen a kernel leaves.
# ringscope's --screen must equal EXPECTED; and when qemu-system-i386 is there (and the build is
# not the sanitizer one: QEMU=0 skips it), QEMU's screen too: the kernel runs without
# isa-debug-exit (its exit becomes CLI; HLT), then the monitor saves the 4000 bytes at 0xB8000,
# which screen_text.py turns into the same text format.
set -u
rs=$1 guests=$2 kernel=$3 expected=$4
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$guests" || exit 1
"$rs" run --screen "$tmp/rs.txt" --serial "$tmp/serial.txt" "$kernel" < /dev/null
[ $? = 1 ] || { echo "FAIL: ringscope did not end with the guest's exit"; exit 1; }
cmp -s "$expected" "$tmp/rs.txt" || { echo "FAIL: ringscope's screen differs from $expected:"; diff "$expected" "$tmp/rs.txt"; exit 1; }
echo "ok: ringscope's screen ($(wc -l < "$tmp/rs.txt") lines) is $expected"
if [ "${QEMU:-1}" = 1 ] && command -v qemu-system-i386 > /dev/null; then
    (sleep 3; echo "pmemsave 0xb8000 4000 \"$tmp/q.bin\""; sleep 1; echo quit) |
        timeout 30 qemu-system-i386 -kernel "$kernel" -serial null -display none -monitor stdio > /dev/null
    [ -s "$tmp/q.bin" ] || { echo "FAIL: no screen dump from QEMU"; exit 1; }
    python3 "$here/screen_text.py" "$tmp/q.bin" > "$tmp/q.txt"
    cmp -s "$expected" "$tmp/q.txt" || { echo "FAIL: QEMU's screen differs from $expected:"; diff "$expected" "$tmp/q.txt"; exit 1; }
    echo "ok: QEMU's screen is the same"
fi
