// Plain guest C compiled by hucc (the pass translates every guest access, caches hva and mask
// from the context and threads them into a non-inlined callee as hidden arguments): the
// verifier accepts the result, sees each guest load go through hva + (x & mask), and verifies
// the callee with the kinds its caller passed.
// REQUIRES: hucc, hu-load, plugin
// RUN: %hucc -O2 -c %s -o %t.o
// RUN: %hu-load verify %t.o
// RUN: %hu-load disasm --kinds %t.o | FileCheck %s
// CHECK:      <lookup>:
// CHECK:      = *(u64 *)(r1 + 0x18)
// CHECK:      call
// CHECK:      <fn@{{[0-9]+}}>:
// CHECK:      : if r1 == 0x0 goto
// CHECK-NEXT: ; r1=scalar r2=scalar r{{[0-9]}}=hva r{{[0-9]}}=mask r10=fp
// CHECK:      = *(u64 *)(r[[BASE:[0-9]]] + 0x8)
// CHECK-NEXT: ; {{.*}}r[[BASE]]=hva+(x&mask)

#include <hupcall/hupcall.h>

struct node {
    struct node *next;
    unsigned long key;
    unsigned long val;
};

extern struct node *buckets[64];

static __attribute__((noinline)) unsigned long match(struct node *n, unsigned long key)
{
    return n && n->key == key ? n->val : 0;
}

HUPCALL_NAMED(reclaim, lookup)
{
    unsigned long key = hu_arg(ctx, 0);
    struct node *n = buckets[key & 63];

    return (long)(match(n, key) | match(n ? n->next : 0, key));
}
