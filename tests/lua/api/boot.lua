-- ringscope.boot: kernels and modules from files and built in, memory, cmdline, limits, and
-- the errors a wrong table gets.
local G = assert(os.getenv("RS_GUEST_OUT"), "set RS_GUEST_OUT to the build's guest folder")

do -- no kernel: the teaching kernel built into ringscope; builtin: programs
  local m <close> = ringscope.boot{ modules = { "builtin:hello.elf", "builtin:getpid.elf" } }
  expect_exit(1)
  expect_contains(m:serial(), "[kernel] exec pid 1 hello.elf\nhello, world\n")
  expect_contains(m:serial(), "[kernel] exec pid 2 getpid.elf\n")
end

do -- a module is "FILE [ARGS]": its whole string is its command line; the kernel prints its base name
  local m <close> = ringscope.boot{ kernel = "builtin:kernel.elf", modules = { G .. "/user/hello.elf one two" } }
  expect_exit(1)
  expect_contains(m:serial(), "[kernel] exec pid 1 hello.elf one two\n")
end

do -- memory and cmdline reach the Multiboot information structure (guest/mbtest prints it)
  local m <close> = ringscope.boot{ kernel = G .. "/mbtest/mbinfo.elf", cmdline = "hello", memory = 64,
                                    modules = { G .. "/mbtest/m1.txt arg1" } }
  m:run()
  local out = m:serial()
  expect_contains(out, "mem_upper=0000FB80", "the Multiboot dump")     -- 64 MiB (elf_m64.txt)
  expect_contains(out, "mbinfo.elf hello\"", "the Multiboot dump")
  expect_contains(out, "mods_count=00000001", "the Multiboot dump")
  expect_contains(out, "m1.txt arg1\"", "the Multiboot dump")
end

do -- limits in boot are the machine's defaults for every call
  local m <close> = ringscope.boot{ modules = { "builtin:hello.elf" }, limits = { max_insns = 1000 } }
  local status, why = m:run()
  expect_eq(status, nil, "status after 1000 instructions")
  expect_eq(why, "instruction-limit", "why the run stopped")
  expect_eq(m:icount(), 1000, "instructions run")
  expect_eq(m:run{ max_insns = 1e7 }, 1, "exit status with a bigger limit")
end

-- Wrong tables: one clear message, at this line.
expect_error(function() ringscope.boot() end, "ringscope.boot: expects a table")
expect_error(function() ringscope.boot{ modlues = {} } end, "unknown field 'modlues' (known: kernel, modules")
expect_error(function() ringscope.boot{ modules = "hello.elf" } end, "modules must be a list, e.g. modules = { \"hello.elf\" }")
expect_error(function() ringscope.boot{ modules = { 42 } } end, "module 1 must be a string \"FILE [ARGS]\", got number")
expect_error(function() ringscope.boot{ kernel = 1 } end, "kernel must be a string, got number")
expect_error(function() ringscope.boot{ memory = 1 } end, "memory (MiB) must be from 2 to 3072, got 1")
expect_error(function() ringscope.boot{ memory = 2.5 } end, "memory (MiB) must be a whole number, got 2.5")
expect_error(function() ringscope.boot{ limits = { max_insns = 0 } } end, "max_insns must be from 1 to")
expect_error(function() ringscope.boot{ limits = { max_insns = 1e300 } } end, "max_insns must be a whole number")
expect_error(function() ringscope.boot{ limits = { timeout = -1 } } end, "timeout must be above 0")
expect_error(function() ringscope.boot{ limits = { timeout = 0/0 } } end, "timeout must be above 0")
expect_error(function() ringscope.boot{ limits = { steps = 1 } } end, "unknown field 'steps' (known: max_insns, timeout)")
expect_error(function() ringscope.boot{ modules = { "no-such-file.elf" } } end,
             "cannot read module " .. ringscope.script_dir .. "/no-such-file.elf: ")
expect_error(function() ringscope.boot{ modules = { "builtin:nope.elf" } } end,
             "no built-in image 'nope.elf' (built in: kernel.elf, hello.elf")
expect_error(function() ringscope.boot{ kernel = G .. "/user/hello.elf" } end, "cannot load")
local err = expect_error(function() ringscope.boot{ kernel = G } end, "cannot read kernel")
expect_contains(err, "boot.lua:", "the message's position")
