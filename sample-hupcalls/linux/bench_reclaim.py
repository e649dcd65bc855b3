#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Reclaiming a real guest's free memory three ways: hyperupcall discard, virtio-balloon inflate
and free page reporting (docs/reclaim-bench.md).

The guest (Debian's kernel under QEMU TCG, the real-guest test's modules) fills a tmpfs with
--fill-mib MiB and deletes it; the host then wants that memory back:
  hyperupcall  the agent pauses the guest, fires `reclaim` over every frame, punches the free ones
               out of the RAM file and resumes it;
  balloon      QMP `balloon` to RAM - fill; the guest's virtio_balloon driver allocates the pages
               and QEMU discards each one it is told about;
  reporting    virtio-balloon-pci,free-page-reporting=on: the guest reports free 2 MiB blocks on
               its own, QEMU discards them.
Per method: seconds until the RAM file's allocated size fell by 90% of the fill, MiB returned,
guest kernel CPU time, host CPU time, guest pause, and the real-guest test's health checks. The
scenarios: the guest idle or with a busy loop on every vCPU, QEMU (and the agent) pinned to 2 or
1 host cores. Writes results.md, reclaim.dat, reclaim.svg and reclaim.png into --out.

usage: bench_reclaim.py --build BUILD_DIR --root SOURCE_ROOT --clang CLANG [--out DIR]
                        [--repeat N] [--ram-mib 512] [--fill-mib 256] [--cpus 2] [--replot]
"""
import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from realguest import MiB, Agent, Failure, Guest  # noqa: E402
from realguest_test import healthy, keep_data, prepare, register  # noqa: E402

METHODS = ("hyperupcall", "balloon", "reporting")
# (guest load, host cores for QEMU): the paper's axis is the cores left to a busy guest.
SCENARIOS = (("idle", 2), ("busy", 2), ("busy", 1), ("idle", 1))
SAMPLE_S = 0.02
QUIET_S = 3.0  # free page reporting is done when the RAM file has not shrunk for this long
WAIT_S = 90  # bound on every wait for the guest or QEMU (the machine may be loaded)
VIRTIO = ("virtio_pci", "virtio_balloon")  # and what they depend on, from the image package


class Qmp:
    """A QMP client on QEMU's second monitor socket (the agent holds the first)."""

    def __init__(self, path):
        deadline = time.monotonic() + 10
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline:
                    raise Failure("QMP: cannot connect to %s" % path)
                time.sleep(0.1)
        self.sock.settimeout(WAIT_S)
        self.f = self.sock.makefile("rwb")
        self._reply()  # the greeting
        self.execute("qmp_capabilities")

    def _reply(self):
        while True:
            line = self.f.readline()
            if not line:
                raise Failure("QMP: connection closed")
            msg = json.loads(line)
            if "event" not in msg:
                return msg

    def execute(self, cmd, **args):
        self.f.write(json.dumps({"execute": cmd, "arguments": args}).encode() + b"\n")
        self.f.flush()
        msg = self._reply()
        if "error" in msg:
            raise Failure("QMP %s: %s" % (cmd, msg["error"].get("desc")))
        return msg["return"]

    def close(self):
        self.sock.close()


def virtio_modules(build, release):
    """virtio_pci, virtio_balloon and their dependencies, in load order, from Debian's
    linux-image package (downloaded, not installed): the guest's own balloon driver."""
    out = os.path.join(build, "guest-kernel", "virtio")
    kodir = os.path.join(out, "lib/modules", release, "kernel/drivers/virtio")
    if not os.path.isdir(kodir):
        os.makedirs(out, exist_ok=True)
        r = subprocess.run(["apt-get", "download", "-q", "linux-image-" + release], cwd=out,
                           capture_output=True, text=True)
        if r.returncode:
            raise Failure("apt-get download linux-image-%s: %s" % (release, r.stderr.strip()))
        deb = [f for f in os.listdir(out) if f.endswith(".deb")][0]
        tar = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", os.path.join(out, deb)],
                               stdout=subprocess.PIPE)
        subprocess.run(["tar", "-x", "-C", out, "--wildcards",
                        "./lib/modules/*/kernel/drivers/virtio/*.ko"], stdin=tar.stdout,
                       check=True)
        if tar.wait():
            raise Failure("dpkg-deb could not read %s" % deb)
        os.unlink(os.path.join(out, deb))
    order = []

    def visit(name):
        path = os.path.join(kodir, name + ".ko")
        with open(path, "rb") as f:
            # The .modinfo section: NUL-separated key=value strings, as modinfo reads them.
            deps = re.search(rb"\0depends=([^\0]*)\0", f.read()).group(1).decode()
        for dep in filter(None, deps.split(",")):
            visit(dep)
        if path not in order:
            order.append(path)

    for name in VIRTIO:
        visit(name)
    return order


