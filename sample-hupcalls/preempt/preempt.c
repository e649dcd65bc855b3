/* SPDX-License-Identifier: MIT */
/*
 * preempt (beyond the paper): when the host is about to deschedule a vCPU, tell it whether that
 * vCPU is idle, in a critical section, or neither. Descheduling a vCPU that holds a spinlock or
 * runs with interrupts off stalls every other vCPU that needs the lock (lock-holder preemption);
 * descheduling an idle one costs nothing. The host cannot see either from outside: the answer is
 * in the guest's per-CPU preempt count, its current task and the vCPU's RFLAGS.IF. README.md
 * explains the choice.
 */
#include <hupcall/hupcall.h>

#include "sched.h"

extern unsigned int nr_cpu_ids;
DECLARE_PER_CPU(struct task_struct *, current_task);
DECLARE_PER_CPU(int, __preempt_count);
DECLARE_PER_CPU(struct task_struct *, idle_threads);

/* preemptible() turned inside out: preemption, softirqs or hardirqs disabled, or in an NMI. */
static int in_critical_section(unsigned int count)
{
    return (count & ~PREEMPT_NEED_RESCHED &
            (PREEMPT_MASK | SOFTIRQ_MASK | HARDIRQ_MASK | NMI_MASK)) != 0;
}

HUPCALL_NAMED(preempt, preempt_hint)
{
    unsigned long cpu = hu_preempt_vcpu(ctx);

    if (cpu >= READ_ONCE(nr_cpu_ids))
        return PREEMPT_HINT_NONE;
    if (READ_ONCE(per_cpu(current_task, cpu)) == READ_ONCE(per_cpu(idle_threads, cpu)))
        return PREEMPT_HINT_IDLE;
    if (in_critical_section((unsigned int)READ_ONCE(per_cpu(__preempt_count, cpu))))
        return PREEMPT_HINT_CRITICAL;
    if (!(hu_get_vcpu_register((u32)cpu, HU_REG_RFLAGS) & X86_EFLAGS_IF))
        return PREEMPT_HINT_CRITICAL; /* local_irq_save() without a preempt count: still unsafe */
    return PREEMPT_HINT_NONE;
}
