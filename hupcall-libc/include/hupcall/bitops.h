/* SPDX-License-Identifier: MIT */
/*
 * Bit operations on guest bitmaps (arrays of unsigned long), with bounds. Searches look at most
 * HU_BITMAP_MAX_BITS bits (define it before including to change it); BPF has no count-trailing-
 * zeros instruction and LLVM would expand one into a table in .rodata, so hu_ctz64 is written out.
 */
#ifndef HUPCALL_BITOPS_H
#define HUPCALL_BITOPS_H

#include <hupcall/compiler.h>
#include <hupcall/types.h>

#ifndef HU_BITMAP_MAX_BITS
#define HU_BITMAP_MAX_BITS 256
#endif
#define HU_BITMAP_MAX_LONGS (HU_BITMAP_MAX_BITS / HU_BITS_PER_LONG)

#define HU_BIT_WORD(nr) ((nr) / HU_BITS_PER_LONG)
#define HU_BITS_TO_LONGS(nr) (((nr) + HU_BITS_PER_LONG - 1) / HU_BITS_PER_LONG)

/* Index of the lowest set bit of a non-zero word, by binary search (no loop, no table). */
static __hu_inline unsigned long hu_ctz64(hu_u64 w)
{
    unsigned long n = 0;

    if (!(w & 0xffffffffULL)) {
        n += 32;
        w >>= 32;
    }
    if (!(w & 0xffffULL)) {
        n += 16;
        w >>= 16;
    }
    if (!(w & 0xffULL)) {
        n += 8;
        w >>= 8;
    }
    if (!(w & 0xfULL)) {
        n += 4;
        w >>= 4;
    }
    if (!(w & 0x3ULL)) {
        n += 2;
        w >>= 2;
    }
    if (!(w & 0x1ULL))
        n += 1;
    return n;
}

static __hu_inline int hu_test_bit(unsigned long nr, const unsigned long *addr)
{
    return 1UL & (addr[HU_BIT_WORD(nr)] >> (nr % HU_BITS_PER_LONG));
}

/*
 * First set bit at or after `offset` in the `size`-bit bitmap at `addr`, or `size` if none.
 * Looks at HU_BITMAP_MAX_LONGS words at most. No early return: an unrolled loop that returns
 * from inside merges its exits into one block placed before the later iterations, a backward
 * jump the verifier rejects; this one visits every word and keeps the first hit.
 */
static __hu_inline unsigned long hu_find_next_bit(const unsigned long *addr, unsigned long size,
                                                  unsigned long offset)
{
    unsigned long k, idx, w, found = size;

    HU_UNROLL for (k = 0; k < HU_BITMAP_MAX_LONGS; k++)
    {
        idx = HU_BIT_WORD(offset) + k;
        if (found != size || offset >= size || idx * HU_BITS_PER_LONG >= size)
            continue;
        w = addr[idx];
        if (k == 0)
            w &= ~0UL << (offset % HU_BITS_PER_LONG);
        if (w)
            found = idx * HU_BITS_PER_LONG + hu_ctz64(w);
    }
    return found < size ? found : size;
}

static __hu_inline unsigned long hu_find_first_bit(const unsigned long *addr, unsigned long size)
{
    return hu_find_next_bit(addr, size, 0);
}

/* Every set bit below `size` (and below HU_BITMAP_MAX_BITS), in order; `bit` is the caller's. */
// clang-format off
#define hu_for_each_set_bit(bit, addr, size)                                                       \
    HU_UNROLL for ((bit) = 0; (bit) < HU_BITMAP_MAX_BITS && (bit) < (size); (bit)++)               \
        if (!hu_test_bit(bit, addr)) {                                                             \
        } else
// clang-format on

#ifndef HU_NO_KERNEL_NAMES
#define BITS_PER_LONG HU_BITS_PER_LONG
#define BIT(nr) (1UL << (nr))
#define BIT_WORD HU_BIT_WORD
#define BITS_TO_LONGS HU_BITS_TO_LONGS
#define test_bit hu_test_bit
#define find_next_bit hu_find_next_bit
#define find_first_bit hu_find_first_bit
#define for_each_set_bit hu_for_each_set_bit
#endif

#endif /* HUPCALL_BITOPS_H */
