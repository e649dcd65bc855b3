#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The real-guest test: a Debian Linux 6.1 guest under QEMU (TCG), its modules registering
hyperupcalls over the ivshmem channel, the host agent firing them over the guest's live memory.

Boot 1 (the uncompressed vmlinux, fast): hu_sample registers reclaim and aging; with every vCPU
frozen (stop_machine) both engines agree with the guest kernel's own is_free_buddy_page() and page
flags on every frame; hu_hostile's garbage, oversized window, device-memory window, unverifiable
program and flood are each refused with the host's reason in the guest's kernel log, and the good
hyperupcalls still agree afterwards; reclaim pauses the guest, discards the free frames and
resumes it: data written before is intact, new data reads back, no BUG/Oops/bad page/pagealloc
in the kernel log, the RAM file's allocated size fell by at least the discarded amount.
Boot 2 (the bzImage, KASLR on, page_poison=1): the kernel and its memory map are elsewhere and the
verdicts still agree; the guest poisons free pages, so the agent refuses to discard.

usage: realguest_test.py --build BUILD_DIR --root SOURCE_ROOT --clang CLANG [--demo] [--ram-mib N]
exit 77 (skipped, with the reason) when QEMU, busybox-static, the kernel headers or the matching
kernel image cannot be had.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from realguest import MiB, Agent, Failure, Guest  # noqa: E402

SKIP = 77
BAD_LOG = r"BUG|Oops|bad page|pagealloc|general protection|Call Trace"


DEMO = False  # --demo: only failures and the summary are printed; a skip is not an error


def skip(reason):
    print("realguest: SKIPPED: " + reason)
    sys.exit(0 if DEMO else SKIP)


def say(line):
    if not DEMO:
        print(line)


class Check:
    def __init__(self):
        self.failures = 0

    def __call__(self, ok, what):
        if not ok or not DEMO:
            print("realguest: %s: %s" % ("ok" if ok else "FAILED", what))
        self.failures += not ok


def prepare(build, root, clang, extra=()):
    """The kernel, the modules and the initramfs (plus the extra SRC=DEST files); skips when a
    package cannot be had."""
    for tool, pkg in (("qemu-system-x86_64", "qemu-system-x86"), ("busybox", "busybox-static")):
        if not shutil.which(tool):
            skip("%s is not installed (Debian package %s, scripts/install-deps.sh)" % (tool, pkg))
    kdir = os.path.join(build, "guest-kernel")
    r = subprocess.run([os.path.join(root, "scripts/fetch-guest-kernel.sh"), kdir],
                       capture_output=True, text=True)
    if r.returncode == SKIP:
        skip(r.stderr.strip())
    if r.returncode:
        raise Failure("fetch-guest-kernel failed: " + r.stderr)
    release = r.stdout.strip()
    headers = "/usr/src/linux-headers-" + release
    mods = os.path.join(build, "guest-modules")
    t0 = time.monotonic()
    subprocess.run([sys.executable, os.path.join(root, "sample-hupcalls/linux/build_modules.py"),
                    "--out", mods, "--kdir", headers, "--root", root, "--prefix", build,
                    "--clang", clang], check=True)
    build_s = time.monotonic() - t0
    initrd = os.path.join(build, "realguest", "initrd.gz")
    os.makedirs(os.path.dirname(initrd), exist_ok=True)
    files = ["--file=%s=lib/modules/%s" % (os.path.join(mods, m), m)
             for m in ("hu_ivshmem.ko", "hu_sample.ko", "hu_hostile.ko")]
    files += ["--file=" + f for f in extra]
    subprocess.run([sys.executable, os.path.join(root, "sample-hupcalls/linux/mkinitramfs.py"),
                    initrd, "--busybox", shutil.which("busybox"),
                    "--init", os.path.join(root, "sample-hupcalls/linux/init.sh")] + files,
                   check=True)
    return kdir, initrd, release, build_s


def register(guest, agent, check):
    """Loads the channel driver and the sample module; returns the registration time."""
    guest.run("insmod /lib/modules/hu_ivshmem.ko")
    t0 = time.monotonic()
    out = guest.run("insmod /lib/modules/hu_sample.ko && dmesg | grep 'hupcall: register'")
    reg_s = time.monotonic() - t0
    ok, lines = agent.cmd("wait 2 30")
    check(ok and sum("host registered" in l for l in out) == 2,
          "hu_sample registered reclaim and aging, the host's answers in the guest's log")
    return reg_s


