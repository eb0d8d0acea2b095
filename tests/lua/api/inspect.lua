-- Looking without running: m:reg/m:regs/m:cpl/m:icount, m:read/m:read_phys, m:walk, m:regions,
-- m:events, m:serial/m:debugcon. None changes the guest.
local m <close> = ringscope.boot{ modules = { "builtin:peek.elf" } }

-- Registers at the Multiboot entry (README, "The machine").
local r = m:regs()
expect_eq(r.eax, 0x2BADB002, "EAX at entry")
expect_eq({ r.cs, r.ds, r.ss, r.cpl, r.cr0 }, { 0x08, 0x10, 0x10, 0, 0x60000011 }, "entry state")
expect_eq(m:reg("eip"), r.eip, "m:reg(\"eip\") and m:regs().eip")
expect_eq(m:reg("eflags") & 0x200, 0, "IF at entry")
expect_eq(m:icount(), 0, "icount at entry")
expect_error(function() m:reg("rax") end, "m:reg: unknown register 'rax' (eax ecx edx")
expect_error(function() m:set_reg("cs", 0) end, "m:set_reg: unknown register 'cs' (eax ecx edx")
m:set_reg("esi", 0x1234):set_reg("eax", 0x2BADB002)
expect_eq(m:reg("esi"), 0x1234, "m:set_reg then m:reg")

-- Paging is off before the kernel turns it on: a walk says so, and reads are physical.
local w0 = m:walk(0x100000)
expect_eq({ w0.paging, w0.allowed, w0.levels }, { false, true, 0 }, "a walk with paging off")
expect_eq(m:read(0x100000, 16), m:read_phys(0x100000, 16), "linear and physical reads with paging off")
local info = m:read_phys(r.ebx, 4)
expect_eq(#info, 4, "bytes of the Multiboot information")
expect_eq(string.unpack("<I4", info) & 1, 1, "Multiboot flags: mem_lower/mem_upper present")

-- In peek's address space, at its first user instruction.
m:run_until("cpl")
expect_eq({ m:cpl(), m:reg("cs"), m:reg("ss") }, { 3, 0x1b, 0x23 }, "CPL and selectors in user mode")
expect_eq(m:reg("tss_ss0"), 0x10, "the TSS's ring-0 stack segment")
expect_eq(m:read(0x08048000, 5), "\xa1\x00\x00\x00\xc0", "act_peek's code: mov eax, [0xc0000000]")
local data, why = m:read(0x10000000, 4)
expect_eq(data, nil, "a read of an unmapped page")
expect_eq(why, "0x10000000 is not mapped (a supervisor read would fault with error code 0x0)", "why")
data, why = m:read(0x08048ffe, 4)                       -- the last page of code, then nothing
expect_eq({ data, why }, { nil, "0x08049000 is not mapped (a supervisor read would fault with error code 0x0)" },
          "a read running off the code page")
expect_eq(m:read(0xc0000000, 0), "", "a read of nothing")
expect_error(function() m:read(0, 1 << 30) end, "m:read: the length must be from 0 to 16777216")
expect_error(function() m:read(-1, 1) end, "m:read: the address must be from 0 to 4294967295")
expect_eq({ m:read_phys(0xfffffff0, 4) }, { nil, "physical 0xfffffff0 is beyond RAM (128 MiB)" }, "above RAM")

-- The walk of user code: present, user, read-only (CR0.WP: read-only for the kernel too).
local code = m:walk(0x08048000, 3, "read")
expect_eq({ code.allowed, code.user, code.writable, code.levels, code.error_code }, { true, true, false, 2, 0 },
          "a CPL 3 read of the code")
expect_eq(m:read_phys(code.phys, 5), m:read(0x08048000, 5), "the walk's physical address")
expect_eq(code.pde.index, 0x08048000 >> 22, "the directory index")
expect_eq(code.pte.index, (0x08048000 >> 12) & 0x3ff, "the table index")
expect_eq({ code.pte.present, code.pte.user, code.pte.writable }, { true, true, false }, "the PTE's bits")
local wr = m:walk(0x08048000, 3, "write")
expect_eq({ wr.allowed, wr.error_code, wr.deny, wr.deny_level }, { false, 7, "read-only", "PTE" }, "a CPL 3 write")
expect_eq(wr.text, "PTE[72] R/W=0: write to a read-only page", "why, in words")
expect_eq(m:walk(0x08048000, 0, "write").error_code, 3, "a CPL 0 write, with CR0.WP=1")
expect_eq(m:walk(0x10000000, 3, "execute").deny, "not-present", "an unmapped page")
expect_eq(m:walk(0x10000000).error_code, 4, "its error code for a CPL 3 read")

-- Regions: code, stack, the kernel (guest/README.md, "Address space").
local regions = m:regions()
expect_eq(#regions, 3, "regions")
expect_eq(regions[1], { start = 0x08048000, last = 0x08048fff, pages = 1, size = 4096, user = true, writable = false,
                        reserved = false, text = regions[1].text }, "the code region")
expect_eq({ regions[2].start, regions[2].size, regions[2].user, regions[2].writable },
          { 0xbfffb000, 16384, true, true }, "the stack region")
expect_eq({ regions[3].start, regions[3].user }, { 0xc0000000, false }, "the kernel region")
expect_contains(regions[3].text, "supervisor  writable", "the kernel region's text")

-- The event log, filtered.
m:run()
local all = m:events()
expect_eq(all[1], { kind = "cr", reg = 3, seq = 0 })
for i = 2, #all do expect_eq(all[i].seq, all[i - 1].seq + 1, "event numbers in order") end
expect_eq(#m:events("exception"), 1, "exceptions in peek")
expect_eq(#m:events("fault"), 1, "faults (the same kind)")
expect_eq(#m:events{ "syscall", "sysret" }, 2, "write's entry and return")
expect_eq(#m:events{ "syscall", "sysret", name = "write" }, 2, "a list of kinds and a field")
expect_eq(#m:events{ "syscall", "sysret", name = "read" }, 0, "a list of kinds and a field that differs")
expect_eq(#m:events{ kind = "cpl", to_cpl = 3 }, 2, "entries to user mode (iret after boot and after write)")
expect_eq(#m:events{ kind = "exception", error_code = 5, cr2 = 0xc0000000 }, 1, "the fault by its fields")
expect_eq(#m:events{ kind = "exception", error_code = 7 }, 0, "a fault that did not happen")
expect_eq(#m:events{ since = all[#all].seq }, 1, "events since the last one")
expect_eq(m:events{ kind = "cr3" }[1].reg, 3, "\"cr3\" keeps CR3 loads only")
expect_error(function() m:events(42) end, "m:events: the filter must be a kind, a list of kinds or a table of fields")

-- The guest's output.
expect_contains(m:serial(), "peek: about to read kernel memory", "COM1")
expect_eq(m:debugcon(), "", "port 0xE9 output (the teaching kernel writes none)")