def allocated(path):
    return os.stat(path).st_blocks * 512


def back_every_frame(path):
    """Allocates the whole RAM file again (holes read as zeros either way, so the guest sees no
    change): every frame is backed, as in a guest that has run a while."""
    with open(path, "r+b") as f:
        os.posix_fallocate(f.fileno(), 0, os.fstat(f.fileno()).st_size)


def cpu_seconds(pid):
    """User + system CPU time of a host process and all its threads."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def host_cpu_seconds(ctx):
    """QEMU's CPU time, and the agent's when it runs."""
    agent = ctx["agent"]
    return cpu_seconds(ctx["guest"].proc.pid) + (cpu_seconds(agent.proc.pid) if agent else 0.0)


def guest_kernel_seconds(guest):
    """The guest's system + irq + softirq time over all CPUs (USER_HZ 100)."""
    cpu = [l for l in guest.run("head -1 /proc/stat") if l.startswith("cpu ")][0].split()
    return (int(cpu[3]) + int(cpu[6]) + int(cpu[7])) / 100.0


def pin(pid, cores):
    """Pins every thread of a host process to the first `cores` host CPUs."""
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            os.sched_setaffinity(int(tid), set(range(cores)))
        except OSError:
            pass  # the thread ended meanwhile


def set_load(guest, busy, cpus):
    """A busy loop per vCPU in the guest, or none."""
    if busy:
        for _ in range(cpus):
            guest.run("busybox sh -c 'while :; do :; done' & LOAD=\"$LOAD $!\"")
    else:
        guest.run("[ -z \"$LOAD\" ] || kill $LOAD; LOAD=")


def wait_shrunk(ram, a0, want, t0, timeout):
    """Samples the RAM file until it fell by `want` bytes; returns the time or None."""
    while time.monotonic() - t0 < timeout:
        if a0 - allocated(ram) >= want:
            return time.monotonic() - t0
        time.sleep(SAMPLE_S)
    return None


def wait_quiet(ram, t0, timeout):
    """Samples the RAM file until it stopped shrinking for QUIET_S; returns when it last did."""
    last, t_last = allocated(ram), time.monotonic()
    while time.monotonic() - t_last < QUIET_S and time.monotonic() - t0 < timeout:
        time.sleep(SAMPLE_S)
        now = allocated(ram)
        if now < last:
            last, t_last = now, time.monotonic()
    return t_last - t0


def reclaim_hyperupcall(ctx, a0):
    t0 = time.monotonic()
    ok, lines = ctx["agent"].cmd("reclaim jit", timeout=WAIT_S)
    t = time.monotonic() - t0
    m = re.search(r"guest paused ([\d.]+) ms", lines[-1] if lines else "")
    if not ok or not m:
        raise Failure("agent reclaim failed: %s" % lines[-1:])
    got = a0 - allocated(ctx["guest"].ram) >= ctx["want"]
    return (t if got else None), t, float(m.group(1))


def reclaim_balloon(ctx, a0):
    qmp, ram_mib, fill = ctx["qmp"], ctx["ram_mib"], ctx["fill_mib"]
    target = (ram_mib - fill) * MiB
    t0 = time.monotonic()
    qmp.execute("balloon", value=target)
    t_want = wait_shrunk(ctx["guest"].ram, a0, ctx["want"], t0, WAIT_S)
    while qmp.execute("query-balloon")["actual"] > target and time.monotonic() - t0 < WAIT_S:
        time.sleep(SAMPLE_S)
    return t_want, time.monotonic() - t0, 0.0


def deflate(ctx):
    """Gives the balloon's pages back to the guest (outside the measurement)."""
    full = ctx["ram_mib"] * MiB
    ctx["qmp"].execute("balloon", value=full)
    deadline = time.monotonic() + WAIT_S
    while ctx["qmp"].execute("query-balloon")["actual"] < full:
        if time.monotonic() > deadline:
            raise Failure("balloon did not deflate within %ds" % WAIT_S)
        time.sleep(0.1)


