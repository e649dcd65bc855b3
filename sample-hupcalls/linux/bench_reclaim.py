#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Reclaiming a real guest's free memory four ways: hyperupcall discard, virtio-balloon inflate,
free page reporting and host swapping (docs/reclaim-bench.md).

The guest (Debian's kernel under QEMU TCG, the real-guest test's modules) fills a tmpfs with
--fill-mib MiB and deletes it; the host then wants that memory back:
  hyperupcall  the agent pauses the guest, fires `reclaim` over every frame, punches the free ones
               out of the RAM file and resumes it;
  balloon      QMP `balloon` to RAM - fill; the guest's virtio_balloon driver allocates the pages
               and QEMU discards each one it is told about;
  reporting    virtio-balloon-pci,free-page-reporting=on: the guest reports free 2 MiB blocks on
               its own, QEMU discards them;
  swap         QEMU runs in a memory cgroup whose limit is lowered by the fill: the host kernel
               swaps the guest's memory out to a swap file, knowing nothing of what is free.
Per method: seconds until the host memory the guest holds fell by 90% of the fill, MiB returned,
guest kernel CPU time, host CPU time, guest pause, and the real-guest test's health checks. The
scenarios: the guest idle or with a busy loop on every vCPU, QEMU given 2, 1 or a fraction of a
host core (affinity, and a cgroup CPU quota for fractions) while it frees and the host reclaims.
Writes results.md, reclaim.dat, reclaim.svg and reclaim.png into --out. Needs root for the
cgroups and the swap file.

usage: bench_reclaim.py --build BUILD_DIR --root SOURCE_ROOT --clang CLANG [--out DIR]
                        [--repeat N] [--ram-mib 512] [--fill-mib 256] [--cpus 2]
                        [--cores 2,1,0.5,0.25,0.125] [--loads idle,busy] [--replot]
"""
import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from realguest import MiB, Agent, Failure, Guest  # noqa: E402
from realguest_test import healthy, keep_data, prepare, register  # noqa: E402
from host_limits import CpuShare, MemoryCgroup, SwapFile, affinity  # noqa: E402

METHODS = ("hyperupcall", "balloon", "reporting", "swap")
# The paper's axis is the cores left to a busy guest; the guest keeps its vCPUs throughout.
CORES = "2,1,0.5,0.25,0.125"
LOADS = "busy,idle"
SAMPLE_S = 0.02
QUIET_S = 3.0  # free page reporting is done when the RAM file has not shrunk for this long
GIVE_UP_S = 30.0  # or, short of the target, for this long
WAIT_S = 90  # bound on every wait for the guest or QEMU on a whole core (the machine is shared)
RANDOM_MIB = 4  # the fill repeats this much random data: swapping must write it out
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


def held(ctx):
    """The host memory the guest holds: the RAM file's allocated size; in a memory cgroup, what
    is charged to it (a page swapped out stays allocated in the file but is no longer charged)."""
    return ctx["mem"].usage() if ctx["mem"] else allocated(ctx["guest"].ram)


def back_every_frame(ctx):
    """Allocates the whole RAM file again (holes read as zeros either way, so the guest sees no
    change) and, in a memory cgroup, reads it (what was swapped out comes back, charged to the
    cgroup): every frame is backed and resident, as in a guest that has run a while."""
    mem = ctx["mem"]
    with mem.entered() if mem else contextlib.nullcontext():
        with open(ctx["guest"].ram, "r+b") as f:
            os.posix_fallocate(f.fileno(), 0, os.fstat(f.fileno()).st_size)
            while mem and f.read(MiB):
                pass


def cpu_seconds(pid):
    """User + system CPU time of a host process and all its threads."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def host_cpu_seconds(ctx):
    """QEMU's CPU time, the agent's when it runs, and the host kernel's swapping (in the thread
    that lowered the memory limit)."""
    agent = ctx["agent"]
    return (cpu_seconds(ctx["guest"].proc.pid) + (cpu_seconds(agent.proc.pid) if agent else 0.0)
            + ctx["swap_cpu"])


