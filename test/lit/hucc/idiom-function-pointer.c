// Comparing a stored function pointer with a known function's address, as kernel code tells
// objects apart by their operations (`q->mq_ops->queue_rq == nvme_queue_rq`): the function is
// the guest's, declared and never called, so hupcall-guest-functions makes it a guest symbol
// like an extern variable (an ld_imm64 relocation resolved at registration). Both routes, both
// engines, with the symbol at the address the guest stored; natively the same results.
// REQUIRES: hucc, plugin, hu-load
// RUN: %hucc -c -O2 -g %s -o %t.o
// RUN: %hucc --kernel -c -O2 -g %s -o %t.k.o
// RUN: llvm-objdump -dr %t.o | FileCheck %s --check-prefix=RELOC
// RELOC: R_BPF_64_64 queue_rq_fast
// RUN: %hu-load mkimage -o %t.img 0xffff888000000100=u64:0xffff888000000200,0xffff888000000210,0xffff888000000220 0xffff888000000200=u64:0xffffffff81001000,1 0xffff888000000210=u64:0xffffffff81002000,2 0xffff888000000220=u64:0xffffffff81001000,4
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --sym queue_rq_fast=0xffffffff81001000 --sym queue_rq_slow=0xffffffff81002000 --event aging --arg 0=0xffff888000000100 %t.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --sym queue_rq_fast=0xffffffff81001000 --sym queue_rq_slow=0xffffffff81002000 --event aging --arg 0=0xffff888000000100 %t.o | FileCheck %s
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --sym queue_rq_fast=0xffffffff81001000 --sym queue_rq_slow=0xffffffff81002000 --event aging --arg 0=0xffff888000000100 %t.k.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --sym queue_rq_fast=0xffffffff81001000 --sym queue_rq_slow=0xffffffff81002000 --event aging --arg 0=0xffff888000000100 %t.k.o | FileCheck %s
// RUN: %host_cc -std=gnu11 -O2 -DHUPCALL_NATIVE -DFN_MAIN -I %hupcall_include %s -o %t.native
// RUN: %t.native | FileCheck %s
// CHECK: r0 = 0x68{{$}}
#include <hupcall/hupcall.h>

struct queue_ops {
    int (*queue_rq)(void *q);
    long weight;
};

int queue_rq_fast(void *q);
int queue_rq_slow(void *q);

HUPCALL(aging)
{
    struct queue_ops **qs = (struct queue_ops **)hu_arg(ctx, 0);
    long r = 0;

    for (int i = 0; i < 3; i++) {
        if (qs[i]->queue_rq == queue_rq_fast)
            r = r * 10 + qs[i]->weight;
        else if (qs[i]->queue_rq != queue_rq_slow)
            r = r * 10 + 9;
        else
            r = r * 10;
    }
    return r;
}

#ifdef FN_MAIN
#include <stdio.h>

int queue_rq_fast(void *q)
{
    return q != NULL;
}

int queue_rq_slow(void *q)
{
    return q == NULL;
}

int main(void)
{
    static struct queue_ops ops[3] = {{queue_rq_fast, 1}, {queue_rq_slow, 2}, {queue_rq_fast, 4}};
    static struct queue_ops *qs[3] = {&ops[0], &ops[1], &ops[2]};
    struct hu_ctx ctx = {0};

    ctx.args[0] = (unsigned long)qs;
    printf("r0 = %#lx\n", (unsigned long)hupcall_aging(&ctx));
    return 0;
}
#endif
