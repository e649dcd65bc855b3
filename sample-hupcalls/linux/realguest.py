#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Drives a real Linux guest under QEMU and the host agent, for the real-guest test and the demo.

The guest's RAM and the ivshmem channel are files in a work folder, QMP a unix socket there; the
guest's /init (init.sh) runs the shell commands this module sends on the serial console and
answers each with "@@rc N". The agent (hu-agent) runs as a child, its commands on stdin.
"""
import os
import re
import select
import shutil
import subprocess
import tempfile
import time

MiB = 1 << 20


class Failure(Exception):
    pass


class Lines:
    """Line reader over a child's pipe, with a deadline per wait."""

    def __init__(self, pipe, log):
        self.fd = pipe.fileno()
        self.buf = b""
        self.log = log

    def readline(self, deadline):
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.fd], [], [], left)[0]:
                return None
            chunk = os.read(self.fd, 65536)
            if not chunk:
                return None
            self.buf += chunk
        line, _, self.buf = self.buf.partition(b"\n")
        text = line.decode("utf-8", "replace").rstrip("\r")
        self.log.write(text + "\n")
        self.log.flush()
        return text


class Child:
    """A child process driven line by line: commands on stdin, answers on stdout."""

    def __init__(self, cmd, log_path):
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.out = Lines(self.proc.stdout, self.log)

    def send(self, line):
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()

    def until(self, pattern, timeout, what):
        """The lines up to the first matching `pattern`, and its match."""
        deadline = time.monotonic() + timeout
        lines = []
        while True:
            line = self.out.readline(deadline)
            if line is None:
                raise Failure("%s: no line matching %r within %ds (log: %s)"
                              % (what, pattern, timeout, self.log.name))
            m = re.search(pattern, line)
            if m:
                return m, lines
            lines.append(line)

    def stop(self, goodbye):
        if self.proc.poll() is None:
            try:
                self.send(goodbye)
                self.proc.wait(10)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def shared_memory_dir(work, need):
    """Guest RAM lives in shared memory (tmpfs), as QEMU's memory backends usually do: punching
    holes there frees pages at once (about 3 times faster than on ext4 here). Else, or when it
    has not `need` bytes free (containers often get 64 MiB), in `work`."""
    try:
        st = os.statvfs("/dev/shm")
        if os.access("/dev/shm", os.W_OK) and st.f_bavail * st.f_frsize >= 2 * need:
            return tempfile.mkdtemp(prefix="hupcall-guest-", dir="/dev/shm")
    except OSError:
        pass
    return work


class Guest(Child):
    def __init__(self, work, kernel, initrd, ram_mib=256, cpus=2, append="", qemu_args=()):
        self.work = work
        os.makedirs(work, exist_ok=True)
        self.shm = shared_memory_dir(work, (ram_mib + 8) * MiB)
        self.ram = os.path.join(self.shm, "ram")
        self.chan = os.path.join(self.shm, "channel")
        self.qmp = os.path.join(work, "qmp.sock")
        for path, size in ((self.ram, ram_mib * MiB), (self.chan, 8 * MiB)):
            with open(path, "wb") as f:
                f.truncate(size)
                # Every frame backed on the host from the start, as with a guest that has run a
                # while: what discard returns is then visible in the file's allocated size.
                os.posix_fallocate(f.fileno(), 0, size)
        if os.path.exists(self.qmp):
            os.unlink(self.qmp)
        cmd = ["qemu-system-x86_64", "-nographic", "-no-reboot", "-m", "%dM" % ram_mib,
               "-smp", str(cpus),
               "-object",
               "memory-backend-file,id=ram,size=%dM,mem-path=%s,share=on" % (ram_mib, self.ram),
               "-machine", "pc,memory-backend=ram",
               "-object", "memory-backend-file,id=hush,size=8M,mem-path=%s,share=on" % self.chan,
               "-device", "ivshmem-plain,memdev=hush",
               "-qmp", "unix:%s,server=on,wait=off" % self.qmp,
               "-kernel", kernel, "-initrd", initrd,
               "-append", "console=ttyS0 panic=-1 loglevel=4 " + append,
               "-serial", "stdio", "-monitor", "none", "-display", "none"] + list(qemu_args)
        t0 = time.monotonic()
        super().__init__(cmd, os.path.join(work, "console.log"))
        try:
            self.release = self.until(r"@@ready (\S+)", 180, "guest boot")[0].group(1)
        except Failure:
            self.stop()  # no caller holds a guest that never booted
            raise
        self.boot_s = time.monotonic() - t0

    def run(self, command, timeout=60, check=True):
        """Runs a shell command in the guest; returns its output lines."""
        self.send(command)
        return self.wait(timeout, check)

    def send(self, command):
        """Starts a shell command in the guest; wait() collects it."""
        self.pending = command
        super().send(command)

    def wait(self, timeout=60, check=True):
        m, lines = self.until(r"^@@rc (\d+)$", timeout, "guest: %r" % self.pending)
        if check and m.group(1) != "0":
            raise Failure("guest: %r exited %s: %s" % (self.pending, m.group(1), lines[-5:]))
        return lines

    def stop(self):
        super().stop("poweroff -f")
        if self.shm != self.work:
            shutil.rmtree(self.shm, ignore_errors=True)


class Agent(Child):
    def __init__(self, exe, guest):
        super().__init__([exe, "--ram", guest.ram, "--channel", guest.chan, "--qmp", guest.qmp],
                         os.path.join(guest.work, "agent.log"))
        try:
            self.until(r"^hu-agent: attached", 10, "agent")
        except Failure:
            self.stop()
            raise

    def cmd(self, command, timeout=60):
        """Runs an agent command; returns (ok, output lines)."""
        self.send(command)
        m, lines = self.until(r"^@@ \S+ (ok|failed)$", timeout, "agent: %r" % command)
        return m.group(1) == "ok", lines

    def stop(self):
        super().stop("quit")