def audit(guest, agent, check, label):
    """Freezes the guest, compares both events in both engines; returns the reclaim line."""
    guest.send("echo 1 > /sys/module/hu_ivshmem/parameters/audit")
    ok, lines = agent.cmd("audit 60", timeout=90)
    guest.wait(90)
    verdicts = [l for l in lines if l.startswith("audit ")]
    for l in verdicts:
        say("  " + l)
    agree = [re.search(r"; 0 disagree \(jit.*, 0 disagree \(interp", l) for l in verdicts]
    check(ok and len(verdicts) == 2 and all(agree),
          "%s: reclaim and aging agree with the frozen guest kernel on every frame, both engines"
          % label)
    return next((l for l in verdicts if ": reclaim: " in l), "")


def hostile(guest, agent, check):
    out = guest.run("insmod /lib/modules/hu_hostile.ko && dmesg | grep -E 'hupcall|hu_hostile'",
                    timeout=120)
    log = "\n".join(out)
    expected = [
        ("garbage", r"raw request: host refused: malformed request: bad request magic"),
        ("oversized window", r"refused 'flood_0': window of \d+ KiB exceeds the limit of a global"),
        ("window over device memory", r"maps guest-physical 0x[0-9a-f]+, outside guest RAM"),
        ("unverifiable program, with its source line",
         r"refused 'wild_read': \S*hostile/objects\.c:\d+:\d+: error: "),
        ("flood", r"refused 'flood_\d+': limit of \d+ registered hyperupcalls reached"),
    ]
    for what, pattern in expected:
        check(re.search(pattern, log) is not None, "hostile module: %s refused, reason in dmesg"
              % what)
    flood = re.search(r"hu_hostile: flood: (\d+) registered, (\d+) refused", log)
    check(flood and int(flood.group(1)) + 2 == 16 and int(flood.group(2)) > 0,
          "flood from two threads: the host kept %s, refused %s (limit 16, 2 taken by hu_sample)"
          % (flood.group(1), flood.group(2)) if flood else "flood: no summary in dmesg")
    late = re.search(r"hu_hostile: impatient: (\d+) of \d+ timed out, then (\d+) of (\d+) answered",
                     log)
    check(late and int(late.group(1)) >= 16 and late.group(2) == late.group(3),
          "timed-out requests: %s timed out (16 slots), then %s of %s answered: slots reused"
          % late.groups() if late else "timed-out requests: no summary in dmesg")
    guest.run("rmmod hu_hostile")
    ok, lines = agent.cmd("list")
    slots = set(re.findall(r"^hu-agent: slot (\d+):", "\n".join(lines), re.M))
    check(len(slots) >= 2, "the flood's requests arrived in %d slots at once" % len(slots))
    check(ok and "registered: 2;" in lines[-1],
          "after the hostile module: the 2 good hyperupcalls still registered")


def keep_data(guest):
    """16 MiB of random data in the guest; returns its md5 for healthy()."""
    return guest.run("dd if=/dev/urandom of=/tmp/keep bs=1M count=16 2>/dev/null && "
                     "md5sum /tmp/keep")[-1].split()[0]


def healthy(guest, check, keep):
    """After memory went back to the host: the data kept before is intact, new data reads back,
    the kernel log is clean."""
    after = guest.run("md5sum /tmp/keep")[-1].split()[0]
    check(after == keep, "data written before the pause intact after discard (md5 %s)" % keep)
    sums = guest.run("dd if=/dev/urandom of=/tmp/new bs=1M count=32 2>/dev/null && "
                     "cp /tmp/new /tmp/new2 && md5sum /tmp/new /tmp/new2 && rm /tmp/new2")
    check(len(sums) == 2 and sums[0].split()[0] == sums[1].split()[0],
          "32 MiB of new data written after resume reads back")
    bad = guest.run("dmesg | grep -E '%s' || true" % BAD_LOG)
    check(not bad, "kernel log has no BUG, Oops, bad page or pagealloc line%s"
          % ("" if not bad else ": " + bad[0]))


def reclaim(guest, agent, check):
    """Pause, discard, resume; the guest's data and health after it. Returns the report line."""
    keep = keep_data(guest)
    # Memory the guest touched and freed again: free frames that are backed on the host.
    guest.run("dd if=/dev/zero of=/tmp/churn bs=1M count=64 2>/dev/null && rm /tmp/churn")
    ok, lines = agent.cmd("reclaim interp dry")
    check(ok, "reclaim in the interpreter (dry run): " + (lines[-1] if lines else ""))
    interp = lines[-1] if lines else ""
    ok, lines = agent.cmd("reclaim jit")
    line = lines[-1] if lines else ""
    say("  " + line)
    m = re.search(r"(\d+) discarded: ([\d.]+) MiB.*RAM file ([\d.]+) -> ([\d.]+) MiB", line)
    check(ok and m and int(m.group(1)) > 0, "reclaim discarded free frames")
    if m:
        fell = float(m.group(3)) - float(m.group(4))
        check(fell + 0.1 >= float(m.group(2)),
              "RAM file's allocated size fell by %.1f MiB, at least the %s MiB discarded"
              % (fell, m.group(2)))
    healthy(guest, check, keep)
    return line, interp


