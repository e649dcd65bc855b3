// memcmp and strncmp whose length is a variable bounded the way kernel code bounds it - a mask,
// a shift, a range check guarding the call, one of two masked lengths - compile in place
// (hupcall-strings takes the bound from what it knows about the length at the call) and give
// the results of the C library natively: both routes, both engines.
// REQUIRES: hucc, plugin, hu-load
// RUN: %hucc -c -O2 -g %s -o %t.o
// RUN: %hucc --kernel -c -O2 -g %s -o %t.k.o
// RUN: %hu-load mkimage -o %t.img \
// RUN:   0xffff888000000100=hex:737761707065722f30000000000000000700000000000000 \
// RUN:   0xffff888000000118=hex:737761707065722f31000000000000000900000000000000
// DEFINE: %{run} = %hu-load run --image %t.img --window 0xffff888000000000:0x100000 \
// DEFINE:   --event aging --arg 0=0xffff888000000100 --arg 1=0xffff888000000118 \
// DEFINE:   --arg 2=9 --arg 3=29
// RUN: %{run} --engine interp %t.o | FileCheck %s
// RUN: %{run} --engine jit %t.o | FileCheck %s
// RUN: %{run} --engine interp %t.k.o | FileCheck %s
// RUN: %{run} --engine jit %t.k.o | FileCheck %s
// RUN: %host_cc -std=gnu11 -O2 -DHUPCALL_NATIVE -DSTRINGS_MAIN -I %hupcall_include %s \
// RUN:   -o %t.native
// RUN: %t.native | FileCheck %s
// CHECK: r0 = 0x88{{$}}
#include <hupcall/hupcall.h>

struct task {
    char comm[16];
    long pid;
};

/* 0, 1 or 2 for a negative, zero or positive result: the C library promises only the sign. */
static long sign3(long v)
{
    return (v > 0) - (v < 0) + 1;
}

HUPCALL(aging)
{
    struct task *t = (struct task *)hu_arg(ctx, 0);
    struct task *u = (struct task *)hu_arg(ctx, 1);
    unsigned long a = hu_arg(ctx, 2), c = hu_arg(ctx, 3);
    long r = sign3(memcmp(t, u, c & 15));         /* 13 bytes: "swapper/0" < "swapper/1" */
    r = r * 3 + sign3(memcmp(t, u, a & 7));       /* 1 byte: equal */
    r = r * 3 + sign3(memcmp(u, t, c >> 1 & 15)); /* 14 bytes: greater */
    if (a <= 12)                                  /* 9 bytes, bounded by the check */
        r = r * 3 + sign3(strncmp(t->comm, u->comm, a));
    if (t->pid & 1) /* one of two masked lengths */
        r = r * 3 + sign3(memcmp(t->comm + 8, u->comm + 8, a & 7));
    else
        r = r * 3 + sign3(memcmp(t, u, c & 3));
    return r * 3 + sign3(strncmp(t->comm, u->comm, c >> 58)); /* 0 bytes: equal */
}

#ifdef STRINGS_MAIN
#include <stdio.h>

int main(void)
{
    static struct task tasks[2] = {{"swapper/0", 7}, {"swapper/1", 9}};
    struct hu_ctx ctx = {0};

    ctx.args[0] = (unsigned long)&tasks[0];
    ctx.args[1] = (unsigned long)&tasks[1];
    ctx.args[2] = 9;
    ctx.args[3] = 29;
    printf("r0 = %#lx\n", (unsigned long)hupcall_aging(&ctx));
    return 0;
}
#endif
