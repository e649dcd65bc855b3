/* SPDX-License-Identifier: MIT */
/*
 * Guest model for preempt: NR vCPUs whose per-CPU areas hold current_task, __preempt_count and
 * idle_threads, reached through __per_cpu_offset, with an idle task per CPU and a pool
 * of other tasks. Before each decision the vCPU is idle, in a critical section (preempt count,
 * softirq, hardirq or NMI bits, or interrupts off) or in ordinary code; now and then the guest's
 * count carries only the inverted need-resched bit, or its current pointer is stale.
 */
#include <stdlib.h>
#include <string.h>

#include "modes.h"
#include "sched.h"

#define PREEMPT_WINDOW (64ull << 10)
#define PREEMPT_MAX_CPUS 16
#define PREEMPT_TASKS 32
#define PREEMPT_TASK_SIZE 256 /* opaque here: only their addresses matter */
#define PCPU_CURRENT_TASK 0
#define PCPU_PREEMPT_COUNT 8
#define PCPU_IDLE_THREADS 64
#define PCPU_SIZE 128

struct preempt_model {
    unsigned int ncpu;
    unsigned char *pcpu[PREEMPT_MAX_CPUS];
    uint64_t idle[PREEMPT_MAX_CPUS];
    uint64_t tasks;
    uint64_t rflags; /* the vCPU's RFLAGS for this event */
};

static uint64_t *current_of(struct preempt_model *p, unsigned int cpu)
{
    return (uint64_t *)(p->pcpu[cpu] + PCPU_CURRENT_TASK);
}

static unsigned int *count_of(struct preempt_model *p, unsigned int cpu)
{
    return (unsigned int *)(p->pcpu[cpu] + PCPU_PREEMPT_COUNT);
}

static void preempt_build(struct model *m)
{
    struct preempt_model *p = calloc(1, sizeof(*p));
    unsigned long *per_cpu_offset;
    unsigned int *nr_cpu_ids;
    uint64_t template;

    if (!p)
        abort();
    m->priv = p;
    p->ncpu = 2 + (unsigned int)rng_below(&m->rng, PREEMPT_MAX_CPUS - 1);
    per_cpu_offset = model_ptr(m, model_alloc(m, 64 * sizeof(unsigned long), 64));
    nr_cpu_ids = model_ptr(m, model_alloc(m, sizeof(*nr_cpu_ids), 8));
    *nr_cpu_ids = p->ncpu;
    template = model_alloc(m, PCPU_SIZE, 64);
    p->tasks = model_alloc(m, PREEMPT_TASKS * PREEMPT_TASK_SIZE, 64);
    for (unsigned int c = 0; c < p->ncpu; c++) {
        uint64_t area = model_alloc(m, PCPU_SIZE, 64);

        per_cpu_offset[c] = area - template;
        p->pcpu[c] = model_ptr(m, area);
        p->idle[c] = model_alloc(m, PREEMPT_TASK_SIZE, 64);
        *(uint64_t *)(p->pcpu[c] + PCPU_IDLE_THREADS) = p->idle[c];
        *current_of(p, c) = p->idle[c];
    }
    model_sym(m, "__per_cpu_offset", (uint64_t)per_cpu_offset, 'D');
    model_sym(m, "nr_cpu_ids", (uint64_t)nr_cpu_ids, 'D');
    model_sym(m, "current_task", template + PCPU_CURRENT_TASK, 'D');
    model_sym(m, "__preempt_count", template + PCPU_PREEMPT_COUNT, 'D');
    model_sym(m, "idle_threads", template + PCPU_IDLE_THREADS, 'd');
}

/* A preempt count with one random nesting level set: spinlocks, bh, hardirq or NMI. */
static unsigned int critical_count(struct model *m)
{
    static const unsigned int unit[] = {1, 1 << 8, 1 << 16, 1 << 20};
    unsigned int k = (unsigned int)rng_below(&m->rng, 4);

    return unit[k] * (1 + (unsigned int)rng_below(&m->rng, 3));
}

static void preempt_next(struct model *m, unsigned int i, struct sample_event *ev)
{
    struct preempt_model *p = m->priv;
    unsigned int cpu = (unsigned int)rng_below(&m->rng, p->ncpu);
    uint64_t *current = current_of(p, cpu);
    unsigned int count = 0;

    (void)i;
    memset(ev, 0, sizeof(*ev));
    if (rng_pct(&m->rng, 25)) {
        *current = p->idle[cpu];
    } else {
        *current = p->tasks + rng_below(&m->rng, PREEMPT_TASKS) * PREEMPT_TASK_SIZE;
        if (rng_pct(&m->rng, 40))
            count = critical_count(m);
    }
    /* x86 keeps need-resched inverted in bit 31: set means "no reschedule pending". */
    if (rng_pct(&m->rng, 70))
        count |= PREEMPT_NEED_RESCHED;
    *count_of(p, cpu) = count;
    p->rflags = 0x2 | (rng_pct(&m->rng, 85) ? X86_EFLAGS_IF : 0);
    if (rng_pct(&m->rng, 3)) { /* a stale current pointer into some other guest data */
        *current = m->base + rng_below(&m->rng, m->brk);
        ev->edge = 1;
    }
    if (rng_pct(&m->rng, 3)) { /* a vCPU id the guest never brought up */
        cpu = p->ncpu + (unsigned int)rng_below(&m->rng, 64 - p->ncpu);
        ev->edge = 1;
    }
    ev->args[0] = cpu;
    ev->vcpu = cpu;
    ev->reg_vcpu = cpu;
    ev->regs[HU_REG_RFLAGS] = p->rflags;
}

static int64_t preempt_oracle(struct model *m, const struct sample_event *ev)
{
    struct preempt_model *p = m->priv;
    unsigned int cpu = (unsigned int)ev->args[0];
    unsigned int count;

    if (cpu >= p->ncpu)
        return PREEMPT_HINT_NONE;
    if (*current_of(p, cpu) == p->idle[cpu])
        return PREEMPT_HINT_IDLE;
    count = *count_of(p, cpu) & ~PREEMPT_NEED_RESCHED;
    if (count || !(p->rflags & X86_EFLAGS_IF))
        return PREEMPT_HINT_CRITICAL;
    return PREEMPT_HINT_NONE;
}

static void preempt_report(FILE *out, struct model *m, const struct sample_tally *t)
{
    (void)m;
    fprintf(out,
            "   preempt: %u deschedule decisions; %u vCPUs idle (preempt first), %u in a critical "
            "section (lock held or IRQs off: grace period), %u ordinary; %u disagree with the "
            "guest's state\n",
            t->events, t->r0[PREEMPT_HINT_IDLE], t->r0[PREEMPT_HINT_CRITICAL],
            t->r0[PREEMPT_HINT_NONE], t->wrong);
}

long preempt_hint(const struct hu_ctx *ctx);

static const struct sample preempt_sample = {
    .name = "preempt",
    .entry = "preempt_hint",
    .event = HU_EVENT_PREEMPT,
    .event_name = HU_EVENT_NAME_PREEMPT,
    .window_size = PREEMPT_WINDOW,
    .guest_mem = 1ull << 30,
    .src_lines = SAMPLE_SRC_LINES,
    .paper_name = "preempt (new)",
    .build = preempt_build,
    .next_event = preempt_next,
    .oracle = preempt_oracle,
    .native = preempt_hint,
    .report = preempt_report,
};

const struct sample *const sample_list[] = {&preempt_sample};
const unsigned int sample_count = 1;