def boot_fast(args, kdir, initrd, check, report):
    g = Guest(os.path.join(args.build, "realguest", "elf"), os.path.join(kdir, "vmlinux"), initrd,
              ram_mib=args.ram_mib)
    a = None
    try:
        report["boot_s"] = g.boot_s
        a = Agent(os.path.join(args.build, "bin", "hu-agent"), g)
        report["register_s"] = register(g, a, check)
        report["audit"] = audit(g, a, check, "before")
        ok, lines = a.cmd("aging jit")
        check(ok and re.search(r"\d+ frames scanned, \d+ cold", lines[-1] if lines else ""),
              "aging over the running guest: " + (lines[-1] if lines else ""))
        if not args.demo:
            hostile(g, a, check)
            audit(g, a, check, "after the hostile module")
        report["reclaim"], report["interp"] = reclaim(g, a, check)
        audit(g, a, check, "after discard and resume")
        g.run("rmmod hu_sample")
        ok, lines = a.cmd("list")
        check(ok and "registered: 0;" in lines[-1], "rmmod hu_sample unregistered both")
    finally:
        if a:
            a.stop()
        g.stop()


def boot_kaslr(args, kdir, initrd, check, report):
    g = Guest(os.path.join(args.build, "realguest", "kaslr"), os.path.join(kdir, "vmlinuz"),
              initrd, ram_mib=args.ram_mib, append="page_poison=1")
    a = None
    report["kaslr_boot_s"] = g.boot_s
    try:
        text = g.run("grep ' _text$' /proc/kallsyms")[-1].split()[0]
        a = Agent(os.path.join(args.build, "bin", "hu-agent"), g)
        register(g, a, check)
        vmemmap = g.run("dmesg | grep 'hu_sample: 2 hyperupcalls'")[-1].split()[-1]
        # Either may land on its default by chance (1 in hundreds); both never do with KASLR on.
        check(text != "ffffffff81000000" or vmemmap != "ffffea0000000000",
              "bzImage boot, KASLR on: kernel text at %s, struct pages at %s" % (text, vmemmap))
        audit(g, a, check, "KASLR boot")
        ok, lines = a.cmd("reclaim jit")
        check(not ok and any("did not declare free frames disposable" in l for l in lines),
              "page_poison=1 guest: the agent refuses to discard")
    finally:
        if a:
            a.stop()
        g.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--clang", required=True, help="clang for the hostile BPF objects")
    ap.add_argument("--demo", action="store_true", help="one boot, print the summary")
    ap.add_argument("--ram-mib", type=int, default=256)
    args = ap.parse_args()
    args.build, args.root = os.path.abspath(args.build), os.path.abspath(args.root)
    global DEMO
    DEMO = args.demo
    t0 = time.monotonic()
    kdir, initrd, release, build_s = prepare(args.build, args.root, args.clang)
    check, report = Check(), {}
    try:
        boot_fast(args, kdir, initrd, check, report)
        if not args.demo:
            boot_kaslr(args, kdir, initrd, check, report)
    except Failure as e:
        check(False, str(e))
    free = re.search(r"(\d+) frames, (\d+) free", report.get("audit", ""))
    rec = re.search(r"discarded: ([\d.]+) MiB.*discard ([\d.]+) ms.*paused ([\d.]+) ms",
                    report.get("reclaim", ""))
    if free and rec and not check.failures:
        print("real Linux %s guest (%d MiB): %s of %s frames free, 0 disagree with the guest "
              "kernel; %s MiB returned to the host, guest paused %s ms; guest healthy after resume"
              % (".".join(release.split(".")[:2]), args.ram_mib, free.group(2), free.group(1),
                 rec.group(1), rec.group(3)))
    say("realguest: modules built in %.1f s, boot to /init %.1f s (vmlinux), %.1f s (bzImage), "
        "registration %.0f ms; %d failure(s); %.0f s in all"
        % (build_s, report.get("boot_s", 0), report.get("kaslr_boot_s", 0),
           report.get("register_s", 0) * 1000, check.failures, time.monotonic() - t0))
    return 1 if check.failures else 0


if __name__ == "__main__":
    sys.exit(main())
