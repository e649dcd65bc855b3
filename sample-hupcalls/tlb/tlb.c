/* SPDX-License-Identifier: MIT */
/*
 * tlb: a TLB-shootdown IPI aimed at a vCPU the host has descheduled would wake it only to flush
 * its TLB and acknowledge, while the sender spins in csd_lock_wait(). This hyperupcall does that
 * work in the hypervisor (the paper's TLB use case): when every request queued for the target is
 * flush_tlb_func, it takes the queue, brings the target's TLB generation up to each request's
 * new_tlb_gen (as flush_tlb_func would), releases each csd as csd_unlock() would so the senders
 * go on, and asks the host to flush the vCPU's TLB before it next runs. r0 = 1: handled, do not
 * deliver. Any other vector, a running target or any other queued work: r0 = 0, deliver.
 */
#include <hupcall/hupcall.h>

#include "smp.h"

#define CSD_MAX 8 /* one csd per sender: more queued work than this, and the guest does it */

extern unsigned int nr_cpu_ids;
DECLARE_PER_CPU(struct llist_head, call_single_queue);
DECLARE_PER_CPU(struct kvm_steal_time, steal_time);
DECLARE_PER_CPU(struct tlb_state, cpu_tlbstate);
/* The address of flush_tlb_func's code (a 't' symbol in kallsyms): compared, never called. */
extern char flush_tlb_func[];

#define csd_of(node) container_of(node, struct __call_single_data, node.llist)

/* 1 when the queue holds nothing but TLB flushes, and not too many of them. */
static int only_tlb_flushes(struct llist_node *node)
{
    unsigned int n;

    HU_UNROLL
    for (n = 0; n < CSD_MAX; n++) {
        if (READ_ONCE(csd_of(node)->func) != (unsigned long)flush_tlb_func)
            return 0;
        node = READ_ONCE(node->next);
        if (!node)
            return 1;
    }
    return 0;
}

/* flush_tlb_func()'s bookkeeping for one request: the target's TLB is now as new as asked. */
static void catch_up(struct tlb_state *ts, const struct flush_tlb_info *f)
{
    struct mm_struct *loaded = READ_ONCE(ts->loaded_mm);
    unsigned int asid = READ_ONCE(ts->loaded_mm_asid);
    struct mm_struct *mm = READ_ONCE(f->mm);
    u64 gen = READ_ONCE(f->new_tlb_gen);

    if (asid >= TLB_NR_DYN_ASIDS || (mm && mm != loaded))
        return;
    if (gen > READ_ONCE(ts->ctxs[asid].tlb_gen))
        WRITE_ONCE(ts->ctxs[asid].tlb_gen, gen);
}

/* Completes every request of a list we own now; the next pointer is read before csd_unlock(),
 * after which the sender may reuse its csd. */
static void complete_flushes(struct tlb_state *ts, struct llist_node *node)
{
    unsigned int n;

    HU_UNROLL
    for (n = 0; n < CSD_MAX && node; n++) {
        struct __call_single_data *csd = csd_of(node);
        struct llist_node *next = READ_ONCE(node->next);

        catch_up(ts, READ_ONCE(csd->info));
        WRITE_ONCE(csd->node.u_flags, READ_ONCE(csd->node.u_flags) & ~CSD_FLAG_LOCK);
        node = next;
    }
}

HUPCALL_NAMED(interrupt, tlb_shootdown)
{
    unsigned long cpu = hu_interrupt_vcpu(ctx);
    unsigned long vector = hu_interrupt_vector(ctx);
    struct llist_head *queue;
    struct llist_node *first;

    if (vector != CALL_FUNCTION_VECTOR && vector != CALL_FUNCTION_SINGLE_VECTOR)
        return 0;
    if (cpu >= READ_ONCE(nr_cpu_ids))
        return 0;
    if (!(READ_ONCE(per_cpu(steal_time, cpu).preempted) & KVM_VCPU_PREEMPTED))
        return 0; /* running: it will handle the IPI itself at once */
    queue = per_cpu_ptr(&call_single_queue, cpu);
    first = READ_ONCE(queue->first);
    if (!first || !only_tlb_flushes(first))
        return 0;
    /* llist_del_all(), unless the guest queued more meanwhile: then let it run. */
    if (hu_cmpxchg(&queue->first, (unsigned long)first, 0) != (unsigned long)first)
        return 0;
    complete_flushes(per_cpu_ptr(&cpu_tlbstate, cpu), first);
    hu_flush_tlb_vcpu((u32)cpu);
    return 1;
}
