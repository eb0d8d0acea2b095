#!/usr/bin/env bash
# Command-line tests for `ringscope` and `ringscope run`: exit statuses (ui/common/cli.h), one-line
# error messages on stderr, nothing on stdout when nothing ran, and no hangs.
#
# usage: test_cli.sh RINGSCOPE GUEST_OUT [GROUP...]
#   RINGSCOPE  the binary; GUEST_OUT  the built guest images (build/guest)
#   GROUP      usage, files, bad_images, exit_status, outputs, signals, gdb_stream, test_links
#              (default: all of them)
# Every run has 10 seconds (timeout(1)); running out of time is a failure.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
guest=$(cd "$2" && pwd)
shift 2
groups=("$@")
[ ${#groups[@]} -gt 0 ] || groups=(usage files bad_images exit_status outputs signals gdb_stream test_links)
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
failures=0 cases=0
# In the sanitizer build a used suppression (tests/lsan.supp) would add lines to stderr; a leak
# report still does, and fails the one-line checks.
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}print_suppressions=0"

fail() { echo "FAIL: $case_name: $*"; failures=$((failures + 1)); }

# run ARGS...: runs ringscope with a time limit; sets rc, out (stdout file), err (stderr file).
run() {
    out=$tmp/out err=$tmp/err
    timeout 120 "$bin" "$@" > "$out" 2> "$err" < /dev/null   # only catches a hang (a loaded CI)
    rc=$?
}

show_err() { sed 's/^/    stderr: /' "$err" | head -5; }

# expect_error STATUS 'REGEX' ARGS...: ringscope must exit STATUS with nothing on stdout and
# exactly one line on stderr matching REGEX (grep -E).
expect_error() {
    local status=$1 regex=$2
    shift 2
    case_name="ringscope $*"
    cases=$((cases + 1))
    run "$@"
    local lines
    lines=$(awk 'END { print NR }' "$err")
    if [ $rc = 124 ]; then
        fail "did not finish within 10 s"
    elif [ $rc != "$status" ]; then
        fail "exit status $rc, expected $status"; show_err
    elif [ -s "$out" ]; then
        fail "wrote $(wc -c < "$out") bytes to stdout, expected none"
    elif [ "$lines" != 1 ] || [ -n "$(tail -c 1 "$err")" ]; then
        fail "stderr has $lines lines, expected exactly one (ending in a newline)"; show_err
    elif ! grep -Eq -- "$regex" "$err"; then
        fail "stderr does not match /$regex/"; show_err
    else
        echo "ok: $case_name -> $rc: $(cat "$err")"
    fi
}

# expect_stop STATUS 'REGEX' ARGS...: a run that boots and stops; stderr must be one line matching
# REGEX (the stop report); stdout is the guest's (not checked).
expect_stop() {
    local status=$1 regex=$2
    shift 2
    case_name="ringscope $*"
    cases=$((cases + 1))
    run "$@"
    local lines
    lines=$(awk 'END { print NR }' "$err")
    if [ $rc = 124 ]; then
        fail "did not finish within 10 s"
    elif [ $rc != "$status" ]; then
        fail "exit status $rc, expected $status"; show_err
    elif [ -z "$regex" ] && [ -s "$err" ]; then
        fail "wrote to stderr, expected nothing"; show_err
    elif [ -n "$regex" ] && { [ "$lines" != 1 ] || ! grep -Eq -- "$regex" "$err"; }; then
        fail "stderr should be one line matching /$regex/"; show_err
    else
        echo "ok: $case_name -> $rc${regex:+: $(cat "$err")}"
    fi
}

# asm NAME [NASM ARGS...]: tests/cli/loop.asm as a flat a.out-kludge image $tmp/NAME.
asm() {
    local name=$1
    shift
    nasm -f bin "$@" -o "$tmp/$name" "$here/loop.asm" || { echo "FAIL: nasm $name"; exit 1; }
}

# elf NAME ADDR [NASM ARGS...]: a 32-bit ELF linked at ADDR (-D MB: with a Multiboot header).
elf() {
    local name=$1 addr=$2
    shift 2
    cat > "$tmp/elf.asm" << 'EOF'
section .text
global _start
%ifdef MB
align 4
    dd 0x1BADB002, 0, -0x1BADB002
%endif
_start:
    jmp _start
section .note.GNU-stack noalloc noexec nowrite progbits
EOF
    nasm -f elf32 "$@" -o "$tmp/elf.o" "$tmp/elf.asm" &&
        ld -m elf_i386 -Ttext="$addr" -o "$tmp/$name" "$tmp/elf.o" ||
        { echo "FAIL: building $name"; exit 1; }
}

# poke_byte FILE OFFSET BYTE_ESCAPE: overwrites one byte.
poke_byte() { printf '%b' "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }

group_usage() {
    local help_out=$tmp/help
    # --help: every option parse_options accepts and every exit status in cli.h's enum.
    local opts statuses
    # (--at belongs to `ringscope pagemap`, whose own --help is tested in group_pagemap)
    opts=$(sed -n '/^int rs_cli_parse(/,/^}/p' "$src/ui/common/cli_options.c" | grep -oE '\{ "[a-z][a-z-]*",' |
           sed -E 's/\{ "([a-z-]+)",/--\1/' | grep -vx -- '--at' | sort -u)
    statuses=$(grep -oE 'RS_EXIT_[A-Z_]+ = [0-9]+' "$src/ui/common/cli.h" | awk '{ print $3 }')
    [ -n "$opts" ] && [ -n "$statuses" ] || { echo "FAIL: cannot extract options/statuses"; failures=$((failures + 1)); }
    for args in "--help" "-h" "help" "run --help" "run -h"; do
        case_name="ringscope $args"
        cases=$((cases + 1))
        # shellcheck disable=SC2086  # split "run --help" into words
        run $args
        cp "$out" "$help_out"
        if [ $rc != 0 ]; then fail "exit status $rc, expected 0"; continue; fi
        if [ -s "$err" ]; then fail "wrote to stderr"; show_err; continue; fi
        local o s bad=0
        for o in $opts; do
            grep -Eq -- "(^|[ ,])$o([ ,]|\$)" "$help_out" || { fail "help does not mention $o"; bad=1; }
        done
        for s in $statuses; do
            sed -n '/^exit status:/,$p' "$help_out" | grep -Eq "(^| )$s +[A-Za-z(]" ||
                { fail "help does not list exit status $s"; bad=1; }
        done
        [ $bad = 0 ] && echo "ok: $case_name -> 0 ($(echo "$opts" | wc -l) options, $(echo "$statuses" | wc -l) statuses)"
    done

    expect_error 2 "unknown command 'bogus'" bogus
    expect_error 2 "unknown option '--bogus'" run --bogus k
    expect_error 2 "unknown option '-x'" run -x k
    expect_error 2 "--memory .*'0'" run --memory 0 k
    expect_error 2 "--memory .*'1'" run --memory 1 k
    expect_error 2 "--memory .*'abc'" run --memory abc k
    expect_error 2 "--memory .*'99999'" run --memory 99999 k
    expect_error 2 "--memory .*'3073'" run --memory 3073 k
    expect_error 2 "--memory .*'-2'" run --memory -2 k
    expect_error 2 "--memory .*'2x'" run --memory 2x k
    expect_error 2 "--memory .*''" run --memory "" k
    expect_error 2 "--max-insns .*'-5'" run --max-insns -5 k
    expect_error 2 "--max-insns .*'0'" run --max-insns 0 k
    expect_error 2 "--max-insns .*'1e3'" run --max-insns 1e3 k
    expect_error 2 "--timeout .*'0'" run --timeout 0 k
    expect_error 2 "--timeout .*'-1'" run --timeout -1 k
    expect_error 2 "--timeout .*'x'" run --timeout x k
    expect_error 2 "--timeout .*'nan'" run --timeout nan k
    expect_error 2 "--timeout .*'inf'" run --timeout inf k
    expect_error 2 "--timeout .*'1s'" run --timeout 1s k
    expect_error 2 "cannot read --serial-in /nonexistent/in: No such file" run --serial-in /nonexistent/in "$guest/kernel.elf"
    expect_error 2 "unknown CPU model 'pentium9' \\(known: pentium2, pentium3, pentium, 486\\)" run --cpu pentium9 k
    local o
    for o in --module --append --serial --debugcon --memory --max-insns --timeout --cpu --serial-in; do
        expect_error 2 "option $o needs a value" run k "$o"
    done
    # getopt_long: --opt=value is --opt value
    expect_error 2 "--memory .*'0'" run --memory=0 k
    expect_error 2 "--timeout .*'x'" debug --timeout=x k
    expect_error 2 "--size .*'5x5'" window --size=5x5
    expect_error 2 "unknown option '--bogus=1'" run --bogus=1 k
    expect_error 2 "more than one kernel given \('b'\)" run a b
    expect_error 2 "no kernel given" run
    expect_error 2 "no kernel given" run --memory 16
    expect_error 2 "cannot write /nonexistent/dir/x: No such file" \
        run --serial /nonexistent/dir/x "$guest/kernel.elf"
    expect_error 2 "cannot write /nonexistent/dir/x: No such file" \
        run --debugcon /nonexistent/dir/x "$guest/kernel.elf"
    mkdir -p "$tmp/adir"
    expect_error 2 "cannot write $tmp/adir: Is a directory" run --serial "$tmp/adir" "$guest/kernel.elf"
}

group_files() {
    mkdir -p "$tmp/dir"
    rm -f "$tmp/fifo" && mkfifo "$tmp/fifo"
    truncate -s 1025M "$tmp/huge"   # sparse, over the 1 GiB image limit (never read)
    expect_error 4 "^ringscope: cannot read kernel nonexist: No such file or directory$" run nonexist
    expect_error 4 "^ringscope: cannot read kernel $tmp/dir: is a directory$" run "$tmp/dir"
    expect_error 4 "^ringscope: cannot read kernel $tmp/fifo: is a FIFO$" run "$tmp/fifo"
    expect_error 4 "^ringscope: cannot read kernel /dev/null: is a character device$" run /dev/null
    expect_error 4 "^ringscope: cannot read kernel $tmp/huge: .*over the 1024 MiB limit$" run "$tmp/huge"
    if [ "$(id -u)" != 0 ]; then
        cp "$guest/kernel.elf" "$tmp/unreadable" && chmod 000 "$tmp/unreadable"
        expect_error 4 "cannot read kernel $tmp/unreadable: Permission denied" run "$tmp/unreadable"
    fi
    expect_error 4 "^ringscope: cannot read module nomod: No such file or directory$" \
        run --module nomod "$guest/kernel.elf"
    expect_error 4 "^ringscope: cannot read module nomod: No such file or directory$" \
        run --module "$guest/user/hello.elf" --module "nomod with args" "$guest/kernel.elf"
    expect_error 4 "^ringscope: cannot read module $tmp/dir: is a directory$" \
        run --module "$tmp/dir" "$guest/kernel.elf"
    expect_error 4 "^ringscope: cannot read module $tmp/fifo: is a FIFO$" \
        run --module "$tmp/fifo" "$guest/kernel.elf"
    # Modules are sized before anything is read (issue 19): three sparse 1 GiB modules with 128 MiB
    # of RAM, or two of 120 MiB, are refused while ringscope's peak memory stays small (reading
    # them first took 3.1 GB and 240 MB).
    truncate -s 1G "$tmp/m1g"
    truncate -s 120M "$tmp/m120m"
    local args
    for args in "m1g m1g m1g|cannot load module $tmp/m1g: 1073741824 bytes is larger than RAM \(128 MiB\)" \
                "m120m m120m|cannot load module $tmp/m120m: the first 2 modules take 251658240 bytes, more than RAM \(128 MiB\)"; do
        local mods=() m
        for m in ${args%%|*}; do mods+=(--module "$tmp/$m"); done
        expect_error 4 "^ringscope: ${args#*|}$" run "${mods[@]}" "$guest/kernel.elf"
        case_name="peak memory of ringscope run ${args%%|*}"
        cases=$((cases + 1))
        local kib
        kib=$(python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$bin" run "${mods[@]}" "$guest/kernel.elf")
        if [ "$kib" -gt 163840 ]; then fail "peak resident memory $kib KiB (more than 160 MiB)"
        else echo "ok: $case_name: $kib KiB"
        fi
    done
    # A load error must not create or truncate the --serial file.
    echo keep > "$tmp/keep"
    expect_error 4 "cannot read module nomod" run --serial "$tmp/keep" --module nomod "$guest/kernel.elf"
    [ "$(cat "$tmp/keep")" = keep ] || fail "--serial file changed although nothing ran"

    # --serial FILE: the transcript goes to FILE, nothing to stdout or stderr.
    case_name="ringscope run --serial FILE kernel.elf --module user/hello.elf"
    cases=$((cases + 1))
    cd "$guest" || exit 2
    run run --serial "$tmp/serial.txt" --module user/hello.elf kernel.elf
    cd "$tmp" || exit 2
    if [ $rc != 1 ]; then fail "exit status $rc, expected 1"; show_err
    elif [ -s "$out" ]; then fail "wrote to stdout"
    elif [ -s "$err" ]; then fail "wrote to stderr"; show_err
    elif ! cmp -s "$src/guest/user/expected/hello.txt" "$tmp/serial.txt"; then
        fail "transcript differs from guest/user/expected/hello.txt"
        diff -u "$src/guest/user/expected/hello.txt" "$tmp/serial.txt" | head -20
    else echo "ok: $case_name -> 1, $(wc -l < "$tmp/serial.txt") lines in FILE"
    fi
}

group_bad_images() {
    local k=$guest/kernel.elf
    : > "$tmp/empty"
    head -c 100 "$k" > "$tmp/k100"
    head -c 3000 "$k" > "$tmp/k3000"
    head -c 5000 "$k" > "$tmp/k5000"      # the header (at 0x1000) but not all of segment 0
    cp "$k" "$tmp/badmagic" && poke_byte "$tmp/badmagic" 1 'X'
    cp "$k" "$tmp/elf64class" && poke_byte "$tmp/elf64class" 4 '\002'
    cp "$k" "$tmp/bigendian" && poke_byte "$tmp/bigendian" 5 '\002'
    cp "$k" "$tmp/notx86" && poke_byte "$tmp/notx86" 18 '\076'
    # Deterministic "random" bytes (an LCG).
    LC_ALL=C awk 'BEGIN { x = 12345; for (i = 0; i < 16384; i++) {
        x = (x * 69069 + 1) % 4294967296; printf "%c", int(x / 16777216) } }' > "$tmp/random"
    elf plain32.elf 0x100000              # ELF32 without a Multiboot header
    elf mb3m.elf 0x300000 -D MB           # Multiboot ELF linked at 3 MiB
    asm far.bin -D LOAD=0x400000          # a.out kludge at 4 MiB
    cp "$guest/user/hello.elf" "$tmp/big.elf" && truncate -s 1536K "$tmp/big.elf"   # 1.5 MiB

    expect_error 4 "^ringscope: cannot load $tmp/empty: kernel image is empty \(0 bytes\)$" run "$tmp/empty"
    expect_error 4 "cannot load $tmp/k100: no Multiboot header" run "$tmp/k100"
    expect_error 4 "cannot load $tmp/k3000: no Multiboot header" run "$tmp/k3000"
    expect_error 4 "cannot load $tmp/k5000: segment 0: file bytes .* lie outside the file \(5000 bytes\)" \
        run "$tmp/k5000"
    expect_error 4 "cannot load $tmp/badmagic: not an ELF file" run "$tmp/badmagic"
    expect_error 4 "ELF class 2 is not ELFCLASS32" run "$tmp/elf64class"
    expect_error 4 "not little-endian" run "$tmp/bigendian"
    expect_error 4 "e_machine .*62.*EM_386" run "$tmp/notx86"
    expect_error 4 "cannot load /bin/true: no Multiboot header" run /bin/true
    expect_error 4 "cannot load $tmp/plain32.elf: no Multiboot header" run "$tmp/plain32.elf"
    expect_error 4 "cannot load $tmp/random: no Multiboot header" run "$tmp/random"
    expect_error 4 "cannot load $tmp/far.bin: kernel \[0x00400000, .*\) lies outside RAM \(2 MiB\)" \
        run --memory 2 "$tmp/far.bin"
    expect_error 4 "cannot load $tmp/mb3m.elf: segment 0 .* lies outside RAM \(2 MiB\)" \
        run --memory 2 "$tmp/mb3m.elf"
    expect_error 4 "cannot load $k: module 0 .* lies outside RAM \(2 MiB\)" \
        run --memory 2 --module "$tmp/big.elf" "$k"
    # The same images are fine with enough RAM: only the size was wrong above.
    expect_stop 10 "stopped \(timeout\)" run --timeout 0.2 "$tmp/far.bin"
    expect_stop 10 "stopped \(timeout\)" run --timeout 0.2 "$tmp/mb3m.elf"
    expect_stop 1 "" run --memory 4 --module "$tmp/big.elf" "$k"
    # kernel.elf itself ends at 0x11e014, so 2 MiB is enough for it.
    expect_stop 1 "" run --memory 2 "$k"
}

group_exit_status() {
    asm loop.bin
    asm hlt_if.bin -D HALT=sti
    asm hlt.bin -D HALT=cli
    asm exit3.bin -D EXIT=3
    cd "$guest" || exit 2
    expect_stop 8 "^ringscope: stopped \(instruction-limit\)" run --max-insns 1000 --module user/hello.elf kernel.elf
    cd "$tmp" || exit 2
    local t0=$SECONDS
    expect_stop 10 "^ringscope: stopped \(timeout\)" run --timeout 0.2 "$tmp/loop.bin"
    [ $((SECONDS - t0)) -le 3 ] || fail "--timeout 0.2 took $((SECONDS - t0)) s"
    expect_stop 10 "^ringscope: stopped \(timeout\)" run --timeout 1e-7 "$tmp/loop.bin"
    expect_stop 8 "^ringscope: stopped \(instruction-limit\)" run --max-insns 1 "$tmp/loop.bin"
    expect_stop 12 "^ringscope: stopped \(halted-waiting-for-interrupt\)" run "$tmp/hlt_if.bin"
    expect_stop 0 "^ringscope: stopped \(halted\)" run "$tmp/hlt.bin"
    expect_stop 7 "" run "$tmp/exit3.bin"

    # The built-in demo: the teaching kernel with hello, getpid, peek, usercopy_efault.
    # Without a display the demo runs headless (with one it would open the window: tests/ui).
    case_name="ringscope (demo, no display)"
    cases=$((cases + 1))
    out=$tmp/out err=$tmp/err
    env -u DISPLAY -u WAYLAND_DISPLAY timeout 10 "$bin" > "$out" 2> "$err" < /dev/null
    rc=$?
    if [ $rc != 1 ]; then fail "exit status $rc, expected 1"; show_err
    elif [ -s "$err" ]; then fail "wrote to stderr"; show_err
    elif ! cmp -s "$here/demo.txt" "$out"; then
        fail "stdout differs from tests/cli/demo.txt"; diff -u "$here/demo.txt" "$out" | head -20
    else echo "ok: $case_name -> 1, $(wc -l < "$out") lines as in tests/cli/demo.txt"
    fi
    # ... the same as running those programs from the files.
    case_name="ringscope run kernel.elf (the demo programs)"
    cases=$((cases + 1))
    cd "$guest" || exit 2
    run run --module user/hello.elf --module user/getpid.elf --module user/peek.elf \
        --module user/usercopy_efault.elf kernel.elf
    cd "$tmp" || exit 2
    if [ $rc != 1 ] || [ -s "$err" ] || ! cmp -s "$here/demo.txt" "$out"; then
        fail "exit $rc or transcript differs from the built-in demo's"; show_err
    else echo "ok: $case_name -> 1, same transcript as the demo"
    fi
}

# Issue 19: outputs that cannot be written, FIFOs, Ctrl-C, the trace cap. None may kill ringscope
# by a signal, hang past --timeout, or lose output without one line and a documented status.
group_outputs() {
    asm storm_com1.bin -D STORM=0x3f8
    asm storm_e9.bin -D STORM=0xe9
    asm storm_io.bin -D STORM=0x80
    cd "$guest" || exit 2
    # A closed pipe is a write error (status 16), not death by SIGPIPE (141).
    case_name="ringscope run storm_com1.bin | head -c 1"
    cases=$((cases + 1))
    timeout 10 "$bin" run "$tmp/storm_com1.bin" 2> "$tmp/err" | head -c 1 > /dev/null
    rc=${PIPESTATUS[0]}
    err=$tmp/err
    if [ "$rc" != 16 ]; then fail "exit status $rc, expected 16"; show_err
    elif [ "$(cat "$tmp/err")" != "ringscope: cannot write standard output: Broken pipe" ]; then
        fail "stderr is not the one line expected"; show_err
    else echo "ok: $case_name -> 16: $(cat "$tmp/err")"
    fi
    expect_error 16 "^ringscope: cannot write /dev/full: No space left on device$" \
        run --serial /dev/full --module user/hello.elf kernel.elf
    expect_error 16 "^ringscope: cannot write /dev/full: No space left on device$" \
        run --trace /dev/full --serial /dev/null --module user/hello.elf kernel.elf
    expect_error 16 "^ringscope: cannot write /dev/full: No space left on device$" \
        run --debugcon /dev/full "$tmp/storm_e9.bin"
    # A FIFO nobody opens or nobody reads: --timeout still ends the run.
    rm -f "$tmp/fifo" && mkfifo "$tmp/fifo"
    local o
    for o in --serial --trace --debugcon; do
        expect_error 10 "^ringscope: stopped \(timeout\): --timeout 0.5 s passed while opening $tmp/fifo" \
            run "$o" "$tmp/fifo" --timeout 0.5 "$tmp/storm_io.bin"
    done
    sleep 30 < "$tmp/fifo" &       # opens the FIFO for reading and never reads
    local reader=$!
    expect_stop 10 "^ringscope: stopped \(timeout\): time limit reached .*\(watchdog\)$" \
        run --trace "$tmp/fifo" --timeout 0.5 "$tmp/storm_io.bin"
    kill $reader 2> /dev/null; wait $reader 2> /dev/null
    # --trace-max: the run stops before the trace passes the cap; its last line says why.
    expect_stop 22 "^ringscope: stopped \(interrupted\): the trace reached --trace-max \(65536 bytes\)" \
        run --trace "$tmp/capped.json" --trace-max 64K "$tmp/storm_io.bin"
    case_name="--trace-max 64K: the file"
    cases=$((cases + 1))
    local size last
    size=$(wc -c < "$tmp/capped.json")
    last=$(tail -n 1 "$tmp/capped.json")
    if [ "$size" -gt $((65536 + 4096)) ] || [ "$size" -lt 60000 ]; then fail "$size bytes"
    elif ! python3 -c 'import json,sys
lines = open(sys.argv[1]).read().split("\n")
assert lines[-1] == "", "no newline at the end"
evs = [json.loads(l) for l in lines[:-1]]
assert sum(len(l) + 1 for l in lines[:-2]) <= 65536
assert evs[-1]["kind"] == "stop" and evs[-1]["reason"] == "interrupted", evs[-1]
assert all(e["kind"] == "io" for e in evs[:-1])' "$tmp/capped.json"; then fail "trace: $last"
    else echo "ok: $case_name: $size bytes, last line $last"
    fi
    expect_error 2 "--trace-max needs --trace FILE" run --trace-max 1M k
    expect_error 2 "--trace-max .*'100'" run --trace x --trace-max 100 k
    expect_error 2 "--trace-max .*'1X'" run --trace x --trace-max 1X k
    cd "$tmp" || exit 2
}

# wait_for_file FILE: until FILE is not empty (the run has begun), at most 20 s.
wait_for_file() {
    local i
    for i in $(seq 200); do [ -s "$1" ] && return 0; sleep 0.1; done
    return 1
}

# Ctrl-C and SIGTERM: the run stops at the next block, the trace ends with a whole line and an
# "interrupted" event, one line on stderr, status 20 (not death by the signal: 130, 143).
group_signals() {
    asm storm_io.bin -D STORM=0x80
    asm loop.bin
    local sig
    for sig in INT TERM; do
        case_name="kill -$sig ringscope run --trace FILE storm_io.bin"
        cases=$((cases + 1))
        rm -f "$tmp/sig.json"
        timeout 30 "$bin" run --trace "$tmp/sig.json" "$tmp/storm_io.bin" > "$tmp/out" 2> "$tmp/err" &
        local pid=$!
        wait_for_file "$tmp/sig.json" || fail "no trace after 20 s"
        kill -s $sig $pid
        wait $pid
        rc=$? err=$tmp/err
        if [ $rc != 20 ]; then fail "exit status $rc, expected 20"; show_err
        elif [ "$(awk 'END { print NR }' "$tmp/err")" != 1 ] ||
             ! grep -Eq "^ringscope: stopped \(interrupted\): interrupted by SIG$sig at eip 0x001000[0-9a-f]{2}$" "$tmp/err"; then
            fail "stderr is not one line 'stopped (interrupted): interrupted by SIG$sig'"; show_err
        elif ! python3 -c 'import json,sys
data = open(sys.argv[1]).read()
assert data.endswith("\n"), "the last line is cut"
evs = [json.loads(l) for l in data.splitlines()]
assert evs[-1]["kind"] == "stop" and evs[-1]["reason"] == "interrupted", evs[-1]
assert evs[-1]["detail"].startswith("interrupted by SIG" + sys.argv[2]), evs[-1]' "$tmp/sig.json" "$sig"; then
            fail "the trace does not end with a whole 'interrupted' line: $(tail -c 200 "$tmp/sig.json")"
        else echo "ok: $case_name -> 20: $(cat "$tmp/err"); $(wc -l < "$tmp/sig.json") whole lines"
        fi
    done
    # Without the tracer (Unicorn's own stop).
    case_name="kill -INT ringscope run loop.bin"
    cases=$((cases + 1))
    timeout 30 "$bin" run --debugcon "$tmp/started" "$tmp/loop.bin" > "$tmp/out" 2> "$tmp/err" &
    local pid=$!
    sleep 1      # no output to wait for: the signal may come before the run (then it ends the load)
    kill -s INT $pid
    wait $pid
    rc=$? err=$tmp/err
    if [ $rc != 20 ]; then fail "exit status $rc, expected 20"; show_err
    elif [ "$(awk 'END { print NR }' "$tmp/err")" != 1 ] || ! grep -q "interrupted" "$tmp/err"; then
        fail "stderr is not one line saying interrupted"; show_err
    else echo "ok: $case_name -> 20: $(cat "$tmp/err")"
    fi
}

# A gdb client that sends without pause (and reads nothing) must not hold off --timeout: the stub
# reads at most 64 KiB per poll. Before, the run went on while the stream lasted.
group_gdb_stream() {
    cd "$guest" || exit 2
    case_name="ringscope run --gdb 0 --gdb-wait --timeout 2, a client streaming junk for 60 s"
    cases=$((cases + 1))
    local t0=$SECONDS
    timeout 30 "$bin" run --gdb 0 --gdb-wait --timeout 2 --append preempt --module user/spin.elf kernel.elf \
        > /dev/null 2> "$tmp/err" &
    local pid=$! port= i
    for i in $(seq 200); do
        port=$(grep -o '127\.0\.0\.1:[0-9]*' "$tmp/err" | head -n 1 | cut -d: -f2)
        [ -n "$port" ] && break
        sleep 0.1
    done
    python3 -c 'import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 22)
s.connect(("127.0.0.1", int(sys.argv[1])))
junk, end = b"x" * 65536, time.time() + 60
try:
    while time.time() < end:
        s.sendall(junk)
except OSError:
    pass' "$port" 2> /dev/null &
    local client=$!
    wait $pid
    rc=$? err=$tmp/err
    kill $client 2> /dev/null; wait $client 2> /dev/null
    if [ $rc != 10 ]; then fail "exit status $rc, expected 10"; show_err
    elif [ $((SECONDS - t0)) -gt 20 ]; then fail "took $((SECONDS - t0)) s"
    elif ! grep -q "stopped (timeout)" "$tmp/err"; then fail "no timeout line"; show_err
    else echo "ok: $case_name -> 10 after $((SECONDS - t0)) s"
    fi
    cd "$tmp" || exit 2
}

# `ringscope test DIR` with symbolic links back up the tree (issue 19): each test listed once,
# each loop named once on stderr, no endless walk (before: 32 copies, or nothing after 20 s).
group_test_links() {
    rm -rf "$tmp/links" && mkdir -p "$tmp/links/a/b"
    cp "$src/tests/lua/runner/fixtures/pass.lua" "$tmp/links/top.lua"
    cp "$src/tests/lua/runner/fixtures/pass.lua" "$tmp/links/a/b/deep.lua"
    ln -s . "$tmp/links/self"
    ln -s ../.. "$tmp/links/a/b/up"
    ln -s .. "$tmp/links/a/back"
    case_name="ringscope test --list DIR (three link loops)"
    cases=$((cases + 1))
    timeout 20 "$bin" test --list "$tmp/links" > "$tmp/out" 2> "$tmp/err"
    rc=$? err=$tmp/err
    local want
    want=$(printf 'a/b/deep.lua\ntop.lua')
    if [ $rc != 0 ]; then fail "exit status $rc, expected 0"; show_err
    elif [ "$(cat "$tmp/out")" != "$want" ]; then fail "listed: $(tr '\n' ' ' < "$tmp/out")"
    elif [ "$(sort "$tmp/err")" != "$(printf '%s\n' "$tmp/links/a/b/up" "$tmp/links/a/back" "$tmp/links/self" |
            sed 's/$/: skipped, a link back to a folder it is in/; s/^/ringscope test: /' | sort)" ]; then
        fail "stderr should name the three loops"; show_err
    else echo "ok: $case_name -> 0, $(wc -l < "$tmp/out") tests, $(wc -l < "$tmp/err") loops named"
    fi
}

for g in "${groups[@]}"; do
    declare -F "group_$g" > /dev/null || { echo "unknown group $g"; exit 2; }
    echo "== $g"
    "group_$g"
done
echo "$cases cases, $failures failures"
[ $failures = 0 ]
