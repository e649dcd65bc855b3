// Structs passed and returned by value through non-inlined functions, the way kernel code hands
// a small state struct to a helper: a 24-byte struct (a byval argument, which the BPF back end
// refuses: "pass by value not supported"), a 16-byte one (in two registers) and a 24-byte
// result (sret, "only small returns supported"). hupcall-byvalue inlines the calls that pass
// memory. Both routes, both engines, natively the same value.
// REQUIRES: hucc, plugin, hu-load
// RUN: %hucc -c -O2 -g %s -o %t.o
// RUN: %hucc --kernel -c -O2 -g %s -o %t.k.o
// RUN: %hu-load mkimage -o %t.img 0xffff888000000100=u64:3,5,7,11,13,17,0x1000,0x2000
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.o | FileCheck %s
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.k.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.k.o | FileCheck %s
// RUN: %host_cc -std=gnu11 -O2 -DHUPCALL_NATIVE -DBYVAL_MAIN -I %hupcall_include %s -o %t.native
// RUN: %t.native | FileCheck %s
// CHECK: r0 = 0x78d2{{$}}
#include <hupcall/hupcall.h>

struct counter {
    long usage, min, max;
};

struct range {
    unsigned long start, end;
};

static __attribute__((noinline)) long headroom(struct counter c, long extra)
{
    return c.max - c.usage - extra + c.min * 3;
}

static __attribute__((noinline)) unsigned long span(struct range r)
{
    return r.end - r.start;
}

static __attribute__((noinline)) struct counter scaled(const struct counter *c, long k)
{
    struct counter s = {c->usage * k, c->min * k, c->max * k};

    return s;
}

HUPCALL(aging)
{
    struct counter *c = (struct counter *)hu_arg(ctx, 0);
    struct range *r = (struct range *)&c[2];
    struct counter s = scaled(&c[1], 2);

    return headroom(c[0], 1) * 1000 + headroom(s, 2) * 100 + (long)span(*r) + s.max;
}

#ifdef BYVAL_MAIN
#include <stdio.h>

int main(void)
{
    static long mem[8] = {3, 5, 7, 11, 13, 17, 0x1000, 0x2000};
    struct hu_ctx ctx = {0};

    ctx.args[0] = (unsigned long)mem;
    printf("r0 = %#lx\n", (unsigned long)hupcall_aging(&ctx));
    return 0;
}
#endif
