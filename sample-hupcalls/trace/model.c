/* SPDX-License-Identifier: MIT */
/*
 * Guest model for trace: NR vCPUs, each with a per-CPU pointer exit_trace_ring (reached through
 * __per_cpu_offset) to a ring of 2..128 records, some in overwrite mode, some not, one vCPU
 * without a ring. Between exits the guest's consumer reads a little, tracing is switched off and
 * on, and now and then a ring pointer or index is corrupted (pointers stay in the window).
 */
#include <stdlib.h>
#include <string.h>

#include "modes.h"
#include "ring.h"

#define TRACE_WINDOW (1ull << 20)
#define TRACE_MAX_CPUS 16
#define TRACE_PCPU_SIZE 64
#define TRACE_KERNEL_TEXT 0xffffffff81000000ull
#define TRACE_RING_BYTES (sizeof(struct exit_ring) + (sizeof(struct exit_record) << RING_MAX_ORDER))

struct trace_model {
    unsigned int ncpu;
    struct exit_ring **slot[TRACE_MAX_CPUS]; /* the per-CPU pointer of each vCPU */
    struct exit_ring *ring[TRACE_MAX_CPUS];  /* the ring it should point to */
    uint64_t rings_start; /* rings fill the window from here: corrupted ring pointers stay there */
    uint64_t tsc;
    /* What the producer did, summed event by event for the demo: ring counters as last seen. */
    uint64_t seen_head[TRACE_MAX_CPUS], seen_overrun[TRACE_MAX_CPUS], seen_dropped[TRACE_MAX_CPUS];
    uint64_t appended, overrun, dropped;
};

/* Adds what the last exit did to each ring (an exit appends or refuses at most one record) when
 * `count`, and takes the rings' counters as the new baseline. */
static void account(struct trace_model *t, int count)
{
    for (unsigned int c = 0; c < t->ncpu; c++) {
        struct exit_ring *r = t->ring[c];

        if (!r)
            continue;
        if (!count)
            goto baseline;
        t->appended += r->head - t->seen_head[c] == 1;
        t->dropped += r->dropped - t->seen_dropped[c] == 1;
        if (r->overrun - t->seen_overrun[c] < (1ull << RING_MAX_ORDER))
            t->overrun += r->overrun - t->seen_overrun[c];
    baseline:
        t->seen_head[c] = r->head;
        t->seen_overrun[c] = r->overrun;
        t->seen_dropped[c] = r->dropped;
    }
}

static void trace_build(struct model *m)
{
    struct trace_model *t = calloc(1, sizeof(*t));
    unsigned long *per_cpu_offset;
    unsigned int *nr_cpu_ids;
    uint64_t template;

    if (!t)
        abort();
    m->priv = t;
    t->ncpu = 4 + (unsigned int)rng_below(&m->rng, TRACE_MAX_CPUS - 3);
    t->tsc = rng_next(&m->rng) >> 16;
    per_cpu_offset = model_ptr(m, model_alloc(m, 64 * sizeof(unsigned long), 64));
    nr_cpu_ids = model_ptr(m, model_alloc(m, sizeof(*nr_cpu_ids), 8));
    *nr_cpu_ids = t->ncpu;
    template = model_alloc(m, TRACE_PCPU_SIZE, 64);
    for (unsigned int c = 0; c < t->ncpu; c++) {
        uint64_t area = model_alloc(m, TRACE_PCPU_SIZE, 64);

        per_cpu_offset[c] = area - template;
        t->slot[c] = model_ptr(m, area);
    }
    t->rings_start = m->base + m->brk;
    for (unsigned int c = 0; c < t->ncpu; c++) {
        struct exit_ring *r = model_ptr(m, model_alloc(m, TRACE_RING_BYTES, 64));

        r->order = 1 + (unsigned int)rng_below(&m->rng, 7);
        r->flags = rng_pct(&m->rng, 50) ? RING_OVERWRITE : 0;
        t->ring[c] = c == 1 ? NULL : r; /* vCPU 1 traces nothing */
        *t->slot[c] = t->ring[c];
    }
    model_sym(m, "__per_cpu_offset", (uint64_t)per_cpu_offset, 'D');
    model_sym(m, "nr_cpu_ids", (uint64_t)nr_cpu_ids, 'D');
    model_sym(m, "exit_trace_ring", template, 'D');
}

