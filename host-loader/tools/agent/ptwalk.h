/* SPDX-License-Identifier: MIT */
/* x86-64 page-table walks over guest-physical memory the host can read: 4-level (48-bit) and
 * 5-level (57-bit) paging, with 4 KiB, 2 MiB and 1 GiB pages. The tables are the guest's and
 * untrusted: every table address is checked against guest RAM before it is read. */
#ifndef HU_AGENT_PTWALK_H
#define HU_AGENT_PTWALK_H

#include <stdint.h>

/* Guest-physical memory [0, size) at host address base. */
struct pt_mem {
    const uint8_t *base;
    uint64_t size;
};

/* Where a guest virtual address lands. */
struct pt_leaf {
    uint64_t va_start; /* first address of the page (or the unmapped region) holding va */
    uint64_t size;     /* its size: 4 KiB, 2 MiB or 1 GiB (512 GiB, 256 TiB for empty tables) */
    uint64_t pa;       /* the page's guest-physical address (present pages only) */
};

/*
 * Translates va through the tables at `root` (guest-physical, `levels` 4 or 5). 0: mapped, *leaf
 * is the page. -ENOENT: not mapped, *leaf is the aligned unmapped region holding va, so a caller
 * walking a range can skip it. -EFAULT: a table lies outside guest RAM (leaf->va_start and size
 * still say how far to skip). -EINVAL: bad levels or root, or va is not canonical.
 */
int pt_lookup(const struct pt_mem *mem, uint64_t root, unsigned levels, uint64_t va,
              struct pt_leaf *leaf);

#endif /* HU_AGENT_PTWALK_H */
