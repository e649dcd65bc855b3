// C to BPF object: with hupcall-layout and the backend keeping the IR block order
// (-mllvm -disable-block-placement -mllvm -disable-branch-fold, as hucc compiles), every jump
// goes forward and the host verifier accepts the object. Without them the backend moves blocks
// backward: machine block placement for likely/unlikely branches (PLACEMENT), branch folding for
// fall-throughs (FOLDING), and the verifier rejects the object (back-edge). The FOLDING case is a
// generated program that keeps nested bounded walks, a switch and early returns.
// REQUIRES: plugin
// RUN: %clang --target=bpf -O2 -g -fpass-plugin=%plugin -I %hupcall_include -mllvm -unroll-max-upperbound=4096 -mllvm -disable-block-placement -mllvm -disable-branch-fold -DPLACEMENT -c -o %t.p.o %s
// RUN: llvm-objdump -d %t.p.o | FileCheck %s --check-prefix=FORWARD
// RUN: %clang --target=bpf -O2 -g -fpass-plugin=%plugin -I %hupcall_include -mllvm -unroll-max-upperbound=4096 -mllvm -disable-block-placement -mllvm -disable-branch-fold -DFOLDING -c -o %t.f.o %s
// RUN: llvm-objdump -d %t.f.o | FileCheck %s --check-prefix=FORWARD
// FORWARD: file format elf64-bpf
// FORWARD-NOT: goto -
// RUN: %if hu-load %{ %hu-load verify %t.p.o | FileCheck %s --check-prefix=VERIFY %}
// RUN: %if hu-load %{ %hu-load verify %t.f.o | FileCheck %s --check-prefix=VERIFY %}
// VERIFY: accepted (1 hyperupcall)
// Why hucc passes the two options: each case gets a backward jump without one of them.
// RUN: %clang --target=bpf -O2 -g -fpass-plugin=%plugin -I %hupcall_include -mllvm -unroll-max-upperbound=4096 -DPLACEMENT -c -o %t.p-default.o %s
// RUN: llvm-objdump -d %t.p-default.o | FileCheck %s --check-prefix=BACKWARD
// RUN: %clang --target=bpf -O2 -g -fpass-plugin=%plugin -I %hupcall_include -mllvm -unroll-max-upperbound=4096 -mllvm -disable-block-placement -DFOLDING -c -o %t.f-fold.o %s
// RUN: llvm-objdump -d %t.f-fold.o | FileCheck %s --check-prefix=BACKWARD
// BACKWARD: goto -
// RUN: %if hu-load %{ not %hu-load verify %t.p-default.o 2>&1 | FileCheck %s --check-prefix=REJECT %}
// REJECT: obj-forward-jumps.c:{{[0-9]+}}:{{[0-9]+}}: error: back-edge: jump to {{[0-9]+}} goes backwards
#include <hupcall/hupcall.h>

extern long a[16];
extern long b[16];

#ifdef PLACEMENT
HUPCALL(exit)
{
    unsigned long s = hu_exit_reason(ctx);
    long t = 6;

    switch (READ_ONCE(a[1]) & 3) {
    case 0:
        if (__builtin_expect(READ_ONCE(a[5]) < t, 0))
            return READ_ONCE(a[1]);
        break;
    case 1:
        t = 18;
        break;
    case 2:
        t = 20;
        break;
    }
    if (__builtin_expect(s & 8, 0))
        return t;
    return t + READ_ONCE(a[9]) * 2;
}
#endif

#ifdef FOLDING
struct entry {
    unsigned long key;
    long value;
    struct hlist_node link;
};
extern struct hlist_head buckets[8];

HUPCALL(exit)
{
    unsigned long s = hu_exit_reason(ctx);
    long t = 1;
    struct entry *e0, *e1, *e2;

    hlist_for_each_entry(e0, &buckets[s & 7], link) {
        t = (t + READ_ONCE(e0->value)) * 3 + 7;
        if (READ_ONCE(e0->key) == s)
            break;
    }
    if (s & 16) {
        if (__builtin_expect(READ_ONCE(a[11]) < t, 0)) {
            if (__builtin_expect(s & 32, 0)) {
                WRITE_ONCE(b[14], t ^ s);
                t = t * 3;
            }
            t = t * 3 + 2;
        } else {
            for (int i = 0; i < 4; i++) {
                t += READ_ONCE(a[(i + 2) & 15]);
                if (__builtin_expect(s & 8, 1))
                    return -1;
            }
            t = t * 3 + 6;
        }
    } else {
        hlist_for_each_entry(e1, &buckets[(s + 1) & 7], link) {
            t += READ_ONCE(e1->value);
            switch (READ_ONCE(a[2]) & 3) {
            case 0:
                t += READ_ONCE(a[4]) * 7;
                break;
            case 1:
                if (__builtin_expect(t > 14, 0))
                    return s + t;
                break;
            case 2:
                t = t * 3 + 6;
                break;
            }
            hlist_for_each_entry(e2, &buckets[(s + 2) & 7], link) {
                t += READ_ONCE(e2->value);
                if (__builtin_expect(READ_ONCE(a[4]) == s, 1))
                    return READ_ONCE(a[1]);
                if (READ_ONCE(e2->key) == s)
                    break;
            }
            if (READ_ONCE(e1->key) == s)
                return t;
        }
    }
    return t;
}
#endif
