#!/usr/bin/env python3
"""Writes the BPF object that hyperupcall table entry N carries (hupcall/table.h), from the raw
bytes of a 'hupcalls' section (llvm-objcopy -O binary --only-section=hupcalls). Usage:
table_object.py TABLE N OUT."""
import struct
import sys

table, index, out = open(sys.argv[1], "rb").read(), int(sys.argv[2]), sys.argv[3]
at = 0
for _ in range(index):
    at += struct.unpack_from("<Q", table, at + 16)[0]  # entry_size
magic, = struct.unpack_from("<I", table, at)
if magic != 0x43505548:
    sys.exit("no table entry at offset %d" % at)
obj_off, obj_size = struct.unpack_from("<QQ", table, at + 32)
open(out, "wb").write(table[at + obj_off:at + obj_off + obj_size])
