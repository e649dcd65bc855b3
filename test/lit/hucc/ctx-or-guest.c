// Choosing between a context argument and a guest field with if/else: LLVM merges the two
// loads into one load through a select of a context and a guest address, which hupcall-annotate
// reported as mixed provenance; it now loads both and selects the value. Both routes, both
// engines, natively the same values.
// REQUIRES: hucc, plugin, hu-load
// RUN: %hucc -c -O2 -g %s -o %t.o
// RUN: %hucc --kernel -c -O2 -g %s -o %t.k.o
// RUN: %hu-load mkimage -o %t.img 0xffff888000000100=u64:3,40
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 --arg 1=1 --arg 2=500 %t.o | FileCheck %s --check-prefix=CTX
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 --arg 1=1 --arg 2=500 %t.k.o | FileCheck %s --check-prefix=CTX
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 --arg 1=9 --arg 2=500 %t.k.o | FileCheck %s --check-prefix=GUEST
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 --arg 1=9 --arg 2=500 %t.o | FileCheck %s --check-prefix=GUEST
// RUN: %host_cc -std=gnu11 -O2 -DHUPCALL_NATIVE -DCTX_MAIN -I %hupcall_include %s -o %t.native
// RUN: %t.native 1 | FileCheck %s --check-prefix=CTX
// RUN: %t.native 9 | FileCheck %s --check-prefix=GUEST
// CTX: r0 = 0x1f4{{$}}
// GUEST: r0 = 0x28{{$}}
#include <hupcall/hupcall.h>

struct obj {
    unsigned long limit, value;
};

HUPCALL(aging)
{
    struct obj *o = (struct obj *)hu_arg(ctx, 0);
    unsigned long v;

    if (hu_arg(ctx, 1) < o->limit)
        v = hu_arg(ctx, 2);
    else
        v = o->value;
    return v;
}

#ifdef CTX_MAIN
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    static struct obj o = {3, 40};
    struct hu_ctx ctx = {0};

    ctx.args[0] = (unsigned long)&o;
    ctx.args[1] = argc > 1 ? strtoul(argv[1], NULL, 0) : 0;
    ctx.args[2] = 500;
    printf("r0 = %#lx\n", (unsigned long)hupcall_aging(&ctx));
    return 0;
}
#endif
