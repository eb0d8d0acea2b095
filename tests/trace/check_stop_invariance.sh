#!/bin/bash
# check_stop_invariance.sh RINGSCOPE GUEST_OUT: stopping changes nothing, through every front end
# (issue 12). The teaching kernel with `preempt` runs peek (a #PF that kills it),
# spin and sleep on the timer. A straight `ringscope run --trace` gives the reference: the count
# of its first exception, of its second timer interrupt, and of its exit. Then the same guest is
# stopped over and over, and every count must be the same:
#  - the terminal debugger: until interrupt (twice: each stops at the handler's first
#    instruction, at the interrupt's own count), odd steps, until exception, steps across ticks;
#  - a Lua script: run_until, step, run;
#  - gdb (`run --gdb --trace`): breakpoints on the timer handler, stepi, continue: the whole
#    trace equals the straight one but for the breakpoint events;
#  - the window under Xvfb (when xvfb-run is there) at speeds 4 to 7, paused and resumed with
#    Space and sent until a system call with y, by scripted keys.
set -u
rs=$1 guests=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$guests" || exit 1
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}print_suppressions=0"
args=(--append preempt kernel.elf --module user/peek.elf --module user/spin.elf --module user/sleep.elf)
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

timeout 300 "$rs" run --trace "$tmp/straight.jsonl" --serial "$tmp/serial" "${args[@]}"
[ $? = 1 ] || { echo "FAIL: the straight run did not exit with status 1"; exit 1; }
count() { sed -n "$1" "$tmp/straight.jsonl" | head -1 | sed 's/.*"icount":\([0-9]*\).*/\1/'; }
exc=$(count '/"kind":"exception"/p')
# the second timer interrupt after the exception
irq2=$(sed -n '/"kind":"exception"/,$p' "$tmp/straight.jsonl" | grep '"kind":"interrupt".*"hardware":1' | sed -n 2p |
       sed 's/.*"icount":\([0-9]*\).*/\1/')
end=$(count '/"kind":"exit"/p')
handler=$(grep '"cause":"hwint"' "$tmp/straight.jsonl" | head -1 | sed 's/.*"new_eip":\([0-9]*\).*/\1/')
[ -n "$exc" ] && [ -n "$irq2" ] && [ -n "$end" ] && [ -n "$handler" ] || { echo "FAIL: no reference counts"; exit 1; }
echo "straight: first exception at $exc, second timer interrupt at $irq2, exit at $end, handler at $handler"

# The terminal debugger.
printf 'step 77777\nuntil exception\nstep 3\nuntil interrupt\nuntil interrupt\nstep 1000003\nstep 1\nstep 1\ncontinue\n' |
    timeout 300 "$rs" debug "${args[@]}" > "$tmp/debug.out" 2>&1
grep -q "stopped: after the interrupt event above (icount $irq2, CPL 0)" "$tmp/debug.out" &&
    ok "debug: the second 'until interrupt' stops at its handler's first instruction, at $irq2" ||
    fail "debug: until interrupt: $(grep -m2 'stopped: after the interrupt' "$tmp/debug.out" | tail -1)"
grep -q "stopped: after the exception event above (icount $exc," "$tmp/debug.out" &&
    ok "debug: until exception at $exc" || fail "debug: until exception: $(grep -m1 'after the exception' "$tmp/debug.out")"
grep -q "^finished: exit: .*(icount $end, CPL 0)" "$tmp/debug.out" && ok "debug: exit at $end" ||
    fail "debug: $(grep '^finished' "$tmp/debug.out")"

# Lua (the same names on the command lines: the kernel prints them).
mkdir "$tmp/lua" && ln -s "$guests/kernel.elf" "$guests/user" "$tmp/lua/" || exit 1
cat > "$tmp/lua/stops.lua" <<EOF
local m <close> = ringscope.boot{ kernel = "kernel.elf", append = "preempt", limits = { timeout = 900 },
  modules = { "user/peek.elf", "user/spin.elf", "user/sleep.elf" } }   -- (the limit only catches a hang)
