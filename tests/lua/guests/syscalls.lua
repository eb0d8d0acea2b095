-- The kernel's system calls as user programs see them (guest/README.md, "System calls").
local G = assert(os.getenv("RS_GUEST_OUT"), "set RS_GUEST_OUT to the build's guest folder")
local function boot(...)
  local mods = {}
  for i, p in ipairs({ ... }) do mods[i] = G .. "/user/" .. p .. ".elf" end
  return ringscope.boot{ kernel = G .. "/kernel.elf", modules = mods }
end

do -- fork is not implemented: -ENOSYS, and the kernel says so
  local m <close> = boot("enosys")
  expect_syscalls{ "write", { "fork", "ENOSYS" }, "write", "exit", only = true }
  expect_contains(m:serial(), "[kernel] pid 1 unknown syscall 2 (-ENOSYS)")
end

do -- brk: the break starts at the page after the program, grows, and refuses beyond its limit
  local m <close> = boot("heap")
  local _, returned = expect_syscalls{ { "brk", 0x08049000 } }
  expect_eq(returned[1].errno, nil, "errno of a successful brk")
  local calls = m:events{ kind = "syscall", name = "brk" }
  expect_eq(calls[1].args[1], 0, "the first brk asks for the current break")
  expect_eq(expect_no_exception(), 1, "exit status")
  expect_eq(#m:events{ kind = "syscall", name = "sched_yield" }, 1, "sched_yield calls")
  expect_eq(#m:events{ kind = "sysret", name = "sched_yield", ret = 0 }, 1, "sched_yield returning 0")
end

do -- getpid: modules are numbered from 1 in command-line order
  local m <close> = boot("getpid", "getpid", "getpid")
  for pid = 1, 3 do expect_syscalls{ { "getpid", pid }, { "write", 20 }, "exit" } end
  expect_exit(1)
  local rets = m:events{ kind = "sysret", name = "getpid" }
  expect_eq(#rets, 3, "getpid returns")
  expect_contains(m:serial(), "[kernel] done: 3 run, 3 exited, 0 killed, 0 failed to load")
end
