/* SPDX-License-Identifier: MIT */
/*
 * trace: on every VM exit, append a record (reason, qualification, rip, guest-physical address,
 * vCPU, TSC) to the exiting vCPU's trace ring in guest memory, as a guest tracer's producer would
 * (the paper's tracing use case: the guest sees its own exits without an exit of its own to log
 * them). r0 = 0 always: tracing never changes how the exit is handled.
 */
#include <hupcall/hupcall.h>

#include "ring.h"

extern unsigned int nr_cpu_ids;
DECLARE_PER_CPU(struct exit_ring *, exit_trace_ring);

/* Room for one more record, or 0 when the ring refuses it. */
static int make_room(struct exit_ring *ring, u64 head, u64 size, u32 flags)
{
    u64 tail = READ_ONCE(ring->tail);
    u64 oldest;

    if (head - tail < size)
        return 1;
    if (!(flags & RING_OVERWRITE)) {
        WRITE_ONCE(ring->dropped, READ_ONCE(ring->dropped) + 1);
        return 0;
    }
    /* Overwrite: the consumer loses everything older than the last size - 1 records. */
    oldest = head - size + 1;
    WRITE_ONCE(ring->overrun, READ_ONCE(ring->overrun) + (oldest - tail));
    WRITE_ONCE(ring->tail, oldest);
    return 1;
}

HUPCALL_NAMED(exit, trace_exit)
{
    u32 cpu = hu_vcpu_id(ctx);
    struct exit_ring *ring;
    struct exit_record *rec;
    u32 flags, order;
    u64 head, size;

    if (cpu >= READ_ONCE(nr_cpu_ids))
        return 0;
    ring = READ_ONCE(per_cpu(exit_trace_ring, cpu));
    if (!ring)
        return 0;
    flags = READ_ONCE(ring->flags);
    order = READ_ONCE(ring->order);
    if ((flags & RING_DISABLED) || order > RING_MAX_ORDER)
        return 0;
    size = 1ull << order;
    head = READ_ONCE(ring->head);
    if (!make_room(ring, head, size, flags))
        return 0;
    rec = &ring->rec[head & (size - 1)];
    WRITE_ONCE(rec->tsc, hu_get_exit_info(HU_EXIT_INFO_TSC));
    WRITE_ONCE(rec->reason, (u32)hu_exit_reason(ctx));
    WRITE_ONCE(rec->vcpu, cpu);
    WRITE_ONCE(rec->qualification, hu_exit_qualification(ctx));
    WRITE_ONCE(rec->rip, hu_rip(ctx));
    WRITE_ONCE(rec->gpa, hu_exit_gpa(ctx));
    barrier(); /* smp_wmb(): the record before the head that publishes it (x86 keeps order) */
    WRITE_ONCE(ring->head, head + 1);
    return 0;
}
