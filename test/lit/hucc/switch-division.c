// Kernel code's switches and signed arithmetic under hucc's default CPU (v4): signed / and %
// (v3 has no signed division: "unsupported signed division"), a pointer difference divided by
// an element size, a sparse switch, a dense switch the back end would make a jump table
// (.jumptables) and one SimplifyCFG would make a lookup table (.rodata switch.table): no data
// section reaches the object (hucc passes -fno-jump-tables; the plugin sets no-jump-tables on
// every function for plain clang). Both routes, both engines, and natively the same value.
// REQUIRES: hucc, plugin, hu-load
// RUN: %hucc -c -O2 -g %s -o %t.o
// RUN: %hucc --kernel -c -O2 -g %s -o %t.k.o
// RUN: llvm-readelf -S %t.o | FileCheck %s --check-prefix=SECTIONS
// RUN: %clang --target=bpf -mcpu=v4 -O2 -g -fpass-plugin=%plugin -I %hupcall_include -D__HUPCALL__ -c %s -o %t.clang.o
// RUN: llvm-readelf -S %t.clang.o | FileCheck %s --check-prefix=SECTIONS
// SECTIONS-NOT: .jumptables
// SECTIONS-NOT: .rodata
// RUN: %hu-load mkimage -o %t.img 0xffff888000000100=u64:0xfffffffffffffff9,3,0xffffffffffffff9c,5,6,7,8,9,10,11,12,13,14,15,16,17
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event exit --arg 0=0xffff888000000100 --arg 1=9 --arg 2=0xffff888000000178 %t.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event exit --arg 0=0xffff888000000100 --arg 1=9 --arg 2=0xffff888000000178 %t.o | FileCheck %s
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event exit --arg 0=0xffff888000000100 --arg 1=9 --arg 2=0xffff888000000178 %t.k.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event exit --arg 0=0xffff888000000100 --arg 1=9 --arg 2=0xffff888000000178 %t.k.o | FileCheck %s
// RUN: %host_cc -std=gnu11 -O2 -DHUPCALL_NATIVE -DSWITCH_MAIN -I %hupcall_include %s -o %t.native
// RUN: %t.native | FileCheck %s
// CHECK: r0 = 0xfffffffffebd7908{{$}}
#include <hupcall/hupcall.h>

struct item {
    long a, b, c;
};

static long dense(long *p, unsigned long k)
{
    switch (k) {
    case 0: return p[1] * 3;
    case 1: return p[2] + 7;
    case 2: return p[3] ^ 5;
    case 3: return p[4] - 9;
    case 4: return p[5] << 2;
    case 5: return p[6] | 1;
    case 6: return p[7] * 11;
    case 7: return p[8] + 13;
    case 8: return p[9] - 17;
    case 9: return p[10] * 19;
    case 10: return p[11] + 23;
    case 11: return p[12] ^ 29;
    default: return -1;
    }
}

static long table(unsigned long k)
{
    switch (k) {
    case 0: return 13;
    case 1: return 27;
    case 2: return 3;
    case 3: return 99;
    case 4: return 5;
    case 5: return 71;
    case 6: return 8;
    case 7: return 64;
    case 8: return 2;
    case 9: return 41;
    default: return -1;
    }
}

static long sparse(long v)
{
    switch (v) {
    case -100: return 1;
    case 1000: return 2;
    case 77777: return 3;
    default: return 4;
    }
}

HUPCALL(exit)
{
    long *p = (long *)hu_arg(ctx, 0);
    unsigned long k = hu_arg(ctx, 1);
    struct item *first = (struct item *)p, *last = (struct item *)hu_arg(ctx, 2);
    long signed_ops = p[0] / p[1] * 1000 + p[0] % p[1] * 100 + p[2] / 7 + p[2] % 7;
    long elems = last - first; /* a signed division by 24 */

    return signed_ops * 10000 + dense(p, k) * 100 + table(k) + sparse(p[2]) * 10 + elems;
}

#ifdef SWITCH_MAIN
#include <stdio.h>

int main(void)
{
    static long mem[16] = {-7, 3, -100, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17};
    struct hu_ctx ctx = {0};

    ctx.args[0] = (unsigned long)mem;
    ctx.args[1] = 9;
    ctx.args[2] = (unsigned long)&mem[15];
    printf("r0 = %#lx\n", (unsigned long)hupcall_exit(&ctx));
    return 0;
}
#endif
