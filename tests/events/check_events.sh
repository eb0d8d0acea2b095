#!/bin/sh
# check_events.sh RINGSCOPE GUEST_OUT EXPECTED PROGRAM
# Runs the teaching kernel with one user program under --explain and compares every event line
# (CPL changes, system calls and returns, faults with their explanations, CR loads, the stop)
# with the golden file byte for byte. RS_UPDATE_GOLDEN=1 rewrites the golden file instead.
set -u
rs=$1 guests=$2 expected=$3 prog=$4
out=$(mktemp) || exit 1
trap 'rm -f "$out"' EXIT
# The module is named by its bare file name so the transcript does not depend on the build path.
cd "$guests" || exit 1
"$rs" run --explain --serial /dev/null kernel.elf --module "user/$prog.elf" 2>"$out"
status=$?
echo "exit status $status" >>"$out"
if [ "${RS_UPDATE_GOLDEN:-0}" = 1 ]; then
    cp "$out" "$expected"
    echo "updated $expected"
    exit 0
fi
if ! cmp -s "$out" "$expected"; then
    echo "FAIL: events of $prog differ from $expected:"
    diff -u "$expected" "$out" | head -60
    exit 1
fi
echo "ok: $prog: $(grep -c '^  \[' "$out") events as expected"
