-- The helper library (ui/lua/ringscope.lua): what passes, and the message of what fails. Every
-- message starts with this script's line, however deep in the helpers it was raised.
local LINE = debug.getinfo(1, "S").short_src .. ":"     -- "helpers.lua:", as the runner names it

-- expect_eq: numbers, strings, nested tables; an event needs only the fields asked about
expect_eq(1 + 1, 2)
expect_eq("a", "a")
expect_eq({ 1, { x = "y" } }, { 1, { x = "y" } })
expect_eq(expect_eq(5, 5), 5, "what expect_eq returns")
local msg = expect_error(function() expect_eq(7, 5, "error_code") end, "expected error_code 5, got 7")
expect_eq(msg:sub(1, #LINE), LINE, "where the failure is reported")
expect_error(function() expect_eq(0xc0001000, 0xc0000000, "cr2") end, "expected cr2 0xc0000000, got 0xc0001000")
expect_error(function() expect_eq("b", "a") end, "expected \"a\", got \"b\"")
expect_error(function() expect_eq({ 1, 2 }, { 1, 2, 3 }, "list") end, "expected list {1, 2, 3}, got {1, 2}")
expect_error(function() expect_eq(nil, false) end, "expected false, got nil")

-- expect_contains: plain text, and the end of the text when it is missing
expect_contains("a.b(c)", ".b(")
msg = expect_error(function() expect_contains("one\ntwo\n", "three", "the output") end,
                   "expected the output to contain \"three\"")
expect_contains(msg, "\n  it is:\n    one\n    two", "the failure's detail")
expect_error(function() expect_contains(nil, "x") end, "expect_contains: the text is a nil, not a string")

-- expect_error itself
expect_error(function() expect_error(function() end) end, "expected an error, but the call succeeded")
expect_error(function() expect_error(function() error("boom") end, "bang") end,
             "expected an error containing \"bang\", got")

-- expect_fault: runs to the next exception, checks the fields given, shows the event on failure
do
  local m <close> = ringscope.boot{ modules = { "builtin:peek.elf" } }
  local ev = expect_fault{ vector = 14, error_code = 5 }
  expect_eq(ev.cr2, 0xc0000000, "what expect_fault returns")
end
do
  local m <close> = ringscope.boot{ modules = { "builtin:peek.elf" } }
  msg = expect_error(function() expect_fault{ vector = 14, error_code = 7 } end, LINE)
  expect_contains(msg, "expected error_code 7, got 5\n  event: #PF at CPL 3: `mov eax, dword ptr [0xc0000000]` "
                       .. "at 0x08048000 read 0xc0000000: supervisor page (SDM 4.6) (exception at icount ", "the message")
end
do
  local m <close> = ringscope.boot{ modules = { "builtin:peek.elf" } }
  expect_error(function() expect_fault{ errorcode = 5 } end, "expected errorcode 5, got none (the event has no errorcode)")
end
do
  local m <close> = ringscope.boot{ modules = { "builtin:hello.elf" } }
  expect_error(function() expect_fault{ vector = 14 } end, "expect_fault: expected a fault {vector = 14}, but the "
                                                          .. "machine stopped first (exit: the guest wrote 0x0 to isa-debug-exit)")
end
do -- limits, machine = m, and the method form
  local a <close> = ringscope.boot{ modules = { "builtin:peek.elf" } }
  local b <close> = ringscope.boot{ modules = { "builtin:hello.elf" } }
  expect_error(function() expect_fault{ machine = a, max_insns = 10 } end, "(instruction-limit: the call's limit of 10")
  expect_eq(expect_fault{ machine = a, name = "#PF" }.error_code, 5, "error code via machine = a")
  expect_eq(a:expect_exit(1), 1, "a:expect_exit(1)")
  expect_error(function() b:expect_fault{} end, "but the machine stopped first (exit:")
end

-- expect_syscalls: names and results in order; errno names; `only`
do
  local m <close> = ringscope.boot{ modules = { "builtin:usercopy_efault.elf" } }
  local calls, rets = expect_syscalls{ { "write", 81 }, { name = "write", ret = "EFAULT" }, "write", 4 }
  expect_eq({ #calls, rets[2].errno, rets[3] }, { 4, "EFAULT", nil }, "what expect_syscalls returns")
  msg = expect_error(function() expect_syscalls{ { "write", 86 }, { "write", "EBADF" } } end,
                     "expect_syscalls: call 2: expected write -> -9 EBADF, got write -> -14 EFAULT")
  expect_contains(msg, "\n  event: write(fd=1, buf=0xbfffeffc, count=8) (syscall at icount", "the call shown")
  expect_contains(msg, "\n  event: syscall write -> -14 EFAULT (sysret at icount", "the return shown")
  expect_error(function() expect_syscalls{ "read" } end, "expect_syscalls: call 1: expected read, got write")
  expect_error(function() expect_syscalls{ { "write", "EWHAT" } } end, "call 1: unknown errno name \"EWHAT\"")
  expect_error(function() expect_syscalls{ true } end, "call 1 must be a name, a number or {name, result}")
end
do
  local m <close> = ringscope.boot{ modules = { "builtin:getpid.elf" } }
  expect_syscalls{ { "getpid", 1 }, "write", "exit", only = true }
end
do
  local m <close> = ringscope.boot{ modules = { "builtin:getpid.elf" } }
  expect_error(function() expect_syscalls{ "getpid", only = true } end,
               "expect_syscalls: expected no system call after the 1 listed, got write(fd=1")
end
do
  local m <close> = ringscope.boot{ modules = { "builtin:getpid.elf" } }
  expect_error(function() expect_syscalls{ "getpid", "write", "exit", "write" } end,
               "expect_syscalls: call 4: expected write, but the machine stopped first (exit:")
end

-- expect_no_exception and expect_exit
do
  local m <close> = ringscope.boot{ modules = { "builtin:hello.elf" } }
  expect_eq({ expect_no_exception() }, { 1, "exit", "the guest wrote 0x0 to isa-debug-exit" }, "its results")
end
do
  local m <close> = ringscope.boot{ modules = { "builtin:peek.elf" } }
  msg = expect_error(function() expect_no_exception{ cpl = 3 } end, "expected no exception, got #PF at CPL 3: ")
  expect_eq(msg:sub(1, #LINE), LINE, "where the failure is reported")
end
do
  local m <close> = ringscope.boot{ modules = { "builtin:peek.elf" } }
  expect_eq(expect_no_exception{ cpl = 0 }, 1, "no exception at CPL 0 in peek's run")
end
do
  local m <close> = ringscope.boot{ modules = { "builtin:hello.elf" } }
  expect_error(function() expect_no_exception{ max_insns = 1000 } end,
               "expect_no_exception: the guest did not finish: the machine stopped first (instruction-limit:")
  expect_error(function() expect_no_exception{ vector = 1 } end, "expect_no_exception: unknown field vector")
  expect_error(function() expect_exit(3) end, "expected exit status 3, got 1 (exit: the guest wrote 0x0")
  expect_eq(expect_exit(1), 1, "expect_exit on a finished machine")
end

-- The newest machine is the default; closed machines are not.
do
  local m = ringscope.boot{ modules = { "builtin:hello.elf" } }
  expect_eq(ringscope.current(), m, "ringscope.current()")
  m:close()
  expect_error(function() expect_fault{} end, "m:run_until: the machine is closed")
end
