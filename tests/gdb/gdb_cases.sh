# The cases of test_gdb.sh (sourced by it: start, gdb_batch, expect, finish come from there).
# Guests: the teaching kernel (build/guest/kernel.elf, with symbols) and its user programs
# (build/guest/user/*.elf), and tests/cli/loop.asm (spins at 0x00100020 forever).

# Connect at the first instruction (--gdb-wait), read every register, kill.
case_registers() {
    start --gdb-wait "$kernel" --module "$user/hello.elf"
    gdb_batch 'info registers' 'info registers cr0 cr3 cr4 gdtr_base idtr_limit tr cpl cs_dpl ss_dpl' \
              'info registers system' 'p/x $eflags' 'kill'
    expect '^eax +0x2badb002' "EAX holds the Multiboot magic"
    expect '^eip +0x100010 ' "EIP at the kernel's entry"
    expect '^cs +0x8 ' "CS is the loader's flat code segment"
    expect '^cr0 +0x60000011 +\[ PE ET NW CD \]' "cr0 decoded by the target description"
    expect '^cr3 +0x0 ' "info registers cr3"
    expect '^cpl +0x0 ' "the CPL register"
    expect '^ss_dpl +0x0 ' "segment DPLs"
    expect '^idtr_limit ' "IDTR in 'info registers system'"
    expect 'killed' "kill"
    finish 18
}

# A breakpoint at a kernel function, a step in it, then the guest runs to its end.
case_kernel_break() {
    start --gdb-wait "$kernel" --module "$user/hello.elf"
    gdb_batch "file $kernel" 'break syscall' 'continue' 'p $cpl' 'p/x $cs' 'p $cr3 != 0' 'bt 2' 'stepi' \
              'p $pc == (char *)syscall + 1' 'delete' 'continue'
    expect '^Breakpoint 1, 0xc0[0-9a-f]+ in syscall \(\)' "stopped at the kernel's syscall()"
    expect '^\$1 = 0$' "at CPL 0"
    expect '^\$2 = 0x8$' "in the kernel's code segment"
    expect '^\$3 = 1$' "with paging on"
    expect '^#1 +0x[0-9a-f]+ in trap \(\)' "called from trap()"
    expect '^\$4 = 1$' "stepi moved one instruction"
    expect 'exited with code 01' "the guest ran to its end (isa-debug-exit 0: W01)"
    finish 1
}

# How a guest's end reaches gdb: W for a halt (the status ringscope run gives), X for a triple fault.
case_endings() {
    start --gdb-wait "$guest/tests/halt.elf"
    gdb_batch 'continue'
    expect 'the guest finished: halted' "the reason, as console output"
    expect 'exited normally' "HLT with IF=0: W00"
    finish 0
    start --gdb-wait "$guest/tests/triple.elf"
    gdb_batch 'continue'
    expect 'the guest finished: triple-fault' "the reason, as console output"
    expect 'terminated with signal SIGSEGV' "a triple fault: X0b"
    finish 6
}

# A breakpoint at a user function; memory through the user and kernel mappings; detach.
case_user_break() {
    start --gdb-wait "$kernel" --module "$user/hello.elf"
    gdb_batch "file $kernel" "add-symbol-file $user/hello.elf" 'break print' 'continue' 'p $cpl' 'p/x $cs' \
              'x/s *(char **)($esp + 4)' 'x/2xw 0xc0100000' 'x/x 0' 'monitor pagewalk $esp' 'detach'
    expect '^Breakpoint 1, 0x0804[0-9a-f]+ in print \(\)' "stopped at hello's print()"
    expect '^\$1 = 3$' "at CPL 3"
    expect '^\$2 = 0x1b$' "in the user code segment"
    expect '"hello, world\\n"' "the string, read through the user mapping"
    expect '0x1badb002' "the kernel's Multiboot header, through the kernel mapping"
    expect 'Cannot access memory at address 0x0' "an unmapped address is an error"
    expect '^  user write +allowed' "monitor pagewalk of the user stack"
    expect 'Detaching|detached' "detach"
    finish 1
    expect '^hello, world$' "after detach the guest ran on" "$tmp/rs.out"
}

