#!/bin/bash
# Boot to the busybox prompt with a scripted dialogue on COM1 (--serial-in, given from the first
# instruction: the 16550 holds it back until the tty is open, uart.h), and compare the shell's
# answers with QEMU's, which gets the same lines typed after its prompt appears.
# Usage: test_shell.sh RINGSCOPE
set -u
rs=$1
. "$(dirname "$0")/find_guest.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"; [ -n "${qpid:-}" ] && kill $qpid 2>/dev/null' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
dialogue='echo hi-$((6*7)); uname -r; ls /; cat /proc/cmdline; nosuchcmd; echo status=$?; exit'
printf '%s\n' "$dialogue" > "$tmp/in"

# The commands' output: from the first answer to init's line after the shell exits, without
# carriage returns. (The echoed command line differs: QEMU's busybox, typed to at its prompt, asks
# the terminal for the cursor position, ESC [6n, first; ringscope's finds the line already there.)
session() { tr -d '\r' < "$1" | sed -n '/^hi-42$/,/^ringscope-guest: shell exited/p'; }

# reboot=t: after the shell exits, init's `reboot -f` goes straight to a triple fault (the PC's
# other reset paths are not modelled), which ends both machines at once.
"$rs" run "$GUEST/bzImage" --initrd "$GUEST/rootfs.cpio" --append "console=ttyS0 reboot=t" \
    --serial-in "$tmp/in" --max-insns 200000000 > "$tmp/rs.txt" 2>&1
st=$?
[ $st = 6 ] || fail "ringscope did not end in the reboot's triple fault: exit $st, $(tail -1 "$tmp/rs.txt")"

mkfifo "$tmp/qin"
timeout 120 qemu-system-i386 -M pc -cpu pentium2,-apic -m 128 -nographic -no-reboot \
    -kernel "$GUEST/bzImage" -initrd "$GUEST/rootfs.cpio" -append "console=ttyS0 reboot=t" \
    < "$tmp/qin" > "$tmp/qemu.txt" 2>&1 &
qpid=$!
exec 3> "$tmp/qin"
for _ in $(seq 1 1200); do grep -q '^/ # ' "$tmp/qemu.txt" && break; sleep 0.1; done
printf '%s\n' "$dialogue" >&3
for _ in $(seq 1 1200); do grep -q 'shell exited' "$tmp/qemu.txt" && break; sleep 0.1; done
exec 3>&-
wait $qpid 2>/dev/null; qpid=

session "$tmp/rs.txt" > "$tmp/rs.session"
session "$tmp/qemu.txt" > "$tmp/qemu.session"
grep -qx 'hi-42' "$tmp/rs.session" && grep -qx 'status=127' "$tmp/rs.session" ||
  fail "ringscope's shell did not answer: $(tail -c 600 "$tmp/rs.txt")"
if [ -s "$tmp/qemu.session" ] && diff -u "$tmp/qemu.session" "$tmp/rs.session" > "$tmp/diff"; then
  echo "ok: the shell's dialogue as in QEMU ($(wc -l < "$tmp/rs.session") lines)"; cat "$tmp/rs.session"
else
  fail "the dialogue differs from QEMU's:"; cat "$tmp/diff"; tail -c 400 "$tmp/qemu.txt"
fi

[ $fails = 0 ] && echo "all passed" || { echo "$fails failure(s)"; exit 1; }
