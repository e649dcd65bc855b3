// 128-bit multiplies the way the kernel scales time and ratios (mul_u64_u64_shr(), a signed
// 128-bit product, a full 128 x 128 product truncated) compile without the compiler runtime's
// __multi3, which a hyperupcall cannot call: hupcall-widemul multiplies 32-bit halves. Both
// routes, both engines, natively the same value.
// REQUIRES: hucc, plugin, hu-load
// RUN: %hucc -c -O2 -g %s -o %t.o
// RUN: %hucc --kernel -c -O2 -g %s -o %t.k.o
// RUN: llvm-objdump -d %t.o | FileCheck %s --check-prefix=NOCALL
// NOCALL-NOT: {{[[:space:]]call[[:space:]]}}
// RUN: %hu-load mkimage -o %t.img 0xffff888000000100=u64:0xfedcba9876543210,0xffffffffffffffff,0x123456789abcdef,0x8000000000000001
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.o | FileCheck %s
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.k.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.k.o | FileCheck %s
// RUN: %host_cc -std=gnu11 -O2 -DHUPCALL_NATIVE -DMUL_MAIN -I %hupcall_include %s -o %t.native
// RUN: %t.native | FileCheck %s
// CHECK: r0 = 0xd7bbc5a9abce5e96{{$}}
#include <hupcall/hupcall.h>

typedef unsigned __int128 u128;

/* The kernel's mul_u64_u64_shr() where the architecture has 128-bit arithmetic. */
static inline u64 mul_u64_u64_shr(u64 a, u64 mul, unsigned int shift)
{
    return (u64)(((u128)a * mul) >> shift);
}

HUPCALL(aging)
{
    const u64 *v = (const u64 *)hu_arg(ctx, 0);
    u128 wide = ((u128)v[2] << 64 | v[3]) * ((u128)v[0] << 32 | v[1]);
    __int128 s = (__int128)(s64)v[0] * (s64)v[3];
    u64 r = mul_u64_u64_shr(v[0], v[1], 64);

    r = r * 31 + mul_u64_u64_shr(v[2], v[3], 20);
    r = r * 31 + (u64)wide + (u64)(wide >> 64) * 7;
    r = r * 31 + (u64)s + (u64)(s >> 64) * 13;
    return (long)(r ^ (u64)((u128)v[1] * v[1] >> 64));
}

#ifdef MUL_MAIN
#include <stdio.h>

int main(void)
{
    static u64 v[4] = {0xfedcba9876543210ull, 0xffffffffffffffffull, 0x123456789abcdefull,
                       0x8000000000000001ull};
    struct hu_ctx ctx = {0};

    ctx.args[0] = (unsigned long)v;
    printf("r0 = %#lx\n", (unsigned long)hupcall_aging(&ctx));
    return 0;
}
#endif
