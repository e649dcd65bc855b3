// memcpy, memmove, memset and strnlen called by their names, as kernel code does without including
// anything but the framework: a guest struct copied to the stack and back, a field cleared, an
// overlapping move, a copy whose length is known only at run time (the memcpy helper), the
// length of the cleared field. The framework did not declare the first three (each call was an
// implicit-declaration error), nor strnlen natively. Both routes, both engines, natively the
// same value; r0 sums every word of the region afterwards, so every write is checked.
// REQUIRES: hucc, plugin, hu-load
// RUN: %hucc -c -O2 -g %s -o %t.o
// RUN: %hucc --kernel -c -O2 -g %s -o %t.k.o
// RUN: %hu-load mkimage -o %t.img 0xffff888000000100=u64:3,5,7,11,13,17,0x1000,0x2000,0x0102030405060708,0x1112131415161718
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 --arg 1=13 %t.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 --arg 1=13 %t.o | FileCheck %s
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 --arg 1=13 %t.k.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 --arg 1=13 %t.k.o | FileCheck %s
// RUN: %host_cc -std=gnu11 -O2 -Wall -Wextra -Werror -DHUPCALL_NATIVE -DMEMCPY_MAIN -I %hupcall_include %s -o %t.native
// RUN: %t.native | FileCheck %s
// CHECK: r0 = 0xd3933234f83728e7{{$}}
#include <hupcall/hupcall.h>

struct stats {
    unsigned long hits, misses, evictions;
};

HUPCALL(aging)
{
    unsigned long *w = (unsigned long *)hu_arg(ctx, 0);
    unsigned long n = hu_arg(ctx, 1) & 15;
    struct stats s;
    unsigned long sum = 0;

    memcpy(&s, w, sizeof(s));
    s.hits += s.misses * 3;
    s.evictions ^= 0x55;
    memcpy(&w[3], &s, sizeof(s));
    memset(&w[6], 0xab, 5);
    memmove((char *)w + 4, w, 12);
    memcpy((char *)&w[8] + 1, &w[0], n);
    HU_UNROLL for (int i = 0; i < 10; i++) sum = sum * 31 + w[i];
    return sum + strnlen((const char *)&w[6], 7);
}

#ifdef MEMCPY_MAIN
#include <stdio.h>

int main(void)
{
    static unsigned long mem[10] = {3,     5,      7,
                                    11,    13,     17,
                                    0x1000, 0x2000, 0x0102030405060708,
                                    0x1112131415161718};
    struct hu_ctx ctx = {0};

    ctx.args[0] = (unsigned long)mem;
    ctx.args[1] = 13;
    printf("r0 = %#lx\n", (unsigned long)hupcall_aging(&ctx));
    return 0;
}
#endif
