// Clearing the low bits of a guest pointer before dereferencing it (rb_parent(), PTR_ALIGN,
// `& PAGE_MASK`, tagged pointers) compiles to code the verifier accepts: the back end would
// reassociate `(x & ~3) & mask` into `(x & mask) & ~3`, which no longer ends in the window mask,
// so the pass masks such addresses with an `&=` the back end cannot move. Both routes, both
// engines, and natively the same value.
// REQUIRES: hucc, plugin, hu-load
// RUN: %hucc -c -O2 -g %s -o %t.o
// RUN: %hucc --kernel -c -O2 -g %s -o %t.k.o
// RUN: %hu-load verify %t.o | FileCheck %s --check-prefix=VERIFY
// VERIFY: accepted
// Node A at +0x100 (parent_color = B | 1), B at +0x140 (parent_color = C | 2, left = 77),
// C at +0x1000 (page aligned, left = 5).
// RUN: %hu-load mkimage -o %t.img 0xffff888000000100=u64:0xffff888000000141,11,12 0xffff888000000140=u64:0xffff888000001002,77,13 0xffff888000001000=u64:0,5,6
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 --arg 1=0xffff888000001234 %t.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 --arg 1=0xffff888000001234 %t.o | FileCheck %s
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 --arg 1=0xffff888000001234 %t.k.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 --arg 1=0xffff888000001234 %t.k.o | FileCheck %s
// RUN: %host_cc -std=gnu11 -O2 -DHUPCALL_NATIVE -DLOWBITS_MAIN -I %hupcall_include %s -o %t.native
// RUN: %t.native | FileCheck %s
// rb_parent(A) = B: left 77; rb_parent(B) = C: left 5; the page of arg 1 is C: right 6.
// r0 = 77 * 10000 + 5 * 100 + 6
// CHECK: r0 = 0xbc1ca{{$}}
#include <hupcall/hupcall.h>

struct rb_node {
    unsigned long __rb_parent_color;
    long left;
    long right;
};
#define rb_parent(r) ((struct rb_node *)((r)->__rb_parent_color & ~3UL))
#define PAGE_MASK (~4095UL)

HUPCALL(aging)
{
    struct rb_node *a = (struct rb_node *)hu_arg(ctx, 0);
    struct rb_node *page = (struct rb_node *)(hu_arg(ctx, 1) & PAGE_MASK);

    return rb_parent(a)->left * 10000 + rb_parent(rb_parent(a))->left * 100 + page->right;
}

#ifdef LOWBITS_MAIN
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    /* The same layout natively, in a page-aligned buffer. */
    unsigned long *m = aligned_alloc(4096, 8192);
    struct hu_ctx ctx = {0};

    if (!m)
        return 1;
    m[0x100 / 8] = (unsigned long)m + 0x141;
    m[0x140 / 8] = (unsigned long)m + 0x1002;
    m[0x148 / 8] = 77;
    m[0x1008 / 8] = 5;
    m[0x1010 / 8] = 6;
    ctx.args[0] = (unsigned long)m + 0x100;
    ctx.args[1] = (unsigned long)m + 0x1234;
    printf("r0 = %#lx\n", (unsigned long)hupcall_aging(&ctx));
    return 0;
}
#endif
