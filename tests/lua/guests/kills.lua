-- Every illegal act of guest/user (acts.asm): the fault the CPU raises at CPL 3, and the kill line
-- the kernel prints for it. The addresses come from acts.asm, which user.ld places first.
local G = assert(os.getenv("RS_GUEST_OUT"), "set RS_GUEST_OUT to the build's guest folder")

local cases = {
  { "writecode", { name = "#PF", error_code = 7, cr2 = 0x08048018, eip = 0x08048018 },
    "page fault at eip 0x08048018: write of 0x08048018, protection: read-only page (SIGSEGV)" },
  { "nullread", { name = "#PF", error_code = 4, cr2 = 0, eip = 0x08048022 },
    "page fault at eip 0x08048022: read of 0x00000000, not present (SIGSEGV)" },
  { "jumpkernel", { name = "#PF", error_code = 5, cr2 = 0xc0100000, eip = 0xc0100000 },
    "page fault at eip 0xc0100000: instruction fetch of 0xc0100000, protection: supervisor page (SIGSEGV)" },
  { "stackoverflow", { name = "#PF", error_code = 6, cr2 = 0xbfffaffc },
    "write of 0xbfffaffc, not present (SIGSEGV)" },
  { "cli", { name = "#GP", error_code = 0, eip = 0x08048025 }, "privileged instruction cli (SIGSEGV)" },
  { "hlt", { name = "#GP", error_code = 0, eip = 0x08048027 }, "(SIGSEGV)" },
  { "ioport", { name = "#GP", error_code = 0, eip = 0x0804802f }, "(SIGSEGV)" },
  { "movcr3", { name = "#GP", error_code = 0, eip = 0x08048033 }, "(SIGSEGV)" },
  { "int41", { name = "#GP", error_code = 0x20a, eip = 0x08048037 },
    "error code 0x20a, IDT vector 0x41 is not for ring 3 (SIGSEGV)" },
  { "kernelds", { name = "#GP", error_code = 0x10, eip = 0x0804803e },
    "error code 0x10, GDT selector 0x10 is not for ring 3 (SIGSEGV)" },
  { "divzero", { name = "#DE", vector = 0, eip = 0x0804804a }, "divide error at eip 0x0804804a (SIGFPE)" },
  { "int3", { name = "#BP", vector = 3, software = 1 }, "breakpoint at eip 0x08048054 (SIGTRAP)" },
  { "ud2", { name = "#UD", vector = 6, eip = 0x08048055 }, "invalid opcode at eip 0x08048055 (SIGILL)" },
}

for _, c in ipairs(cases) do
  local prog, fault, kill_line = c[1], c[2], c[3]
  local m <close> = ringscope.boot{ kernel = G .. "/kernel.elf", modules = { G .. "/user/" .. prog .. ".elf" } }
  fault.cpl = 3
  local ev = expect_fault(fault)
  if fault.name ~= "#BP" and fault.name ~= "#DE" and fault.name ~= "#UD" then
    expect_eq(ev.error_code ~= nil, true, prog .. ": an error code was pushed")
  else
    expect_eq(ev.error_code, nil, prog .. ": error code of " .. fault.name)
  end
  expect_no_exception()
  expect_eq(m:exit_status(), 1, prog .. ": exit status")
  expect_contains(m:serial(), "[kernel] pid 1 killed: ", prog .. "'s COM1 output")
  expect_contains(m:serial(), kill_line, prog .. "'s COM1 output")
end
