// Every read-modify-write builtin and compare-and-swap on 1-, 2-, 4- and 8-byte guest objects has
// the hardware's result and changes exactly the object's bytes: add, sub, and, or, xor, nand,
// exchange, a compare-and-swap that fails and one that swaps, the kernel's cmpxchg(), xchg() and
// atomic_t/atomic64_t operations. Every
// byte of the fields and their neighbours is mixed into r0. Sub is a BPF atomic add of -v at 4
// and 8 bytes; the rest the atomic helper does with the host's instruction of the object's size.
// Both routes, both engines, natively the same value.
// REQUIRES: hucc, plugin, hu-load
// RUN: %hucc -c -O2 -g %s -o %t.o
// RUN: %hucc --kernel -c -O2 -g %s -o %t.k.o
// RUN: %hu-load mkimage -o %t.img 0xffff888000000100=u64:0x8877665544332211,0x0102030405060708,0xfedcba9876543210,0x0f1e2d3c4b5a6978,0x1122334455667788,0x99aabbccddeeff00,0x7766554433221100,0xa5a55a5a12345678,0x0123456789abcdef,0xfedcba9876543210,0x1,0x8000000000000000,0xffffffffffffffff,0x5555aaaa5555aaaa,0x3333cccc3333cccc,0x1111111180000003,0x7fffffffffffffff,0x2222222222222222
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.o | FileCheck %s
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.k.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.k.o | FileCheck %s
// RUN: %host_cc -std=gnu11 -O2 -DHUPCALL_NATIVE -DWIDTHS_MAIN -I %hupcall_include %s -o %t.native
// RUN: %t.native | FileCheck %s
// CHECK: r0 = 0xd829fa9f2da25aca{{$}}
#include <hupcall/hupcall.h>

struct objs {
    u8 b[8];
    u16 h[8];
    u32 w[8];
    u64 d[8];
    u64 tail[3];
};

/* Each operation on its own element of `f`, so that its neighbours show any stray write. */
#define OPS(r, p, f, T)                                                                            \
    do {                                                                                           \
        T cur = READ_ONCE((p)->f[0]);                                                              \
        r = r * 31 + __sync_val_compare_and_swap(&(p)->f[0], (T)(cur + 1), (T)7); /* fails */      \
        r = r * 31 + __sync_bool_compare_and_swap(&(p)->f[0], cur, (T)~cur);      /* swaps */      \
        r = r * 31 + __sync_fetch_and_add(&(p)->f[1], (T)0x8181818181818181ull);                  \
        r = r * 31 + __sync_fetch_and_sub(&(p)->f[2], (T)0x9393939393939393ull);                  \
        r = r * 31 + __sync_fetch_and_and(&(p)->f[3], (T)0xf0f0f0f0f0f0f0f0ull);                  \
        r = r * 31 + __sync_fetch_and_or(&(p)->f[4], (T)0x0102040810204080ull);                   \
        r = r * 31 + __sync_fetch_and_xor(&(p)->f[5], (T)0xffff00000000ffffull);                  \
        r = r * 31 + __atomic_fetch_nand(&(p)->f[6], (T)0x5a5a5a5a5a5a5a5aull, __ATOMIC_SEQ_CST); \
        r = r * 31 + __atomic_exchange_n(&(p)->f[7], (T)0x1234567890abcdefull, __ATOMIC_SEQ_CST); \
        r = r * 31 + __sync_sub_and_fetch(&(p)->f[2], 1);                                         \
        r = r * 31 + __atomic_fetch_sub(&(p)->f[1], 3, __ATOMIC_RELAXED);                          \
        r = r * 31 + cmpxchg(&(p)->f[3], (T)0x77, (T)0x66); /* fails */                            \
        r = r * 31 + cmpxchg(&(p)->f[4], READ_ONCE((p)->f[4]), (T)0x66); /* swaps */               \
    } while (0)

HUPCALL(aging)
{
    struct objs *p = (struct objs *)hu_arg(ctx, 0);
    const u64 *all = (const u64 *)p;
    u64 r = 0;
    int i;

    OPS(r, p, b, u8);
    OPS(r, p, h, u16);
    OPS(r, p, w, u32);
    OPS(r, p, d, u64);

    /* The kernel's names, on an atomic_t with a neighbour in its word and an atomic64_t. */
    atomic_t *a = (atomic_t *)&p->tail[0];
    atomic64_t *a64 = (atomic64_t *)&p->tail[1];
    atomic_inc(a);
    atomic_add(5, a);
    atomic_sub(3, a);
    atomic_dec(a);
    atomic_andnot(0x100, a);
    r = r * 31 + (u32)atomic_inc_return(a);
    r = r * 31 + atomic_dec_and_test(a);
    r = r * 31 + (u32)atomic_fetch_or(0xf0, a);
    r = r * 31 + (u32)atomic_xchg(a, 0x1234);
    r = r * 31 + (u32)atomic_cmpxchg(a, 0x1234, 0x4321);
    atomic64_add(-7, a64);
    atomic64_or(0x10, a64);
    r = r * 31 + (u64)atomic64_sub_return(100, a64);
    r = r * 31 + (u64)atomic64_fetch_xor(0xff, a64);
    r = r * 31 + xchg(&p->h[0], 0x7777);
    r = r * 31 + xchg(&p->b[1], 0x99);
    HU_UNROLL for (i = 0; i < 18; i++)
        r = r * 31 + READ_ONCE(all[i]);
    return (long)r;
}

#ifdef WIDTHS_MAIN
#include <stdio.h>

int main(void)
{
    static u64 v[18] = {0x8877665544332211, 0x0102030405060708, 0xfedcba9876543210,
                        0x0f1e2d3c4b5a6978, 0x1122334455667788, 0x99aabbccddeeff00,
                        0x7766554433221100, 0xa5a55a5a12345678, 0x0123456789abcdef,
                        0xfedcba9876543210, 0x1,                0x8000000000000000,
                        0xffffffffffffffff, 0x5555aaaa5555aaaa, 0x3333cccc3333cccc,
                        0x1111111180000003, 0x7fffffffffffffff, 0x2222222222222222};
    struct hu_ctx ctx = {0};

    ctx.args[0] = (unsigned long)v;
    printf("r0 = %#lx\n", (unsigned long)hupcall_aging(&ctx));
    return 0;
}
#endif
