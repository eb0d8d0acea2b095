-- usercopy_efault hands the kernel bad buffers: every call fails with -EFAULT, nothing faults,
-- and the program exits normally. (guest/user/usercopy_efault.c; each printf is one write.)
local G = assert(os.getenv("RS_GUEST_OUT"), "set RS_GUEST_OUT to the build's guest folder")
local m <close> = ringscope.boot{ kernel = G .. "/kernel.elf", modules = { G .. "/user/usercopy_efault.elf" } }

local calls = expect_syscalls{
  { "write", 81 },                          -- the banner
  { "write", "EFAULT" }, { "write", 78 },   -- a kernel address
  { "write", "EFAULT" }, { "write", 86 },   -- an unmapped user address
  { "write", -14 }, { "write", 102 },       -- past the top of the stack
  { "write", -14 }, { "write", 92 },        -- into the kernel
  { "read", "EFAULT" }, { "write", 80 },    -- read() into its own (read-only) code
  { "read", 0 }, { "write", 59 },           -- end of file
  { "write", 47 },
  "exit",
  only = true,
}
expect_eq(calls[2].args[2], 0xc0000000, "the buffer of the first refused write")
expect_eq(calls[4].args[2], 0x10000000, "the buffer of the second refused write")
expect_eq(calls[10].args[2], 0x08048000, "read()'s buffer: its own code")
expect_eq(m:exit_status(), 1, "exit status")
expect_eq(#m:events{ kind = "exception" }, 0, "exceptions")
expect_eq(#m:events{ kind = "sysret", errno = "EFAULT" }, 5, "calls refused with EFAULT")
expect_contains(m:serial(), "usercopy_efault: still alive, exiting normally")
