"""Writes 64 of Linux 6.1's x86-64 struct page (64 bytes: flags at 0, private at 40, page_type at
48) for the kernel-headers reclaim and aging hyperupcalls: free buddy blocks of order 3 at frame 8,
order 0 at 20 and 40 (40's order checked from 41), order 1 at 32; frames 50-55 with LRU flags.
A page_type of all ones is no type; PageBuddy() is the PG_buddy bit (0x80) cleared."""
import struct
import sys

PAGE_TYPE_NONE, PAGE_BUDDY = 0xFFFFFFFF, 0xFFFFFF7F
PG_REFERENCED, PG_LRU, PG_ACTIVE, PG_UNEVICTABLE, PG_MLOCKED = 1, 4, 5, 20, 21

pages = bytearray(64 * 64)


def page(pfn, page_type=PAGE_TYPE_NONE, private=0, flags=0):
    struct.pack_into("<Q", pages, pfn * 64, flags)
    struct.pack_into("<Q", pages, pfn * 64 + 40, private)
    struct.pack_into("<I", pages, pfn * 64 + 48, page_type)


for pfn in range(64):
    page(pfn)
page(8, PAGE_BUDDY, 3)
page(20, PAGE_BUDDY, 0)
page(32, PAGE_BUDDY, 1)
page(40, PAGE_BUDDY, 0)
page(50, flags=1 << PG_LRU)  # cold
page(51, flags=1 << PG_LRU | 1 << PG_ACTIVE)
page(52, flags=1 << PG_LRU | 1 << PG_REFERENCED)
page(53, flags=1 << PG_LRU | 1 << PG_UNEVICTABLE)
page(54, flags=1 << PG_LRU | 1 << PG_MLOCKED)
with open(sys.argv[1], "wb") as f:
    f.write(pages)
