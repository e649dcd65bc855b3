// A short HU_UNROLL loop LLVM cannot unroll: four iterations from a variable start, a 32-bit
// counter against the 64-bit bound `start + 4`, which the counter may never reach (it wraps
// first), so LLVM finds no constant trip count and leaves the loop. hucc
// reports it at the loop's line, says HU_UNROLL could not unroll it and what to write instead;
// the same loop counted from 0 to 4 unrolls, verifies and gives the native result in both routes
// and both engines.
// REQUIRES: hucc, plugin, hu-load
// RUN: not %hucc -c -O2 -g -DROLLED %s -o %t.bad.o 2>&1 | FileCheck %s --check-prefix=ROLLED
// RUN: %hucc -c -O2 -g %s -o %t.o
// RUN: %hucc --kernel -c -O2 -g %s -o %t.k.o
// The window's words are 1, 2, ..., 8; start = 6 sums v[6] + v[7] + v[0] + v[1] = 7 + 8 + 1 + 2.
// RUN: %hu-load mkimage -o %t.img 0xffff888000000000=u64:1,2,3,4,5,6,7,8,6
// RUN: %hu-load run --engine interp --image %t.img --event aging --arg 0=0xffff888000000000 %t.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --event aging --arg 0=0xffff888000000000 %t.o | FileCheck %s
// RUN: %hu-load run --engine interp --image %t.img --event aging --arg 0=0xffff888000000000 %t.k.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --event aging --arg 0=0xffff888000000000 %t.k.o | FileCheck %s
// RUN: %host_cc -std=gnu11 -O2 -DHUPCALL_NATIVE -DROLLED_MAIN -I %hupcall_include %s -o %t.native
// RUN: %t.native | FileCheck %s
// CHECK: r0 = 0x12{{$}}
#include <hupcall/hupcall.h>

struct ring {
    long v[8];
    unsigned long start;
};

HUPCALL(aging)
{
    struct ring *r = (struct ring *)hu_arg(ctx, 0);
    unsigned long start = READ_ONCE(r->start);
    long sum = 0;

#ifdef ROLLED
    // ROLLED: unroll-rolled.c:[[@LINE+1]]:{{[0-9]+}}: error: hupcall: loop survives optimisation (back edge): HU_UNROLL could not unroll it, LLVM found no constant bound on its trip count (a counter narrower than its bound, a bound that may wrap); count from 0 to a constant (for (k = 0; k < 4; k++) { i = start + k; ... }), bound it with hu_for_bounded(i, n, MAX), or add a counted break (if (++k == MAX) break;)
    HU_UNROLL for (unsigned int i = start; i < start + 4; i++)
        sum += READ_ONCE(r->v[i & 7]);
#else
    HU_UNROLL for (unsigned int k = 0; k < 4; k++)
        sum += READ_ONCE(r->v[(start + k) & 7]);
#endif
    return sum;
}

#ifdef ROLLED_MAIN
#include <stdio.h>

int main(void)
{
    struct ring r = {{1, 2, 3, 4, 5, 6, 7, 8}, 6};
    struct hu_ctx ctx = {0};

    ctx.args[0] = (unsigned long)&r;
    printf("r0 = %#lx\n", (unsigned long)hupcall_aging(&ctx));
    return 0;
}
#endif