def guest_kernel_seconds(guest):
    """The guest's system + irq + softirq time over all CPUs (USER_HZ 100)."""
    cpu = [l for l in guest.run("head -1 /proc/stat") if l.startswith("cpu ")][0].split()
    return (int(cpu[3]) + int(cpu[6]) + int(cpu[7])) / 100.0


def pin(pid, cores):
    """Pins every thread of a host process to the host CPUs `cores` needs."""
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            os.sched_setaffinity(int(tid), affinity(cores))
        except OSError:
            pass  # the thread ended meanwhile


def set_load(guest, busy, cpus):
    """A busy loop per vCPU in the guest, or none."""
    if busy:
        for _ in range(cpus):
            guest.run("busybox sh -c 'while :; do :; done' & LOAD=\"$LOAD $!\"")
    else:
        guest.run("[ -z \"$LOAD\" ] || kill $LOAD; LOAD=")


def wait_shrunk(ctx, a0, t0, until=None):
    """Samples the host memory the guest holds until it fell by ctx["want"] bytes (or `until`
    returns true); returns the time it fell or None."""
    while time.monotonic() - t0 < ctx["wait"]:
        if a0 - held(ctx) >= ctx["want"]:
            return time.monotonic() - t0
        if until and until():
            return None
        time.sleep(SAMPLE_S)
    return None




def reclaim_hyperupcall(ctx, a0):
    t0 = time.monotonic()
    ok, lines = ctx["agent"].cmd("reclaim jit", timeout=ctx["wait"])
    t = time.monotonic() - t0
    m = re.search(r"guest paused ([\d.]+) ms", lines[-1] if lines else "")
    if not ok or not m:
        raise Failure("agent reclaim failed: %s" % lines[-1:])
    got = a0 - held(ctx) >= ctx["want"]
    return (t if got else None), t, float(m.group(1))


def reclaim_swap(ctx, a0):
    """Lowers QEMU's memory limit by the fill. The host kernel swaps the guest's pages out, in
    the thread that wrote the limit (direct reclaim, outside QEMU's CPU share, as a host's own
    reclaim would be), until the usage is below it. It answers EBUSY when a few passes freed
    nothing (pages still being written to swap): the host asks again, until the bound."""
    box = {}

    def lower():
        ctx["hv"].add_thread(threading.get_native_id())  # the host's side of the CPU split
        c0 = time.thread_time()
        while True:
            try:
                ctx["mem"].limit(a0 - ctx["fill_mib"] * MiB)
                break
            except OSError as e:
                box["error"], box["tries"] = e.strerror, box.get("tries", 0) + 1
                if time.monotonic() - t0 > ctx["wait"]:
                    box["failed"] = True
                    break
        box["t"] = time.monotonic() - t0
        box["cpu"] = time.thread_time() - c0

    t0 = time.monotonic()
    worker = threading.Thread(target=lower, daemon=True)
    worker.start()
    t_want = wait_shrunk(ctx, a0, t0, lambda: "t" in box)
    worker.join(ctx["wait"] + WAIT_S)
    if "t" not in box:
        raise Failure("the memory limit was not met within %.0f s" % ctx["wait"])
    if t_want is None and a0 - held(ctx) >= ctx["want"]:
        t_want = box["t"]  # met between the last sample and the write's return
    ctx["swap_cpu"] += box["cpu"]
    if "error" in box:
        print("bench-reclaim: swap: lowering the memory limit: %s %d times%s" % (
            box["error"], box["tries"], ", gave up" if "failed" in box else ""), flush=True)
    return t_want, box["t"], 0.0


