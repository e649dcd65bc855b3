# SPDX-License-Identifier: MIT
"""Host-side limits for the reclaim benchmark (docs/reclaim-bench.md): a share of the host's cores
(cgroup v1 `cpu` controller: a CFS quota, and a weight so that the share is had on a busy host), a
memory cgroup whose limit makes the host kernel swap the guest's memory out (cgroup v1 `memory`
controller), and the swap file it swaps to.
The benchmark creates each one and removes it; every failure names the file and the error.
"""
import contextlib
import math
import os
import subprocess
import time

from realguest import Failure

PERIOD_US = 100000  # CFS period: a quota of cores * PERIOD_US per period
WEIGHT_MAX = 262144  # cpu.shares' largest value; a task outside any group weighs 1024 (nice 0)


def own_cgroup(controller):
    """This process's cgroup (v1) for `controller`, from /proc/self/cgroup."""
    with open("/proc/self/cgroup") as f:
        for line in f:
            _, controllers, path = line.rstrip("\n").split(":", 2)
            if controller in controllers.split(","):
                return "/sys/fs/cgroup/%s%s" % (controller, path.rstrip("/"))
    raise Failure("no cgroup v1 %s controller in /proc/self/cgroup" % controller)


class Cgroup:
    """A child of this process's own cgroup for one v1 controller."""

    def __init__(self, controller, name):
        self.parent = own_cgroup(controller)
        self.path = os.path.join(self.parent, name)
        try:
            os.mkdir(self.path)
        except OSError as e:
            raise Failure("cannot create cgroup %s: %s (needs root and cgroup v1 %s mounted)"
                          % (self.path, e.strerror, controller))

    def write(self, name, value):
        fd = os.open(os.path.join(self.path, name), os.O_WRONLY)
        try:
            os.write(fd, str(value).encode())
        finally:
            os.close(fd)

    def read(self, name):
        with open(os.path.join(self.path, name)) as f:
            return f.read()

    def add(self, pid):
        """Moves every thread of process `pid` in."""
        self.write("cgroup.procs", pid)

    def add_thread(self, tid):
        self.write("tasks", tid)

    @contextlib.contextmanager
    def entered(self):
        """Runs the body with this process in the cgroup (what it allocates is charged here)."""
        self.add(os.getpid())
        try:
            yield
        finally:
            with open(os.path.join(self.parent, "cgroup.procs"), "w") as f:
                f.write(str(os.getpid()))

    def remove(self):
        """Removes the cgroup once the processes in it have ended (bounded wait)."""
        deadline = time.monotonic() + 10
        while True:
            try:
                os.rmdir(self.path)
                return
            except FileNotFoundError:
                return
            except OSError as e:
                if time.monotonic() > deadline:
                    raise Failure("cannot remove cgroup %s: %s" % (self.path, e.strerror))
                time.sleep(0.1)


class CpuShare(Cgroup):
    def __init__(self, name):
        super().__init__("cpu", name)
        self.write("cpu.cfs_period_us", PERIOD_US)

    def set(self, cores):
        """While `cores` is not None: a weight far above every other task's, so that the group gets
        the CPU it can use on a busy host, and at most `cores` of a core per period when below 1.
        None: no quota, the default weight."""
        quota = -1 if cores is None or cores >= 1 else int(cores * PERIOD_US)
        self.write("cpu.cfs_quota_us", quota)
        self.write("cpu.shares", 1024 if cores is None else WEIGHT_MAX)

    def throttled_s(self):
        """Seconds the cgroup's threads were held back by the quota, summed over threads."""
        for line in self.read("cpu.stat").splitlines():
            key, value = line.split()
            if key == "throttled_time":
                return int(value) / 1e9
        raise Failure("%s/cpu.stat has no throttled_time" % self.path)


class MemoryCgroup(Cgroup):
    def __init__(self, name):
        super().__init__("memory", name)

    def usage(self):
        return int(self.read("memory.usage_in_bytes"))

    def limit(self, nbytes):
        """Sets the limit (-1: none). Lowering it reclaims (swaps) in the caller until the usage
        is below it; the kernel answers EBUSY if it cannot."""
        self.write("memory.limit_in_bytes", nbytes)


class SwapFile:
    """A swap file, enabled until close()."""

    def __init__(self, path, size):
        self.path = path
        if os.path.exists(path):
            os.unlink(path)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.posix_fallocate(fd, 0, size)
        finally:
            os.close(fd)
        for cmd in (["mkswap", "-q", path], ["swapon", path]):
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode:
                os.unlink(path)
                raise Failure("%s: %s" % (" ".join(cmd), (r.stderr or r.stdout).strip()))

    def close(self):
        r = subprocess.run(["swapoff", self.path], capture_output=True, text=True)
        if r.returncode:
            raise Failure("swapoff %s: %s" % (self.path, r.stderr.strip()))
        os.unlink(self.path)


def affinity(cores):
    """The host CPUs QEMU may run on for `cores` (whole cores; a fraction runs on CPU 0)."""
    return set(range(max(1, math.ceil(cores))))