def reclaim_reporting(ctx, a0, t0):
    t_want = wait_shrunk(ctx["guest"].ram, a0, ctx["want"], t0, WAIT_S)
    return t_want, wait_quiet(ctx["guest"].ram, t0, WAIT_S), 0.0


def one_round(ctx, method, busy):
    """Fill, back every frame, free, get the memory back; returns the row."""
    g = ctx["guest"]
    g.run("dd if=/dev/zero of=/fill/f bs=1M count=%d 2>/dev/null" % ctx["fill_mib"],
          timeout=WAIT_S * 2)
    back_every_frame(g.ram)
    set_load(g, busy, ctx["cpus"])
    a0 = allocated(g.ram)
    t_rm = time.monotonic()  # reporting's clock: the guest reports while it frees
    g.run("rm /fill/f")
    t_free = time.monotonic()
    k0, h0 = guest_kernel_seconds(g), host_cpu_seconds(ctx)
    if method == "hyperupcall":
        t_want, t_done, paused = reclaim_hyperupcall(ctx, a0)
    elif method == "balloon":
        t_want, t_done, paused = reclaim_balloon(ctx, a0)
    else:
        t_want, t_done, paused = reclaim_reporting(ctx, a0, t_rm)
    returned = (a0 - allocated(g.ram)) / MiB
    k1, h1 = guest_kernel_seconds(g), host_cpu_seconds(ctx)
    set_load(g, False, ctx["cpus"])
    if method == "balloon":
        deflate(ctx)
    checks = []
    healthy(g, lambda ok, what: checks.append((ok, what)), ctx["keep"])
    bad = [what for ok, what in checks if not ok]
    return {"method": method, "rm": t_free - t_rm, "t_want": t_want, "t_done": t_done,
            "returned": returned,
            "guest_cpu": k1 - k0, "host_cpu": h1 - h0, "paused_ms": paused,
            "healthy": "yes" if not bad else "NO: " + "; ".join(bad)}


def must(ok, what):
    if not ok:
        raise Failure(what)


def reporting_feature(guest):
    """Whether the guest's balloon driver negotiated VIRTIO_BALLOON_F_REPORTING (bit 5)."""
    feats = guest.run("cat /sys/bus/virtio/devices/*/features")
    return any(len(f) > 5 and f[5] == "1" for f in feats)