# stepi from the first instruction, and stepi from ring 3 into the kernel through int 0x80.
case_step() {
    start --gdb-wait "$kernel" --module "$user/hello.elf"
    cat > "$tmp/step.gdb" <<EOF
stepi
p/x \$pc
file $kernel
add-symbol-file $user/hello.elf
break print
continue
delete
while \$cpl == 3
  stepi
end
p \$cpl
x/i \$pc
p \$esp < \$tss_esp0 && \$esp >= \$tss_esp0 - 64
kill
EOF
    gdb_batch "source $tmp/step.gdb"
    expect '^\$1 = 0x100012$' "one instruction from the entry"
    expect '^\$2 = 0$' "stepping from ring 3 reached ring 0"
    expect '=> 0xc0[0-9a-f]+ <vector128' "at the handler of int 0x80"
    expect '^\$3 = 1$' "on the ring-0 stack the TSS gave"
    finish 18
}

# A write watchpoint and a read watchpoint on a kernel variable.
case_watch() {
    start --gdb-wait "$kernel" --module "$user/hello.elf"
    gdb_batch "file $kernel" 'break kmain' 'continue' 'delete' 'watch *(int *)&current' 'continue' \
              'p *(int *)&current == (int)&procs' 'delete' 'rwatch *(int *)&current' 'continue' 'delete' 'continue'
    expect '^Hardware watchpoint 2: \*\(int \*\)&current' "watch accepted"
    expect '^Old value = 0$' "the write was seen"
    expect '^New value = -?[0-9]+$' "with the new value"
    expect '^\$1 = 1$' "current now points at the process table"
    expect '^Hardware read watchpoint 3: \*\(int \*\)&current' "read watchpoint hit"
    expect 'exited with code 01' "the guest ran to its end"
    finish 1
}

# The monitor commands, and that they say what `ringscope debug` says.
case_monitor() {
    start --gdb-wait "$kernel" --module "$user/peek.elf"
    gdb_batch 'monitor help' 'monitor until fault' 'maint flush register-cache' 'p $cpl' 'monitor explain' \
              'monitor events 2' 'monitor pagewalk 0xc0000000' 'monitor map' 'monitor phys 0x100000 16' \
              'monitor phys 010 1' 'monitor bogus' 'monitor phys 0xfffffff0 32' 'kill'
    expect '^  until KIND' "monitor help"
    expect '#PF at CPL 3' "until fault shows the fault"
    expect '^stopped: after the exception event above' "and why it stopped"
    expect '^\$1 = 0$' "in the kernel's handler"
    expect '^the last exception, at icount' "monitor explain"
    expect '^  user read +#PF\(0x5 = present \| read \| user\)' "monitor pagewalk"
    expect '^0xc0000000-0xc3ffffff +64 MiB +supervisor +writable' "monitor map"
    expect '^0x00100000  02 b0 ad 1b' "monitor phys"
    expect '^0x0000000a  [0-9a-f]{2} ' "monitor phys 010 reads ten (number.h: 0x hex or decimal, as ringscope debug)"
    expect '^error: unknown monitor command' "an unknown command is an error line"
    expect '^error: physical 0x[0-9a-f]+ is outside RAM' "phys beyond RAM"
    finish 18
    printf 'until fault\npagewalk 0xc0000000\nmap\nexplain\n' |
        timeout 60 "$bin" debug "$kernel" --module "$user/peek.elf" > "$tmp/debug.out" 2>&1
    local missing=0
    sed -n '/^pagewalk 0xc0000000:/,/supervisor write/p; /^CR3 .*paging on/,/present$/p; /^the last exception/,/SDM/p' \
        "$tmp/gdb.out" > "$tmp/monitor.txt"
    while IFS= read -r line; do
        grep -Fxq -- "$line" "$tmp/debug.out" || { missing=$((missing + 1)); echo "    not in ringscope debug: $line"; }
    done < "$tmp/monitor.txt"
    [ -s "$tmp/monitor.txt" ] && [ $missing = 0 ] && ok "pagewalk, map and explain say what ringscope debug says" ||
        fail "$missing monitor line(s) differ from ringscope debug"
}

