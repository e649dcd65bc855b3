// The kernel's own shape of a walk over a bitmap, find_first_bit then find_next_bit(bit + 1),
// over 256 bits (HU_BITMAP_MAX_BITS), with HU_UNROLL and a counted break that bounds it at 256
// set bits: the framework's find_next_bit reads each word at a constant index (the compiler
// merges the reads of all iterations) and counts only the word it selects, so the walk verifies
// in a local event (26786 instructions; 75074, over the 65536 limit, with the earlier
// four-words-four-counts search), and hucc lets #pragma unroll grow it that far. Both routes,
// both engines, natively the same values, and the edges: an empty map, offsets at and past the size, sizes
// that are not multiples of 64.
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
// CHECK: walk_full: r0 = 0xd97b89acc90c0e87{{$}}
// CHECK: edges: r0 = 0x24543cbc5a73d5c4{{$}}
#include <hupcall/hupcall.h>

struct bitmaps {
    unsigned long full[4];
    unsigned long empty[4];
};

static __always_inline unsigned long walk(const unsigned long *map)
{
    unsigned long bit, h = 0, n = 0;

    HU_UNROLL for (bit = find_first_bit(map, 256); bit < 256; bit = find_next_bit(map, 256, bit + 1))
    {
        h = h * 31 + bit;
        if (++n == 256)
            break;
    }
    return h ^ n << 8 ^ bit;
}

HUPCALL_NAMED(exit, walk_full)
{
    return walk(((struct bitmaps *)hu_arg(ctx, 0))->full);
}

/* The edges: an empty map, offsets at and past the size, a size that is not a multiple of 64. */
HUPCALL_NAMED(exit, edges)
{
    struct bitmaps *b = (struct bitmaps *)hu_arg(ctx, 0);
    unsigned long r = find_first_bit(b->empty, 256);

    r = r * 257 + find_next_bit(b->full, 256, 256);
    r = r * 257 + find_next_bit(b->full, 256, 300);
    r = r * 257 + find_next_bit(b->full, 200, 140);
    r = r * 257 + find_next_bit(b->full, 131, 68);
    r = r * 257 + find_next_bit(b->full, 130, 65);
    r = r * 257 + find_next_bit(b->full, 64, 63);
    r = r * 257 + find_first_bit(b->full + 1, 1);
    return r * 257 + find_next_bit(b->full, 193, 192);
}

#ifdef IDIOM_MAIN
#define IDIOM_ENTRIES(X) X(walk_full) X(edges)

static void idiom_fill(unsigned char *mem, unsigned long base)
{
    struct bitmaps *b = (struct bitmaps *)mem;

    (void)base;
    b->full[0] = 0x8000000000000011ul;
    b->full[1] = 0x1;
    b->full[2] = 0xf00ul;
    b->full[3] = 0xa5a5a5a5a5a5a5a5ul;
}
#include "idiom-main.h"
#endif
