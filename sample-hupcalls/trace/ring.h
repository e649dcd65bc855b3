/* SPDX-License-Identifier: MIT */
/*
 * A per-vCPU exit trace ring the guest shares with the host. The index semantics are those of
 * perf's struct perf_event_mmap_page (include/uapi/linux/perf_event.h): free-running head written
 * only by the producer, tail only by the consumer, slot = index & (size - 1). Full-ring policy
 * follows ftrace's ring_buffer_per_cpu (kernel/trace/ring_buffer.c): in overwrite mode the oldest
 * records go and `overrun` counts them; otherwise the new record is refused and `dropped` counts
 * it (ftrace's "dropped_events").
 *
 * Shared by the hyperupcall (compiled by hucc) and the guest model generator (host C).
 */
#ifndef SAMPLE_TRACE_RING_H
#define SAMPLE_TRACE_RING_H

#include <hupcall/types.h>

#define RING_OVERWRITE 0x1 /* full: overwrite the oldest record */
#define RING_DISABLED 0x2  /* tracing off on this vCPU (tracing_off()) */
#define RING_MAX_ORDER 8   /* at most 256 records per ring */

/* arch/x86/include/uapi/asm/vmx.h */
#define EXIT_REASON_EXTERNAL_INTERRUPT 1
#define EXIT_REASON_CPUID 10
#define EXIT_REASON_HLT 12
#define EXIT_REASON_IO_INSTRUCTION 30
#define EXIT_REASON_MSR_WRITE 32
#define EXIT_REASON_EPT_VIOLATION 48

struct exit_record {
    u64 tsc;
    u32 reason;
    u32 vcpu;
    u64 qualification;
    u64 rip;
    u64 gpa;
};

struct exit_ring {
    u64 head;    /* producer: index of the next record */
    u64 tail;    /* consumer: index of the next unread record */
    u64 overrun; /* records overwritten before they were read */
    u64 dropped; /* records refused because the ring was full */
    u32 order;   /* the ring holds 1 << order records */
    u32 flags;   /* RING_* */
    u64 reserved;
    struct exit_record rec[];
};

_Static_assert(sizeof(struct exit_record) == 40, "exit record is 40 bytes");
_Static_assert(sizeof(struct exit_ring) == 48, "ring header is 48 bytes");

#endif /* SAMPLE_TRACE_RING_H */