# A guest that never stops: gdb's Ctrl-C (SIGINT) interrupts it.
case_interrupt() {
    build_loop
    RS_GDB_TRACE=1 start "$tmp/loop.bin"        # no --gdb-wait: it runs until gdb connects
    gdb -nx -batch -ex "target remote 127.0.0.1:$port" -ex 'continue' -ex 'info registers eip' -ex 'kill' \
        > "$tmp/gdb.out" 2>&1 < /dev/null &
    local gdb_pid=$!
    for _ in $(seq 600); do grep -q '<- vCont;c' "$tmp/rs.err" && break; sleep 0.1; done
    sleep 0.3
    kill -INT "$gdb_pid"
    for _ in $(seq 600); do kill -0 "$gdb_pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$gdb_pid" 2>/dev/null && { fail "gdb did not stop"; kill -9 "$gdb_pid"; }
    wait "$gdb_pid"
    sed 's/^/    gdb: /' "$tmp/gdb.out"
    expect 'Program received signal SIGINT' "Ctrl-C stopped the guest"
    expect '^eip +0x100020 ' "in its loop"
    finish 18
}

# While one gdb is connected a second one is refused and told why; the first goes on.
case_second_client() {
    build_loop
    start --gdb-wait "$tmp/loop.bin"
    gdb -nx -batch -ex "target remote 127.0.0.1:$port" -ex 'shell sleep 2' -ex 'info registers eip' -ex 'kill' \
        > "$tmp/first.out" 2>&1 < /dev/null &
    local first=$!
    for _ in $(seq 600); do grep -q 'connected' "$tmp/rs.err" && break; sleep 0.1; done
    gdb_batch 'info registers eip'
    expect 'another gdb client is connected' "the second gdb is told why"
    wait "$first"
    expect '^eip +0x100020 ' "the first one still works" "$tmp/first.out"
    finish 18
}

# Bad input and exact replies, from a raw client (rsp_client.c).
case_protocol() {
    build_loop
    start --gdb-wait "$tmp/loop.bin"
    timeout 60 "$rsp" "$port" > "$tmp/rsp.out" 2>&1
    local rc=$?
    sed 's/^/    /' "$tmp/rsp.out"
    [ $rc = 0 ] && ok "rsp_client passed" || fail "rsp_client exit status $rc"
    finish 18
}

# The command line, a port in use, another address, and a run nobody connects to.
case_options() {
    local opts
    for opts in "--gdb abc" "--gdb 70000" "--gdb-wait" "--gdb-listen 1.2.3:5" "--gdb-listen localhost:5" \
                "--gdb-listen 127.0.0.1"; do
        # shellcheck disable=SC2086
        timeout 10 "$bin" run $opts "$kernel" > "$tmp/out" 2> "$tmp/err" < /dev/null
        local rc=$?
        [ $rc = 2 ] && [ "$(wc -l < "$tmp/err")" = 1 ] && ok "$opts: $(cat "$tmp/err")" ||
            fail "$opts: exit status $rc, stderr: $(cat "$tmp/err")"
    done
    start --gdb-wait "$kernel"
    timeout 10 "$bin" run --gdb "$port" "$kernel" > "$tmp/out" 2> "$tmp/err" < /dev/null
    local rc=$?
    [ $rc = 2 ] && grep -q "cannot listen on 127.0.0.1:$port" "$tmp/err" && ok "a port in use: $(cat "$tmp/err")" ||
        fail "a port in use: exit status $rc, stderr: $(cat "$tmp/err")"
    kill "$rs_pid"; wait "$rs_pid"; rs_pid=
    timeout 60 "$bin" run --gdb 0 "$kernel" --module "$user/hello.elf" > "$tmp/rs.out" 2> "$tmp/rs.err" < /dev/null
    rc=$?
    [ $rc = 1 ] && grep -q '^hello, world$' "$tmp/rs.out" && ok "with no client the guest runs to its end" ||
        fail "no client: exit status $rc"
    rm -f "$tmp/rs.err"
    "$bin" run --gdb-listen 0.0.0.0:0 --gdb-wait --timeout 60 "$kernel" > "$tmp/rs.out" 2> "$tmp/rs.err" < /dev/null &
    rs_pid=$!
    port=
    for _ in $(seq 600); do
        port=$(sed -n 's/.*listening on 0\.0\.0\.0:\([0-9]*\).*/\1/p' "$tmp/rs.err" 2>/dev/null)
        [ -n "$port" ] && break
        sleep 0.1
    done
    gdb_batch 'p $pc' 'kill'
    expect '^\$1 = \(void \(\*\)\(\)\) 0x100010' "--gdb-listen 0.0.0.0:0"
    finish 18
}
