#!/usr/bin/env python3
"""check_trace.py RINGSCOPE GUEST_OUT: the JSON Lines trace follows its documented schema.

Runs the teaching kernel with programs that cross the line every way the kernel allows (system
calls, a returned -EFAULT, a #PF, a #GP from a denied port, a #GP from a gate's DPL) under
`ringscope run --trace`, then checks every line: valid JSON, an object, exactly the fields
emu/include/ringscope/trace_json.h lists for its kind (no more, no fewer), every number a JSON integer, seq
consecutive from 0, icount never decreasing, the last event the exit. Also checks a few values
that must hold (the #PF's error code and CR2, a syscall's name matching its number).
"""
import json
import os
import subprocess
import sys
import tempfile

COMMON = {"seq", "kind", "icount", "cr3", "cpl", "cs", "eip"}
STOP = {"reason", "detail"}
KINDS = {
    "cpl": {"from_cpl", "to_cpl", "cause", "vector", "gate_type", "gate_dpl", "stack_switched",
            "old_ss", "old_esp", "new_ss", "new_esp", "new_cs", "new_eip"},
    "exception": {"vector", "name", "software", "frame_eip", "insn", "text"},   # + error_code, cr2 when pushed/#PF
    "interrupt": {"vector", "hardware"},
    "syscall": {"nr", "name", "args", "text"},
    "sysret": {"nr", "name", "ret", "entry_icount"},                 # + errno for -4095..-1
    "cr": {"reg", "old", "new"},
    "io": {"port", "size", "dir", "value", "denied"},
    "halt": STOP, "limit": STOP, "stop": STOP, "exit": STOP | {"exit_status"},
    "breakpoint": {"address", "watch", "write"},
}
STRINGS = {"kind", "cause", "name", "insn", "text", "errno", "dir", "reason", "detail"}
ERROR_CODE_VECTORS = {8, 10, 11, 12, 13, 14, 17}
failures = []


def fail(msg):
    failures.append(msg)


def check_event(n, ev, prev):
    if not isinstance(ev, dict):
        return fail(f"line {n}: not an object")
    kind = ev.get("kind")
    if kind not in KINDS:
        return fail(f"line {n}: unknown kind {kind!r}")
    want = COMMON | KINDS[kind]
    if kind == "exception":
        if ev.get("vector") in ERROR_CODE_VECTORS:
            want = want | {"error_code"}
        if ev.get("vector") == 14:
            want = want | {"cr2"}
    if kind == "sysret" and isinstance(ev.get("ret"), int) and -4095 <= ev["ret"] <= -1:
        want = want | {"errno"}
    if set(ev) != want:
        fail(f"line {n} ({kind}): fields {sorted(set(ev) ^ want)} differ from the schema")
    for key, value in ev.items():
        if key in STRINGS:
            if not (isinstance(value, str) or (key == "name" and value is None)):
                fail(f"line {n}: {key} is not a string: {value!r}")
        elif key == "args":
            if not (isinstance(value, list) and len(value) == 6 and all(type(a) is int for a in value)):
                fail(f"line {n}: args is not 6 integers: {value!r}")
        elif type(value) is not int:
            fail(f"line {n}: {key} is not an integer: {value!r}")
    if prev is not None:
        if ev.get("seq") != prev["seq"] + 1:
            fail(f"line {n}: seq {ev.get('seq')} after {prev['seq']}")
        if isinstance(ev.get("icount"), int) and ev["icount"] < prev["icount"]:
            fail(f"line {n}: icount went back from {prev['icount']} to {ev['icount']}")
    elif ev.get("seq") != 0:
        fail("line 1: seq does not start at 0")


def main():
    rs, guests = sys.argv[1], sys.argv[2]
    progs = ["hello", "usercopy_efault", "peek", "ioport", "int41"]
    with tempfile.TemporaryDirectory() as tmp:
        trace = os.path.join(tmp, "run.jsonl")
        cmd = [rs, "run", "--trace", trace, "--serial", os.devnull, "kernel.elf"]
        for p in progs:
            cmd += ["--module", f"user/{p}.elf"]
        rc = subprocess.run(cmd, cwd=guests).returncode
        if rc != 1:
            fail(f"ringscope exited {rc}, expected 1 (the kernel's debug-exit 0)")
        with open(trace, encoding="utf-8") as f:
            lines = f.read().split("\n")
    if lines[-1] != "":
        fail("the trace does not end with a newline")
    events, prev = [], None
    for n, line in enumerate(lines[:-1], 1):
        try:
            ev = json.loads(line)
        except ValueError as e:
            fail(f"line {n}: not JSON: {e}")
            continue
        check_event(n, ev, prev)
        if isinstance(ev, dict) and isinstance(ev.get("seq"), int) and isinstance(ev.get("icount"), int):
            prev = ev
        events.append(ev)
    kinds = {e.get("kind") for e in events if isinstance(e, dict)}
    for k in ("cpl", "exception", "interrupt", "syscall", "sysret", "cr", "io", "exit"):
        if k not in kinds:
            fail(f"no {k} event in the trace")
    pf = [e for e in events if e.get("kind") == "exception" and e.get("vector") == 14]
    if not pf or pf[0].get("error_code") != 5 or pf[0].get("cr2") != 0xC0000000 or pf[0].get("cpl") != 3:
        fail(f"peek's #PF is not error code 5 at CPL 3 on 0xc0000000: {pf[:1]}")
    writes = [e for e in events if e.get("kind") == "syscall" and e.get("nr") == 4]
    if not writes or any(e.get("name") != "write" for e in writes):
        fail("syscall 4 is not named write")
    efault = [e for e in events if e.get("kind") == "sysret" and e.get("ret") == -14]
    if not efault or efault[0].get("errno") != "EFAULT":
        fail("no write returning -14 EFAULT")
    if events and events[-1].get("kind") != "exit":
        fail(f"the last event is {events[-1].get('kind')}, not exit")
    for f in failures[:40]:
        print("FAIL:", f)
    print(f"{len(events)} events checked, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
