-- hello: one write, exit(0), no exception at all, and the kernel's summary line.
local G = assert(os.getenv("RS_GUEST_OUT"), "set RS_GUEST_OUT to the build's guest folder")
local m <close> = ringscope.boot{ kernel = G .. "/kernel.elf", modules = { G .. "/user/hello.elf" } }
local calls = expect_syscalls{ { "write", 13 }, { name = "exit" } }
expect_eq(calls[1].args, { 1, calls[1].args[2], 13, calls[1].args[4], calls[1].args[5], calls[1].args[6] },
          "write's arguments")
expect_eq(calls[2].args[1], 0, "exit status the program asks for")
expect_eq(expect_no_exception(), 1, "exit status")
expect_eq(m:serial(), "[kernel] boot: 1 module(s)\n[kernel] exec pid 1 hello.elf\nhello, world\n"
                      .. "[kernel] pid 1 exit 0\n[kernel] done: 1 run, 1 exited, 0 killed, 0 failed to load\n",
          "COM1 output")
