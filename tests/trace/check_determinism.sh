#!/bin/sh
# check_determinism.sh RINGSCOPE GUEST_OUT: a preemptive guest (the teaching kernel with
# `preempt` and three spinning processes, switched by the 8254 on virtual time) traced twice gives
# byte-identical traces, and the trace shows the timer's interrupts taking CPL 3 -> 0 and the
# kernel switching between the three address spaces.
set -u
rs=$1 guests=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$guests" || exit 1
for i in 1 2; do
    "$rs" run --trace "$tmp/run$i.jsonl" --serial "$tmp/serial$i.txt" --append preempt kernel.elf \
        --module user/spin.elf --module user/spin.elf --module user/spin.elf
    status=$?
    [ $status = 1 ] || { echo "FAIL: run $i exited $status, expected 1"; exit 1; }
done
cmp -s "$tmp/run1.jsonl" "$tmp/run2.jsonl" || { echo "FAIL: the two traces differ"; diff "$tmp/run1.jsonl" "$tmp/run2.jsonl" | head; exit 1; }
irqs=$(grep -c '"kind":"interrupt".*"vector":32,"hardware":1' "$tmp/run1.jsonl")
from_user=$(grep -c '"kind":"cpl".*"from_cpl":3,"to_cpl":0,"cause":"hwint"' "$tmp/run1.jsonl")
spaces=$(grep '"kind":"cr".*"reg":3' "$tmp/run1.jsonl" | sed 's/.*"new":\([0-9]*\).*/\1/' | sort -u | wc -l)
[ "$irqs" -ge 20 ] || { echo "FAIL: only $irqs timer interrupts"; exit 1; }
[ "$from_user" -ge 10 ] || { echo "FAIL: only $from_user timer interrupts taken from CPL 3"; exit 1; }
[ "$spaces" -ge 4 ] || { echo "FAIL: only $spaces distinct CR3 values (kernel + 3 processes expected)"; exit 1; }
echo "ok: two traces identical ($(wc -l < "$tmp/run1.jsonl") events, $irqs timer interrupts, $from_user from CPL 3, $spaces address spaces)"
