#!/bin/bash
# gdb and the live window on one machine (issue 7 item 3): the window under Xvfb with
# `--gdb 0 --gdb-wait --paused` on the teaching kernel and hello.elf; gdb (batch mode) connects,
# breaks at hello's print() in ring 3, continues, reads registers and detaches. The window's
# --keys script waits for gdb's stop (gdbstop prints the EIP and CPL of the snapshot the window
# shows) and probes the ring indicator, which must be ring-3 green. gdb's EIP and the window's
# must agree. Usage: test_xvfb_gdb.sh RINGSCOPE GUEST_OUT. Exit 77 without xvfb-run or gdb.
rs=$1
guest=$2
command -v xvfb-run > /dev/null || { echo "SKIP: xvfb-run is not installed"; exit 77; }
command -v gdb > /dev/null || { echo "SKIP: gdb is not installed"; exit 77; }
tmp=$(mktemp -d)
rs_pid=
trap '[ -n "$rs_pid" ] && kill "$rs_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
export SDL_RENDER_DRIVER=software SDL_FRAMEBUFFER_ACCELERATION=0
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}print_suppressions=0"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
expect() {   # expect REGEX FILE WHAT
    if grep -Eq -- "$1" "$2"; then echo "ok: $3"; else fail "$3 (no line matching '$1')"; fi
}

keys="gdbstop probe:ring shot:$tmp/stop.png wait:5 q"
timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" "$rs" --paused --gdb 0 --gdb-wait --keys "$keys" \
    "$guest/kernel.elf" --module "$guest/user/hello.elf" > "$tmp/out" 2> "$tmp/err" < /dev/null &
rs_pid=$!
port=
for _ in $(seq 300); do
    port=$(sed -n 's/^ringscope: gdb: listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$tmp/err" 2>/dev/null)
    [ -n "$port" ] && break
    kill -0 "$rs_pid" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$port" ]; then
    fail "the window did not report gdb's port"; sed 's/^/    stderr: /' "$tmp/err"; exit 1
fi
grep -q 'running headless' "$tmp/err" && { fail "no window under Xvfb"; exit 1; }

timeout 60 gdb -nx -batch -ex "target remote 127.0.0.1:$port" -ex "file $guest/kernel.elf" \
    -ex "add-symbol-file $guest/user/hello.elf" -ex 'break print' -ex 'continue' -ex 'p $cpl' -ex 'p/x $eip' \
    -ex 'detach' > "$tmp/gdb.out" 2>&1 < /dev/null
[ $? = 124 ] && fail "gdb did not finish within 60 s"
sed 's/^/    gdb: /' "$tmp/gdb.out"

for _ in $(seq 600); do kill -0 "$rs_pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$rs_pid" 2>/dev/null; then fail "the window still runs"; kill "$rs_pid"; fi
wait "$rs_pid"
rc=$?
rs_pid=
cat "$tmp/out"
sed 's/^/    stderr: /' "$tmp/err"
[ "$rc" = 0 ] || fail "window exit status $rc"
grep -Eq 'Sanitizer|runtime error' "$tmp/err" && fail "sanitizer report on stderr"

expect '^Breakpoint 1, 0x0804[0-9a-f]+ in print \(\)' "$tmp/gdb.out" "gdb stopped at hello's print()"
expect '^\$1 = 3$' "$tmp/gdb.out" "gdb: at CPL 3"
expect 'Detaching|detached' "$tmp/gdb.out" "gdb detached"
expect '^gdbstop eip 0x0804[0-9a-f]+ cpl 3 ' "$tmp/out" "the window's snapshot shows gdb's stop, in ring 3"
expect '^probe ring #43c463 ' "$tmp/out" "the window's ring indicator shows ring 3"
gdb_eip=$(sed -n 's/^\$2 = \(0x[0-9a-f]*\)$/\1/p' "$tmp/gdb.out")
win_eip=$(sed -n 's/^gdbstop eip 0x0*\([0-9a-f]*\) .*/0x\1/p' "$tmp/out")
[ -n "$gdb_eip" ] && [ "$gdb_eip" = "$win_eip" ] && echo "ok: the same EIP in gdb and the window ($gdb_eip)" ||
    fail "EIP: gdb '$gdb_eip', window '$win_eip'"
[ -s "$tmp/stop.png" ] && echo "ok: screenshot of the window at gdb's stop" || fail "no PNG from shot:"
echo "$failures failed"
[ $failures = 0 ]
