// for_each_set_bit over 256 bits (HU_BITMAP_MAX_BITS, the documented maximum) with a body that
// reads guest memory per bit and keeps several values live: the unrolled walk fits the BPF stack
// and the instruction budget of a local event, verifies, and gives the native results, in both
// routes and both engines.
// REQUIRES: hucc, plugin, hu-load
// RUN: %hucc -c -O2 -g %s -o %t.o
// RUN: %hucc --kernel -c -O2 -g %s -o %t.k.o
// RUN: %hu-load mkimage -o %t.img 0xffff888000000100=hex:0100000000000080000000f0000000000000000000000000a5a5a5a5a5a5a5a5 0xffff888000000200=u64:3,0x11,0xffffffffffff0000,0x2,7,0x40,0x123456789,0x80,9,0x7,0x5555,0x1000,0xabcdef,0x3,0x42,0xffff
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event exit --arg 0=0xffff888000000100 --arg 1=0xffff888000000200 --arg 2=256 %t.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event exit --arg 0=0xffff888000000100 --arg 1=0xffff888000000200 --arg 2=256 %t.o | FileCheck %s
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event exit --arg 0=0xffff888000000100 --arg 1=0xffff888000000200 --arg 2=256 %t.k.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event exit --arg 0=0xffff888000000100 --arg 1=0xffff888000000200 --arg 2=256 %t.k.o | FileCheck %s
// RUN: %host_cc -std=gnu11 -O2 -DHUPCALL_NATIVE -DBITS_MAIN -I %hupcall_include %s -o %t.native
// RUN: %t.native | FileCheck %s
// CHECK: r0 = 0x678227f9{{$}}
#include <hupcall/hupcall.h>

struct item {
    unsigned long a, b;
};

HUPCALL(exit)
{
    const unsigned long *mask = (const unsigned long *)hu_arg(ctx, 0);
    const struct item *items = (const struct item *)hu_arg(ctx, 1);
    unsigned long bit, n = 0, sum = 0, mix = 0, lo = ~0UL, hi = 0;

    for_each_set_bit(bit, mask, hu_arg(ctx, 2)) {
        const struct item *it = &items[bit & 7];

        n++;
        sum += it->a * bit;
        if (it->b & (1UL << (bit & 15)))
            mix ^= it->a << (bit & 31);
        lo = min(lo, it->a + bit);
        hi = max(hi, it->b ^ bit);
    }
    return (long)(n * 0x1000193 ^ sum ^ mix * 31 ^ lo * 7 ^ hi * 13);
}

#ifdef BITS_MAIN
#include <stdio.h>

int main(void)
{
    static unsigned long mask[4] = {0x8000000000000001ul, 0xf0000000ul, 0, 0xa5a5a5a5a5a5a5a5ul};
    static struct item items[8] = {{3, 0x11},       {0xffffffffffff0000ul, 0x2}, {7, 0x40},
                                   {0x123456789, 0x80}, {9, 0x7},                {0x5555, 0x1000},
                                   {0xabcdef, 0x3},     {0x42, 0xffff}};
    struct hu_ctx ctx = {0};

    ctx.args[0] = (unsigned long)mask;
    ctx.args[1] = (unsigned long)items;
    ctx.args[2] = 256;
    printf("r0 = %#lx\n", (unsigned long)hupcall_exit(&ctx));
    return 0;
}
#endif
