/* SPDX-License-Identifier: MIT */
/*
 * Guest model for tlb: NR vCPUs with per-CPU areas (call_single_queue, steal_time,
 * cpu_tlbstate) reached through __per_cpu_offset, a csd per (sender, target) pair as Linux's
 * cfd_data has, per-sender flush_tlb_info and a few address spaces. Between IPIs the guest queues
 * flush requests (mostly flush_tlb_func, some other cross-CPU work), vCPUs are descheduled and
 * resumed, running vCPUs drain their own queues, and now and then a pointer or index is corrupted.
 */
#include <stdlib.h>
#include <string.h>

#include "modes.h"
#include "smp.h"

#define TLB_WINDOW (1ull << 20)
#define TLB_MAX_CPUS 16
#define TLB_NR_MM 6
#define TLB_KERNEL_TEXT 0xffffffff81000000ull

/* Offsets of the per-CPU variables in the per-CPU area. */
#define PCPU_QUEUE 0
#define PCPU_STEAL 64
#define PCPU_TLBSTATE 128
#define PCPU_SIZE 512

struct tlb_model {
    unsigned int ncpu;
    uint64_t template; /* the per-CPU symbols' addresses: template + offset */
    unsigned long *per_cpu_offset;
    unsigned char *pcpu[TLB_MAX_CPUS];
    struct __call_single_data *csd; /* [sender * TLB_MAX_CPUS + target] */
    struct flush_tlb_info *info;    /* [sender] */
    struct mm_struct *mm;           /* [TLB_NR_MM] */
    unsigned long flush_fn, other_fn;
    unsigned int flush_requests; /* queued by the guest, for the demo */
};

static struct llist_head *queue_of(struct tlb_model *t, unsigned int cpu)
{
    return (struct llist_head *)(t->pcpu[cpu] + PCPU_QUEUE);
}

static struct kvm_steal_time *steal_of(struct tlb_model *t, unsigned int cpu)
{
    return (struct kvm_steal_time *)(t->pcpu[cpu] + PCPU_STEAL);
}

static struct tlb_state *tlbstate_of(struct tlb_model *t, unsigned int cpu)
{
    return (struct tlb_state *)(t->pcpu[cpu] + PCPU_TLBSTATE);
}

static void tlb_build(struct model *m)
{
    struct tlb_model *t = calloc(1, sizeof(*t));
    unsigned int *nr_cpu_ids;

    if (!t)
        abort();
    m->priv = t;
    t->ncpu = 4 + (unsigned int)rng_below(&m->rng, TLB_MAX_CPUS - 3);
    t->per_cpu_offset = model_ptr(m, model_alloc(m, 64 * sizeof(unsigned long), 64));
    nr_cpu_ids = model_ptr(m, model_alloc(m, sizeof(*nr_cpu_ids), 8));
    *nr_cpu_ids = t->ncpu;
    t->template = model_alloc(m, PCPU_SIZE, 64);
    for (unsigned int c = 0; c < t->ncpu; c++) {
        uint64_t area = model_alloc(m, PCPU_SIZE, 64);

        t->pcpu[c] = model_ptr(m, area);
        t->per_cpu_offset[c] = area - t->template;
        tlbstate_of(t, c)->loaded_mm_asid = (u16)rng_below(&m->rng, TLB_NR_DYN_ASIDS);
        steal_of(t, c)->preempted = rng_pct(&m->rng, 50) ? KVM_VCPU_PREEMPTED : 0;
    }
    t->csd = model_ptr(m, model_alloc(m, TLB_MAX_CPUS * TLB_MAX_CPUS * sizeof(*t->csd), 64));
    t->info = model_ptr(m, model_alloc(m, TLB_MAX_CPUS * sizeof(*t->info), 64));
    t->mm = model_ptr(m, model_alloc(m, TLB_NR_MM * sizeof(*t->mm), 64));
    for (unsigned int i = 0; i < TLB_NR_MM; i++)
        t->mm[i].context.ctx_id = i + 1;
    for (unsigned int c = 0; c < t->ncpu; c++)
        tlbstate_of(t, c)->loaded_mm = &t->mm[rng_below(&m->rng, TLB_NR_MM)];
    t->flush_fn = TLB_KERNEL_TEXT + m->slide + 0x8a340;
    t->other_fn = TLB_KERNEL_TEXT + m->slide + 0x1d2e0;

    model_sym(m, "__per_cpu_offset", (uint64_t)t->per_cpu_offset, 'D');
    model_sym(m, "nr_cpu_ids", (uint64_t)nr_cpu_ids, 'D');
    model_sym(m, "call_single_queue", t->template + PCPU_QUEUE, 'D');
    model_sym(m, "steal_time", t->template + PCPU_STEAL, 'D');
    model_sym(m, "cpu_tlbstate", t->template + PCPU_TLBSTATE, 'D');
    model_sym(m, "flush_tlb_func", t->flush_fn, 'T');
}