m:step(12345)
expect_eq(m:run_until("exception").icount, $exc, "the first exception")
m:run_until("interrupt")
local irq = m:run_until("interrupt")
expect_eq(irq.icount, $irq2, "the second timer interrupt")
expect_eq(m:icount(), $irq2, "stopped at the handler's first instruction")
for _ = 1, 5 do m:step(99999) end
m:run()
expect_eq(m:icount(), $end, "the exit")
EOF
(cd "$tmp/lua" && timeout 1000 "$rs" test --timeout 900 stops.lua) > "$tmp/lua.out" 2>&1 && ok "lua: run_until, step, run: the same counts" ||
    fail "lua: $(cat "$tmp/lua.out")"

# gdb, with a trace of its own.
if command -v gdb > /dev/null; then
    "$rs" run --gdb 0 --gdb-wait --timeout 300 --trace "$tmp/gdb.jsonl" --serial "$tmp/gdb.serial" "${args[@]}" \
        > /dev/null 2> "$tmp/rs.err" &
    rs_pid=$!
    port=
    for _ in $(seq 600); do
        port=$(sed -n 's/^ringscope: gdb: listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$tmp/rs.err" 2>/dev/null)
        [ -n "$port" ] && break
        sleep 0.1
    done
    timeout 300 gdb -nx -batch -ex "set remotetimeout 60" -ex "target remote 127.0.0.1:$port" \
        -ex "break *$handler" -ex continue -ex continue -ex continue -ex delete -ex "stepi 333" \
        -ex "break *$handler" -ex continue -ex delete -ex continue > "$tmp/gdb.out" 2>&1 < /dev/null
    wait "$rs_pid"
    grep -v '"kind":"breakpoint"' "$tmp/gdb.jsonl" | sed 's/^{"seq":[0-9]*,//' > "$tmp/gdb.cmp"
    sed 's/^{"seq":[0-9]*,//' "$tmp/straight.jsonl" > "$tmp/straight.cmp"
    if cmp -s "$tmp/gdb.cmp" "$tmp/straight.cmp" && cmp -s "$tmp/gdb.serial" "$tmp/serial"; then
        ok "gdb: breakpoints on the timer handler, stepi and continue: the same trace ($(wc -l < "$tmp/gdb.cmp") events) and COM1"
    else
        fail "gdb: the trace differs:"; diff "$tmp/straight.cmp" "$tmp/gdb.cmp" | head -4; tail -5 "$tmp/gdb.out"
    fi
else
    echo "note: no gdb: the gdb part is skipped"
fi

# The window: scripted keys at several speeds (only where Xvfb is).
if command -v xvfb-run > /dev/null; then
    export SDL_RENDER_DRIVER=software SDL_FRAMEBUFFER_ACCELERATION=0
    for speed in 4 5 6 7; do
        # f from the start (full speed) to the fault, then pauses, y, Space at SPEED to the end
        keys="s s f idle probe:icount space wait:3 space wait:2 space wait:4 space y idle space wait:2 space m space idle probe:icount q"
        timeout 300 xvfb-run -a -s "-screen 0 1280x800x24" "$rs" --paused --speed $speed --keys "$keys" "${args[@]}" \
            > "$tmp/win.out" 2> "$tmp/win.err"
        got=$(grep '^probe icount' "$tmp/win.out" | awk '{print $3}' | tr '\n' ' ')
        if [ "$got" = "$exc $end " ]; then
            ok "window at speed $speed, paused, resumed, y: the fault at $exc and the exit at $end as straight"
        else
            fail "window at speed $speed: probes $got (an exception of the straight run, then $end)"
        fi
    done
else
    echo "note: no xvfb-run: the window part is skipped"
fi
echo "$failures failed"
[ $failures = 0 ]