def reclaim_balloon(ctx, a0):
    qmp, ram_mib, fill = ctx["qmp"], ctx["ram_mib"], ctx["fill_mib"]
    target = (ram_mib - fill) * MiB
    t0 = time.monotonic()
    qmp.execute("balloon", value=target)
    t_want = wait_shrunk(ctx, a0, t0)
    while qmp.execute("query-balloon")["actual"] > target and time.monotonic() - t0 < ctx["wait"]:
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
    """Samples the held memory until it has not shrunk for QUIET_S after falling by the target,
    or for GIVE_UP_S short of it; done is when it last shrank."""
    t_want, last, t_last = None, a0, t0
    while time.monotonic() - t0 < ctx["wait"]:
        now, t = held(ctx), time.monotonic()
        if now < last:
            last, t_last = now, t
        if t_want is None and a0 - now >= ctx["want"]:
            t_want = t - t0
        if t - t_last >= (QUIET_S if t_want is not None else GIVE_UP_S):
            break
        time.sleep(SAMPLE_S)
    return t_want, t_last - t0, 0.0


def share(ctx, cores):
    """QEMU gets `cores` (a fraction: a quota), the host's side (the agent, the host's swapping) no
    quota; both weighted above the host's other work. None: back to the defaults."""
    ctx["cpu"].set(cores)
    ctx["hv"].set(None if cores is None else 2)


