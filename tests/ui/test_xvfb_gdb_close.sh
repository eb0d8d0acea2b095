#!/bin/bash
# Closing the window does not end gdb's session (issue 7 item 3): the window under Xvfb with
# `--gdb 0 --gdb-wait` quits (its --keys script) while gdb is connected and holding the CPU; gdb
# then continues, the guest (the teaching kernel with hello.elf) runs to its end headless, gdb
# sees the exit code, and ringscope exits with the guest's status.
# Usage: test_xvfb_gdb_close.sh RINGSCOPE GUEST_OUT. Exit 77 without xvfb-run or gdb.
rs=$1
guest=$2
command -v xvfb-run > /dev/null || { echo "SKIP: xvfb-run is not installed"; exit 77; }
command -v gdb > /dev/null || { echo "SKIP: gdb is not installed"; exit 77; }
tmp=$(mktemp -d)
rs_pid=
trap '[ -n "$rs_pid" ] && kill "$rs_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
export SDL_RENDER_DRIVER=software SDL_FRAMEBUFFER_ACCELERATION=0
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}print_suppressions=0"
# The window waits for gdb to stop the CPU (gdbstop), then quits at once.
(timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" "$rs" --gdb 0 --gdb-wait --keys "gdbstop q" \
    "$guest/kernel.elf" --module "$guest/user/hello.elf" > "$tmp/out" 2> "$tmp/err" < /dev/null
 echo "exit $?" > "$tmp/status") &
rs_pid=$!
port=
for _ in $(seq 300); do
    port=$(sed -n 's/^ringscope: gdb: listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$tmp/err" 2>/dev/null)
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "FAIL: no port on stderr"; cat "$tmp/err"; exit 1; }
# gdb: a break at hello's entry (so the window's gdbstop sees a stop), then, once the window has
# gone, continue to the end.
timeout 90 gdb -nx -batch -ex "set remotetimeout 20" -ex "target remote 127.0.0.1:$port" \
    -ex "break *0x08048060" -ex "continue" \
    -ex "shell for i in \$(seq 600); do grep -q 'keeps its session' $tmp/err && break; sleep 0.1; done" \
    -ex "delete" -ex "continue" > "$tmp/gdb" 2>&1
wait "$rs_pid" 2>/dev/null
rs_pid=
failures=0
grep -q "keeps its session" "$tmp/err" && echo "ok: the window closed and handed gdb its session" ||
    { echo "FAIL: no hand-over"; failures=1; }
grep -q "exited with code 01" "$tmp/gdb" && echo "ok: gdb saw the guest's exit" ||
    { echo "FAIL: gdb did not see the exit"; sed 's/^/    gdb: /' "$tmp/gdb" | tail -8; failures=1; }
grep -qx "exit 1" "$tmp/status" && echo "ok: ringscope exited with the guest's status 1" ||
    { echo "FAIL: ringscope $(cat "$tmp/status" 2>/dev/null)"; sed 's/^/    stderr: /' "$tmp/err" | tail -5; failures=1; }
exit $failures
