// The kernel's bit operations on guest words and bitmaps, written as kernel code writes them:
// test_bit, __ffs, ffz, __fls, fls, fls64, hweight8..64, GENMASK, find_first_bit/find_next_bit,
// for_each_set_bit (over 64 bits and over all 256, HU_BITMAP_MAX_BITS, with a body that only
// computes: the SLP vectorizer made its sum a <64 x i64> vector that BPF keeps in 528 bytes of
// stack, "BPF stack limit is exceeded"), and __set_bit/__clear_bit/__change_bit, set_bit,
// clear_bit, change_bit, test_and_set_bit, test_and_clear_bit on guest words (the words read
// back). Both routes, both engines, natively the same values.
// REQUIRES: hucc, plugin, hu-load
// RUN: %host_cc -std=gnu11 -O2 -DHUPCALL_NATIVE -DIDIOM_MAIN -I %hupcall_include -I %S/Inputs %s -o %t.native
// RUN: %t.native > %t.native.out && FileCheck %s --input-file=%t.native.out
// RUN: %t.native image %t.bin && %hu-load mkimage -o %t.img 0xffff888000000000=file:%t.bin
// RUN: %hucc -c -O2 -g %s -o %t.o
// RUN: %hucc --kernel -c -O2 -g %s -o %t.k.o
// RUN: %S/Inputs/idiom-run.sh %hu-load interp %t.o %t.img %t.native.out | diff %t.native.out -
// RUN: %S/Inputs/idiom-run.sh %hu-load jit %t.o %t.img %t.native.out | diff %t.native.out -
// RUN: %S/Inputs/idiom-run.sh %hu-load interp %t.k.o %t.img %t.native.out | diff %t.native.out -
// RUN: %S/Inputs/idiom-run.sh %hu-load jit %t.k.o %t.img %t.native.out | diff %t.native.out -
// CHECK: words: r0 = 0xe02d3fb8c373120b{{$}}
// CHECK: weights: r0 = 0xe0e9007830635a1e{{$}}
// CHECK: set_bits_64: r0 = 0xd088bf0a1b09d6a7{{$}}
// CHECK: set_bits_256: r0 = 0x1ba0dd2cff{{$}}
// CHECK: find_walk: r0 = 0xc381bf1f5d0b6d25{{$}}
// CHECK: change_bits: r0 = 0x8000000000000138{{$}}
#include <hupcall/hupcall.h>

struct bits {
    unsigned long w[8];    /* single words, the edges included */
    unsigned long map[4];  /* a 256-bit bitmap */
    unsigned long flags[4]; /* changed by the bit operations */
};

/* Per word: the lowest and highest set bit, the lowest clear one, their counts from 1. */
HUPCALL_NAMED(exit, words)
{
    const struct bits *b = (const struct bits *)hu_arg(ctx, 0);
    unsigned long r = 0;
    int i;

    HU_UNROLL for (i = 0; i < 8; i++)
    {
        unsigned long x = READ_ONCE(b->w[i]);

        if (x)
            r = r * 67 + __ffs(x) * 3 + __fls(x);
        if (~x)
            r = r * 67 + ffz(x);
        r = r * 67 + (unsigned long)fls64(x) * 5 + (unsigned long)fls((unsigned int)x);
        r = r * 67 + (x & GENMASK(47, 12)) + test_bit(i * 9, b->w);
    }
    return (long)r;
}

HUPCALL_NAMED(exit, weights)
{
    const struct bits *b = (const struct bits *)hu_arg(ctx, 0);
    unsigned long r = 0;
    int i;

    HU_UNROLL for (i = 0; i < 8; i++)
    {
        unsigned long x = b->w[i];

        r = r * 131 + hweight64(x);
        r = r * 131 + hweight32(x >> 7) + hweight16(x >> 3) * 3 + hweight8(x >> 1) * 5;
        r = r * 131 + hweight_long(x & b->map[i & 3]);
    }
    return (long)r;
}

/* The kernel's for_each_set_bit over one word, a body that reads guest memory per bit. */
HUPCALL_NAMED(exit, set_bits_64)
{
    const struct bits *b = (const struct bits *)hu_arg(ctx, 0);
    unsigned long bit, r = 0;

    for_each_set_bit(bit, &b->w[3], BITS_PER_LONG) r = r * 31 + bit + b->w[bit & 7];
    return (long)r;
}

/* Over 256 bits, a body that only computes: a weighted sum, a count and the last bit. */
HUPCALL_NAMED(exit, set_bits_256)
{
    const struct bits *b = (const struct bits *)hu_arg(ctx, 0);
    unsigned long bit, sum = 0, n = 0, last = 0;

    for_each_set_bit(bit, b->map, 256)
    {
        sum += bit * bit;
        n++;
        last = bit;
    }
    return (long)(sum << 16 ^ n << 8 ^ last);
}

/* find_first_bit/find_next_bit the way kernel loops call them, on a 200-bit map. */
HUPCALL_NAMED(exit, find_walk)
{
    const struct bits *b = (const struct bits *)hu_arg(ctx, 0);
    unsigned long bit, r = 0;
    int n = 0;

    HU_UNROLL for (bit = find_first_bit(b->map, 200); bit < 200;
                   bit = find_next_bit(b->map, 200, bit + 1))
    {
        r = r * 257 + bit;
        if (++n == 24)
            break;
    }
    return (long)(r + bit);
}

/* Bit updates on guest words, each word read back: the non-atomic __ forms and the atomic ones. */
HUPCALL_NAMED(exit, change_bits)
{
    struct bits *b = (struct bits *)hu_arg(ctx, 0);
    unsigned long *f = b->flags, r = 0;

    __set_bit(3, f);
    __clear_bit(0, f);
    __change_bit(70, f);
    set_bit(129, f);
    clear_bit(130, f);
    change_bit(255, f);
    r = r * 2 + test_and_set_bit(5, f);
    r = r * 2 + test_and_set_bit(5, f);
    r = r * 2 + test_and_clear_bit(64 + 9, f);
    r = r * 2 + test_and_clear_bit(64 + 9, f);
    return (long)(r ^ f[0] * 3 ^ f[1] * 5 ^ f[2] * 7 ^ f[3] * 11);
}

#ifdef IDIOM_MAIN
#define IDIOM_ENTRIES(X) X(words) X(weights) X(set_bits_64) X(set_bits_256) X(find_walk) X(change_bits)

static void idiom_fill(unsigned char *mem, unsigned long base)
{
    static const struct bits init = {
        .w = {1, 0x8000000000000000ul, ~0ul, 0xa5a5a5a5f0f00ff0ul, 0x10, 0x0123456789abcdeful,
              0xfffffffffffffffeul, 0x7fff0000ul},
        .map = {0x8000000000000011ul, 0x1, 0xf00000000000ful, 0xa5a5a5a5a5a5a5a5ul},
        .flags = {0x21, 0x200, 0x4, 0},
    };

    (void)base;
    __builtin_memcpy(mem, &init, sizeof(init));
}
#include "idiom-main.h"
#endif
