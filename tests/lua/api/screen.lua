-- m:screen(): the 80x25 VGA text screen as text (CP437 as UTF-8, trailing blanks trimmed).
local G = assert(os.getenv("RS_GUEST_OUT"), "set RS_GUEST_OUT to the build's guest folder")

do -- before the guest runs, the screen is blank (as the machine boots it: spaces, grey on black)
  local m <close> = ringscope.boot{ kernel = G .. "/tests/screen.elf" }
  expect_eq(m:screen(), "", "the blank screen")
  expect_eq(m:read_phys(0xb8000, 2), "\x20\x07", "the first cell: a space, light grey on black")
end

do -- what tests/screen.asm writes: its lines, CP437 beyond ASCII, the bottom row
  local m <close> = ringscope.boot{ kernel = G .. "/tests/screen.elf" }
  expect_eq(m:run(), 1, "the guest's exit")
  local lines = {}
  for line in m:screen():gmatch("([^\n]*)\n") do lines[#lines + 1] = line end
  expect_eq(#lines, 25, "lines up to the last with text")
  expect_eq(lines[1], "ringscope text screen", "line 1")
  expect_eq(lines[2], "", "line 2 is blank")
  expect_eq(lines[3], "╔═══╗ box ░▒▓█ shades  ☺☻♥♦♣♠ glyphs αßπ°√ greek ⌂→←", "line 3: CP437")
  expect_eq(lines[4], "tab○and trailing blanks", "line 4: the tab's glyph, trailing blanks trimmed")
  expect_eq(lines[25], string.rep(" ", 60) .. "bottom right corner", "line 25")
end
