/* SPDX-License-Identifier: MIT */
/*
 * The guest scheduler state the preempt hyperupcall reads, as Linux on x86-64 lays it out (6.15 and
 * later, and up to 6.1; 6.2-6.14 grouped the first two in struct pcpu_hot): current_task
 * arch/x86/include/asm/current.h (per-CPU: the running task)
 *   __preempt_count      arch/x86/include/asm/preempt.h (per-CPU; x86 keeps
 *                        PREEMPT_NEED_RESCHED inverted in bit 31), bits in include/linux/preempt.h
 *   idle_threads         kernel/smpboot.c (per-CPU: the CPU's idle task)
 *   X86_EFLAGS_IF        arch/x86/include/uapi/asm/processor-flags.h
 *
 * Shared by the hyperupcall (compiled by hucc) and the guest model generator (host C).
 */
#ifndef SAMPLE_PREEMPT_SCHED_H
#define SAMPLE_PREEMPT_SCHED_H

#include <hupcall/types.h>

#define PREEMPT_MASK 0x000000ffu
#define SOFTIRQ_MASK 0x0000ff00u
#define HARDIRQ_MASK 0x000f0000u
#define NMI_MASK 0x00f00000u
#define PREEMPT_NEED_RESCHED 0x80000000u
#define X86_EFLAGS_IF (1ul << 9)

struct task_struct;

/* r0 of the preempt hyperupcall: what the host scheduler should make of descheduling now. */
#define PREEMPT_HINT_NONE 0 /* ordinary code: preempt as usual */
#define PREEMPT_HINT_CRITICAL                                                                      \
    1                       /* in a critical section (a lock, IRQs off): grant a short grace       \
                             */
#define PREEMPT_HINT_IDLE 2 /* running its idle task: preempt first, nothing is lost */

#endif /* SAMPLE_PREEMPT_SCHED_H */
