#!/usr/bin/env bash
# The gdb stub with the real gdb client (Debian's gdb, batch mode) and with a raw protocol client
# (rsp_client.c). Each CASE starts `ringscope run --gdb 0` (the port the system picks, read from
# the "listening on" line on stderr), drives it, and checks gdb's output and ringscope's exit
# status. Output is matched by pattern, not golden files, so the teaching kernel can change.
#
# usage: test_gdb.sh RINGSCOPE GUEST_OUT RSP_CLIENT CASE
#   CASE: registers kernel_break endings user_break step watch monitor interrupt second_client
#         protocol options
# Every run has a time limit; running out of it is a failure.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
guest=$(cd "$2" && pwd)
rsp=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
case_name=$4
src=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
rs_pid=
cleanup() {
    [ -n "$rs_pid" ] && kill "$rs_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
failures=0
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}print_suppressions=0"
kernel=$guest/kernel.elf
user=$guest/user

fail() { echo "FAIL: $case_name: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $case_name: $*"; }

# start ARGS...: `ringscope run --gdb 0 --timeout 60 ARGS` in the background; sets port, rs_pid.
start() {
    rm -f "$tmp/rs.out" "$tmp/rs.err"      # not to read the last run's port
    "$bin" run --gdb 0 --timeout 60 "$@" > "$tmp/rs.out" 2> "$tmp/rs.err" < /dev/null &
    rs_pid=$!
    port=
    for _ in $(seq 600); do
        port=$(sed -n 's/^ringscope: gdb: listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$tmp/rs.err" 2>/dev/null)
        [ -n "$port" ] && return 0
        kill -0 "$rs_pid" 2>/dev/null || break
        sleep 0.1
    done
    fail "ringscope did not report its port"; sed 's/^/    stderr: /' "$tmp/rs.err"
    exit 1
}

# gdb_batch COMMAND...: gdb connects and runs the commands; output in $tmp/gdb.out.
gdb_batch() {
    local args=()
    for c in "$@"; do args+=(-ex "$c"); done
    timeout 60 gdb -nx -batch -ex "target remote 127.0.0.1:$port" "${args[@]}" > "$tmp/gdb.out" 2>&1 < /dev/null
    [ $? = 124 ] && fail "gdb did not finish within 60 s"
    sed 's/^/    gdb: /' "$tmp/gdb.out"
}

# expect REGEX WHAT [FILE]: a line of FILE (gdb's output) matches REGEX (grep -E).
expect() {
    if grep -Eq -- "$1" "${3:-$tmp/gdb.out}"; then ok "$2"; else fail "$2: no line matches /$1/"; fi
}

# finish STATUS: ringscope must end (within 20 s) with STATUS and no sanitizer report.
finish() {
    for _ in $(seq 200); do kill -0 "$rs_pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$rs_pid" 2>/dev/null; then
        fail "ringscope still runs"; kill "$rs_pid"
    fi
    wait "$rs_pid"
    local rc=$?
    rs_pid=
    sed 's/^/    stderr: /' "$tmp/rs.err"
    [ "$rc" = "$1" ] && ok "ringscope exit status $rc" || fail "ringscope exit status $rc, expected $1"
    if grep -Eq 'Sanitizer|runtime error' "$tmp/rs.err"; then fail "sanitizer report on stderr"; fi
}

build_loop() { nasm -f bin -o "$tmp/loop.bin" "$src/tests/cli/loop.asm" || { fail "nasm"; exit 1; }; }

source "$(dirname "$0")/gdb_cases.sh"

"case_$case_name"
[ "$failures" = 0 ] && echo "all checks passed" || echo "$failures check(s) failed"
[ "$failures" = 0 ]
