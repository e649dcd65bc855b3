// The translated code computes what the C says: compiled with the plugin,
// verified and run by hu-load (interpreter and JIT) over a guest memory image.
// Covers an extern guest symbol, a pointer from an integer, a variable array
// index, memcpy guest-to-stack and stack-to-guest, a guest pointer stored in
// guest memory, the cmpxchg helper and a non-inlined callee chasing two hops.
// A guest address outside the window wraps into it (the mask is the bound).
// REQUIRES: plugin, hu-load
// RUN: %clang --target=bpf -O2 -g -fpass-plugin=%plugin -I %hupcall_include -c -o %t.o %s
// RUN: %hu-load verify %t.o
// head at +0x100 points to node A at +0x1000; arr at +0x2000 = {5, 0, 0, 0}, {42, 99, 0, 7}.
// RUN: %hu-load mkimage -o %t.img 0xffff888000000100=u64:0xffff888000001000 0xffff888000002000=u64:5,0,0,0,42,99,0,7
// RUN: %hu-load run --engine interp --image %t.img --event aging --sym head=0xffff888000000100 --window 0xffff888000000000:0x100000 --arg 0=0xffff888000002000 --arg 1=1 %t.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --event aging --sym head=0xffff888000000100 --window 0xffff888000000000:0x100000 --arg 0=0xffff888000002000 --arg 1=1 %t.o | FileCheck %s
// RUN: %hu-load run --engine interp --image %t.img --event aging --sym head=0xffff888000000100 --window 0xffff888000000000:0x100000 --arg 0=0xffff888000102000 --arg 1=1 %t.o | FileCheck %s --check-prefix=WRAP
// A = arr[1] with val + 1000 = 1042; A->next = arr; cmpxchg arr[0].val 5 -> 6
// returns 5; second(A) = arr[0].val = 6: r0 = 6 * 1000000 + 1042 * 1000 + 5.
// CHECK: call cmpxchg(0xffff888000002000, 5, 6) = 5
// CHECK: r0 = 0x6b73d5
// WRAP: call cmpxchg(0xffff888000102000, 5, 6) = 5
// WRAP: r0 = 0x6b73d5

#include <hupcall/abi.h>
#define HUPCALL(ev) __attribute__((section("hupcall/" #ev), used))

struct node {
    long val;
    struct node *next;
    long pad[2];
};
extern struct node *head;

static __attribute__((noinline)) long second(struct node *n)
{
    return n->next->val;
}

HUPCALL(aging) long run(const struct hu_ctx *ctx)
{
    struct node *a = head;
    struct node *arr = (struct node *)ctx->args[0];
    unsigned long i = ctx->args[1];
    long tmp[4];

    __builtin_memcpy(tmp, &arr[i], sizeof(tmp));
    tmp[0] += 1000;
    __builtin_memcpy(a, tmp, sizeof(tmp));
    a->next = &arr[0];
    long old = __sync_val_compare_and_swap(&arr[0].val, 5L, 6L);
    return second(a) * 1000000 + a->val * 1000 + old;
}
