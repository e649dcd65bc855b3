// The ABI header compiles, with its offset asserts, for the BPF target (as a hyperupcall sees it),
// for the host in C (as the loader sees it) and in C++ (as the pass plugin sees it); the host
// build also checks the offsets at run time against the ABI's documented layout.
// RUN: %clang --target=bpf -O2 -I %hupcall_include -c %s -o %t.bpf.o
// RUN: llvm-readelf -h %t.bpf.o | FileCheck %s --check-prefix=BPF
// BPF: Machine: EM_BPF
// RUN: %host_cc -std=c11 -Wall -Wextra -Werror -I %hupcall_include %s -o %t.host
// RUN: %t.host | FileCheck %s
// RUN: %clang -x c++ -std=c++17 -fsyntax-only -I %hupcall_include %s
#include <hupcall/abi.h>

#if defined(__bpf__) || defined(__cplusplus)
int main(void)
{
    return sizeof(struct hu_ctx) == 152 ? 0 : 1;
}
#else
#include <stddef.h>
#include <stdio.h>
int main(void)
{
    // CHECK: event=0 vcpu_id=4 hva=8 guest_base=16 guest_mask=24 rip=32 args=40 env=88 size=152
    printf("event=%zu vcpu_id=%zu hva=%zu guest_base=%zu guest_mask=%zu rip=%zu args=%zu env=%zu "
           "size=%zu\n",
           offsetof(struct hu_ctx, event), offsetof(struct hu_ctx, vcpu_id),
           offsetof(struct hu_ctx, hva), offsetof(struct hu_ctx, guest_base),
           offsetof(struct hu_ctx, guest_mask), offsetof(struct hu_ctx, rip),
           offsetof(struct hu_ctx, args), offsetof(struct hu_ctx, env), sizeof(struct hu_ctx));
    // CHECK: exit=1 interrupt=3 map=4 reclaim=16 preempt=18 global(16)=1 global(4)=0
    printf("exit=%d interrupt=%d map=%d reclaim=%d preempt=%d global(16)=%d global(4)=%d\n",
           HU_EVENT_EXIT, HU_EVENT_INTERRUPT, HU_EVENT_MAP, HU_EVENT_RECLAIM, HU_EVENT_PREEMPT,
           HU_EVENT_IS_GLOBAL(HU_EVENT_RECLAIM), HU_EVENT_IS_GLOBAL(HU_EVENT_MAP));
    return 0;
}
#endif
