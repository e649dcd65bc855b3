// 128-bit division and remainder the way the kernel scales and splits (mul_u64_u64_div_u64(),
// div128 by a 64-bit divisor, signed quotients) compile without the compiler runtime's __udivti3,
// __umodti3, __divti3 and __modti3, which a hyperupcall cannot call: hupcall-widediv divides
// with 64-bit divisions, loop-free. Edge values: divisor 1, the largest, divisors with a zero
// high half, negative operands, INT128_MIN; variable 128-bit shifts (__ashlti3, __lshrti3,
// __ashrti3) too. Both routes, both engines, natively the same value. Division by zero (natively
// undefined) is BPF's: quotient 0, remainder the dividend (entry `zero`).
// REQUIRES: hucc, plugin, hu-load
// RUN: %hucc -c -O2 -g %s -o %t.o
// RUN: %hucc --kernel -c -O2 -g %s -o %t.k.o
// RUN: llvm-objdump -d %t.o | FileCheck %s --check-prefix=NOCALL
// NOCALL-NOT: {{[[:space:]]call[[:space:]]}}
// RUN: %hu-load mkimage -o %t.img 0xffff888000000100=u64:0x0123456789abcdef,0xfedcba9876543210,0xffffffffffffffff,0,0xffffffffffffffff,0xffffffffffffffff,0,0x8000000000000000,0,1,7,0xdeadbeef,1,0,5,0xfffffffffffffff0,0x9abcdef012345678,0x12345,0,0
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event exit --arg 0=0xffff888000000100 %t.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event exit --arg 0=0xffff888000000100 %t.o | FileCheck %s
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event exit --arg 0=0xffff888000000100 %t.k.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event exit --arg 0=0xffff888000000100 %t.k.o | FileCheck %s
// RUN: %host_cc -std=gnu11 -O2 -DHUPCALL_NATIVE -DDIV_MAIN -I %hupcall_include %s -o %t.native
// RUN: %t.native | FileCheck %s
// CHECK: r0 = 0x39a2f0cf2cbf8706{{$}}
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event map --arg 0=0xffff888000000100 %t.o | FileCheck %s --check-prefix=ZERO
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event map --arg 0=0xffff888000000100 %t.k.o | FileCheck %s --check-prefix=ZERO
// ZERO: r0 = 0{{$}}
#include <hupcall/hupcall.h>

typedef unsigned __int128 u128;
typedef __int128 s128;

#define NV 9

/* The kernel's mul_u64_u64_div_u64() where the architecture has 128-bit arithmetic. */
static inline u64 mul_u64_u64_div_u64(u64 a, u64 mul, u64 div)
{
    return (u64)(((u128)a * mul) / div);
}

static inline u128 load(const u64 *v, int i)
{
    return (u128)READ_ONCE(v[2 * i + 1]) << 64 | READ_ONCE(v[2 * i]);
}

static inline u64 mix(u64 r, u128 x)
{
    return r * 31 + (u64)x + (u64)(x >> 64) * 7;
}

HUPCALL(exit)
{
    const u64 *v = (const u64 *)hu_arg(ctx, 0);
    u64 r = 0;
    int i;

    /* Each value divided by the next and by the one four on, signed and unsigned (a zero divisor
     * is skipped; INT128_MIN / -1 overflows in C and is left out). */
    HU_UNROLL for (i = 0; i < NV; i++)
    {
        u128 a = load(v, i), b = load(v, (i + 1) % NV), c = load(v, (i + 4) % NV);
        if (b)
            r = mix(mix(r, a / b), a % b);
        if (c)
            r = mix(mix(r, a / c), a % c);
        if (b && !((s128)a == -((s128)1 << 126) * 2 && (s128)b == -1))
            r = mix(mix(r, (u128)((s128)a / (s128)b)), (u128)((s128)a % (s128)b));
        if (c && !((s128)a == -((s128)1 << 126) * 2 && (s128)c == -1))
            r = mix(mix(r, (u128)((s128)a / (s128)c)), (u128)((s128)a % (s128)c));
        r = mix(r, a << (v[2 * i] & 127)); /* variable shifts */
        r = mix(r, b >> (v[2 * i + 1] & 127));
        r = mix(r, (u128)((s128)c >> (r & 127)));
    }
    r = r * 31 + mul_u64_u64_div_u64(v[1], v[3], v[17]);
    return (long)(r ^ mul_u64_u64_div_u64(v[0], v[1], v[2]));
}

/* Division by zero as BPF defines it: quotient 0, remainder the dividend, so every word of the
 * quotients and of remainder ^ dividend is 0. (Compared with 0 directly, LLVM would fold
 * `a / z == 0` into `a < z`, using C's undefined division by zero.) */
HUPCALL(map)
{
    const u64 *v = (const u64 *)hu_arg(ctx, 0);
    u128 a = load(v, 0), z = load(v, NV); /* 0, unknown to the compiler */
    s128 s = -(s128)a;
    u128 q = a / z, r = a % z;
    s128 sq = s / (s128)z, sr = s % (s128)z;

    return (long)mix(mix(mix(mix(0, q), r ^ a), (u128)sq), (u128)(sr ^ s));
}

#ifdef DIV_MAIN
#include <stdio.h>

int main(void)
{
    static u64 v[] = {0x0123456789abcdef, 0xfedcba9876543210, 0xffffffffffffffff, 0,
                      0xffffffffffffffff, 0xffffffffffffffff, 0, 0x8000000000000000,
                      0, 1, 7, 0xdeadbeef, 1, 0, 5, 0xfffffffffffffff0, 0x9abcdef012345678,
                      0x12345, 0, 0};
    struct hu_ctx ctx = {0};

    ctx.args[0] = (unsigned long)v;
    printf("r0 = %#lx\n", (unsigned long)hupcall_exit(&ctx));
    return 0;
}
#endif
