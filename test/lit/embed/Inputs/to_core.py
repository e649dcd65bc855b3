#!/usr/bin/env python3
"""The guest's memory at boot, as the loader's guest image format (an ELF64 core file whose
PT_LOAD segments carry guest memory): a static guest executable's PT_LOAD segments are exactly
that, so this copies the image, marks it ET_CORE and moves every segment up by a KASLR-like
slide. Usage: to_core.py IMAGE SLIDE OUT."""
import struct
import sys

ET_CORE, PT_LOAD = 4, 1


def main():
    image, slide, out = sys.argv[1], int(sys.argv[2], 0), sys.argv[3]
    img = bytearray(open(image, "rb").read())
    struct.pack_into("<H", img, 16, ET_CORE)
    phoff, = struct.unpack_from("<Q", img, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", img, 0x36)
    for i in range(phnum):
        at = phoff + i * phentsize
        if struct.unpack_from("<I", img, at)[0] == PT_LOAD:
            vaddr, paddr = struct.unpack_from("<QQ", img, at + 16)
            struct.pack_into("<QQ", img, at + 16, vaddr + slide, paddr + slide)
    open(out, "wb").write(img)


if __name__ == "__main__":
    main()
