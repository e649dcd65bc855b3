// Plain guest C compiled by hucc (the pass translates every guest access and caches hva and mask
// from the context): the verifier accepts the result, and its kinds show each guest load going
// through hva + (x & mask) with the mask loaded from ctx+24.
// REQUIRES: hucc, hu-load, plugin
// RUN: %hucc -O2 -c %s -o %t.o
// RUN: %hu-load verify %t.o
// RUN: %hu-load disasm --kinds %t.o | FileCheck %s
// CHECK:      <lookup>:
// CHECK:      = *(u64 *)(r1 + 0x18)
// CHECK:      = *(u64 *)(r[[BASE:[2-9]]] + 0x8)
// CHECK-NEXT: ; {{.*}}r[[BASE]]=hva+(x&mask)
// CHECK:      = *(u64 *)(r[[BASE2:[2-9]]] + 0x10)
// CHECK-NEXT: ; {{.*}}r[[BASE2]]=hva+(x&mask)

#include <hupcall/hupcall.h>

struct node {
    struct node *next;
    unsigned long key;
    unsigned long val;
};

extern struct node *buckets[64];

/* One step of a bucket walk; written out rather than looped (hyperupcalls have no loops). */
static __attribute__((noinline)) struct node *step(struct node *n, unsigned long key,
                                                   unsigned long *val)
{
    if (n && n->key == key)
        *val = n->val;
    return n ? n->next : 0;
}

HUPCALL_NAMED(reclaim, lookup)
{
    unsigned long key = hu_arg(ctx, 0), val = 0;
    struct node *n = buckets[key & 63];

    n = step(n, key, &val);
    n = step(n, key, &val);
    step(n, key, &val);
    return (long)val;
}
