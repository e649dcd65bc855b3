#!/usr/bin/env python3
"""Writes an x86-64 core file laid out as QEMU's `dump-guest-memory` with paging writes it: one
PT_NOTE, then one PT_LOAD per mapped run of guest memory, more than PN_XNUM (65535) of them, so
e_phnum is PN_XNUM and the real count is section 0's sh_info. Each segment holds 8 bytes, its
own index, at guest virtual address BASE + index * 4096; the last two map the same guest-physical
page at two virtual addresses (as a kernel's direct map and its vmalloc alias do).

usage: qemu_dump.py OUT LOADS
"""
import struct
import sys

BASE = 0xFFFF888000000000
PN_XNUM, PT_LOAD, PT_NOTE, ET_CORE, EM_X86_64 = 0xFFFF, 1, 4, 4, 62


def main():
    out, loads = sys.argv[1], int(sys.argv[2])
    phnum = 1 + loads
    phoff = 64
    data = phoff + phnum * 56
    shoff = data + 8 + loads * 8
    ident = b"\x7fELF" + bytes([2, 1, 1]) + bytes(9)
    ehdr = ident + struct.pack("<HHIQQQIHHHHHH", ET_CORE, EM_X86_64, 1, 0, phoff, shoff, 0, 64,
                               56, PN_XNUM, 64, 1, 0)
    phdrs = [struct.pack("<IIQQQQQQ", PT_NOTE, 0, data, 0, 0, 8, 0, 0)]
    for i in range(loads):
        gpa = (i if i < loads - 1 else loads - 2) * 4096
        phdrs.append(struct.pack("<IIQQQQQQ", PT_LOAD, 0, data + 8 + i * 8, BASE + i * 4096, gpa,
                                 8, 8, 0))
    body = bytes(8) + b"".join(struct.pack("<Q", i) for i in range(loads))
    shdr0 = struct.pack("<IIQQQQIIQQ", 0, 0, 0, 0, 0, 0, 0, phnum, 0, 0)
    with open(out, "wb") as f:
        f.write(ehdr + b"".join(phdrs) + body + shdr0)


if __name__ == "__main__":
    main()
