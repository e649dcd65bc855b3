// A hyperupcall written like kernel code: container_of, list_for_each_entry, per_cpu, test_bit,
// READ_ONCE, a cpumask walk, a static key and a try-lock. Built by hucc for BPF (kernel-style.c)
// and natively over a model of the same data (native.c).
#include <hupcall/hupcall.h>

#include "runq.h"

#define TASK_RUNNING_PINNED 1UL

DECLARE_PER_CPU(struct rq, runqueues);
extern unsigned long idle_bitmap[];
extern struct cpumask online_mask;
DECLARE_STATIC_KEY_FALSE(sched_pinning);
extern spinlock_t rq_lock;

/* Tasks of the run queue that are not pinned. */
static int movable_tasks(struct rq *rq)
{
    struct task *t;
    int n = 0;

    list_for_each_entry(t, &rq->tasks, run_node) {
        if (static_branch_unlikely(&sched_pinning) && (READ_ONCE(t->flags) & TASK_RUNNING_PINNED))
            continue;
        n++;
    }
    return n;
}

/* preempt: how many tasks could move off the vCPU about to be descheduled, plus the number of
 * online idle CPUs that could take them, times 1000. -1 when the run queue lock is held. */
HUPCALL(preempt)
{
    unsigned long vcpu = hu_preempt_vcpu(ctx);
    struct rq *rq = &per_cpu(runqueues, vcpu);
    unsigned int cpu;
    long idle = 0;
    long moved;

    if (!spin_trylock(&rq_lock))
        return -1;
    moved = movable_tasks(rq);
    spin_unlock(&rq_lock);
    for_each_cpu(cpu, &online_mask) {
        if (cpu != vcpu && test_bit(cpu, idle_bitmap))
            idle++;
    }
    return moved + 1000 * idle;
}

/* reclaim: the first idle CPU at or after the frame number's low bits, through find_next_bit. */
HUPCALL(reclaim)
{
    unsigned long first = find_next_bit(idle_bitmap, HU_NR_CPUS, hu_reclaim_gfn(ctx) & 63);
    struct task *t = container_of(READ_ONCE(per_cpu(runqueues, 0).tasks.next), struct task,
                                  run_node);

    return (long)first * 100000 + READ_ONCE(t->pid);
}
