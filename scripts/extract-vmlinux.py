#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Extracts the uncompressed vmlinux ELF from an x86 bzImage.

The boot protocol's setup header gives the compressed payload's place (payload_offset and
payload_length, relative to the protected-mode code after the setup sectors); the payload is one
gzip, xz or zstd stream. The ELF keeps the PVH entry note, so QEMU boots it with -kernel directly.

usage: extract-vmlinux.py BZIMAGE OUT
"""
import gzip
import lzma
import struct
import subprocess
import sys


def payload(image):
    if image[0x202:0x206] != b"HdrS":
        raise ValueError("not a bzImage (no HdrS setup header)")
    setup_sects = image[0x1F1] or 4
    offset, length = struct.unpack_from("<II", image, 0x248)
    start = (setup_sects + 1) * 512 + offset
    if start + length > len(image):
        raise ValueError("payload runs past the end of the image")
    return image[start : start + length]


def decompress(data):
    if data.startswith(b"\xfd7zXZ\x00"):
        return lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(data)
    if data.startswith(b"\x1f\x8b"):
        return gzip.decompress(data)
    if data.startswith(b"\x28\xb5\x2f\xfd"):
        return subprocess.run(["zstd", "-dc"], input=data, capture_output=True, check=True).stdout
    raise ValueError("unknown payload compression (magic %s)" % data[:6].hex())


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    with open(sys.argv[1], "rb") as f:
        elf = decompress(payload(f.read()))
    if elf[:4] != b"\x7fELF":
        sys.exit("extract-vmlinux: the payload is not an ELF file")
    with open(sys.argv[2], "wb") as f:
        f.write(elf)


if __name__ == "__main__":
    main()
