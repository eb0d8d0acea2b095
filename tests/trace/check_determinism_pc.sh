#!/bin/sh
# check_determinism_pc.sh RINGSCOPE GUEST_OUT INPUT: the PC devices in virtual time repeat exactly.
#  - serial.elf with INPUT on COM1's receive line (--serial-in), traced twice: byte-identical
#    traces, with IRQ 4 delivered; the same input through a pipe on standard input gives the
#    same trace again;
#  - cpu.elf (RDTSC as virtual time, CPUID) traced twice: byte-identical traces and transcripts.
set -u
rs=$1 guests=$2 input=$3
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$guests" || exit 1
for i in 1 2; do
    "$rs" run --trace "$tmp/serial$i.jsonl" --serial "$tmp/serial$i.txt" --serial-in "$input" tests/serial.elf < /dev/null
    [ $? = 1 ] || { echo "FAIL: serial run $i did not end with DONE"; exit 1; }
    "$rs" run --trace "$tmp/cpu$i.jsonl" --serial "$tmp/cpu$i.txt" tests/cpu.elf < /dev/null
    [ $? = 1 ] || { echo "FAIL: cpu run $i did not end with DONE"; exit 1; }
done
cat "$input" | "$rs" run --trace "$tmp/serial3.jsonl" --serial "$tmp/serial3.txt" tests/serial.elf
for f in serial cpu; do
    cmp -s "$tmp/${f}1.jsonl" "$tmp/${f}2.jsonl" || { echo "FAIL: the two $f traces differ"; diff "$tmp/${f}1.jsonl" "$tmp/${f}2.jsonl" | head; exit 1; }
    cmp -s "$tmp/${f}1.txt" "$tmp/${f}2.txt" || { echo "FAIL: the two $f transcripts differ"; exit 1; }
done
cmp -s "$tmp/serial1.jsonl" "$tmp/serial3.jsonl" || { echo "FAIL: input from a pipe gave another trace than --serial-in"; diff "$tmp/serial1.jsonl" "$tmp/serial3.jsonl" | head; exit 1; }
irq4=$(grep -c '"kind":"interrupt".*"vector":36,"hardware":1' "$tmp/serial1.jsonl")
[ "$irq4" -ge 3 ] || { echo "FAIL: only $irq4 IRQ 4 interrupts"; exit 1; }
grep -q "rx line: scope" "$tmp/serial1.txt" || { echo "FAIL: the input did not arrive"; exit 1; }
echo "ok: serial traces identical ($(wc -l < "$tmp/serial1.jsonl") events, $irq4 IRQ 4 interrupts; the same from a pipe), cpu traces identical ($(wc -l < "$tmp/cpu1.jsonl") events)"
