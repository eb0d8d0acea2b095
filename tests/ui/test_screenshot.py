#!/usr/bin/env python3
"""`ringscope --screenshot`: the PNG it writes, read back here, has the colours the window's probes
report at the places they name (the ring indicator, the faulting page's marker, map cells), at the
moments --at names; and the command's errors. Usage: test_screenshot.py RINGSCOPE GUEST_OUT"""
import os
import struct
import subprocess
import sys
import tempfile
import zlib

RINGSCOPE, GUEST = sys.argv[1], sys.argv[2]
# win_theme.h
RING3 = 0x43C463
RING0 = SUPER_RW = 0xE0533D
NOT_PRESENT = 0x22262E
FAULT = 0xFF2E55
failures = 0


def fail(what):
    global failures
    failures += 1
    print("FAIL:", what)


def read_png(path):
    """8-bit RGB PNG -> (w, h, rows of (r, g, b) tuples)."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    at, idat, w = 8, b"", 0
    while at < len(data):
        n, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + n]
        if zlib.crc32(kind + body) != struct.unpack(">I", data[at + 8 + n:at + 12 + n])[0]:
            raise ValueError("bad CRC in " + kind.decode())
        if kind == b"IHDR":
            w, h, depth, colour = struct.unpack(">IIBB", body[:10])
            if (depth, colour) != (8, 2):
                raise ValueError("not 8-bit RGB")
        elif kind == b"IDAT":
            idat += body
        at += 12 + n
    raw, stride, rows, prev = zlib.decompress(idat), w * 3, [], bytearray(w * 3)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - 3] if i >= 3 else 0
            b, c = prev[i], prev[i - 3] if i >= 3 else 0
            p = a + b - c
            pred = [0, a, b, (a + b) // 2,
                    a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c) else b if abs(p - b) <= abs(p - c) else c][f]
            line[i] = (line[i] + pred) & 0xFF
        rows.append(line)
        prev = line
    return w, h, rows


def pixel(png, x, y):
    r, g, b = png[2][y][3 * x:3 * x + 3]
    return r << 16 | g << 8 | b


def shot(tmp, name, *args):
    path = os.path.join(tmp, name)
    p = subprocess.run([RINGSCOPE, "--screenshot", path, *args], capture_output=True, text=True, timeout=120)
    probes = {}
    for line in p.stdout.splitlines():
        words = line.split()
        if words and words[0] == "probe" and len(words) >= 6:
            x, y = map(int, words[5].split(","))
            probes[words[1]] = (int(words[2][1:], 16), x, y)
    return p, path, probes


def expect_probes(case, path, probes, expected):
    try:
        png = read_png(path)
    except (OSError, ValueError) as e:
        return fail(f"{case}: cannot read the PNG: {e}")
    if png[:2] != (1280, 800):
        fail(f"{case}: PNG is {png[0]}x{png[1]}, expected 1280x800")
    for what, colour in expected.items():
        if what not in probes:
            fail(f"{case}: no probe line for {what}")
        elif probes[what][0] != colour:
            fail(f"{case}: {what} is #{probes[what][0]:06x}, expected #{colour:06x}")
        elif pixel(png, probes[what][1], probes[what][2]) != colour:
            fail(f"{case}: the PNG at {what}'s place is #{pixel(png, *probes[what][1:]):06x}, not #{colour:06x}")
        else:
            print(f"ok: {case}: {what} #{colour:06x} in the probe and in the PNG")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        keys = "probe:ring probe:fault probe:cell:0x64200000"
        p, path, probes = shot(tmp, "fault.png", "--at", "fault", "--keys", keys)
        if p.returncode != 0:
            fail(f"--at fault: exit {p.returncode}: {p.stderr.strip()}")
        expect_probes("demo --at fault", path, probes, {"ring": RING0, "fault": FAULT, "cell:0x64200000": NOT_PRESENT})

        p, path, probes = shot(tmp, "cpl.png", "--at", "cpl:1", "--keys", "probe:ring probe:cell:0xc0000000")
        expect_probes("demo --at cpl:1", path, probes, {"ring": RING3, "cell:0xc0000000": SUPER_RW})

        kernel, peek = os.path.join(GUEST, "kernel.elf"), os.path.join(GUEST, "user", "peek.elf")
        p, path, probes = shot(tmp, "own.png", "--at", "syscall:1", "--keys", "probe:ring", kernel, "--module", peek)
        if p.returncode != 0:
            fail(f"KERNEL --module peek.elf --at syscall:1: exit {p.returncode}: {p.stderr.strip()}")
        expect_probes("kernel.elf + peek.elf --at syscall:1", path, probes, {"ring": RING0})

        p, path, _ = shot(tmp, "small.png", "--at", "end", "--size", "800x600")
        if p.returncode != 0 or read_png(path)[:2] != (800, 600):
            fail(f"--size 800x600 --at end: exit {p.returncode}, or the PNG is not 800x600")
        else:
            print("ok: --size 800x600 --at end")

        p, path, _ = shot(tmp, "late.png", "--at", "syscall:100000")
        if p.returncode != 1 or "before --at syscall:100000" not in p.stderr or not os.path.exists(path):
            fail(f"--at beyond the end: exit {p.returncode} (expected 1), stderr {p.stderr.strip()!r}")
        else:
            print("ok: --at beyond the end -> 1, the PNG of the end is written")

        for args, text in ((["--at", "bogus"], "bad --at selector"), (["--keys", "nonsense"], "unknown token"),
                           (["--size", "10x10"], "--size")):
            p, _, _ = shot(tmp, "bad.png", *args)
            if p.returncode != 2 or text not in p.stderr:
                fail(f"{' '.join(args)}: exit {p.returncode} (expected 2), stderr {p.stderr.strip()!r}")
            else:
                print(f"ok: {' '.join(args)} -> 2")
        p = subprocess.run([RINGSCOPE, "bogus"], capture_output=True, text=True, timeout=60)
        if p.returncode != 2 or "unknown command 'bogus'" not in p.stderr:
            fail(f"ringscope bogus: exit {p.returncode}, stderr {p.stderr.strip()!r}")
    print(f"{failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
