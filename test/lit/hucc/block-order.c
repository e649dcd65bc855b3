// An acyclic function can come out of LLVM with a backward jump, which the verifier rejects: the
// iterations of an unrolled walk that leave early share one exit block, laid out before the later
// iterations, and machine block placement and branch folding move blocks for branch
// probabilities (likely/unlikely) and fall-throughs. The plugin lays every function's blocks out
// in reverse post-order (hupcall-layout) and keeps BPF code generation from moving them
// (KeepOrder.cpp). A lookup that returns from inside a bounded hlist walk (on the likely and the
// unlikely path), and the reverse and _safe walks of Inputs/walks.c compile in both routes,
// verify, have no backward jump, and run on hu-load with the native results (native.c:
// 13214321).
// REQUIRES: hucc, plugin, hu-load
// RUN: rm -rf %t && mkdir -p %t
// RUN: %hucc -c %s -o %t/lookup.o
// RUN: llvm-objdump -d %t/lookup.o | FileCheck %s --check-prefix=FORWARD
// RUN: %hucc --kernel -c %s -o %t/lookup-kernel.o
// RUN: llvm-objdump -d %t/lookup-kernel.o | FileCheck %s --check-prefix=FORWARD
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
// The lookup over the same image (keys 3, 11, 19 in bucket 3; the first name word is returned).
// RUN: %hu-load run --image %t/img --event exit --arg 0=11 --sym buckets=0xffff888000000100 %t/lookup.o | FileCheck %s --check-prefix=HIT
// RUN: %hu-load run --image %t/img --event exit --arg 0=11 --sym buckets=0xffff888000000100 %t/lookup-kernel.o | FileCheck %s --check-prefix=HIT
// HIT: r0 = 0x2f72656b726f776b{{$}}
// RUN: %hu-load run --image %t/img --event exit --arg 0=27 --sym buckets=0xffff888000000100 %t/lookup.o | FileCheck %s --check-prefix=MISS
// MISS: r0 = 0xffffffffffffffff{{$}}
#include <hupcall/hupcall.h>

/* facilities_image.py's entries: key, a 16-byte name, the hlist link. */
struct entry {
    unsigned long key;
    long name_lo, name_hi;
    struct hlist_node link;
};
extern struct hlist_head buckets[8];

HUPCALL(exit)
{
    unsigned long key = hu_exit_reason(ctx);
    struct entry *e;

    hlist_for_each_entry(e, &buckets[key & 7], link) {
        if (__builtin_expect(READ_ONCE(e->key) == 0, 0))
            return -2;
        if (__builtin_expect(READ_ONCE(e->key) == key, 1))
            return READ_ONCE(e->name_lo);
    }
    return -1;
}
