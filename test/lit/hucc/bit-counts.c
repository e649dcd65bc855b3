// __builtin_ctzl, __builtin_ctz, __builtin_ffs(l) and __builtin_clzl compile without the lookup
// table the BPF back end would put in .rodata.cst32 (which the loader rejects): the plugin
// counts through population counts. Both routes, both engines, natively the same value.
// REQUIRES: hucc, plugin, hu-load
// RUN: %hucc -c -O2 -g %s -o %t.o
// RUN: %hucc --kernel -c -O2 -g %s -o %t.k.o
// RUN: llvm-readelf -S %t.o | FileCheck %s --check-prefix=SECTIONS
// SECTIONS-NOT: .rodata
// RUN: %hu-load mkimage -o %t.img 0xffff888000000100=u64:0x8000000000000000,0x10,0x1,0xffff0000f0000000
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.o | FileCheck %s
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.k.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.k.o | FileCheck %s
// RUN: %host_cc -std=gnu11 -O2 -DHUPCALL_NATIVE -DBITS_MAIN -I %hupcall_include %s -o %t.native
// RUN: %t.native | FileCheck %s
// CHECK: r0 = 0x7dbbab832f966115{{$}}
#include <hupcall/hupcall.h>

HUPCALL(aging)
{
    unsigned long *w = (unsigned long *)hu_arg(ctx, 0);
    unsigned long r = 0;

    for (int i = 0; i < 4; i++) {
        unsigned long x = w[i];

        r = r * 131 + __builtin_ctzl(x);
        r = r * 131 + __builtin_clzl(x);
        r = r * 131 + __builtin_ffs((int)x);
        r = r * 131 + __builtin_ffsl((long)(x >> 4));
        r = r * 131 + __builtin_ctz((unsigned int)(x >> 32) | 0x80000000u);
    }
    return r;
}

#ifdef BITS_MAIN
#include <stdio.h>

int main(void)
{
    static unsigned long w[4] = {0x8000000000000000ul, 0x10, 0x1, 0xffff0000f0000000ul};
    struct hu_ctx ctx = {0};

    ctx.args[0] = (unsigned long)w;
    printf("r0 = %#lx\n", (unsigned long)hupcall_aging(&ctx));
    return 0;
}
#endif
