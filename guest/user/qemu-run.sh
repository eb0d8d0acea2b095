#!/bin/sh
# Runs user programs under the teaching kernel in QEMU and prints COM1's transcript.
#   qemu-run.sh BUILD_DIR NAME...        one run with the modules NAME.elf ... in that order
#   qemu-run.sh BUILD_DIR --preempt NAME...   the same with the kernel command line `preempt`
#   qemu-run.sh BUILD_DIR --update       rewrites expected/NAME.txt (each program alone),
#                                        expected/all.txt (every program of programs.cmake, in order)
#                                        and expected/preempt_RUN.txt (RS_PREEMPT_RUNS)
# BUILD_DIR is the CMake build directory (the images are in BUILD_DIR/guest). Exits non-zero if
# QEMU did not end through isa-debug-exit with code 0 (QEMU status 1).
set -eu
build=$1; shift
here=$(cd "$(dirname "$0")" && pwd)
kernel=$build/guest/kernel.elf
userdir=$build/guest/user

append=""
run() {   # run OUTFILE NAME...
    out=$1; shift
    mods=""
    for name in "$@"; do mods="$mods${mods:+,}$userdir/$name.elf"; done
    rm -f "$out"
    status=0
    timeout 20 qemu-system-i386 -kernel "$kernel" -initrd "$mods" -serial "file:$out" \
        ${append:+-append "$append"} \
        -display none -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 || status=$?
    if [ "$status" -ne 1 ]; then
        echo "qemu-run.sh: QEMU exit status $status for $*" >&2
        return 1
    fi
}

if [ "${1:-}" = "--update" ]; then
    programs=$(sed -n '/^set(RS_USER_PROGRAMS/,/)/p' "$here/programs.cmake" |
               sed 's/set(RS_USER_PROGRAMS//; s/)//')
    for name in $programs; do
        run "$here/expected/$name.txt" "$name"
    done
    # shellcheck disable=SC2086
    run "$here/expected/all.txt" $programs
    runs=$(sed -n 's/^set(RS_PREEMPT_RUNS \(.*\))$/\1/p' "$here/programs.cmake")
    append=preempt
    for r in $runs; do
        # shellcheck disable=SC2046
        run "$here/expected/preempt_${r%%=*}.txt" $(echo "${r#*=}" | tr , ' ')
    done
    exit 0
fi
if [ "${1:-}" = "--preempt" ]; then
    append=preempt
    shift
fi

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
rc=0
run "$tmp" "$@" || rc=$?
cat "$tmp"
exit $rc
