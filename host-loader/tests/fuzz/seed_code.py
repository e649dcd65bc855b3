#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Seed corpora from the project's own objects (files, or every *.o of a directory): each object
as it is for fuzz_load_run, and for fuzz_prog two files per hupcall/<event> code section: its first
byte the event's index in fuzz_prog's list (with bit 7 set in the second: all-ones guest data),
then the section's instruction slots.
usage: seed_code.py OBJECT_SEEDS CODE_SEEDS OBJ_OR_DIR..."""
import glob
import os
import shutil
import struct
import sys

EVENTS = ["exit", "entry", "interrupt", "map", "reclaim", "aging", "preempt"]


def sections(data):
    """(name, bytes) of every section of a little-endian ELF64 relocatable object."""
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    headers = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    strtab = headers[shstrndx]
    for h in headers:
        start = strtab[4] + h[0]
        name = data[start:data.index(b"\0", start)].decode()
        yield name, data[h[4]:h[4] + h[5]]


def objects(args):
    for a in args:
        yield from sorted(glob.glob(os.path.join(a, "*.o"))) if os.path.isdir(a) else [a]


def main():
    objs, out = sys.argv[1], sys.argv[2]
    os.makedirs(objs, exist_ok=True)
    os.makedirs(out, exist_ok=True)
    for path in objects(sys.argv[3:]):
        shutil.copy(path, objs)
        data = open(path, "rb").read()
        for name, code in sections(data):
            event = name[len("hupcall/"):]
            if name.startswith("hupcall/") and event in EVENTS and code:
                for ones in (0, 0x80):  # random-looking or all-ones guest data
                    seed = os.path.join(out, "%s-%s-%x" % (os.path.basename(path), event, ones))
                    with open(seed, "wb") as f:
                        f.write(bytes([EVENTS.index(event) | ones]) + code)


if __name__ == "__main__":
    main()
