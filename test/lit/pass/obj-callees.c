// C to BPF object across calls: a non-inlined callee touching guest memory
// gets hva and guest_mask as hidden arguments (never the context); a function
// called with a stack buffer and with a guest pointer is split: the stack
// instance is inlined (the verifier lets no stack pointer cross a call), the
// guest instance is a clone that masks its argument. Also: a phi of guest
// pointers, memcpy guest-to-stack and stack-to-guest, a compare-and-swap on
// guest memory through the cmpxchg helper (6).
// REQUIRES: plugin
// RUN: %clang --target=bpf -O2 -g -fpass-plugin=%plugin -I %hupcall_include -c -o %t.o %s
// RUN: llvm-objdump -dr --no-show-raw-insn %t.o | FileCheck %s
// RUN: %if hu-load %{ %hu-load verify %t.o | FileCheck %s --check-prefix=VERIFY %}
// VERIFY: accepted (1 hyperupcall)

#include <hupcall/abi.h>
#define HUPCALL(ev) __attribute__((section("hupcall/" #ev), used))
#define noinline __attribute__((noinline))

struct node {
    long val;
    struct node *next;
};
extern struct node *head;

static noinline long sum2(const long *a)
{
    return a[0] + a[1];
}

static noinline long chase(struct node *n)
{
    return n->next->val;
}

// The callees live in .text: hva arrives in r2 and the mask in r3, after the
// one real argument; each access is and + add.
// CHECK-LABEL: <chase>:
// CHECK-NEXT:  r1 &= r3
// CHECK-NEXT:  r1 += r2
// CHECK-NEXT:  r1 = *(u64 *)(r1 + 0x8)
// CHECK-NEXT:  r1 &= r3
// CHECK-NEXT:  r1 += r2
// CHECK-NEXT:  r0 = *(u64 *)(r1 + 0x0)
// CHECK-NEXT:  exit
// CHECK-NOT:   <sum2>:
// CHECK-LABEL: <sum2.hu.g>:
// CHECK-NEXT:  r1 &= r3
// CHECK-NEXT:  r1 += r2
// CHECK-NEXT:  = *(u64 *)(r1 + 0x0)
// CHECK-NEXT:  = *(u64 *)(r1 + 0x8)

HUPCALL(aging) long aging(const struct hu_ctx *ctx)
{
    long buf[2] = {(long)ctx->args[0], (long)ctx->args[1]};
    struct node *n = (struct node *)ctx->args[2];
    long s = sum2(buf) + sum2(&n->val);
    n->next = head;
    struct node *m = ctx->args[3] ? n : head;
    long tmp[4];
    __builtin_memcpy(tmp, m, sizeof(tmp));
    tmp[0] += 1;
    __builtin_memcpy(n, tmp, sizeof(tmp));
    __sync_val_compare_and_swap(&n->val, 0L, 1L);
    return s + chase(n) + tmp[3];
}
// The entry reads the mask and hva once, passes them to the guest clone.
// CHECK-LABEL: <aging>:
// CHECK:       r[[CTX:[0-9]]] = r1
// CHECK-DAG:   r[[M:[0-9]]] = *(u64 *)(r[[CTX]] + 0x18)
// CHECK-DAG:   r[[H:[0-9]]] = *(u64 *)(r[[CTX]] + 0x8)
// CHECK-NOT:   (r[[CTX]] + 0x{{8|18}})
// CHECK:       r2 = r[[H]]
// CHECK-NEXT:  r3 = r[[M]]
// CHECK-NEXT:  call
// CHECK-NEXT:  R_BPF_64_32 .text
// The extern guest symbol, masked and rebased.
// CHECK:       = 0x0 ll
// CHECK-NEXT:  R_BPF_64_64 head
// CHECK-NOT:   (r[[CTX]] + 0x{{8|18}})
// CHECK:       &= r
// CHECK:       += r[[H]]
// The memcpys are inline loads and stores through masked addresses.
// CHECK-COUNT-4: = *(u64 *)(r{{[0-9]}} + 0x{{[0-9a-f]+}})
// The cmpxchg helper takes the guest address (no relocation: a helper).
// CHECK:       call 0x6
// CHECK-NOT:   R_BPF
// CHECK:       call
// CHECK-NEXT:  R_BPF_64_32 .text
// CHECK-NOT:   addr_space_cast
// CHECK:       exit
