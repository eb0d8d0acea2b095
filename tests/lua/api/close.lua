-- Closing: m:close() is idempotent, a closed machine refuses every method, <close> closes at the
-- end of the block, and a machine prints where it was booted. (A machine left open at the end of
-- a script fails it: tests/lua/runner checks that.)
local m = ringscope.boot{ modules = { "builtin:hello.elf" } }
expect_contains(tostring(m), "close.lua:4, icount 0)", "tostring")
expect_eq(tostring(m):sub(1, 29), "ringscope machine (booted at ", "tostring")
m:close()
m:close()
expect_contains(tostring(m), "close.lua:4, closed)", "tostring after close")
for _, method in ipairs{ "run", "run_until", "step", "step_over", "reg", "regs", "cpl", "icount", "read",
                         "read_phys", "walk", "regions", "events", "serial", "debugcon", "break_at",
                         "break_remove", "exit_status", "set_reg" } do
  expect_error(function() m[method](m, "syscall") end, "m:" .. method .. ": the machine is closed")
end
expect_eq(type(ringscope.Machine.run), "function", "ringscope.Machine holds the methods")

local kept
do
  local inner <close> = ringscope.boot{ modules = { "builtin:hello.elf" } }
  kept = inner
  expect_eq(inner:run(), 1, "exit status")
end
expect_error(function() kept:serial() end, "m:serial: the machine is closed")

-- errno and system call names
expect_eq({ ringscope.errno(14), ringscope.errno(-14), ringscope.errno("EFAULT"), ringscope.errno("EWHAT") },
          { "EFAULT", "EFAULT", 14, nil }, "ringscope.errno")
expect_eq({ ringscope.syscall_name(4), ringscope.syscall_number("getpid"), ringscope.syscall_number("nope") },
          { "write", 20, nil }, "system call names")
expect_eq(type(ringscope.version), "string", "ringscope.version")
expect_eq(ringscope.script_dir:sub(-13), "tests/lua/api", "ringscope.script_dir")
