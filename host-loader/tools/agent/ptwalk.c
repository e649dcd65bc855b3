/* SPDX-License-Identifier: MIT */
/* x86-64 page-table walks: the hardware's rules (present bit, PS for 1 GiB and 2 MiB pages,
 * address bits 12-51) applied to tables read from guest RAM. */
#include "ptwalk.h"

#include <errno.h>
#include <string.h>

#define PTE_PRESENT 0x1ull
#define PTE_PS 0x80ull
#define PTE_ADDR 0x000ffffffffff000ull

/* Guest memory may change under us: each entry is read once, as one 8-byte load. */
static uint64_t read_entry(const struct pt_mem *mem, uint64_t table, unsigned index)
{
    uint64_t e;
    memcpy(&e, mem->base + table + index * 8ull, sizeof(e));
    return e;
}

static int canonical(uint64_t va, unsigned levels)
{
    unsigned bits = levels == 5 ? 57 : 48;
    int64_t s = (int64_t)(va << (64 - bits)) >> (64 - bits);
    return (uint64_t)s == va;
}

int pt_lookup(const struct pt_mem *mem, uint64_t root, unsigned levels, uint64_t va,
              struct pt_leaf *leaf)
{
    uint64_t table = root;

    if ((levels != 4 && levels != 5) || (root & 0xfff) || !canonical(va, levels))
        return -EINVAL;
    for (unsigned level = levels;; level--) {
        unsigned shift = 12 + 9 * (level - 1);
        uint64_t span = 1ull << shift;
        uint64_t e;

        leaf->va_start = va & ~(span - 1);
        leaf->size = span;
        if (table > mem->size || mem->size - table < 4096)
            return -EFAULT;
        e = read_entry(mem, table, (unsigned)(va >> shift) & 511);
        if (!(e & PTE_PRESENT))
            return -ENOENT;
        if (level > 1 && (e & PTE_PS)) { /* bit 7 of a 4 KiB PTE is PAT, not PS */
            /* A large page at the 1 GiB or 2 MiB level; PS is reserved in the top two levels. */
            if (level > 3)
                return -EFAULT;
            leaf->pa = e & PTE_ADDR & ~(span - 1);
            return 0;
        }
        if (level == 1) {
            leaf->pa = e & PTE_ADDR;
            return 0;
        }
        table = e & PTE_ADDR;
    }
}
