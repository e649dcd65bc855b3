// memcmp, strcmp and strncmp on guest memory, the way kernel code calls them, compile in place
// (hupcall-strings: a byte compare unrolled to a bound the compiler proves) with the kernel's
// results: memcmp the difference of the first differing bytes, strcmp/strncmp -1, 0 or 1. Both
// routes, both engines, natively (the C library) the same signs. A compare with no bound is an
// error at its line saying how to bound it.
// REQUIRES: hucc, plugin, hu-load
// RUN: %hucc -c -O2 -g %s -o %t.o
// RUN: %hucc --kernel -c -O2 -g %s -o %t.k.o
// RUN: %hu-load mkimage -o %t.img 0xffff888000000100=hex:737761707065722f30000000000000000700000000000000 0xffff888000000118=hex:737761707065722f31000000000000000900000000000000
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 --arg 1=0xffff888000000118 --arg 2=5 %t.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 --arg 1=0xffff888000000118 --arg 2=5 %t.o | FileCheck %s
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 --arg 1=0xffff888000000118 --arg 2=5 %t.k.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 --arg 1=0xffff888000000118 --arg 2=5 %t.k.o | FileCheck %s
// RUN: %host_cc -std=gnu11 -O2 -DHUPCALL_NATIVE -DSTRINGS_MAIN -I %hupcall_include %s -o %t.native
// RUN: %t.native | FileCheck %s
// CHECK: r0 = 0x2977{{$}}
// RUN: not %hucc -c -O2 -g -DUNBOUNDED %s -o %t.bad.o 2>&1 | FileCheck %s --check-prefix=ERR
#include <hupcall/hupcall.h>

struct task {
    char comm[16];
    long pid;
};

/* -1, 0 or 1: the C library's memcmp/strcmp promise only the sign. */
static long sign(long v)
{
    return (v > 0) - (v < 0);
}

HUPCALL(aging)
{
    struct task *t = (struct task *)hu_arg(ctx, 0);
    struct task *u = (struct task *)hu_arg(ctx, 1);
    unsigned long n = hu_arg(ctx, 2);
    long r = sign(strcmp(t->comm, "swapper/0"));
    r = r * 3 + sign(strcmp(u->comm, "swapper/0"));
    r = r * 3 + sign(strcmp("kworker", u->comm));
    r = r * 3 + sign(strncmp(t->comm, u->comm, sizeof(t->comm)));
    r = r * 3 + sign(strncmp(t->comm, u->comm, 8));
    r = r * 3 + sign(memcmp(t, u, sizeof(*t)));
    r = r * 3 + sign(memcmp(&t->pid, &u->pid, sizeof(long)));
    r = r * 3 + sign(memcmp(t, u, min(n, 24UL)));
    r = r * 3 + sign(memcmp(t->comm, "swapper", 7));
    r = r * 3 + (memcmp(t, u, min(n, 9UL)) == 0);
    r = r * 3 + !strncmp(t->comm, "swapper/", n);
    return r;
}

#ifdef UNBOUNDED
HUPCALL_NAMED(aging, unbounded)
{
    const char *a = (const char *)hu_arg(ctx, 0), *b = (const char *)hu_arg(ctx, 1);
    // ERR: idiom-string-compare.c:[[#@LINE+1]]:{{[0-9]+}}: error: hupcall: strcmp with no bound the compiler can see (a hyperupcall compares in place, byte by byte): use strncmp(a, b, N) with a constant N, e.g. sizeof(task->comm)
    long r = strcmp(a, b);
    // ERR: idiom-string-compare.c:[[#@LINE+1]]:{{[0-9]+}}: error: hupcall: memcmp with no bound the compiler can see (a hyperupcall compares in place, byte by byte): bound its length, e.g. memcmp(a, b, min(n, 64UL))
    r += memcmp(a, b, hu_arg(ctx, 2));
    // ERR: idiom-string-compare.c:[[#@LINE+1]]:{{[0-9]+}}: error: hupcall: strncmp of up to 300 bytes: a hyperupcall compares at most 256 bytes in place: bound its length, e.g. strncmp(a, b, min(n, 64UL))
    return r + strncmp(a, b, 300);
}
#endif

#ifdef STRINGS_MAIN
#include <stdio.h>

int main(void)
{
    static struct task tasks[2] = {{"swapper/0", 7}, {"swapper/1", 9}};
    struct hu_ctx ctx = {0};

    ctx.args[0] = (unsigned long)&tasks[0];
    ctx.args[1] = (unsigned long)&tasks[1];
    ctx.args[2] = 5;
    printf("r0 = %#lx\n", (unsigned long)hupcall_aging(&ctx));
    return 0;
}
#endif
