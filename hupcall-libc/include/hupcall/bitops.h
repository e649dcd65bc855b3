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

/* The kernel's bit searches on one word (linux/bitops.h, asm/bitops.h): __ffs and __fls of 0 are
 * undefined in the kernel (here 64 and 0, no trap); ffz(w) is __ffs(~w); fls/fls64 count from 1
 * and give 0 for 0. Counts of leading zeros go through the plugin (hupcall-bitcounts), never a
 * table. */
static __hu_inline unsigned long hu___ffs(unsigned long w)
{
    return hu_ctz64(w);
}

static __hu_inline unsigned long hu___fls(unsigned long w)
{
    return w ? 63 - (unsigned long)__builtin_clzl(w) : 0;
}

static __hu_inline int hu_fls64(hu_u64 w)
{
    return w ? 64 - __builtin_clzll(w) : 0;
}

static __hu_inline int hu_fls(unsigned int w)
{
    return w ? 32 - __builtin_clz(w) : 0;
}

#define hu_hweight8(w) ((unsigned int)__builtin_popcount((hu_u8)(w)))
#define hu_hweight16(w) ((unsigned int)__builtin_popcount((hu_u16)(w)))
#define hu_hweight32(w) ((unsigned int)__builtin_popcount((hu_u32)(w)))
#define hu_hweight64(w) ((unsigned long)__builtin_popcountll((hu_u64)(w)))

/* Bits h..l set (linux/bits.h). */
#define HU_GENMASK(h, l) ((~0UL << (l)) & (~0UL >> (HU_BITS_PER_LONG - 1 - (h))))

static __hu_inline int hu_test_bit(unsigned long nr, const unsigned long *addr)
{
    return 1UL & (addr[HU_BIT_WORD(nr)] >> (nr % HU_BITS_PER_LONG));
}

/* A bitmap the compiler knows is larger than the walks look at would be walked only in part:
 * a compile error at the line instead (a variable size is bounded silently: document it). */
void hu_bitmap_too_large(void) HU_UNAVAILABLE(
    "bitmap larger than HU_BITMAP_MAX_BITS: the walk would stop there; define HU_BITMAP_MAX_BITS "
    "to the bitmap's size before including <hupcall/hupcall.h> (each bit costs instructions), or "
    "walk it in parts of at most HU_BITMAP_MAX_BITS bits");
#define hu_bitmap_check_size_(size)                                                                \
    ((void)(__builtin_constant_p(size) && (unsigned long)(size) > HU_BITMAP_MAX_BITS               \
                ? hu_bitmap_too_large()                                                            \
                : (void)0))

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

    hu_bitmap_check_size_(size);
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
    HU_UNROLL for ((bit) = (hu_bitmap_check_size_(size), 0);                                       \
                   (bit) < HU_BITMAP_MAX_BITS && (bit) < (size); (bit)++)                          \
        if (!hu_test_bit(bit, addr)) {                                                             \
        } else
// clang-format on

/* Changing one bit: the __ forms are a plain read-modify-write of the word (the kernel's
 * non-atomic ones), the others one atomic or/and/xor of the 8-byte word, a BPF atomic
 * instruction (docs/framework.md, "Atomics are exact"). */
#define hu_bit_word_(nr, addr) ((addr) + HU_BIT_WORD(nr))
#define hu_bit_mask_(nr) (1UL << ((nr) % HU_BITS_PER_LONG))
#define hu___set_bit(nr, addr) ((void)(*hu_bit_word_(nr, addr) |= hu_bit_mask_(nr)))
#define hu___clear_bit(nr, addr) ((void)(*hu_bit_word_(nr, addr) &= ~hu_bit_mask_(nr)))
#define hu___change_bit(nr, addr) ((void)(*hu_bit_word_(nr, addr) ^= hu_bit_mask_(nr)))
#define hu_set_bit(nr, addr)                                                                       \
    ((void)__atomic_fetch_or(hu_bit_word_(nr, addr), hu_bit_mask_(nr), __ATOMIC_SEQ_CST))
#define hu_clear_bit(nr, addr)                                                                     \
    ((void)__atomic_fetch_and(hu_bit_word_(nr, addr), ~hu_bit_mask_(nr), __ATOMIC_SEQ_CST))
#define hu_change_bit(nr, addr)                                                                    \
    ((void)__atomic_fetch_xor(hu_bit_word_(nr, addr), hu_bit_mask_(nr), __ATOMIC_SEQ_CST))
#define hu_test_and_set_bit(nr, addr)                                                              \
    (!!(__atomic_fetch_or(hu_bit_word_(nr, addr), hu_bit_mask_(nr), __ATOMIC_SEQ_CST) &            \
        hu_bit_mask_(nr)))
#define hu_test_and_clear_bit(nr, addr)                                                            \
    (!!(__atomic_fetch_and(hu_bit_word_(nr, addr), ~hu_bit_mask_(nr), __ATOMIC_SEQ_CST) &          \
        hu_bit_mask_(nr)))

#ifndef HU_NO_KERNEL_NAMES
#define __ffs hu___ffs
#define __fls hu___fls
#define ffz(w) hu___ffs(~(unsigned long)(w))
#define fls hu_fls
#define fls64 hu_fls64
#define hweight8 hu_hweight8
#define hweight16 hu_hweight16
#define hweight32 hu_hweight32
#define hweight64 hu_hweight64
#define hweight_long hu_hweight64
#define GENMASK HU_GENMASK
#define GENMASK_ULL HU_GENMASK
#define __set_bit hu___set_bit
#define __clear_bit hu___clear_bit
#define __change_bit hu___change_bit
#define set_bit hu_set_bit
#define clear_bit hu_clear_bit
#define change_bit hu_change_bit
#define test_and_set_bit hu_test_and_set_bit
#define test_and_clear_bit hu_test_and_clear_bit
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
