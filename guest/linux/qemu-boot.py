#!/usr/bin/env python3
"""Boots the guest Linux (build.sh's output directory) in QEMU and holds a scripted dialogue on
its serial console: waits for the shell prompt, runs a few commands, checks that Ctrl-C stops a
foreground command, then `exit`s (init reboots, and -no-reboot ends QEMU).

    guest/linux/qemu-boot.py OUTDIR [--cpu pentium2,-apic] [--icount] [--plugin insn-count.so]
                                     [--int-log FILE] [--log FILE]
                                     [--initrd rootfs.cpio] [--cmd LINE]...

Prints the seconds to the prompt and to the end, and with --plugin the guest instructions to the
prompt (the first n_tty_read) and in all. --int-log keeps QEMU's -d int log and counts int 0x80
system calls in it (with SEP they should be none: glibc goes through the vDSO's sysenter).
Exit status 0 when every check passed."""
import argparse, os, re, select, subprocess, sys, tempfile, time

PROMPT = b"/ # "

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--cpu", default="pentium2,-apic")
    ap.add_argument("--initrd", default="rootfs.cpio.gz", help="rootfs.cpio.gz or rootfs.cpio")
    ap.add_argument("--icount", action="store_true", help="-icount shift=0,sleep=off")
    ap.add_argument("--plugin", help="path of insn-count.so")
    ap.add_argument("--int-log", help="write QEMU's -d int log here and count int 0x80")
    ap.add_argument("--append", default="", help="more kernel command line")
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--log", help="write the console transcript here")
    ap.add_argument("--cmd", action="append", default=[],
                    help="another shell command line to run after the checks (repeatable)")
    a = ap.parse_args()

    cmd = ["qemu-system-i386", "-M", "pc", "-cpu", a.cpu, "-m", "128", "-nographic", "-no-reboot",
           "-kernel", os.path.join(a.outdir, "bzImage"),
           "-initrd", os.path.join(a.outdir, a.initrd),
           "-append", ("console=ttyS0 " + a.append).strip()]
    if a.icount:
        cmd += ["-icount", "shift=0,sleep=off"]
    dlog = None
    if a.plugin:
        mark = None
        with open(os.path.join(a.outdir, "System.map")) as f:
            for line in f:
                addr, _, name = line.split()
                if name == "n_tty_read":
                    mark = addr
        cmd += ["-plugin", f"{a.plugin},mark={mark}"]
    # QEMU keeps one -d and one -D: the plugin's lines and the interrupt log share the file
    dflags = (["plugin"] if a.plugin else []) + (["int"] if a.int_log else [])
    if dflags:
        dlog = a.int_log or tempfile.NamedTemporaryFile(prefix="insn-count.", delete=False).name
        cmd += ["-d", ",".join(dflags), "-D", dlog]
    print("qemu:", " ".join(cmd), file=sys.stderr)

    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    out = bytearray()

    def wait_for(pattern, seconds, start=0):
        """Reads the console until pattern shows up after offset start; its end offset, or None."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            i = out.find(pattern, start)
            if i >= 0:
                return i + len(pattern)
            r, _, _ = select.select([p.stdout], [], [], 0.1)
            if r:
                chunk = os.read(p.stdout.fileno(), 65536)
                if not chunk:
                    return None
                out.extend(chunk)
        return None

    def send(text):
        p.stdin.write(text)
        p.stdin.flush()

    checks = []
    pos = wait_for(PROMPT, a.timeout)
    t_prompt = time.monotonic() - t0
    checks.append(("prompt", pos is not None))
    if pos is not None:
        checks.append(("init line", b"ringscope-guest: init up" in out))
        send(b"echo hi-$((6*7)); uname -a; ls /; grep -c sep /proc/cpuinfo\n")
        pos = wait_for(PROMPT, 60, pos)
        checks.append(("echo", pos is not None and b"hi-42" in out))
        checks.append(("uname", b"Linux (none) 6.1" in out))
        # Ctrl-C: the shell is a session leader on the console (setsid cttyhack), so it works
        if pos is not None:
            send(b"sleep 600; echo not-interrupted\n")
            time.sleep(2)
            sent = len(out)
            send(b"\x03")
            pos = wait_for(PROMPT, 30, sent)
            checks.append(("ctrl-c", pos is not None and b"\nnot-interrupted" not in out[sent:]))
        for c in a.cmd:
            if pos is not None:
                send(c.encode() + b"\n")
                pos = wait_for(PROMPT, 120, pos)
        send(b"exit\n")
    try:
        p.wait(timeout=60)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    out.extend(p.stdout.read())
    t_end = time.monotonic() - t0
    checks.append(("shell exit", b"ringscope-guest: shell exited" in out))
    checks.append(("qemu exit", p.returncode == 0))

    if a.log:
        with open(a.log, "wb") as f:
            f.write(out)
    print(f"seconds to prompt: {t_prompt:.2f}, to the end: {t_end:.2f}")
    if a.plugin:
        with open(dlog, errors="replace") as f:
            text = "".join(line for line in f if line.startswith("insn-count:"))
        if not a.int_log:
            os.unlink(dlog)
        m = re.search(r"insn-count: (\d+) at", text)
        t = re.search(r"insn-count: (\d+) total", text)
        print(f"instructions to prompt: {m.group(1) if m else '?'}, in all: {t.group(1) if t else '?'}")
    if a.int_log:
        n80 = n = 0
        with open(a.int_log, errors="replace") as f:
            for line in f:
                if re.match(r"\s*\d+: v=", line):
                    n += 1
                    n80 += " v=80 " in line
        print(f"interrupts and exceptions logged: {n}, of them int 0x80: {n80}")
    failed = [name for name, ok in checks if not ok]
    print("checks:", ", ".join(f"{n} {'ok' if ok else 'FAILED'}" for n, ok in checks))
    if failed:
        sys.stdout.write(out.decode(errors="replace")[-3000:])
    return 1 if failed else 0

if __name__ == "__main__":
    sys.exit(main())
