#!/bin/bash
# The live window under Xvfb, driven by --keys (SDL events pushed into the window's own queue, so
# keys and clicks take the path real input takes): start paused on the demo, step one instruction,
# run until the CPL changes (ring 3), until the fault (ring 0, the fault marker, the fault view),
# click a map row to zoom, save a screenshot of the real window. Usage: test_xvfb.sh RINGSCOPE
# Exit 77 (skipped) without xvfb-run.
rs=$1
command -v xvfb-run > /dev/null || { echo "SKIP: xvfb-run is not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# SDL's software renderer, presented straight through X: no OpenGL (Mesa) in the process.
export SDL_RENDER_DRIVER=software SDL_FRAMEBUFFER_ACCELERATION=0

# Where the map shows 0xc0000000 at 1280x800 (the window's own geometry, from an off-screen run).
xy=$("$rs" --screenshot "$tmp/where.png" --at cpl:1 --keys probe:cell:0xc0000000 | awk '/^probe cell/ { print $6 }')
[ -n "$xy" ] || { echo "FAIL: no map geometry from --screenshot"; exit 1; }

keys="wait:5 probe:icount s idle probe:icount c idle probe:ring f idle probe:ring probe:fault"
keys="$keys shot:$tmp/fault.png esc click:$xy wait:3 probe:zoom q"
timeout 150 xvfb-run -a -s "-screen 0 1280x800x24" "$rs" --paused --keys "$keys" > "$tmp/out" 2> "$tmp/err"
rc=$?
cat "$tmp/out"
failures=0
expect() {   # expect LINE-PATTERN WHAT
    if grep -Eq "$1" "$tmp/out"; then echo "ok: $2"; else echo "FAIL: $2 (no line matching '$1')"; failures=$((failures + 1)); fi
}
[ $rc = 0 ] || { echo "FAIL: exit status $rc"; cat "$tmp/err"; failures=$((failures + 1)); }
expect '^probe icount 0$' "starts paused at the kernel's entry"
expect '^probe icount 1$' "s steps one instruction"
expect '^probe ring #43c463 ' "c runs until the CPL changes: the ring indicator shows ring 3"
expect '^probe ring #e0533d ' "f runs until the fault: the ring indicator shows ring 0"
expect '^probe fault #ff2e55 ' "the faulting page's marker"
expect '^probe zoom 768$' "clicking the map row of 0xc0000000 zooms into PDE 768"
if [ -s "$tmp/fault.png" ] && [ "$(head -c 8 "$tmp/fault.png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ]; then
    echo "ok: screenshot of the live window"
else
    echo "FAIL: no PNG from shot:"; failures=$((failures + 1))
fi
echo "$failures failed"
[ $failures = 0 ]
