#!/usr/bin/env python3
"""screen_text.py DUMP: the 80x25 text screen in DUMP (4000 bytes of VGA text memory from
0xB8000, as QEMU's `pmemsave 0xb8000 4000 FILE` writes it) as ringscope's --screen writes it:
CP437 as UTF-8 with the glyphs of the control range, each line's trailing blanks trimmed,
trailing empty lines dropped."""
import sys

LOW = "\u0020\u263a\u263b\u2665\u2666\u2663\u2660\u2022\u25d8\u25cb\u25d9\u2642\u2640\u266a\u266b\u263c" \
      "\u25ba\u25c4\u2195\u203c\u00b6\u00a7\u25ac\u21a8\u2191\u2193\u2192\u2190\u221f\u2194\u25b2\u25bc"

def char(c):
    if c < 0x20:
        return LOW[c]
    if c == 0x7f:
        return "\u2302"
    return bytes([c]).decode("cp437")

def main():
    data = open(sys.argv[1], "rb").read()
    lines = []
    for row in range(25):
        cells = data[row * 160:(row + 1) * 160:2]
        text = "".join(char(c) for c in cells)
        end = max([i + 1 for i, c in enumerate(cells) if c not in (0x20, 0x00, 0xff)], default=0)
        lines.append(text[:end])
    while lines and not lines[-1]:
        lines.pop()
    sys.stdout.write("".join(l + "\n" for l in lines))

main()