/* smp_call_function_many_cond() for one target: the sender's csd, locked, on the target's queue. */
static void queue_request(struct model *m, struct tlb_model *t, unsigned int from, unsigned int to)
{
    struct __call_single_data *csd = &t->csd[from * TLB_MAX_CPUS + to];
    struct flush_tlb_info *f = &t->info[from];
    struct llist_head *q = queue_of(t, to);

    if (csd->node.u_flags & CSD_FLAG_LOCK)
        return; /* still in flight: the sender would wait for it first */
    if (rng_pct(&m->rng, 85)) {
        struct mm_struct *mm = &t->mm[rng_below(&m->rng, TLB_NR_MM)];

        f->mm = rng_pct(&m->rng, 10) ? NULL : mm;
        f->start = 0x7f0000000000ull + (rng_below(&m->rng, 1 << 20) << 12);
        f->end = f->start + (1 + rng_below(&m->rng, 64)) * 4096;
        f->new_tlb_gen = (u64)++mm->context.tlb_gen.counter;
        f->initiating_cpu = from;
        f->stride_shift = 12;
        csd->func = t->flush_fn;
        csd->info = f;
        t->flush_requests++;
    } else {
        csd->func = t->other_fn;
        csd->info = NULL;
    }
    csd->node.u_flags = CSD_FLAG_LOCK | CSD_TYPE_SYNC;
    csd->node.src = (u16)from;
    csd->node.dst = (u16)to;
    csd->node.llist.next = q->first;
    q->first = &csd->node.llist;
}

/* A running vCPU takes its own IPI: flush_smp_call_function_queue() drains and unlocks. */
static void drain(struct tlb_model *t, unsigned int cpu)
{
    struct llist_head *q = queue_of(t, cpu);
    struct llist_node *node = q->first;

    q->first = NULL;
    for (unsigned int n = 0; node && n < TLB_MAX_CPUS; n++) {
        struct __call_single_data *csd = (struct __call_single_data *)node;

        node = node->next;
        csd->node.u_flags &= ~CSD_FLAG_LOCK;
    }
}

/* Damage the guest may do to itself; every pointer still lands in the window. */
static void corrupt(struct model *m, struct tlb_model *t, unsigned int cpu)
{
    struct llist_head *q = queue_of(t, cpu);

    switch (rng_below(&m->rng, 3)) {
    case 0: /* a request whose info points at some other guest data */
        if (q->first)
            ((struct __call_single_data *)q->first)->info =
                (void *)(m->base + rng_below(&m->rng, m->brk - 64));
        break;
    case 1: /* a queue that loops back on itself */
        if (q->first)
            q->first->next = q->first;
        break;
    default: /* an ASID index beyond the table */
        tlbstate_of(t, cpu)->loaded_mm_asid = (u16)(TLB_NR_DYN_ASIDS + rng_below(&m->rng, 300));
        break;
    }
}

static void tlb_next(struct model *m, unsigned int i, struct sample_event *ev)
{
    struct tlb_model *t = m->priv;
    unsigned int target = (unsigned int)rng_below(&m->rng, t->ncpu);
    unsigned int senders = (unsigned int)rng_below(&m->rng, 4);

    (void)i;
    memset(ev, 0, sizeof(*ev));
    if (rng_pct(&m->rng, 30))
        steal_of(t, target)->preempted ^= KVM_VCPU_PREEMPTED;
    if (!(steal_of(t, target)->preempted & KVM_VCPU_PREEMPTED) && rng_pct(&m->rng, 50))
        drain(t, target);
    for (unsigned int s = 0; s < senders; s++)
        queue_request(m, t, (unsigned int)rng_below(&m->rng, t->ncpu), target);
    if (rng_pct(&m->rng, 3)) {
        corrupt(m, t, target);
        ev->edge = 1;
    }

    ev->args[0] = target;
    switch (rng_below(&m->rng, 10)) {
    case 0:
        ev->args[1] = RESCHEDULE_VECTOR;
        break;
    case 1:
        ev->args[1] = LOCAL_TIMER_VECTOR;
        break;
    case 2:
        ev->args[1] = CALL_FUNCTION_SINGLE_VECTOR;
        break;
    default:
        ev->args[1] = CALL_FUNCTION_VECTOR;
        break;
    }
    if (rng_pct(&m->rng, 3)) { /* a vCPU id the guest never brought up */
        ev->args[0] = t->ncpu + rng_below(&m->rng, 64 - t->ncpu);
        ev->edge = 1;
    }
    ev->vcpu = (uint32_t)ev->args[0];
}

static void tlb_report(FILE *out, struct model *m, const struct sample_tally *tl)
{
    struct tlb_model *t = m->priv;

    fprintf(out,
            "   interrupt: %u IPIs (%u vCPUs, %u TLB flush requests queued by the guest); %u "
            "shootdowns to preempted vCPUs completed in the hypervisor (%u deferred flushes, the "
            "vCPUs not woken), %u IPIs delivered to the guest\n",
            tl->events, t->ncpu, t->flush_requests, tl->r0[1], tl->helper[HU_HELPER_FLUSH_TLB_VCPU],
            tl->r0[0]);
}

long tlb_shootdown(const struct hu_ctx *ctx);

static const struct sample tlb_sample = {
    .name = "tlb",
    .entry = "tlb_shootdown",
    .event = HU_EVENT_INTERRUPT,
    .event_name = HU_EVENT_NAME_INTERRUPT,
    .window_size = TLB_WINDOW,
    .guest_mem = 1ull << 30,
    .src_lines = SAMPLE_SRC_LINES,
    .paper_name = "TLB",
    .paper_hu = 395,
    .paper_native = 530,
    .build = tlb_build,
    .next_event = tlb_next,
    .native = tlb_shootdown,
    .report = tlb_report,
};

const struct sample *const sample_list[] = {&tlb_sample};
const unsigned int sample_count = 1;
