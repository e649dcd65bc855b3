// 64-bit division the kernel's way, at hucc's default CPU (v4, which has signed division):
// do_div, div_u64, div_u64_rem, div_s64, div64_u64, div64_s64, div64_u64_rem, DIV_ROUND_UP,
// roundup, rounddown, round_up, round_down; signed / and % of 8-, 16-, 32- and 64-bit guest
// fields with negative operands (C truncates toward zero); pointer differences of elements whose
// size is not a power of two (a signed exact division). Both routes, both engines, natively the
// same values.
// REQUIRES: hucc, plugin, hu-load
// RUN: %host_cc -std=gnu11 -O2 -DHUPCALL_NATIVE -DIDIOM_MAIN -I %hupcall_include -I %S/Inputs %s -o %t.native
// RUN: %t.native > %t.native.out && FileCheck %s --input-file=%t.native.out
// RUN: %t.native image %t.bin && %hu-load mkimage -o %t.img 0xffff888000000000=file:%t.bin
// RUN: %hucc -c -O2 -g %s -o %t.o
// RUN: %hucc --kernel -c -O2 -g %s -o %t.k.o
// RUN: %S/Inputs/idiom-run.sh %hu-load interp %t.o %t.img %t.native.out | diff %t.native.out -
// RUN: %S/Inputs/idiom-run.sh %hu-load jit %t.o %t.img %t.native.out | diff %t.native.out -
// RUN: %S/Inputs/idiom-run.sh %hu-load interp %t.k.o %t.img %t.native.out | diff %t.native.out -
// RUN: %S/Inputs/idiom-run.sh %hu-load jit %t.k.o %t.img %t.native.out | diff %t.native.out -
// CHECK: unsigned_div: r0 = 0x8ad5f02bdc985c7a{{$}}
// CHECK: signed_div: r0 = 0x3a9e31298ac4240f{{$}}
// CHECK: rounding: r0 = 0xb59fad083a4f780c{{$}}
// CHECK: pointer_diff: r0 = 0x2431a49223e9eaeb{{$}}
#include <hupcall/hupcall.h>

struct slot {
    u64 key;
    u32 a, b;
    u64 val;
}; /* 24 bytes */

struct nums {
    u64 u[6];
    s64 s[6];
    s32 s32v[4];
    s16 s16v[4];
    s8 s8v[4];
    u32 div32[4];
    struct slot slots[8];
    struct slot *picked[3]; /* pointers into slots */
};

HUPCALL_NAMED(exit, unsigned_div)
{
    const struct nums *n = (const struct nums *)hu_arg(ctx, 0);
    u64 r = 0;
    int i;

    HU_UNROLL for (i = 0; i < 6; i++)
    {
        u64 x = n->u[i], q = x;
        u32 rem32, base = n->div32[i & 3];
        u64 rem64;

        rem32 = do_div(q, base);
        r = r * 131 + q + rem32;
        r = r * 131 + div_u64(x, base) + div64_u64(x, n->u[(i + 1) % 6] | 1);
        r = r * 131 + div_u64_rem(x, base, &rem32) + rem32;
        r = r * 131 + div64_u64_rem(x, n->u[(i + 2) % 6] | 3, &rem64) + rem64;
    }
    return (long)r;
}

HUPCALL_NAMED(exit, signed_div)
{
    const struct nums *n = (const struct nums *)hu_arg(ctx, 0);
    u64 r = 0;
    int i;

    HU_UNROLL for (i = 0; i < 6; i++)
    {
        s64 a = n->s[i], b = n->s[(i + 1) % 6];
        s32 rem;

        if (b)
            r = r * 131 + (u64)(a / b) + (u64)(a % b) * 3;
        r = r * 131 + (u64)div_s64(a, -7) + (u64)div64_s64(a, b | 1);
        r = r * 131 + (u64)div_s64_rem(a, 1000, &rem) + (u64)(s64)rem;
    }
    HU_UNROLL for (i = 0; i < 4; i++)
    {
        s32 x = n->s32v[i], y = n->s32v[(i + 1) & 3];
        s16 h = n->s16v[i], k = n->s16v[(i + 3) & 3];
        s8 c = n->s8v[i], d = n->s8v[(i + 2) & 3];

        r = r * 131 + (u64)(s64)(x / y) + (u64)(s64)(x % y);
        r = r * 131 + (u64)(s64)(h / k) + (u64)(s64)(h % k) + (u64)(s64)(h / 3);
        r = r * 131 + (u64)(s64)(c / d) + (u64)(s64)(c % d) + (u64)(s64)(c % 5);
    }
    return (long)r;
}

HUPCALL_NAMED(exit, rounding)
{
    const struct nums *n = (const struct nums *)hu_arg(ctx, 0);
    u64 r = 0;
    int i;

    HU_UNROLL for (i = 0; i < 6; i++)
    {
        u64 x = n->u[i] >> 8;
        u32 d = n->div32[i & 3];

        r = r * 131 + DIV_ROUND_UP(x, d) + DIV_ROUND_UP_ULL(x, 24);
        r = r * 131 + roundup(x, d) + rounddown(x, 1000);
        r = r * 131 + round_up(x, 4096) + round_down(x, 64) + ALIGN(x, 16) + ALIGN_DOWN(x, 32);
        r = r * 131 + IS_ALIGNED(x, 8);
    }
    return (long)r;
}

/* Index of an element from its address (p - base): a signed division by 24. */
HUPCALL_NAMED(exit, pointer_diff)
{
    const struct nums *n = (const struct nums *)hu_arg(ctx, 0);
    long r = 0;
    int i;

    HU_UNROLL for (i = 0; i < 3; i++)
    {
        const struct slot *p = READ_ONCE(n->picked[i]);
        long idx = p - n->slots;
        long back = n->slots - p;

        r = r * 131 + idx * 7 + back;
        r = r * 131 + (long)((const char *)p - (const char *)&n->slots[2]) / 8;
        if (idx >= 0 && idx < 8)
            r = r * 131 + (long)n->slots[idx].val;
    }
    return r;
}

#ifdef IDIOM_MAIN
#define IDIOM_ENTRIES(X) X(unsigned_div) X(signed_div) X(rounding) X(pointer_diff)

static void idiom_fill(unsigned char *mem, unsigned long base)
{
    static const struct nums init = {
        .u = {0xfedcba9876543210ul, 1, 0xffffffffffffffff, 0x123456789, 1000000007, 0x8000000000000000ul},
        .s = {-7, 0x7fffffffffffffffl, -0x7fffffffffffffffl - 1, 3, -1000001, 999},
        .s32v = {-2147483647, 7, -13, 100000},
        .s16v = {-32768 + 1, 300, -7, 9},
        .s8v = {-128 + 1, 3, -9, 100},
        .div32 = {7, 1000, 0xffffffffu, 3},
    };
    struct nums *n = (struct nums *)mem;
    int i;

    __builtin_memcpy(n, &init, sizeof(init));
    for (i = 0; i < 8; i++)
        n->slots[i].val = (u64)(i * i + 11);
    /* Guest addresses: slot 5, slot 0, slot 7. */
    n->picked[0] = (struct slot *)(base + offsetof(struct nums, slots[5]));
    n->picked[1] = (struct slot *)(base + offsetof(struct nums, slots[0]));
    n->picked[2] = (struct slot *)(base + offsetof(struct nums, slots[7]));
}
#include "idiom-main.h"
#endif
