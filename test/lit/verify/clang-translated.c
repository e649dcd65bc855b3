// A hyperupcall written by hand in the translated form the compiler produces (hva + (gva & mask)
// + field offset), built by plain clang for BPF at -O2: the verifier accepts what clang emits,
// including a non-inlined callee that takes hva and mask as arguments and a bounded list walk.
// REQUIRES: hu-load
// RUN: %clang --target=bpf -O2 -I%hupcall_include -c %s -o %t.o
// RUN: %hu-load verify %t.o
// RUN: llvm-objdump -d %t.o | FileCheck %s --check-prefix=ASM
// ASM: call
// ASM: &=

#include <hupcall/abi.h>

struct page {
    hu_u64 flags;
    hu_u32 refcount;
    hu_u32 mapcount;
    hu_u64 next; /* guest virtual address of the next page on the free list */
};

#define PG_RESERVED 1ull

static __attribute__((noinline)) hu_u64 page_word(char *hva, hu_u64 mask, hu_u64 gva, int field)
{
    hu_u64 *w = (hu_u64 *)(hva + (gva & mask));
    return w[field];
}

__attribute__((section("hupcall/reclaim"), used)) hu_u64 page_is_free(struct hu_ctx *ctx)
{
    char *hva = (char *)ctx->hva;
    hu_u64 mask = ctx->guest_mask;
    hu_u64 gva = ctx->env[1] + ctx->args[0] * sizeof(struct page);
    struct page *pg = (struct page *)(hva + (gva & mask));
    hu_u64 node = ctx->env[2];

    if (pg->refcount != 0 || (page_word(hva, mask, gva, 0) & PG_RESERVED))
        return 0;
#pragma unroll
    for (int i = 0; i < 4; i++) {
        if (node == 0)
            break;
        if (node == gva)
            return 1;
        node = ((struct page *)(hva + (node & mask)))->next;
    }
    return 0;
}
