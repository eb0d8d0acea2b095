-- m:run([limits]) to the end, m:step([n]), m:step_over(), breakpoints, m:exit_status().
local G = assert(os.getenv("RS_GUEST_OUT"), "set RS_GUEST_OUT to the build's guest folder")

local function run_kernel(name)
  local m <close> = ringscope.boot{ kernel = G .. "/tests/" .. name .. ".elf" }
  local status, why = m:run()
  return { status, why }
end

do -- the status is `ringscope run`'s: (V << 1) | 1 for the guest's exit, even numbers for ringscope's stops
  local m <close> = ringscope.boot{ modules = { "builtin:hello.elf" } }
  expect_eq(m:exit_status(), nil, "exit status before the end")
  local status, why, detail = m:run()
  expect_eq({ status, why, detail }, { 1, "exit", "the guest wrote 0x0 to isa-debug-exit" }, "m:run()")
  expect_eq({ m:exit_status() }, { 1, "exit", "the guest wrote 0x0 to isa-debug-exit" }, "m:exit_status()")
  expect_error(function() m:run() end, "m:run: call made in the wrong machine state: the machine has already "
                                       .. "stopped (exit: the guest wrote 0x0 to isa-debug-exit)")
  expect_error(function() m:step() end, "m:step: call made in the wrong machine state")
  expect_eq(run_kernel("halt"), { 0, "halted" }, "HLT with IF=0")
  expect_eq(run_kernel("triple"), { 6, "triple-fault" }, "a triple fault")
  expect_eq(run_kernel("taskgate"), { 14, "unsupported" }, "a task gate")
end

do -- limits: nil, why, detail; the machine can go on afterwards
  local m <close> = ringscope.boot{ modules = { "builtin:hello.elf" } }
  expect_eq({ m:run{ max_insns = 5000 } }, { nil, "instruction-limit",
            "the call's limit of 5000 instructions was reached at eip 0x" .. string.format("%08x", m:reg("eip")) },
            "m:run with 5000 instructions")
  expect_eq(m:icount(), 5000, "instructions run")
  expect_eq(m:run{ max_insns = 5000 }, nil, "a second run of 5000")
  expect_eq(m:icount(), 10000, "instructions run by both")
  local _, why = m:run{ timeout = 1e-6 }
  expect_eq(why, "timeout", "why a run of a microsecond stopped")
  expect_eq(m:run(), 1, "the rest of the run")
  expect_error(function() m.run() end, "m:run: called on nothing, not on a machine (write m:run(...), with a colon)")
end

do -- step: exact instruction counts
  local m <close> = ringscope.boot{ modules = { "builtin:hello.elf" } }
  expect_eq(m:step(), true, "one step")
  expect_eq(m:icount(), 1, "icount after one step")
  expect_eq(m:step(999), true, "999 steps")
  expect_eq(m:icount(), 1000, "icount after 1000 steps")
  expect_eq(m:step(0), true, "no step")
  expect_eq(m:icount(), 1000, "icount after no step")
  local ok, why = m:step(10, { max_insns = 4 })
  expect_eq({ ok, why }, { nil, "instruction-limit" }, "10 steps with a limit of 4")
  expect_eq(m:icount(), 1004, "icount after them")
  expect_error(function() m:step(-1) end, "m:step: the count must be from 0 to")
end

-- Where hello's write system call is: its INT 0x80 (the syscall event's eip).
local int80
do
  local m <close> = ringscope.boot{ modules = { "builtin:hello.elf" } }
  int80 = m:run_until("syscall").eip
  local code = m:read(int80, 2)
  expect_eq(code, "\xcd\x80", "the instruction at the syscall's eip")
end

do -- step_over: INT 0x80 as one step (the whole system call); step into it instead
  local m <close> = ringscope.boot{ modules = { "builtin:hello.elf" } }
  m:break_at(int80)
  local status, why = m:run()
  expect_eq({ status, why }, { nil, "breakpoint" }, "m:run with a breakpoint")
  expect_eq(m:reg("eip"), int80, "EIP at the breakpoint")
  expect_eq(m:serial():find("hello, world", 1, true), nil, "hello's output before the write")
  expect_eq(m:step_over(), true, "step over INT 0x80")
  expect_eq({ m:cpl(), m:reg("eip") }, { 3, int80 + 2 }, "CPL and EIP after the step")
  expect_contains(m:serial(), "hello, world\n", "COM1 after the step")
  expect_eq(m:reg("eax"), 13, "write's result in EAX")
  expect_eq(m:step_over(), true, "step over an ordinary instruction")
  expect_eq(m:cpl(), 3, "CPL after it")
  m:break_remove(int80)
  expect_error(function() m:break_remove(int80) end, "m:break_remove(0x" .. string.format("%08x", int80)
                                                      .. "): invalid argument (no breakpoint there)")
  expect_eq(m:run(), 1, "exit status")
end

do -- step into INT 0x80: the next instruction is the kernel's, at CPL 0
  local m <close> = ringscope.boot{ modules = { "builtin:hello.elf" } }
  m:break_at(int80):run()                               -- break_at returns the machine
  expect_eq(m:step(), true, "one step at INT 0x80")
  expect_eq(m:cpl(), 0, "CPL after stepping into the call")
  expect_eq(m:run_until("syscall").name, "write", "the call the step entered")   -- still pending
  expect_eq(m:run(), 1, "exit status")
end

do -- a breakpoint is resumed from without stopping again; it stops the next time it is reached
  local m <close> = ringscope.boot{ modules = { "builtin:getpid.elf", "builtin:getpid.elf" } }
  m:break_at(0x08048060)                                -- _start, in both processes
  expect_eq(select(2, m:run()), "breakpoint", "the first process's entry")
  expect_eq(select(2, m:run()), "breakpoint", "the second process's entry")
  expect_eq(m:run(), 1, "exit status")
end
