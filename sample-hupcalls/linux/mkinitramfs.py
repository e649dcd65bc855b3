#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes a gzip-compressed initramfs (cpio "newc" format) for the real-guest test.

The archive holds busybox-static as /bin/busybox, the applets the init script uses as symlinks
to it, the init script as /init and any extra files (the test modules) as given.

usage: mkinitramfs.py OUT --busybox PATH --init SCRIPT [--file SRC=DEST]...
"""
import argparse
import gzip
import os
import stat

APPLETS = ["sh", "mount", "insmod", "rmmod", "dmesg", "cat", "echo", "grep", "stty", "sync",
           "dd", "md5sum", "poweroff", "sleep", "cut", "head", "tail", "free", "sysctl"]


class Newc:
    """The cpio newc format: a 110-byte ASCII header per entry, name and data padded to 4."""

    def __init__(self):
        self.out = bytearray()
        self.ino = 1

    def _pad(self):
        self.out += b"\0" * (-len(self.out) % 4)

    def add(self, name, mode, data=b""):
        fields = [self.ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name) + 1, 0]
        self.ino += 1
        self.out += b"070701" + b"".join(b"%08X" % f for f in fields)
        self.out += name.encode() + b"\0"
        self._pad()
        self.out += data
        self._pad()

    def dir(self, name):
        self.add(name, stat.S_IFDIR | 0o755)

    def file(self, name, data, mode=0o755):
        self.add(name, stat.S_IFREG | mode, data)

    def symlink(self, name, target):
        self.add(name, stat.S_IFLNK | 0o777, target.encode())

    def finish(self):
        self.add("TRAILER!!!", 0)
        return bytes(self.out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--busybox", required=True)
    ap.add_argument("--init", required=True)
    ap.add_argument("--file", action="append", default=[], metavar="SRC=DEST")
    args = ap.parse_args()

    cpio = Newc()
    for d in ("bin", "dev", "proc", "sys", "tmp", "lib", "lib/modules"):
        cpio.dir(d)
    with open(args.busybox, "rb") as f:
        cpio.file("bin/busybox", f.read())
    for applet in APPLETS:
        cpio.symlink("bin/" + applet, "busybox")
    with open(args.init, "rb") as f:
        cpio.file("init", f.read())
    for spec in args.file:
        src, _, dest = spec.partition("=")
        with open(src, "rb") as f:
            cpio.file(dest.lstrip("/"), f.read(), 0o644)
    tmp = args.out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(gzip.compress(cpio.finish(), compresslevel=6))
    os.replace(tmp, args.out)


if __name__ == "__main__":
    main()
