-- peek reads 0xc0000000 at CPL 3: a supervisor page, so #PF with error code 5 (present | read |
-- user), and the kernel kills it. Nothing else faults. (guest/user/peek.c, acts.asm)
local G = assert(os.getenv("RS_GUEST_OUT"), "set RS_GUEST_OUT to the build's guest folder")
local m <close> = ringscope.boot{ kernel = G .. "/kernel.elf", modules = { G .. "/user/peek.elf" } }

local ev = expect_fault{ vector = 14, name = "#PF", cpl = 3, cr2 = 0xc0000000, error_code = 5, eip = 0x08048000 }
expect_eq(ev.insn:sub(1, 10), "a1000000c0", "the faulting instruction (mov eax, [0xc0000000])")

-- Why: the page is present but U/S=0, in the directory entry and in the table entry.
local w = m:walk(0xc0000000)
expect_eq(w.allowed, false, "CPL 3 read allowed")
expect_eq(w.user, false, "user bit of the page")
expect_eq(w.error_code, 5, "the walk's error code")
expect_eq(w.deny, "supervisor", "why the walk denies")
expect_eq(w.deny_level, "PDE", "the level that denies first")
expect_eq(w.pde.present, true, "PDE present")
expect_eq(m:walk(0xc0000000, 0).allowed, true, "the same read at CPL 0")

-- The kernel's #PF handler runs at CPL 0 and kills the process; the run ends normally.
local back = m:run_until("cpl")
expect_eq(back.to_cpl, 0, "CPL after the fault")
expect_eq(back.cause, "exception", "why CPL changed")
expect_no_exception()
expect_eq(m:exit_status(), 1, "exit status")
expect_contains(m:serial(), "[kernel] pid 1 killed: page fault at eip 0x08048000: read of 0xc0000000, "
                            .. "protection: supervisor page (SIGSEGV)")
