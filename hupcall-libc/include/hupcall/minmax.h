/* SPDX-License-Identifier: MIT */
/*
 * min/max/clamp as the kernel's linux/minmax.h defines them: each argument is evaluated exactly
 * once. That matters for guest memory: min(READ_ONCE(p->len), 64) reads the length once, so the
 * result is never larger than 64 even when the guest changes the length between two reads.
 * Statement expressions, so not for constant expressions (array sizes): use hu_min_const there.
 */
#ifndef HUPCALL_MINMAX_H
#define HUPCALL_MINMAX_H

#include <hupcall/compiler.h>

#define hu_cmp_once_(a, b, op, ua, ub)                                                             \
    ({                                                                                             \
        __auto_type ua = (a);                                                                      \
        __auto_type ub = (b);                                                                      \
        ua op ub ? ua : ub;                                                                        \
    })
#define hu_min(a, b) hu_cmp_once_(a, b, <, HU_UNIQUE(hu_a_), HU_UNIQUE(hu_b_))
#define hu_max(a, b) hu_cmp_once_(a, b, >, HU_UNIQUE(hu_a_), HU_UNIQUE(hu_b_))
/* For constant expressions: evaluates its arguments twice. */
#define hu_min_const(a, b) ((a) < (b) ? (a) : (b))
#define hu_max_const(a, b) ((a) > (b) ? (a) : (b))
#define hu_min_t(type, a, b) hu_min((type)(a), (type)(b))
#define hu_max_t(type, a, b) hu_max((type)(a), (type)(b))
/* The kernel's umin/umax: both compared as unsigned long long. */
#define hu_umin(a, b) hu_min((a) + 0ull, (b) + 0ull)
#define hu_umax(a, b) hu_max((a) + 0ull, (b) + 0ull)
#define hu_min3(a, b, c) hu_min(hu_min(a, b), c)
#define hu_max3(a, b, c) hu_max(hu_max(a, b), c)
/* `val` kept within [lo, hi]; lo <= hi is the caller's (as in the kernel, which checks it). */
#define hu_clamp(val, lo, hi) hu_min(hu_max(val, lo), hi)
#define hu_clamp_t(type, val, lo, hi) hu_min_t(type, hu_max_t(type, val, lo), hi)
#define hu_clamp_val(val, lo, hi) hu_clamp_t(__typeof__(val), val, lo, hi)
/* The smaller of two values, ignoring a zero one (0 when both are). */
#define hu_min_not_zero_(a, b, ua, ub)                                                             \
    ({                                                                                             \
        __auto_type ua = (a);                                                                      \
        __auto_type ub = (b);                                                                      \
        ua == 0 ? ub : (ub == 0 ? ua : hu_min(ua, ub));                                            \
    })
#define hu_min_not_zero(a, b) hu_min_not_zero_(a, b, HU_UNIQUE(hu_a_), HU_UNIQUE(hu_b_))
#define hu_swap_(a, b, t)                                                                          \
    do {                                                                                           \
        __typeof__(a) t = (a);                                                                     \
        (a) = (b);                                                                                 \
        (b) = t;                                                                                   \
    } while (0)
/* Not defined as `swap`: code outside the kernel often has a function of that name. */
#define hu_swap(a, b) hu_swap_(a, b, HU_UNIQUE(hu_t_))

#if !defined(HU_NO_KERNEL_NAMES) && !defined(min)
#define min(a, b) hu_min(a, b)
#define max(a, b) hu_max(a, b)
#define min_t hu_min_t
#define max_t hu_max_t
#define umin hu_umin
#define umax hu_umax
#define min3 hu_min3
#define max3 hu_max3
#define clamp hu_clamp
#define clamp_t hu_clamp_t
#define clamp_val hu_clamp_val
#define min_not_zero hu_min_not_zero
#endif

#endif /* HUPCALL_MINMAX_H */
