// cmpxchg() on 1-, 2-, 4- and 8-byte guest fields has the kernel's semantics: only the field's
// own bytes are compared and replaced, and the previous field value comes back. The reference
// is the hardware's own cmpxchg (__sync_val_compare_and_swap on the field, natively); the same
// C through hucc (both routes, both engines) and through the framework's native mode agrees.
// REQUIRES: hucc, plugin, hu-load
// RUN: %hucc -c -O2 -g %s -o %t.o
// RUN: %hucc --kernel -c -O2 -g %s -o %t.k.o
// RUN: %hu-load mkimage -o %t.img 0xffff888000000100=u64:0x8877665544332211,0x0102030405060708
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.o | FileCheck %s
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.k.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.k.o | FileCheck %s
// RUN: %host_cc -std=gnu11 -O2 -DHUPCALL_NATIVE -DNARROW_MAIN -DKERNEL_REFERENCE -I %hupcall_include %s -o %t.ref
// RUN: %t.ref | FileCheck %s
// RUN: %host_cc -std=gnu11 -O2 -DHUPCALL_NATIVE -DNARROW_MAIN -I %hupcall_include %s -o %t.native
// RUN: %t.native | FileCheck %s
// CHECK: r0 = 0x89752742df12f656{{$}}
#include <hupcall/atomic.h>
#include <hupcall/hupcall.h>

#ifdef KERNEL_REFERENCE
#undef cmpxchg
#define cmpxchg(p, o, n) __sync_val_compare_and_swap(p, o, n)
#endif

struct fields {
    u8 a;  /* 0x11 */
    u8 b;  /* 0x22 */
    u16 c; /* 0x4433 */
    u32 d; /* 0x88776655 */
    u64 e; /* 0x0102030405060708 */
};

HUPCALL(aging)
{
    struct fields *f = (struct fields *)hu_arg(ctx, 0);
    u64 r = cmpxchg(&f->b, 0x22, 0x99);                 /* swaps: 0x22 */
    r = r * 31 + cmpxchg(&f->a, 0x00, 0x05);            /* fails: 0x11 */
    r = r * 31 + cmpxchg(&f->c, 0x4433, 0x7777);        /* swaps: 0x4433 */
    r = r * 31 + cmpxchg(&f->d, 0x11, 0x1);             /* fails: 0x88776655 */
    r = r * 31 + cmpxchg(&f->a, 0x11, 0xee);            /* swaps: 0x11 */
    r = r * 31 + cmpxchg(&f->c, 0x4433, 0x1);           /* fails: 0x7777 */
    r = r * 31 + cmpxchg(&f->e, 0x0102030405060708, 9); /* swaps */
    return r ^ READ_ONCE(*(u64 *)f) ^ READ_ONCE(f->e);
}

#ifdef NARROW_MAIN
#include <stdio.h>

int main(void)
{
    static struct fields f = {0x11, 0x22, 0x4433, 0x88776655, 0x0102030405060708};
    struct hu_ctx ctx = {0};

    ctx.args[0] = (unsigned long)&f;
    printf("r0 = %#lx\n", (unsigned long)hupcall_aging(&ctx));
    return 0;
}
#endif
