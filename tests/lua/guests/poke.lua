-- poke writes 0xc0000000 at CPL 3: #PF with error code 7 (present | write | user).
local G = assert(os.getenv("RS_GUEST_OUT"), "set RS_GUEST_OUT to the build's guest folder")
local m <close> = ringscope.boot{ kernel = G .. "/kernel.elf", modules = { G .. "/user/poke.elf" } }
expect_fault{ name = "#PF", cpl = 3, cr2 = 0xc0000000, error_code = 7, eip = 0x08048006 }
expect_eq(m:walk(0xc0000000, 3, "write").error_code, 7, "the walk's error code for a CPL 3 write")
expect_exit(1)
expect_contains(m:serial(), "killed: page fault at eip 0x08048006: write of 0xc0000000")
