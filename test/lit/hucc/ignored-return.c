// A function the optimiser does not inline whose result the caller ignores (so dead argument
// elimination makes it void, or leaves it returning undef) still ends with r0 written: the
// verifier rejected it as uninit-register (or host-pointer-return when r0 last held a window
// pointer). Both routes and engines run it; natively the same C writes the same bytes.
// REQUIRES: hucc, plugin, hu-load
// RUN: %hucc -c -O2 -g %s -o %t.o
// RUN: %hucc --kernel -c -O2 -g %s -o %t.k.o
// RUN: %hu-load mkimage -o %t.img 0xffff888000000100=u64:1,2,0xffff888000000200 0xffff888000000200=u64:10,20,0
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.o | FileCheck %s
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.k.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.k.o | FileCheck %s
// RUN: %host_cc -std=gnu11 -O2 -DHUPCALL_NATIVE -DIGNORED_MAIN -I %hupcall_include %s -o %t.native
// RUN: %t.native | FileCheck %s
// bump: a = 2, next->b = 2; hop: a = 3 (its result, next, ignored); r0 = a * 100 + next->b.
// CHECK: r0 = 0x12e{{$}}
#include <hupcall/hupcall.h>

struct s {
    long a, b;
    struct s *next;
};

static __attribute__((noinline)) long bump(struct s *p)
{
    p->a++;
    p->next->b = p->b;
    return p->b;
}

static __attribute__((noinline)) struct s *hop(struct s *p)
{
    p->a = 3;
    return p->next;
}

HUPCALL(aging)
{
    struct s *p = (struct s *)hu_arg(ctx, 0);

    bump(p);
    hop(p);
    return READ_ONCE(p->a) * 100 + READ_ONCE(p->next->b);
}

#ifdef IGNORED_MAIN
#include <stdio.h>

int main(void)
{
    static struct s second = {10, 20, 0}, first = {1, 2, &second};
    struct hu_ctx ctx = {0};

    ctx.args[0] = (unsigned long)&first;
    printf("r0 = %#lx\n", (unsigned long)hupcall_aging(&ctx));
    return 0;
}
#endif
