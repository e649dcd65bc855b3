// The __sync_* and __atomic_* read-modify-write builtins on 1-, 2-, 4- and 8-byte guest fields
// (the kernel's atomic_add/inc/xchg, set_bit's lock or) have the hardware's results: each
// returns the field's previous value and leaves exactly the field's bytes changed. hupcall-atomics
// keeps 4/8-byte add/or/and/xor/exchange (and sub, as an add of -v) single BPF atomics and makes
// the rest one call of the atomic helper each. Both routes, both engines, natively the same value.
// REQUIRES: hucc, plugin, hu-load
// RUN: %hucc -c -O2 -g %s -o %t.o
// RUN: %hucc --kernel -c -O2 -g %s -o %t.k.o
// RUN: %hu-load mkimage -o %t.img 0xffff888000000100=u64:0x8877665544332211,0x0102030405060708,0xfedcba9876543210
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.o | FileCheck %s
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.k.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.k.o | FileCheck %s
// RUN: %host_cc -std=gnu11 -O2 -DHUPCALL_NATIVE -DATOMICS_MAIN -I %hupcall_include %s -o %t.native
// RUN: %t.native | FileCheck %s
// CHECK: r0 = 0x8ce3e2198ed6dc55{{$}}
#include <hupcall/hupcall.h>

struct fields {
    u8 a;  /* 0x11 */
    s8 b;  /* 0x22 */
    u16 c; /* 0x4433 */
    s32 d; /* 0x88776655 */
    u64 e; /* 0x0102030405060708 */
    long f;
};

HUPCALL(aging)
{
    struct fields *p = (struct fields *)hu_arg(ctx, 0);
    u64 r = __sync_fetch_and_add(&p->e, 0x1000);
    r = r * 31 + __sync_fetch_and_sub(&p->d, 0x10000);
    r = r * 31 + __sync_fetch_and_or(&p->c, 0x8001);
    r = r * 31 + __sync_fetch_and_and(&p->a, 0xf0);
    r = r * 31 + __sync_fetch_and_xor(&p->b, 0x7f);
    r = r * 31 + __sync_add_and_fetch(&p->b, 100);
    r = r * 31 + __sync_lock_test_and_set(&p->c, 0xbeef);
    r = r * 31 + __atomic_fetch_sub(&p->f, 5, __ATOMIC_RELAXED);
    r = r * 31 + __atomic_exchange_n(&p->a, 0x5a, __ATOMIC_SEQ_CST);
    r = r * 31 + __atomic_fetch_nand(&p->d, 0x0f0f0f0f, __ATOMIC_SEQ_CST);
    r = r * 31 + __sync_val_compare_and_swap(&p->d, 0, 1);           /* fails */
    r = r * 31 + __sync_val_compare_and_swap(&p->c, 0xbeef, 0x4321); /* swaps */
    r = r * 31 + __sync_bool_compare_and_swap(&p->a, 0x5a, 0xa5);    /* swaps */
    __sync_fetch_and_add(&p->e, 1); /* result unused */
    return r ^ READ_ONCE(*(u64 *)p) ^ READ_ONCE(p->e) * 7 ^ READ_ONCE(p->f) * 13;
}

#ifdef ATOMICS_MAIN
#include <stdio.h>

int main(void)
{
    static struct fields f = {0x11, 0x22, 0x4433, (s32)0x88776655, 0x0102030405060708,
                              (long)0xfedcba9876543210};
    struct hu_ctx ctx = {0};

    ctx.args[0] = (unsigned long)&f;
    printf("r0 = %#lx\n", (unsigned long)hupcall_aging(&ctx));
    return 0;
}
#endif
