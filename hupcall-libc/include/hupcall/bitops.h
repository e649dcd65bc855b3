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

/*
 * Index of the lowest set bit of a non-zero word (64 for 0): a population count of the bits below
 * it, which the BPF back end expands with shifts, masks and one multiply, without a branch or the
 * table in .rodata it would use for count-trailing-zeros.
 */
static __hu_inline unsigned long hu_ctz64(hu_u64 w)
{
    return (unsigned long)__builtin_popcountll((w & -w) - 1);
}

static __hu_inline int hu_test_bit(unsigned long nr, const unsigned long *addr)
{
    return 1UL & (addr[HU_BIT_WORD(nr)] >> (nr % HU_BITS_PER_LONG));
}

/*
 * First set bit at or after `offset` in the `size`-bit bitmap at `addr`, or `size` if none.
 * Looks at the first HU_BITMAP_MAX_LONGS words at most. Written for a walk that calls it once per
 * set bit (the kernel's for_each_set_bit is find_first_bit then find_next_bit): every word is read
 * at a constant index, so an unrolled walk reads each word once (the compiler merges the loads);
 * the words are taken from the last to the first, the lowest non-zero one (bits below `offset`
 * and from `size` on cleared) kept with selects, and only that one is counted. No early return:
 * an unrolled loop that returns from inside merges its exits into one block placed before the
 * later iterations, a backward jump the verifier rejects.
 */
static __hu_inline unsigned long hu_find_next_bit(const unsigned long *addr, unsigned long size,
                                                  unsigned long offset)
{
    unsigned long j, k, lo, w, first = 0, first_lo = size;

    HU_UNROLL for (j = 0; j < HU_BITMAP_MAX_LONGS; j++)
    {
        k = HU_BITMAP_MAX_LONGS - 1 - j;
        lo = k * HU_BITS_PER_LONG;
        if (lo >= size)
            continue;
        w = addr[k];
        if (size - lo < HU_BITS_PER_LONG)
            w &= ~0UL >> (HU_BITS_PER_LONG - (size - lo));
        if (offset > lo)
            w &= offset - lo >= HU_BITS_PER_LONG ? 0 : ~0UL << (offset - lo);
        if (w) {
            first = w;
            first_lo = lo;
        }
    }
    return first ? first_lo + hu_ctz64(first) : size;
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