/* The guest's reader and tracing switches, between exits. */
static void guest_activity(struct model *m, struct trace_model *t, unsigned int cpu,
                           struct sample_event *ev)
{
    struct exit_ring *r = t->ring[cpu];

    *t->slot[cpu] = r;
    if (!r)
        return;
    if (r->head - r->tail <= (1ull << r->order) && rng_pct(&m->rng, 20))
        r->tail += rng_below(&m->rng, r->head - r->tail + 1);
    if (rng_pct(&m->rng, r->flags & RING_DISABLED ? 30 : 3)) /* tracing_on() / tracing_off() */
        r->flags ^= RING_DISABLED;
    if (rng_pct(&m->rng, 3)) {
        ev->edge = 1;
        switch (rng_below(&m->rng, 3)) {
        case 0: /* the pointer aims at other ring memory, far enough from the window's end */
            *t->slot[cpu] =
                (struct exit_ring *)(t->rings_start +
                                     rng_below(&m->rng, m->base + m->size - TRACE_RING_BYTES -
                                                            t->rings_start));
            break;
        case 1: /* a consumer index ahead of the producer */
            r->tail = r->head + 1 + rng_below(&m->rng, 1000);
            break;
        default: /* a wild head: only its low bits choose the slot */
            r->head = rng_next(&m->rng);
            r->tail = r->head;
            break;
        }
    }
}

static void trace_next(struct model *m, unsigned int i, struct sample_event *ev)
{
    static const uint32_t reasons[] = {
        EXIT_REASON_EXTERNAL_INTERRUPT, EXIT_REASON_CPUID,     EXIT_REASON_HLT,
        EXIT_REASON_IO_INSTRUCTION,     EXIT_REASON_MSR_WRITE, EXIT_REASON_EPT_VIOLATION,
    };
    struct trace_model *t = m->priv;
    unsigned int cpu = (unsigned int)rng_below(&m->rng, t->ncpu);

    (void)i;
    memset(ev, 0, sizeof(*ev));
    account(t, 1);
    guest_activity(m, t, cpu, ev);
    account(t, 0);             /* the guest's own changes are not the producer's */
    if (rng_pct(&m->rng, 2)) { /* an exit on a vCPU the guest never brought up */
        cpu = t->ncpu + (unsigned int)rng_below(&m->rng, 64 - t->ncpu);
        ev->edge = 1;
    }
    t->tsc += 500 + rng_below(&m->rng, 20000);
    ev->vcpu = cpu;
    ev->rip = TRACE_KERNEL_TEXT + m->slide + rng_below(&m->rng, 1 << 24);
    ev->args[0] = reasons[rng_below(&m->rng, sizeof(reasons) / sizeof(reasons[0]))];
    ev->args[1] = rng_next(&m->rng) & 0xfff;
    ev->args[2] = rng_below(&m->rng, 1ull << 32) & ~0xfffull;
    ev->exit_info[HU_EXIT_INFO_REASON] = ev->args[0];
    ev->exit_info[HU_EXIT_INFO_QUALIFICATION] = ev->args[1];
    ev->exit_info[HU_EXIT_INFO_GPA] = ev->args[2];
    ev->exit_info[HU_EXIT_INFO_TSC] = t->tsc;
}

static void trace_report(FILE *out, struct model *m, const struct sample_tally *tl)
{
    struct trace_model *t = m->priv;

    account(t, 1);
    fprintf(out,
            "   exit: %u exits on %u vCPUs; %llu records appended to the per-vCPU rings in guest "
            "memory, %llu overwritten unread (overrun), %llu refused by full rings; the rest on "
            "vCPUs with tracing off or no ring\n",
            tl->events, t->ncpu, (unsigned long long)t->appended, (unsigned long long)t->overrun,
            (unsigned long long)t->dropped);
}

long trace_exit(const struct hu_ctx *ctx);

static const struct sample trace_sample = {
    .name = "trace",
    .entry = "trace_exit",
    .event = HU_EVENT_EXIT,
    .event_name = HU_EVENT_NAME_EXIT,
    .window_size = TRACE_WINDOW,
    .guest_mem = 1ull << 30,
    .src_lines = SAMPLE_SRC_LINES,
    .paper_name = "tracing",
    .paper_hu = 568,
    .paper_native = 336,
    .build = trace_build,
    .next_event = trace_next,
    .native = trace_exit,
    .report = trace_report,
};

const struct sample *const sample_list[] = {&trace_sample};
const unsigned int sample_count = 1;
