// An acyclic function can still come out of LLVM with a backward jump: the iterations of an
// unrolled walk that leave early share one exit block, laid out before the later iterations.
// The verifier accepts only forward jumps, so hucc, told so by the in-process verifier, generates
// the code again from the optimised IR with every function's blocks in reverse post-order
// (block_order.c, relayout.c: opt -passes=instnamer, then llc). A lookup that returns from inside
// a bounded hlist walk, and the reverse and _safe walks of Inputs/walks.c, compile, verify, have
// no backward jump, and run on hu-load with the native results (native.c: 13214321).
// REQUIRES: hucc, plugin, hu-load
// RUN: rm -rf %t && mkdir -p %t
// RUN: %hucc -v -c %s -o %t/lookup.o 2>&1 | FileCheck %s --check-prefix=RELAYOUT
// RELAYOUT: hucc: verify {{.*}}lookup.o
// RELAYOUT-NEXT: hucc: backward jump: relaying the blocks out in reverse post-order
// RELAYOUT: -emit-llvm
// RELAYOUT: opt{{[^ ]*}} -passes=instnamer
// RELAYOUT: llc{{[^ ]*}} -march=bpf -O2 -filetype=obj
// RUN: llvm-objdump -d %t/lookup.o | FileCheck %s --check-prefix=FORWARD
// RUN: %hucc -c %S/Inputs/walks.c -o %t/walks.o
// RUN: llvm-objdump -d %t/walks.o | FileCheck %s --check-prefix=FORWARD
// RUN: %hucc --kernel -c %S/Inputs/walks.c -o %t/walks-kernel.o
// RUN: llvm-objdump -d %t/walks-kernel.o | FileCheck %s --check-prefix=FORWARD
// FORWARD: file format elf64-bpf
// FORWARD-NOT: goto -
// RUN: %python %S/Inputs/facilities_image.py %hu-load %t/img
// RUN: %hu-load run --image %t/img --event map --sym buckets=0xffff888000000100 --sym jobs=0xffff888000005000 --sym __cpu_online_mask=0xffff888000006000 %t/walks.o | FileCheck %s --check-prefix=MAP
// RUN: %hu-load run --image %t/img --event map --sym buckets=0xffff888000000100 --sym jobs=0xffff888000005000 --sym __cpu_online_mask=0xffff888000006000 %t/walks-kernel.o | FileCheck %s --check-prefix=MAP
// MAP: r0 = 0xc9a271{{$}}
#include <hupcall/hupcall.h>

struct entry {
    unsigned long key;
    long value;
    struct hlist_node link;
};
extern struct hlist_head buckets[8];

HUPCALL(exit)
{
    unsigned long key = hu_exit_reason(ctx);
    struct entry *e;

    hlist_for_each_entry(e, &buckets[key & 7], link) {
        if (READ_ONCE(e->key) == key)
            return READ_ONCE(e->value);
    }
    return -1;
}
