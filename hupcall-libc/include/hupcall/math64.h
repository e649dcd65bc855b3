/* SPDX-License-Identifier: MIT */
/*
 * 64-bit division the kernel's way (linux/math64.h, asm-generic/div64.h and linux/math.h on a
 * 64-bit architecture): plain C division, which BPF does in one instruction (signed division
 * under hucc's default CPU, v4). Division by zero is BPF's: quotient 0, remainder the dividend.
 */
#ifndef HUPCALL_MATH64_H
#define HUPCALL_MATH64_H

#include <hupcall/compiler.h>
#include <hupcall/types.h>

static __hu_inline hu_u64 hu_div_u64_rem(hu_u64 dividend, hu_u32 divisor, hu_u32 *remainder)
{
    *remainder = (hu_u32)(dividend % divisor);
    return dividend / divisor;
}

static __hu_inline long long hu_div_s64_rem(long long dividend, int divisor, int *remainder)
{
    *remainder = (int)(dividend % divisor);
    return dividend / divisor;
}

static __hu_inline hu_u64 hu_div64_u64_rem(hu_u64 dividend, hu_u64 divisor, hu_u64 *remainder)
{
    *remainder = dividend % divisor;
    return dividend / divisor;
}

static __hu_inline hu_u64 hu_div_u64(hu_u64 dividend, hu_u32 divisor)
{
    return dividend / divisor;
}

static __hu_inline long long hu_div_s64(long long dividend, int divisor)
{
    return dividend / divisor;
}

static __hu_inline hu_u64 hu_div64_u64(hu_u64 dividend, hu_u64 divisor)
{
    return dividend / divisor;
}

static __hu_inline long long hu_div64_s64(long long dividend, long long divisor)
{
    return dividend / divisor;
}

/* n = n / base, the value is n % base (32 bits): `n` is an lvalue of 64 bits, as in the kernel. */
#define hu_do_div_(n, base, b, r)                                                                  \
    ({                                                                                             \
        hu_u32 b = (base);                                                                         \
        hu_u32 r = (hu_u32)((hu_u64)(n) % b);                                                      \
        (n) = (hu_u64)(n) / b;                                                                     \
        r;                                                                                         \
    })
#define hu_do_div(n, base) hu_do_div_(n, base, HU_UNIQUE(hu_b_), HU_UNIQUE(hu_r_))

#define HU_DIV_ROUND_UP(n, d) (((n) + (d)-1) / (d))
/* Multiples of any `y`; round_up/round_down need a power of two. */
#define hu_roundup(x, y) ((((x) + ((y)-1)) / (y)) * (y))
#define hu_rounddown(x, y) ((x) - ((x) % (y)))
#define hu_round_up(x, y) ((((x)-1) | ((__typeof__(x))((y)-1))) + 1)
#define hu_round_down(x, y) ((x) & ~((__typeof__(x))((y)-1)))

#ifndef HU_NO_KERNEL_NAMES
#define div_u64_rem hu_div_u64_rem
#define div_s64_rem hu_div_s64_rem
#define div64_u64_rem hu_div64_u64_rem
#define div_u64 hu_div_u64
#define div_s64 hu_div_s64
#define div64_u64 hu_div64_u64
#define div64_s64 hu_div64_s64
#define do_div hu_do_div
#define DIV_ROUND_UP HU_DIV_ROUND_UP
#define DIV_ROUND_UP_ULL(ll, d) hu_div64_u64((ll) + (d)-1, (d))
#define roundup hu_roundup
#define rounddown hu_rounddown
#define round_up hu_round_up
#define round_down hu_round_down
#endif

#endif /* HUPCALL_MATH64_H */