def one_round(ctx, method, busy, cores):
    """Fill, back every frame, free, get the memory back; returns the row. QEMU has `cores` of a
    host core from the delete until the method is done (the fill and the checks run with no
    quota, to keep the run short)."""
    g = ctx["guest"]
    g.run("i=0; while [ $i -lt %d ]; do cat /fill-random; i=$((i+1)); done > /fill/f"
          % (ctx["fill_mib"] // RANDOM_MIB), timeout=WAIT_S * 2)
    back_every_frame(ctx)
    set_load(g, busy, ctx["cpus"])
    share(ctx, cores)
    thr0 = ctx["cpu"].throttled_s()
    a0 = held(ctx)
    t_rm = time.monotonic()  # reporting's clock: the guest reports while it frees
    g.run("rm /fill/f", timeout=ctx["wait"])
    t_free = time.monotonic()
    k0, h0 = guest_kernel_seconds(g), host_cpu_seconds(ctx)
    if method == "hyperupcall":
        t_want, t_done, paused = reclaim_hyperupcall(ctx, a0)
    elif method == "balloon":
        t_want, t_done, paused = reclaim_balloon(ctx, a0)
    elif method == "swap":
        t_want, t_done, paused = reclaim_swap(ctx, a0)
    else:
        t_want, t_done, paused = reclaim_reporting(ctx, a0, t_rm)
    returned = (a0 - held(ctx)) / MiB
    k1, h1 = guest_kernel_seconds(g), host_cpu_seconds(ctx)
    throttled = ctx["cpu"].throttled_s() - thr0
    share(ctx, None)
    if method == "swap":
        ctx["mem"].limit(-1)
    set_load(g, False, ctx["cpus"])
    if method == "balloon":
        deflate(ctx)
    checks = []
    healthy(g, lambda ok, what: checks.append((ok, what)), ctx["keep"])
    bad = [what for ok, what in checks if not ok]
    return {"method": method, "rm": t_free - t_rm, "t_want": t_want, "t_done": t_done,
            "returned": returned, "guest_cpu": k1 - k0, "host_cpu": h1 - h0,
            "paused_ms": paused, "throttled": throttled,
            "healthy": "yes" if not bad else "NO: " + "; ".join(bad)}


def must(ok, what):
    if not ok:
        raise Failure(what)


def reporting_feature(guest):
    """Whether the guest's balloon driver negotiated VIRTIO_BALLOON_F_REPORTING (bit 5)."""
    feats = guest.run("cat /sys/bus/virtio/devices/*/features")
    return any(len(f) > 5 and f[5] == "1" for f in feats)


def scenarios(args):
    """(guest load, host cores for QEMU), the cores shrinking within each load."""
    return [(load, cores) for load in args.loads for cores in args.cores]


def cores_text(cores):
    if cores < 1:
        return "%g of a host core" % cores
    return "%g host core%s" % (cores, "s" if cores > 1 else "")


def boot(args, kdir, initrd, mods, name, device, methods, results):
    """One guest with one balloon device; every scenario for `methods` in it. The swap boot's
    QEMU, and the RAM file, are charged to a memory cgroup of their own."""
    work = os.path.join(args.out, name)
    sock = os.path.join(work, "bench.sock")
    os.makedirs(work, exist_ok=True)
    if os.path.exists(sock):
        os.unlink(sock)
    tag = "hu-bench-reclaim-%d-%s" % (os.getpid(), name)
    ctx = {"guest": None, "agent": None, "qmp": None, "cpu": None, "hv": None, "mem": None,
           "swap_cpu": 0.0,
           "ram_mib": args.ram_mib, "cpus": args.cpus, "fill_mib": args.fill_mib,
           "want": args.fill_mib * MiB * 9 // 10, "wait": WAIT_S}
    swap = None
    try:
        ctx["cpu"] = CpuShare(tag + "-vm")
        ctx["hv"] = CpuShare(tag + "-hv")
        if "swap" in methods:
            ctx["mem"] = MemoryCgroup(tag)
            swap = SwapFile(os.path.join(work, "swapfile"), 2 * args.fill_mib * MiB)
        with ctx["mem"].entered() if ctx["mem"] else contextlib.nullcontext():
            g = ctx["guest"] = Guest(
                work, os.path.join(kdir, "vmlinux"), initrd, ram_mib=args.ram_mib,
                cpus=args.cpus,
                qemu_args=["-device", device, "-qmp", "unix:%s,server=on,wait=off" % sock])
        ctx["cpu"].add(g.proc.pid)
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
        g.run("head -c %d /dev/urandom > /fill-random" % (RANDOM_MIB * MiB), timeout=WAIT_S)
        ctx["keep"] = keep_data(g)
        if "hyperupcall" in methods:
            ctx["agent"] = Agent(os.path.join(args.build, "bin", "hu-agent"), g)
            ctx["hv"].add(ctx["agent"].proc.pid)
            register(g, ctx["agent"], must)
        ctx["qmp"] = Qmp(sock)
        for load, cores in scenarios(args):
            pin(g.proc.pid, cores)
            if ctx["agent"]:
                pin(ctx["agent"].proc.pid, cores)
            ctx["wait"] = WAIT_S / min(1.0, cores)
            for _, method in ((i, m) for i in range(args.repeat) for m in methods):
                row = one_round(ctx, method, load == "busy", cores)
                results[(load, cores)].setdefault(method, []).append(row)
                print("bench-reclaim: %s guest, %s: %s" % (load, cores_text(cores), line(row)),
                      flush=True)
    finally:
        if ctx["qmp"]:
            ctx["qmp"].close()
        if ctx["agent"]:
            ctx["agent"].stop()
        if ctx["guest"]:
            ctx["guest"].stop()
        if swap:
            swap.close()
        for cgroup in (ctx["mem"], ctx["cpu"], ctx["hv"]):
            if cgroup:
                cgroup.remove()


def secs(t):
    return "not reached" if t is None else "%.2f" % t


def summary(rows):
    """The median of each figure over the repeats; t_want's range; healthy only if every run
    was."""
    reached = [r["t_want"] for r in rows if r["t_want"] is not None]
    out = {k: statistics.median(r[k] for r in rows)
           for k in ("rm", "t_done", "returned", "guest_cpu", "host_cpu", "paused_ms",
                     "throttled")}
    out["t_want"] = statistics.median(reached) if len(reached) == len(rows) else None
    out["range"] = "%.2f-%.2f" % (min(reached), max(reached)) if len(reached) > 1 else ""
    bad = [r["healthy"] for r in rows if r["healthy"] != "yes"]
    out["healthy"] = bad[0] if bad else "yes"
    return out


def line(row):
    return ("%s: rm %.2f s; %s s to %s, done %.2f s, %.0f MiB back, guest kernel CPU %.2f s, "
            "host CPU %.2f s, paused %.0f ms, QEMU throttled %.2f s, healthy %s"
            % (row["method"], row["rm"], secs(row["t_want"]), "90%", row["t_done"], row["returned"],
               row["guest_cpu"], row["host_cpu"], row["paused_ms"], row["throttled"],
               row["healthy"]))


PAPER = (
    "The paper (Amit and Wei, The Design and Implementation of Hyperupcalls, USENIX ATC 2018, "
    "Figure 3) plots the seconds to reclaim 7 GB of free memory from a 16-vCPU VM whose vCPUs "
    "are busy, against the 1 to 16 host cores available to it, for the balloon, hypervisor "
    "swapping and hyperupcalls: the balloon must wait for the guest to be scheduled to run its "
    "driver, swapping writes the guest's memory out without knowing what is free, and the "
    "hyperupcall runs in the hypervisor without waiting for the guest. Its plotted values could "
    "not be read from its text, so they are given in words only.")


def tables(args, results, failures):
    want = args.fill_mib * 9 // 10
    out = ["# Reclaiming a real guest's free memory", "",
           "Debian Linux %s guest under QEMU TCG, %d vCPUs, %d MiB of RAM; %d MiB of random data "
           "written to a tmpfs and deleted (rm: how long the delete took), then reclaimed. Time: "
           "from the host's request, made when the delete ended (free page reporting, which "
           "starts on its own while the guest frees: from the delete's start) until the host "
           "memory the guest holds (the RAM file's allocated size; for swap, QEMU's memory "
           "cgroup's usage) fell by %d MiB (90%%), and until the method was done; MiB returned "
           "when done; medians of %d run(s). QEMU has the scenario's share of the host from the "
           "delete until done (a fraction: a CFS quota of the fraction of 100 ms per 100 ms on "
           "CPU 0; QEMU throttled: the time its threads were held back by it). Guest kernel CPU: "
           "system + irq + softirq time in the guest's /proc/stat over the window; host CPU: "
           "QEMU's, the agent's and the host's swapping's user + system time (with a busy guest, "
           "mostly emulating its busy loops). Guest RAM in %s."
           % (args.release, args.cpus, args.ram_mib, args.fill_mib, want, args.repeat,
              args.ram_fs),
           "", PAPER, ""]
    out += ["**%s: not measured.** %s" % (name, why) for name, why in failures.items()]
    out.append("")
    for load, cores in scenarios(args):
        out += ["## %s guest, QEMU on %s" % (load, cores_text(cores)),
                "", "| method | rm (s) | s to %d MiB (range) | done (s) | MiB returned | "
                "guest kernel CPU (s) | host CPU (s) | guest paused (ms) | QEMU throttled (s) | "
                "guest healthy |" % want,
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
        for method in METHODS:
            if method in results[(load, cores)]:
                r = summary(results[(load, cores)][method])
                out.append("| %s | %.2f | %s%s | %.2f | %.0f | %.2f | %.2f | %.0f | %.2f | %s |"
                           % (method, r["rm"], secs(r["t_want"]),
                              " (%s)" % r["range"] if r["range"] else "", r["t_done"],
                              r["returned"], r["guest_cpu"], r["host_cpu"], r["paused_ms"],
                              r["throttled"], r["healthy"]))
        out.append("")
    return "\n".join(out)


def write_dat(args, results):
    """reclaim.dat: per host core share, the median time to 90% of each method, busy then
    idle."""
    with open(os.path.join(args.out, "reclaim.dat"), "w") as f:
        f.write("# cores " + " ".join("%s_%s" % (m, l) for l in ("busy", "idle") for m in METHODS)
                + "\n")
        for cores in sorted(set(args.cores)):
            vals = []
            for load in ("busy", "idle"):
                for m in METHODS:
                    rows = results.get((load, cores), {}).get(m)
                    r = summary(rows) if rows else None
                    vals.append("NaN" if not r or r["t_want"] is None else "%.3f" % r["t_want"])
            f.write("%g %s\n" % (cores, " ".join(vals)))


def plot(args):
    """The Figure 3 shaped plot of reclaim.dat: seconds to reclaim vs host cores, per method."""
    dat = os.path.join(args.out, "reclaim.dat")
    if not shutil.which("gnuplot"):
        print("bench-reclaim: gnuplot is not installed (Debian package gnuplot-nox): no plot")
        return
    with open(dat) as f:
        cores = [float(l.split()[0]) for l in f if not l.startswith("#")]
    lines = []
    for i, (load, dash) in enumerate((("busy", 1), ("idle", 2))):
        for j, m in enumerate(METHODS):
            lines.append("'%s' using 1:%d with linespoints dt %d lw 2 lc %d pt %d "
                         "title '%s, %s guest'"
                         % (dat, 2 + len(METHODS) * i + j, dash, j + 1, 7 - 2 * i, m, load))
    script = """
set title "Seconds to get %d MiB of a real guest's free memory back (%d vCPUs, QEMU TCG)\\n%s"
set xlabel 'host cores available to QEMU (log scale)'
set ylabel 'seconds (log scale)'
set logscale xy
set xrange [%g:%g]
set xtics (%s)
set grid
set key outside right
plot %s
""" % (args.fill_mib * 9 // 10, args.cpus,
       "from the host's request; free page reporting: from the guest's delete",
       min(cores) / 1.3, max(cores) * 1.3, ", ".join("'%g' %g" % (c, c) for c in cores),
       ", ".join(lines))
    for term, ext in (("svg size 960,520 dynamic", "svg"), ("pngcairo size 960,520", "png")):
        subprocess.run(["gnuplot"], input="set terminal %s\nset output '%s'\n%s"
                       % (term, os.path.join(args.out, "reclaim." + ext), script),
                       text=True, check=True)


def item_list(kind, allowed=None):
    def parse(text):
        items = [kind(x) for x in text.split(",") if x]
        if not items or (allowed and not set(items) <= set(allowed)):
            raise argparse.ArgumentTypeError("a comma-separated list of %s" % (
                "/".join(allowed) if allowed else "numbers"))
        if kind is float and min(items) <= 0:
            raise argparse.ArgumentTypeError("host cores must be above 0")
        return items
    return parse


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
    ap.add_argument("--cores", type=item_list(float), default=CORES,
                    help="host cores for QEMU (a fraction: a CPU quota), default " + CORES)
    ap.add_argument("--loads", type=item_list(str, ("busy", "idle")), default=LOADS,
                    help="guest loads, default " + LOADS)
    ap.add_argument("--methods", type=item_list(str, METHODS), default=",".join(METHODS),
                    help="default all: " + ",".join(METHODS))
    args = ap.parse_args()
    # Stopped: the guests, swap file and cgroups are removed on the way out (finally clauses).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("bench-reclaim: terminated"))
    if args.fill_mib % RANDOM_MIB:
        ap.error("--fill-mib must be a multiple of %d" % RANDOM_MIB)
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
    results = {s: {} for s in scenarios(args)}
    failures = {}
    for name, device, methods in (
            ("balloon", "virtio-balloon-pci", ("hyperupcall", "balloon")),
            ("reporting", "virtio-balloon-pci,free-page-reporting=on", ("reporting",)),
            ("swap", "virtio-balloon-pci", ("swap",))):
        methods = tuple(m for m in methods if m in args.methods)
        if not methods:
            continue
        try:
            boot(args, kdir, initrd, mods, name, device, methods, results)
        except Failure as e:
            failures[", ".join(methods)] = str(e)
            print("bench-reclaim: FAILED: %s" % e, flush=True)
    text = tables(args, results, failures)
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write(text)
    write_dat(args, results)
    plot(args)
    print(text)
    print("bench-reclaim: results.md, reclaim.svg and reclaim.png in %s; %.0f s in all"
          % (args.out, time.monotonic() - t0))
    complete = all(len(rows) == len(args.methods) for rows in results.values())
    ok = complete and all(summary(rows)["healthy"] == "yes"
                          for by_method in results.values() for rows in by_method.values())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