def boot(args, kdir, initrd, mods, name, device, methods, results):
    """One guest with one balloon device; every scenario for `methods` in it."""
    work = os.path.join(args.out, name)
    sock = os.path.join(work, "bench.sock")
    os.makedirs(work, exist_ok=True)
    if os.path.exists(sock):
        os.unlink(sock)
    g = Guest(work, os.path.join(kdir, "vmlinux"), initrd, ram_mib=args.ram_mib, cpus=args.cpus,
              qemu_args=["-device", device, "-qmp", "unix:%s,server=on,wait=off" % sock])
    ctx = {"guest": g, "agent": None, "qmp": None, "ram_mib": args.ram_mib, "cpus": args.cpus,
           "fill_mib": args.fill_mib, "want": args.fill_mib * MiB * 9 // 10}
    try:
        print("bench-reclaim: %s: booted in %.1f s" % (name, g.boot_s), flush=True)
        # On ext4 the balloon's 4 KiB punches were slow, and the file's allocated size fell far
        # less than the balloon took: the figures are meant for RAM in shared memory.
        args.ram_fs = ("tmpfs (/dev/shm)" if g.shm != g.work else
                       "the build folder, not tmpfs (/dev/shm lacked space): the balloon's "
                       "figures are not comparable there")
        for path in mods:
            g.run("insmod /lib/modules/" + os.path.basename(path))
        reporting = "reporting" in methods
        must(reporting_feature(g) == reporting, "%s: free page reporting %s negotiated"
             % (name, "not" if reporting else "unexpectedly"))
        g.run("mkdir -p /fill && mount -t tmpfs -o size=%dm tmpfs /fill" % (args.fill_mib + 64))
        ctx["keep"] = keep_data(g)
        if "hyperupcall" in methods:
            ctx["agent"] = Agent(os.path.join(args.build, "bin", "hu-agent"), g)
            register(g, ctx["agent"], must)
        ctx["qmp"] = Qmp(sock)
        for load, cores in SCENARIOS:
            pin(g.proc.pid, cores)
            if ctx["agent"]:
                pin(ctx["agent"].proc.pid, cores)
            for _, method in ((i, m) for i in range(args.repeat) for m in methods):
                row = one_round(ctx, method, load == "busy")
                results[(load, cores)].setdefault(method, []).append(row)
                print("bench-reclaim: %s guest, %d host core(s): %s" % (load, cores, line(row)),
                      flush=True)
    finally:
        if ctx["qmp"]:
            ctx["qmp"].close()
        if ctx["agent"]:
            ctx["agent"].stop()
        g.stop()


def secs(t):
    return "not reached" if t is None else "%.2f" % t


def summary(rows):
    """The median of each figure over the repeats; t_want's range; healthy only if every run
    was."""
    reached = [r["t_want"] for r in rows if r["t_want"] is not None]
    out = {k: statistics.median(r[k] for r in rows)
           for k in ("rm", "t_done", "returned", "guest_cpu", "host_cpu", "paused_ms")}
    out["t_want"] = statistics.median(reached) if len(reached) == len(rows) else None
    out["range"] = "%.2f-%.2f" % (min(reached), max(reached)) if len(reached) > 1 else ""
    bad = [r["healthy"] for r in rows if r["healthy"] != "yes"]
    out["healthy"] = bad[0] if bad else "yes"
    return out


def line(row):
    return ("%s: rm %.2f s; %s s to %s, done %.2f s, %.0f MiB back, guest kernel CPU %.2f s, "
            "host CPU %.2f s, paused %.0f ms, healthy %s"
            % (row["method"], row["rm"], secs(row["t_want"]), "90%", row["t_done"], row["returned"],
               row["guest_cpu"], row["host_cpu"], row["paused_ms"], row["healthy"]))


PAPER = (
    "The paper (Hyperupcalls, USENIX ATC 2018, Figure 3) measures the seconds to reclaim 7 GB of "
    "free memory from a 16-vCPU VM whose vCPUs are busy, with 1 to 16 host cores available to "
    "it, for the balloon, hypervisor swapping and hyperupcalls: the balloon must wait for the "
    "guest to be scheduled to run its driver and takes longer the fewer cores the VM gets, while "
    "the hyperupcall runs in the hypervisor without waiting for the guest. Its exact values were "
    "not available when this benchmark was written, so they are given in words only; here the "
    "axis has 2 points and swapping is not measured.")


def tables(args, results):
    want = args.fill_mib * 9 // 10
    out = ["# Reclaiming a real guest's free memory", "",
           "Debian Linux %s guest under QEMU TCG, %d vCPUs, %d MiB of RAM; %d MiB written to a "
           "tmpfs and deleted (rm: how long the delete took), then reclaimed. Time: from the "
           "host's request, made when the delete ended (free page reporting, which starts on "
           "its own while the guest frees: from the delete's start) until the RAM file's "
           "allocated size fell by %d MiB (90%%), and until the method was done; MiB returned "
           "when done; medians of %d run(s). Guest kernel CPU: system + irq + softirq time in "
           "the guest's /proc/stat over the window; host CPU: QEMU's (and the agent's) user + "
           "system time (with a busy guest, mostly emulating its busy loops). Guest RAM in %s."
           % (args.release, args.cpus, args.ram_mib, args.fill_mib, want, args.repeat,
              args.ram_fs),
           "", PAPER, ""]
    for load, cores in SCENARIOS:
        out += ["## %s guest, QEMU on %d host core%s" % (load, cores, "s" if cores > 1 else ""),
                "", "| method | rm (s) | s to %d MiB (range) | done (s) | MiB returned | "
                "guest kernel CPU (s) | host CPU (s) | guest paused (ms) | guest healthy |" % want,
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
        for method in METHODS:
            if method in results[(load, cores)]:
                r = summary(results[(load, cores)][method])
                out.append("| %s | %.2f | %s%s | %.2f | %.0f | %.2f | %.2f | %.0f | %s |"
                           % (method, r["rm"], secs(r["t_want"]),
                              " (%s)" % r["range"] if r["range"] else "", r["t_done"],
                              r["returned"],
                              r["guest_cpu"], r["host_cpu"], r["paused_ms"], r["healthy"]))
        out.append("")
    return "\n".join(out)


def write_dat(args, results):
    """reclaim.dat: per host core count, the median time to 90% of each method, busy then idle."""
    with open(os.path.join(args.out, "reclaim.dat"), "w") as f:
        f.write("# cores " + " ".join("%s_%s" % (m, l) for l in ("busy", "idle") for m in METHODS)
                + "\n")
        for cores in sorted({c for _, c in SCENARIOS}):
            vals = []
            for load in ("busy", "idle"):
                for m in METHODS:
                    rows = results.get((load, cores), {}).get(m)
                    r = summary(rows) if rows else None
                    vals.append("NaN" if not r or r["t_want"] is None else "%.3f" % r["t_want"])
            f.write("%d %s\n" % (cores, " ".join(vals)))


def plot(args):
    """The Figure 3 shaped plot of reclaim.dat: seconds to reclaim vs host cores, per method."""
    dat = os.path.join(args.out, "reclaim.dat")
    if not shutil.which("gnuplot"):
        print("bench-reclaim: gnuplot is not installed (Debian package gnuplot-nox): no plot")
        return
    lines = []
    for i, (load, dash) in enumerate((("busy", 1), ("idle", 2))):
        for j, m in enumerate(METHODS):
            lines.append("'%s' using 1:%d with linespoints dt %d lw 2 lc %d pt %d "
                         "title '%s, %s guest'"
                         % (dat, 2 + 3 * i + j, dash, j + 1, 7 - 2 * i, m, load))
    script = """
set title "Seconds to get %d MiB of a real guest's free memory back (%d vCPUs, QEMU TCG)\\n%s"
set xlabel 'host cores available to QEMU'
set ylabel 'seconds (log scale)'
set logscale y
set xrange [0.7:2.3]
set xtics 1
set grid
set key outside right
plot %s
""" % (args.fill_mib * 9 // 10, args.cpus,
       "from the host's request; free page reporting: from the guest's delete", ", ".join(lines))
    for term, ext in (("svg size 900,480 dynamic", "svg"), ("pngcairo size 900,480", "png")):
        subprocess.run(["gnuplot"], input="set terminal %s\nset output '%s'\n%s"
                       % (term, os.path.join(args.out, "reclaim." + ext), script),
                       text=True, check=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--clang", required=True, help="clang for the real-guest test's modules")
    ap.add_argument("--out", help="results folder (default BUILD/bench-reclaim)")
    ap.add_argument("--ram-mib", type=int, default=512)
    ap.add_argument("--fill-mib", type=int, default=256)
    ap.add_argument("--cpus", type=int, default=2, help="guest vCPUs")
    ap.add_argument("--replot", action="store_true", help="only draw --out's reclaim.dat again")
    ap.add_argument("--repeat", type=int, default=1, help="runs per method and scenario")
    args = ap.parse_args()
    args.build, args.root = os.path.abspath(args.build), os.path.abspath(args.root)
    args.out = os.path.abspath(args.out or os.path.join(args.build, "bench-reclaim"))
    if args.replot:
        return plot(args)
    os.makedirs(args.out, exist_ok=True)
    t0 = time.monotonic()
    kdir = os.path.join(args.build, "guest-kernel")
    r = subprocess.run([os.path.join(args.root, "scripts/fetch-guest-kernel.sh"), kdir],
                       capture_output=True, text=True)
    if r.returncode:
        sys.exit("bench-reclaim: no guest kernel: " + r.stderr.strip())
    args.release, args.ram_fs = r.stdout.strip(), "(no guest booted)"
    try:
        mods = virtio_modules(args.build, args.release)
    except (Failure, subprocess.CalledProcessError) as e:
        sys.exit("bench-reclaim: no virtio_balloon module for the guest: %s" % e)
    kdir, initrd, _, _ = prepare(args.build, args.root, args.clang,
                                 ["%s=lib/modules/%s" % (m, os.path.basename(m)) for m in mods])
    results = {s: {} for s in SCENARIOS}
    try:
        boot(args, kdir, initrd, mods, "balloon", "virtio-balloon-pci", ("hyperupcall", "balloon"),
             results)
        boot(args, kdir, initrd, mods, "reporting", "virtio-balloon-pci,free-page-reporting=on",
             ("reporting",), results)
    except Failure as e:
        print("bench-reclaim: FAILED: %s" % e)
    text = tables(args, results)
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write(text)
    write_dat(args, results)
    plot(args)
    print(text)
    print("bench-reclaim: results.md, reclaim.svg and reclaim.png in %s; %.0f s in all"
          % (args.out, time.monotonic() - t0))
    complete = all(len(results[s]) == len(METHODS) for s in SCENARIOS)
    ok = complete and all(summary(rows)["healthy"] == "yes"
                          for s in SCENARIOS for rows in results[s].values())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
