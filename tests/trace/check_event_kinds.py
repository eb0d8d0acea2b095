#!/usr/bin/env python3
"""check_event_kinds.py RINGSCOPE GUEST_OUT: every event says what the CPU did (issue 12).

noerr.elf raises the trap-class exceptions from ring 0 and ring 3 (INT3's #BP, INTO's #OF) and
runs `int 3` (CD 03), a software interrupt through #BP's gate; idt.elf runs INT n through gates
whose DPL or presence fail. In the trace:
  - INT3 and INTO are exceptions (#BP, #OF, software 1) whose frame_eip, the EIP the CPU pushed,
    is the next instruction's (eip + 1), while eip is the instruction's own;
  - a fault's frame_eip is its own eip (the instruction runs again);
  - `int 3` (CD 03) is an interrupt event (vector 3, hardware 0), never an exception: no #BP
    event at its address;
  - INT n through a gate that fails is an interrupt event first, then the real fault (#GP/#NP)
    with its error code, at the same instruction.
"""
import json
import os
import subprocess
import sys
import tempfile

rs, guests = sys.argv[1], sys.argv[2]
failures = 0


def check(ok, what):
    global failures
    print(("ok: " if ok else "FAIL: ") + what)
    failures += 0 if ok else 1


def trace(kernel):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "t.jsonl")
        subprocess.run([rs, "run", "--trace", path, "--serial", os.devnull, os.path.join(guests, kernel)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        with open(path) as f:
            return [json.loads(line) for line in f]


ev = trace("tests/noerr.elf")
exc = [e for e in ev if e["kind"] == "exception"]
bp = [e for e in exc if e["name"] == "#BP"]
of = [e for e in exc if e["name"] == "#OF"]
check(len(bp) == 2 and all(e["software"] == 1 and e["frame_eip"] == e["eip"] + 1 for e in bp),
      "INT3's #BP at CPL 0 and 3: frame_eip is the next instruction (%s)" %
      [(e["cpl"], e["eip"], e["frame_eip"]) for e in bp])
check(len(of) == 2 and all(e["software"] == 1 and e["frame_eip"] == e["eip"] + 1 for e in of),
      "INTO's #OF at CPL 0 and 3: frame_eip is the next instruction")
faults = [e for e in exc if e["software"] == 0]
check(len(faults) >= 8 and all(e["frame_eip"] == e["eip"] for e in faults),
      "%d faults (#DE, #UD, #BR...): frame_eip is the instruction itself" % len(faults))
int3 = [e for e in ev if e["kind"] == "interrupt" and e["vector"] == 3]
check(len(int3) == 2 and all(e["hardware"] == 0 for e in int3), "`int 3` (CD 03) at CPL 0 and 3: interrupt events")
check(not any(e["kind"] == "exception" and e["eip"] == i["eip"] for i in int3 for e in ev),
      "no exception event at `int 3`'s address")
check(not any(e["kind"] == "exception" and e["vector"] < 32 and e["software"] == 1 and e["name"] not in ("#BP", "#OF")
              for e in ev), "no exception is a software INT n")

ev = trace("tests/idt.elf")
pairs = 0
for a, b in zip(ev, ev[1:]):
    if a["kind"] == "interrupt" and a["hardware"] == 0 and b["kind"] == "exception":
        pairs += b["eip"] == a["eip"] and b["icount"] == a["icount"] and b["software"] == 0
check(pairs >= 4, "INT n through a failing gate: the interrupt, then the real fault at the same instruction (%d)" % pairs)
print("%d failed" % failures)
sys.exit(1 if failures else 0)
