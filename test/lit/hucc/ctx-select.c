// Choosing between two context arguments: LLVM makes `c ? ctx->args[2] : ctx->args[4]` one load
// at a selected offset (hupcall-check refused it as "context indexed by a variable", difftest
// seed 100358), and the back end makes a select of two loaded arguments one load through a
// select of ctx + 48 and ctx + 64 (the verifier rejected `mixed-kinds: r2 is mixed(ctx|ctx)`,
// seed 100833). hupcall-local-loads loads each argument at its own constant offset. Both routes,
// both engines, natively the same values.
// REQUIRES: hucc, plugin, hu-load
// RUN: %hucc -c -O2 -g %s -o %t.o
// RUN: %hucc --kernel -c -O2 -g %s -o %t.k.o
// RUN: %hu-load mkimage -o %t.6.img 0xffff888000000100=u64:6,0
// RUN: %hu-load mkimage -o %t.3.img 0xffff888000000100=u64:3,0
// RUN: for e in interp jit; do for o in %t.o %t.k.o; do \
// RUN:   %hu-load run --engine $e --image %t.6.img --window 0xffff888000000000:0x100000 --event aging \
// RUN:       --arg 0=0xffff888000000100 --arg 1=11 --arg 2=22 --arg 3=33 --arg 4=44 $o; \
// RUN:   %hu-load run --engine $e --image %t.3.img --window 0xffff888000000000:0x100000 --event aging \
// RUN:       --arg 0=0xffff888000000100 --arg 1=11 --arg 2=22 --arg 3=33 --arg 4=44 $o; \
// RUN: done; done | sort | uniq -c | FileCheck %s --check-prefix=RUNS
// RUN: %host_cc -std=gnu11 -O2 -DHUPCALL_NATIVE -DCTX_MAIN -I %hupcall_include %s -o %t.native
// RUN: %t.native 6 | FileCheck %s --check-prefix=SIX
// RUN: %t.native 3 | FileCheck %s --check-prefix=THREE
// 11 * 1000 + 22 and 33 * 1000 + 44, four times each (two engines, two routes).
// RUNS: {{^ *}}4 r0 = 0x2b0e{{$}}
// RUNS-NEXT: {{^ *}}4 r0 = 0x8114{{$}}
// SIX: r0 = 0x8114{{$}}
// THREE: r0 = 0x2b0e{{$}}
#include <hupcall/hupcall.h>

struct obj {
    unsigned long flags, seen;
};

HUPCALL(aging)
{
    struct obj *o = (struct obj *)hu_arg(ctx, 0);
    unsigned long a = hu_arg(ctx, 1), b = hu_arg(ctx, 3), f = o->flags, c;

    o->seen = 1; /* may alias the context: a, b and f are read above it */
    if ((f & 7) == 6)
        a = b;
    if ((o->flags & 7) == 3)
        c = hu_arg(ctx, 2);
    else
        c = hu_arg(ctx, 4);
    return a * 1000 + c;
}

#ifdef CTX_MAIN
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    static struct obj o;
    struct hu_ctx ctx = {0};

    o.flags = argc > 1 ? strtoul(argv[1], NULL, 0) : 0;
    ctx.args[0] = (unsigned long)&o;
    for (int i = 1; i <= 4; i++)
        ctx.args[i] = 11 * i;
    printf("r0 = %#lx\n", (unsigned long)hupcall_aging(&ctx));
    return 0;
}
#endif
