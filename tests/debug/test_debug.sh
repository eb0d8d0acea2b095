#!/usr/bin/env bash
# Scripted tests of `ringscope debug` (the terminal debugger) through a pipe.
#
# usage: test_debug.sh RINGSCOPE GUEST_OUT CASE
#   RINGSCOPE  the binary; GUEST_OUT  the built guest images (build/guest)
#   CASE       NAME: tests/debug/NAME.cmd is piped into the debugger, whose standard output must
#              equal tests/debug/expected/NAME.txt byte for byte, with nothing on stderr and exit
#              status 0. The first line of NAME.cmd is "# ringscope debug ARGS..." (a comment
#              to the debugger): the arguments, relative to GUEST_OUT, where the debugger runs.
#              options: the command line itself (--help, bad options, --serial, --max-insns).
#
# RS_UPDATE_EXPECTED=1 writes the expected file instead of comparing: review the diff.
# Every run has 60 seconds (timeout(1)); running out of time is a failure.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
guest=$(cd "$2" && pwd)
name=$3
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# In the sanitizer build a used suppression (tests/lsan.supp) would print lines to stderr.
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}print_suppressions=0"
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# compare EXPECTED ACTUAL: the transcript must match exactly (or is written, when updating).
compare() {
    if [ -n "${RS_UPDATE_EXPECTED:-}" ]; then
        cp "$2" "$1" && echo "updated $1"
    elif ! diff -u "$1" "$2" > "$tmp/diff"; then
        fail "output differs from $1:"
        head -80 "$tmp/diff"
    else
        echo "ok: $(basename "$1")"
    fi
}

run_case() {
    local cmd=$here/$name.cmd
    local header
    header=$(head -1 "$cmd")
    case $header in
        "# ringscope debug "*) ;;
        *) echo "FAIL: $cmd: the first line must be '# ringscope debug ARGS...'"; exit 1 ;;
    esac
    local args
    read -ra args <<< "${header#\# ringscope debug }"
    (cd "$guest" && timeout 60 "$bin" debug "${args[@]}" < "$cmd" > "$tmp/out" 2> "$tmp/err")
    local rc=$?
    if [ $rc = 124 ]; then
        fail "$name: did not finish within 60 s"
    elif [ $rc != 0 ]; then
        fail "$name: exit status $rc, expected 0"; head -5 "$tmp/err"
    elif [ -s "$tmp/err" ]; then
        fail "$name: wrote to stderr:"; head -5 "$tmp/err"
    fi
    compare "$here/expected/$name.txt" "$tmp/out"
}

# expect STATUS 'STDERR-REGEX' ARGS...: exit STATUS, nothing on stdout, one line on stderr.
expect() {
    local status=$1 regex=$2
    shift 2
    (cd "$guest" && timeout 60 "$bin" debug "$@" > "$tmp/out" 2> "$tmp/err" < /dev/null)
    local rc=$? lines
    lines=$(awk 'END { print NR }' "$tmp/err")
    if [ $rc != "$status" ]; then
        fail "debug $*: exit status $rc, expected $status"; head -5 "$tmp/err"
    elif [ -s "$tmp/out" ]; then
        fail "debug $*: wrote to stdout"
    elif [ "$lines" != 1 ] || ! grep -Eq -- "$regex" "$tmp/err"; then
        fail "debug $*: stderr should be one line matching /$regex/"; head -5 "$tmp/err"
    else
        echo "ok: debug $* -> $rc: $(cat "$tmp/err")"
    fi
}

run_options() {
    (cd "$guest" && timeout 60 "$bin" debug --help > "$tmp/out" 2> "$tmp/err" < /dev/null)
    local rc=$?
    [ $rc = 0 ] || fail "debug --help: exit status $rc"
    [ -s "$tmp/err" ] && fail "debug --help: wrote to stderr"
    compare "$here/expected/help.txt" "$tmp/out"
    # every command of the table is in --help and in the debugger's own help
    printf 'help\n' | (cd "$guest" && timeout 60 "$bin" debug kernel.elf > "$tmp/help" 2>&1)
    for c in step next continue until break delete watch unwatch info regs x/FMT disas pagewalk map \
             events explain help quit; do
        grep -q "^  $c" "$tmp/out" || fail "debug --help does not list '$c'"
        grep -q "^  $c" "$tmp/help" || fail "the debugger's help does not list '$c'"
    done

    expect 2 'no kernel given' 
    expect 2 "unknown option '--explain'" --explain kernel.elf
    expect 2 "unknown option '--trace'" --trace x.jsonl kernel.elf
    expect 2 'more than one kernel' kernel.elf user/hello.elf
    expect 2 '--memory takes' --memory 1 kernel.elf
    expect 4 'cannot read kernel .*no-such.elf' no-such.elf
    expect 4 'cannot read module .*no-such.elf' kernel.elf --module no-such.elf
    expect 4 'cannot load' user/hello.elf

    # --serial: COM1 goes to the file, exactly what `ringscope run` prints; stdout has the rest
    printf 'continue\n' | (cd "$guest" && timeout 60 "$bin" debug --serial "$tmp/com1" kernel.elf \
        --module user/hello.elf > "$tmp/out" 2> "$tmp/err")
    if ! cmp -s "$tmp/com1" "$here/../../guest/user/expected/hello.txt"; then
        fail "--serial: COM1 output differs from guest/user/expected/hello.txt"
    elif grep -q 'hello, world' "$tmp/out"; then
        fail "--serial: guest output also went to stdout"
    else
        echo "ok: debug --serial FILE"
    fi

    # --max-insns: no command runs past the limit; end of input right away is a clean exit
    printf 'continue\nstep\n' | (cd "$guest" && timeout 60 "$bin" debug --max-insns 1000 kernel.elf \
        --module user/hello.elf > "$tmp/out" 2> "$tmp/err")
    local n
    n=$(grep -c 'stopped: instruction limit reached (--max-insns 1000) (icount 1000,' "$tmp/out")
    [ "$n" = 2 ] && echo "ok: debug --max-insns" || { fail "--max-insns: expected two stops at 1000"; cat "$tmp/out"; }
    (cd "$guest" && timeout 60 "$bin" debug kernel.elf < /dev/null > "$tmp/out" 2> "$tmp/err")
    rc=$?
    if [ $rc != 0 ] || [ -s "$tmp/err" ] || [ "$(tail -1 "$tmp/out")" != "(rs) " ]; then
        fail "empty input: status $rc, or stderr, or no final prompt"
    else
        echo "ok: debug with empty input"
    fi
}

if [ "$name" = options ]; then
    run_options
else
    run_case
fi
[ $failures = 0 ] || { echo "$failures failure(s)"; exit 1; }
