#!/usr/bin/env python3
"""Writes a copy of a guest image with its hyperupcall table damaged in one way, to check that
the guest's walker and the host loader refuse it. Usage: corrupt.py IMAGE MODE OUT."""
import os
import struct
import sys

ENTRY = 112  # sizeof(struct hu_table_entry)


def table_range(img):
    """File offset and size of the 'hupcalls' section of an ELF64 little-endian image."""
    shoff, = struct.unpack_from("<Q", img, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", img, 0x3A)
    sections = [struct.unpack_from("<IIQQQQ", img, shoff + i * shentsize) for i in range(shnum)]
    strtab = sections[shstrndx][4]
    for name, _, _, _, off, size in sections:
        end = img.index(b"\0", strtab + name)
        if img[strtab + name:end] == b"hupcalls":
            return off, size
    sys.exit("no hupcalls section")


def symbol_entry(img, wanted):
    """File offset of symbol `wanted`'s Elf64_Sym in the image's .symtab."""
    shoff, = struct.unpack_from("<Q", img, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", img, 0x3A)
    for i in range(shnum):
        _, sh_type, _, _, off, size, link = struct.unpack_from("<IIQQQQI", img, shoff + i * shentsize)
        if sh_type != 2:  # SHT_SYMTAB
            continue
        strtab = struct.unpack_from("<Q", img, shoff + link * shentsize + 24)[0]
        for at in range(off, off + size, 24):
            name, = struct.unpack_from("<I", img, at)
            end = img.index(b"\0", strtab + name)
            if img[strtab + name:end] == wanted:
                return at
    sys.exit("no symbol " + wanted.decode())


def patch(img, at, fmt, value):
    struct.pack_into(fmt, img, at, value)


def main():
    image, mode, out = sys.argv[1:4]
    img = bytearray(open(image, "rb").read())
    t, size = table_range(img)
    entry_size, syms_offset, obj_offset, obj_size = struct.unpack_from("<QQQQ", img, t + 16)
    second = t + entry_size  # the second entry, when there is one
    if mode == "magic":
        patch(img, second, "<I", 0x12345678)
    elif mode == "version":
        patch(img, t + 4, "<H", 2)
    elif mode == "truncated":  # the last entry claims more bytes than the table has
        last = t
        while last + struct.unpack_from("<Q", img, last + 16)[0] < t + size:
            last += struct.unpack_from("<Q", img, last + 16)[0]
        patch(img, last + 16, "<Q", t + size - last + 8)
    elif mode == "overlap":  # the first object runs into the second entry
        patch(img, t + 40, "<Q", entry_size - obj_offset + 8)
    elif mode == "overlap-syms":  # the object starts over the symbol references
        patch(img, t + 32, "<Q", syms_offset)
    elif mode == "zero-size":  # would make a careless walker loop forever
        patch(img, t + 16, "<Q", 0)
    elif mode == "sym-name":
        patch(img, t + syms_offset + 8, "<I", 0xFFFFFF00)
    elif mode == "name":  # no NUL in the name field
        img[t + 48:t + ENTRY] = b"x" * (ENTRY - 48)
    elif mode == "duplicate":  # the second entry takes the first one's name
        img[second + 48:second + ENTRY] = img[t + 48:t + ENTRY]
    elif mode == "stop-outside":  # __stop_hupcalls far beyond any section
        patch(img, symbol_entry(img, b"__stop_hupcalls") + 8, "<Q", 1 << 40)
    else:
        sys.exit("unknown mode " + mode)
    open(out, "wb").write(img)
    os.chmod(out, 0o755)  # the damaged guest still runs, and refuses its own table


if __name__ == "__main__":
    main()
