// C to BPF object: before every guest access the object masks the guest
// address with guest_mask and adds hva (two instructions, the field offset
// folded into the access); hva and guest_mask are read from the context once
// per entry; stack and context accesses are untouched; no addr_space_cast.
// REQUIRES: plugin
// RUN: %clang --target=bpf -O2 -g -fpass-plugin=%plugin -I %hupcall_include -c -o %t.o %s
// RUN: llvm-objdump -d --no-show-raw-insn %t.o | FileCheck %s
// The host verifier accepts the object (when hu-load is built).
// RUN: %if hu-load %{ %hu-load verify %t.o | FileCheck %s --check-prefix=VERIFY %}
// VERIFY: accepted (2 hyperupcalls)
// Each entry reads hva (ctx + 8) and guest_mask (ctx + 0x18) exactly once.
// RUN: llvm-objdump -d --disassemble-symbols=chase %t.o | grep '(r1 + 0x8)$' | count 1
// RUN: llvm-objdump -d --disassemble-symbols=chase %t.o | grep '(r1 + 0x18)$' | count 1
// RUN: llvm-objdump -d --disassemble-symbols=link %t.o | grep '(r1 + 0x8)$' | count 1
// RUN: llvm-objdump -d --disassemble-symbols=link %t.o | grep '(r1 + 0x18)$' | count 1
// RUN: llvm-objdump -d -l --no-show-raw-insn --disassemble-symbols=chase %t.o | FileCheck %s --check-prefix=LINES

#include <hupcall/abi.h>
#define HUPCALL(ev) __attribute__((section("hupcall/" #ev), used))
#define __host __attribute__((address_space(2)))

struct page {
    unsigned long flags;
    struct page *next;
    long refcount;
};
struct mm {
    struct page *pages;
    int n;
};
extern struct mm init_mm;

// Two-hop chase and a variable index, all through an extern guest symbol.
HUPCALL(reclaim) long chase(const struct hu_ctx *ctx)
{
    struct page *p = init_mm.pages;
    unsigned long gfn = ctx->args[0];
    return p->next->refcount + p[gfn].flags;
    // -g line info survives the passes: the masks carry the line they serve.
    // LINES:      obj-guest-access.c:[[@LINE-2]]
    // LINES-NEXT: r{{[0-9]}} *= 0x18
    // LINES:      &= r
}
// CHECK-LABEL: <chase>:
// CHECK:      r[[M:[0-9]]] = *(u64 *)(r1 + 0x18)
// CHECK-NEXT: r[[S:[0-9]]] = 0x0 ll
// CHECK-NEXT: r[[S]] &= r[[M]]
// CHECK-NEXT: r[[H:[0-9]]] = *(u64 *)(r1 + 0x8)
// CHECK-NEXT: r[[S]] += r[[H]]
// CHECK-NEXT: r[[P:[0-9]]] = *(u64 *)(r[[S]] + 0x0)
// The variable index: the whole address is masked.
// CHECK:      r[[I:[0-9]]] &= r[[M]]
// First hop: p->next, offset 8 folded.
// CHECK:      r[[P]] &= r[[M]]
// CHECK-NEXT: r[[P]] += r[[H]]
// CHECK-NEXT: r[[N:[0-9]]] = *(u64 *)(r[[P]] + 0x8)
// Second hop: next->refcount, offset 16 folded.
// CHECK-NEXT: r[[N]] &= r[[M]]
// CHECK-NEXT: r[[N]] += r[[H]]
// CHECK-NEXT: r[[I]] += r[[H]]
// CHECK-NEXT: = *(u64 *)(r[[I]] + 0x0)
// CHECK-NEXT: = *(u64 *)(r[[N]] + 0x10)
// CHECK-NOT:  addr_space_cast
// CHECK:      exit

// A pointer from an integer, a guest pointer stored into guest memory, a
// __host context, a stack buffer.
HUPCALL(map) long link(const __host struct hu_ctx *ctx)
{
    struct page *p = (struct page *)ctx->args[1];
    struct page *q = (struct page *)ctx->args[2];
    volatile long local[2] = {1, 2};
    p->next = q;
    return local[1];
}
// CHECK-LABEL: <link>:
// CHECK-DAG:  r[[H2:[0-9]]] = *(u64 *)(r1 + 0x8)
// CHECK-DAG:  r[[M2:[0-9]]] = *(u64 *)(r1 + 0x18)
// CHECK-DAG:  r[[P2:[0-9]]] = *(u64 *)(r1 + 0x30)
// CHECK-DAG:  r[[Q2:[0-9]]] = *(u64 *)(r1 + 0x38)
// CHECK:      r[[P2]] &= r[[M2]]
// CHECK-NEXT: r[[P2]] += r[[H2]]
// CHECK-NEXT: *(u64 *)(r[[P2]] + 0x8) = r[[Q2]]
// The stack is addressed from r10 with no mask; the array's initialiser is
// folded into immediates (no .rodata).
// CHECK-NOT:  &= r
// CHECK:      r0 = *(u64 *)(r10 - 0x{{[0-9a-f]+}})
// CHECK-NOT:  addr_space_cast
// CHECK:      exit
