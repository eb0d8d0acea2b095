-- m:run_until(kind, [limits]): the next event of each kind, as a table with the JSON trace's
-- names; nil + the stop reason + its detail when the machine stops first.
local G = assert(os.getenv("RS_GUEST_OUT"), "set RS_GUEST_OUT to the build's guest folder")

do -- the teaching kernel with hello, crossing by crossing
  local m <close> = ringscope.boot{ modules = { "builtin:hello.elf" } }
  local cr3 = m:run_until("cr3")                         -- boot.asm: the boot page directory
  expect_eq(cr3, { kind = "cr", reg = 3, old = 0, cpl = 0, cs = 0x08 })
  local cr0 = m:run_until("cr0")                         -- then paging on
  expect_eq(cr0.new & 0x80010000, 0x80010000, "CR0.PG and CR0.WP after the load")
  expect_eq(m:run_until("cr3").old, cr3.new, "the second CR3 load replaces the first")

  local up = m:run_until("cpl")
  expect_eq(up, { kind = "cpl", from_cpl = 0, to_cpl = 3, cause = "iret", new_cs = 0x1b, new_eip = 0x08048060 })
  expect_eq(m:cpl(), 3, "CPL after the iret")
  expect_eq(m:reg("eip"), 0x08048060, "EIP after the iret")

  local write = m:run_until("syscall")
  expect_eq(write, { kind = "syscall", nr = 4, name = "write", cpl = 3, cs = 0x1b })
  expect_eq(write.args[1], 1, "write's fd")
  expect_eq(write.args[3], 13, "write's count")
  expect_eq(write.text:sub(1, 12), "write(fd=1, ", "the call as text")
  local ret = m:run_until("sysret")
  expect_eq(ret, { kind = "sysret", nr = 4, name = "write", ret = 13, entry_icount = write.icount })

  -- INT 0x80 is two events at one instruction (the CPL change, then the call): run_until("cpl")
  -- stops after the first, and the next run_until("syscall") returns the second without running.
  expect_eq(m:run_until("cpl"), { from_cpl = 0, to_cpl = 3, cause = "iret" })
  local enter = m:run_until("cpl")
  expect_eq(enter, { from_cpl = 3, to_cpl = 0, cause = "int", vector = 0x80, gate_type = 15, gate_dpl = 3,
                     stack_switched = 1, old_ss = 0x23, new_ss = 0x10 })
  local icount = m:icount()
  local exit = m:run_until("syscall")
  expect_eq(exit, { name = "exit", icount = enter.icount })
  expect_eq(m:icount(), icount, "instructions run to return an event already recorded")

  -- The machine ends before another exception: nil, why, and the detail line.
  local ev, why, detail = m:run_until("exception")
  expect_eq(ev, nil, "an exception in hello")
  expect_eq(why, "exit", "why the machine stopped")
  expect_eq(detail, "the guest wrote 0x0 to isa-debug-exit", "the stop's detail")
  expect_error(function() m:run_until("syscall") end, "m:run_until: call made in the wrong machine state: "
                                                      .. "the machine has already stopped (exit: ")
end

do -- "exit" and "halt" are the machine's last events
  local m <close> = ringscope.boot{ modules = { "builtin:hello.elf" } }
  expect_eq(m:run_until("exit"), { kind = "exit", reason = "exit", exit_status = 1, cpl = 0 })
  local h <close> = ringscope.boot{ kernel = G .. "/tests/halt.elf" }
  expect_eq(h:run_until("halt"), { kind = "halt", reason = "halted", cpl = 0 })
  expect_eq(h:exit_status(), 0, "status after a halt")
end

do -- a list of kinds: whichever comes first; "fault" is another name for "exception"
  local m <close> = ringscope.boot{ modules = { "builtin:peek.elf" } }
  expect_eq(m:run_until({ "exception", "syscall" }).kind, "syscall", "the first of the two")
  expect_eq(m:run_until({ "exception", "syscall" }).kind, "exception", "the next of the two")
  expect_eq(m:run_until("io"), { kind = "io", cpl = 0 })    -- the kernel prints the kill line
end

do -- a breakpoint stops any run; run_until("breakpoint") returns it
  local m <close> = ringscope.boot{ modules = { "builtin:peek.elf" } }
  m:break_at(0x08048000)                                 -- act_peek: mov eax, [0xc0000000]
  local ev, why = m:run_until("exception")
  expect_eq({ ev, why }, { nil, "breakpoint" }, "run_until(\"exception\") with a breakpoint before it")
  local bp = m:run_until("breakpoint")                   -- already recorded: returned at once
  expect_eq(bp, { kind = "breakpoint", address = 0x08048000, watch = 0, cpl = 3 })
  expect_eq(m:reg("eip"), 0x08048000, "EIP at the breakpoint")
  expect_fault{ cr2 = 0xc0000000, eip = 0x08048000 }     -- resuming runs the instruction
end

do -- limits: every call ends
  local m <close> = ringscope.boot{ modules = { "builtin:hello.elf" } }
  local ev, why, detail = m:run_until("exception", { max_insns = 100 })
  expect_eq({ ev, why }, { nil, "instruction-limit" }, "run_until with 100 instructions")
  expect_contains(detail, "the call's limit of 100 instructions was reached at eip 0x", "the detail")
  expect_eq(m:icount(), 100, "instructions run")
  ev, why, detail = m:run_until("exception", { timeout = 1e-6 })
  expect_eq({ ev, why }, { nil, "timeout" }, "run_until with a microsecond")
  expect_contains(detail, "the call's time limit of 1e-06 s was reached", "the detail")
  expect_error(function() m:run_until("exception", { max_insns = -1 }) end, "m:run_until: max_insns must be from 1")
  expect_error(function() m:run_until("sycall") end, "m:run_until: unknown event kind 'sycall' (kinds: cpl, syscall")
  expect_error(function() m:run_until({}) end, "the list of event kinds is empty")
  expect_error(function() m:run_until(3) end, "the event kind must be a string such as \"syscall\"")
end
