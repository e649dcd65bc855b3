/* SPDX-License-Identifier: MIT */
/*
 * The guest's cross-CPU call and TLB state, as Linux 6.12 on x86-64 under KVM lays it out:
 *   struct __call_single_data   include/linux/smp_types.h, smp.h (the per-CPU call_single_queue)
 *   struct flush_tlb_info       arch/x86/include/asm/tlbflush.h
 *   struct tlb_state            arch/x86/include/asm/tlbflush.h (per-CPU cpu_tlbstate)
 *   struct kvm_steal_time       arch/x86/include/uapi/asm/kvm_para.h (per-CPU steal_time)
 *   mm_context_t                arch/x86/include/asm/mmu.h (ctx_id, tlb_gen)
 * One simplification: a csd's func is an address (unsigned long), not a function pointer type,
 * because a hyperupcall only compares it and the framework rejects function pointers.
 *
 * Shared by the hyperupcall (compiled by hucc) and the guest model generator (host C).
 */
#ifndef SAMPLE_TLB_SMP_H
#define SAMPLE_TLB_SMP_H

#include <hupcall/atomic.h>
#include <hupcall/types.h>

/* arch/x86/include/asm/irq_vectors.h */
#define RESCHEDULE_VECTOR 0xfd
#define CALL_FUNCTION_VECTOR 0xfc
#define CALL_FUNCTION_SINGLE_VECTOR 0xfb
#define LOCAL_TIMER_VECTOR 0xec

#define CSD_FLAG_LOCK 0x01
#define CSD_TYPE_SYNC 0x10

#define KVM_VCPU_PREEMPTED (1 << 0)
#define TLB_NR_DYN_ASIDS 6

struct llist_node {
    struct llist_node *next;
};

struct llist_head {
    struct llist_node *first;
};

struct __call_single_node {
    struct llist_node llist;
    unsigned int u_flags; /* CSD_FLAG_LOCK while the sender waits; CSD_TYPE_* */
    u16 src, dst;
};

struct __call_single_data {
    struct __call_single_node node;
    unsigned long func; /* smp_call_func_t: the function the target runs */
    void *info;         /* its argument: a struct flush_tlb_info for flush_tlb_func */
};

typedef struct {
    u64 ctx_id;
    atomic64_t tlb_gen; /* bumped by every flush request for this mm */
} mm_context_t;

struct mm_struct {
    unsigned long pgd;
    mm_context_t context;
};

struct flush_tlb_info {
    struct mm_struct *mm; /* NULL: every address space */
    unsigned long start;
    unsigned long end;
    u64 new_tlb_gen;
    unsigned int initiating_cpu;
    u8 stride_shift;
    u8 freed_tables;
};

struct tlb_context {
    u64 ctx_id;
    u64 tlb_gen; /* how far this CPU's TLB has caught up with the mm's tlb_gen */
};

struct tlb_state {
    struct mm_struct *loaded_mm;
    unsigned long last_user_mm_spec;
    u16 loaded_mm_asid;
    u16 next_asid;
    bool invalidate_other;
    unsigned short user_pcid_flush_mask;
    unsigned long cr4;
    struct tlb_context ctxs[TLB_NR_DYN_ASIDS];
};

struct kvm_steal_time {
    u64 steal;
    u32 version;
    u32 flags;
    u8 preempted; /* KVM_VCPU_PREEMPTED: the host descheduled this vCPU */
    u8 u8_pad[3];
    u32 pad[11];
};

_Static_assert(sizeof(struct __call_single_data) == 32, "csd is 32 bytes, as in Linux");
_Static_assert(__builtin_offsetof(struct tlb_state, ctxs) == 32, "tlb_state.ctxs");
_Static_assert(sizeof(struct kvm_steal_time) == 64, "kvm_steal_time is 64 bytes");

#endif /* SAMPLE_TLB_SMP_H */
