#!/bin/bash
# `ringscope pagemap`: the region table at a chosen moment, and its bad input.
#   - at peek's fault: the exact table in tests/cli/pagemap_peek_fault.txt (user code read-only,
#     the user stack writable, the kernel's 64 MiB supervisor-only);
#   - at the end, at icount:N and at syscall:N: status 0 and the header line says where;
#   - a selector that never comes: status 1 and one line; bad selectors and options: status 2.
# Usage: test_pagemap.sh RINGSCOPE GUEST_OUT
rs=$1
cd "$2" || exit 2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
check() {   # check STATUS 'STDOUT-REGEX' 'STDERR-REGEX' ARGS...
    local want=$1 out_re=$2 err_re=$3
    shift 3
    timeout 120 "$rs" pagemap "$@" > "$tmp/out" 2> "$tmp/err" < /dev/null
    local rc=$?
    if [ $rc != "$want" ]; then fail "pagemap $*: status $rc, expected $want"; sed 's/^/    /' "$tmp/err" | head -3; return; fi
    if [ -n "$out_re" ] && ! grep -Eq -- "$out_re" "$tmp/out"; then fail "pagemap $*: stdout lacks /$out_re/"; return; fi
    if [ -n "$err_re" ] && { [ "$(wc -l < "$tmp/err")" != 1 ] || ! grep -Eq -- "$err_re" "$tmp/err"; }; then
        fail "pagemap $*: stderr is not one line matching /$err_re/"; sed 's/^/    /' "$tmp/err" | head -3; return
    fi
    echo "ok: pagemap $* -> $rc"
}

timeout 120 "$rs" pagemap kernel.elf --module user/peek.elf --at fault > "$tmp/out" 2> "$tmp/err"
if cmp -s "$tmp/out" "$here/pagemap_peek_fault.txt" && [ ! -s "$tmp/err" ]; then
    echo "ok: the table at peek's fault, as in tests/cli/pagemap_peek_fault.txt"
else
    fail "the table at peek's fault differs"; diff -u "$here/pagemap_peek_fault.txt" "$tmp/out" | head -20
fi
check 0 '^at the end \(icount [0-9]+\): the guest wrote 0x0 to isa-debug-exit$' '' kernel.elf --at end
check 0 '^at icount 5000$' '' kernel.elf --at icount:5000
check 0 '^at icount [0-9]+, after: syscall write\(fd=1, buf=0x[0-9a-f]+, count=13\)$' '' \
    kernel.elf --module user/hello.elf --at syscall:1
check 0 '^0xc0000000-0xc3ffffff +64 MiB +supervisor +writable$' '' kernel.elf --module user/hello.elf --at cr3:3
check 1 '' '^ringscope pagemap: the guest stopped \(exit: .*\) before --at fault happened$' \
    kernel.elf --module user/hello.elf --at fault
check 2 '' "^ringscope pagemap: bad --at selector 'bogus' \(try 'ringscope pagemap --help'\)$" kernel.elf --at bogus
check 2 '' "^ringscope pagemap: bad --at selector 'syscall:0'" kernel.elf --at syscall:0
check 2 '' "^ringscope pagemap: bad --at selector 'icount'" kernel.elf --at icount
check 2 '' '^ringscope pagemap: --at SELECTOR is required' kernel.elf
check 2 '' '^ringscope pagemap: --max-insns is not used here' kernel.elf --at end --max-insns 5
check 4 '' '^ringscope: cannot read kernel nonexistent.elf' nonexistent.elf --at end
check 0 '^usage: ringscope pagemap' '' --help
exit $failures
