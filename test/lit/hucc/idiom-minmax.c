// min/max/clamp and likely/unlikely the way kernel code uses them: min, max, min_t, max_t, umin,
// umax, min3, max3, clamp, clamp_t, clamp_val, min_not_zero, on signed and unsigned guest fields,
// inside likely()/unlikely() branches. Each argument is evaluated once, as in the kernel's
// linux/minmax.h: `min(atomic_inc_return(&c), 10)` increments the counter once (the framework's
// earlier `(a) < (b) ? (a) : (b)` incremented it twice and returned the second value), and
// `min(READ_ONCE(len), 64)` reads the length once. Both routes, both engines, natively the same;
// `once` checks the kernel's value.
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
// CHECK: bounds: r0 = 0xf86946bedda94ad2{{$}}
// The counter starts at 7: min(8, 10) = 8 and the counter is 8; then max(9, 3) = 9, counter 9: 8 << 16 | 9 << 8 | 9.
// CHECK: once: r0 = 0x80909{{$}}
// CHECK: branches: r0 = 0x286c6f{{$}}
#include <hupcall/hupcall.h>

struct stats {
    long sv[4];          /* signed values */
    unsigned long uv[4]; /* unsigned values */
    unsigned int len;    /* a length the guest may change */
    u8 small[4];
    atomic_t counter;
};

HUPCALL_NAMED(exit, bounds)
{
    const struct stats *s = (const struct stats *)hu_arg(ctx, 0);
    unsigned long r = 0;
    int i;

    HU_UNROLL for (i = 0; i < 4; i++)
    {
        long a = s->sv[i], b = s->sv[(i + 1) & 3];
        unsigned long u = s->uv[i], v = s->uv[(i + 3) & 3];

        r = r * 131 + (unsigned long)min(a, b) + (unsigned long)max(a, b) * 3;
        r = r * 131 + min(u, v) + max(u, v) * 5;
        r = r * 131 + (unsigned long)min_t(int, a, b) + max_t(u8, u, v);
        r = r * 131 + umin(a, u) + umax(b, v) * 7;
        r = r * 131 + (unsigned long)min3(a, b, -5L) + (unsigned long)max3(a, b, 100L);
        r = r * 131 + (unsigned long)clamp(a, -1000L, 1000L) + clamp(u, 16UL, 4096UL);
        r = r * 131 + (unsigned long)clamp_t(s16, a, -300, 300) + clamp_val(s->small[i], 2, 200);
        r = r * 131 + min_not_zero(u & 0xff, v & 0xff00);
    }
    return (long)(r + min(READ_ONCE(s->len), 64U));
}

/* Arguments with side effects: the kernel evaluates each once. */
HUPCALL_NAMED(exit, once)
{
    struct stats *s = (struct stats *)hu_arg(ctx, 0);
    long a = min(atomic_inc_return(&s->counter), 10);
    long b = max(atomic_inc_return(&s->counter), 3);

    return a << 16 | b << 8 | atomic_read(&s->counter);
}

static __attribute__((noinline)) long slow_path(const struct stats *s, long i)
{
    return s->sv[i & 3] * 3 - (long)s->uv[i & 3];
}

/* likely/unlikely around early returns and calls: the branch hints move blocks, never results. */
HUPCALL_NAMED(exit, branches)
{
    const struct stats *s = (const struct stats *)hu_arg(ctx, 0);
    long r = 0;
    int i;

    if (unlikely(!s->len))
        return -22;
    HU_UNROLL for (i = 0; i < 4; i++)
    {
        if (likely(s->sv[i] > 0))
            r += s->sv[i];
        else if (unlikely(s->sv[i] < -1000))
            r -= slow_path(s, i);
        else
            r ^= s->sv[i];
        if (unlikely(s->uv[i] == 0x1000))
            return r * 7;
    }
    return r;
}

#ifdef IDIOM_MAIN
#define IDIOM_ENTRIES(X) X(bounds) X(once) X(branches)

static void idiom_fill(unsigned char *mem, unsigned long base)
{
    static const struct stats init = {
        .sv = {-7, 4000, -123456, 42},
        .uv = {0xffffffffffff0000ul, 3, 0x1000, 0x1234},
        .len = 100,
        .small = {1, 77, 250, 0},
        .counter = {7},
    };

    (void)base;
    __builtin_memcpy(mem, &init, sizeof(init));
}
#include "idiom-main.h"
#endif
