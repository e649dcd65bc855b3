/* SPDX-License-Identifier: MIT */
/*
 * Guest model for protect: the kernel's protection tables in a 64 KiB window - up to 16
 * protected ranges of kernel data and up to 6 writer ranges of kernel text - plus phys_base, and
 * the text symbols _stext/_etext at a KASLR-slid address with a random physical load address.
 * Events aim at the ranges' edges (first byte, last byte, one past the end); now and then the
 * guest corrupts a count beyond the table or writes a range whose end precedes its start.
 */
#include <stdlib.h>
#include <string.h>

#include "modes.h"
#include "protect.h"

#define PROTECT_WINDOW (64ull << 10)
#define PROTECT_KERNEL_TEXT 0xffffffff81000000ull
#define PROTECT_KERNEL_DATA 0xffffffff83000000ull
#define PROTECT_MAX_WRITERS 6

struct protect_model {
    struct protect_range *prot, *writers;
    unsigned int *nr_prot, *nr_writers;
    unsigned long *phys_base;
    uint64_t stext, etext;
    unsigned int n_prot; /* the true count */
    unsigned int broken; /* the range corrupt() damaged last, and its true end */
    unsigned long broken_end;
};

static void protect_build(struct model *m)
{
    struct protect_model *p = calloc(1, sizeof(*p));
    uint64_t data = PROTECT_KERNEL_DATA + m->slide;
    unsigned int n;

    if (!p)
        abort();
    m->priv = p;
    p->prot = model_ptr(m, model_alloc(m, PROTECT_MAX_RANGES * sizeof(*p->prot), 64));
    p->writers = model_ptr(m, model_alloc(m, PROTECT_MAX_RANGES * sizeof(*p->writers), 64));
    p->nr_prot = model_ptr(m, model_alloc(m, sizeof(unsigned int), 8));
    p->nr_writers = model_ptr(m, model_alloc(m, sizeof(unsigned int), 8));
    p->phys_base = model_ptr(m, model_alloc(m, sizeof(unsigned long), 8));
    *p->phys_base = (1 + rng_below(&m->rng, 512)) << 21;
    p->stext = PROTECT_KERNEL_TEXT + m->slide;
    p->etext = p->stext + ((8 + rng_below(&m->rng, 16)) << 20) + rng_below(&m->rng, 4096);

    n = 3 + (unsigned int)rng_below(&m->rng, PROTECT_MAX_RANGES - 2);
    for (unsigned int i = 0; i < n; i++) { /* disjoint, ascending ranges of kernel data */
        data += rng_below(&m->rng, 64) << 12;
        p->prot[i].start = data;
        data += (1 + rng_below(&m->rng, 32)) << 12;
        p->prot[i].end = data;
    }
    *p->nr_prot = p->n_prot = n;
    p->broken_end = p->prot[0].end;
    n = 1 + (unsigned int)rng_below(&m->rng, PROTECT_MAX_WRITERS);
    for (unsigned int i = 0; i < n; i++) { /* functions allowed to write (text_poke and kin) */
        p->writers[i].start = p->stext + (rng_below(&m->rng, 1 << 20) << 4);
        p->writers[i].end = p->writers[i].start + 16 + rng_below(&m->rng, 2048);
    }
    *p->nr_writers = n;

    model_sym(m, "protected_ranges", (uint64_t)p->prot, 'D');
    model_sym(m, "writer_ranges", (uint64_t)p->writers, 'D');
    model_sym(m, "nr_protected_ranges", (uint64_t)p->nr_prot, 'D');
    model_sym(m, "nr_writer_ranges", (uint64_t)p->nr_writers, 'D');
    model_sym(m, "phys_base", (uint64_t)p->phys_base, 'D');
    model_sym(m, "_stext", p->stext, 'T');
    model_sym(m, "_etext", p->etext, 'T');
}

/* An address at an edge of, or inside, a random range; edge set when it is an edge. */
static uint64_t near_range(struct model *m, const struct protect_range *r, int *edge)
{
    *edge = 1;
    switch (rng_below(&m->rng, 5)) {
    case 0:
        return r->start;
    case 1:
        return r->end - 1;
    case 2:
        return r->end;
    case 3:
        return r->start - 1;
    default:
        *edge = 0;
        return r->start + rng_below(&m->rng, r->end > r->start ? r->end - r->start : 1);
    }
}

/* Repairs the previous event's damage, then now and then does some more. */
static void corrupt(struct model *m, struct protect_model *p, struct sample_event *ev)
{
    *p->nr_prot = p->n_prot;
    p->prot[p->broken].end = p->broken_end;
    if (!rng_pct(&m->rng, 3))
        return;
    ev->edge = 1;
    if (rng_pct(&m->rng, 50)) { /* a count beyond the table: the walk stops at its bound */
        *p->nr_prot = p->n_prot + 1 + (unsigned int)rng_below(&m->rng, 1000);
    } else { /* a range whose end precedes its start: it holds nothing */
        p->broken = (unsigned int)rng_below(&m->rng, p->n_prot);
        p->broken_end = p->prot[p->broken].end;
        p->prot[p->broken].end = 0;
    }
}

static void exit_next(struct model *m, unsigned int i, struct sample_event *ev)
{
    struct protect_model *p = m->priv;
    unsigned int np, nw = *p->nr_writers;
    uint64_t gva, rip;
    int edge = 0;

    (void)i;
    memset(ev, 0, sizeof(*ev));
    corrupt(m, p, ev);
    np = p->n_prot;
    gva = rng_pct(&m->rng, 60) ? near_range(m, &p->prot[rng_below(&m->rng, np)], &edge)
                               : PROTECT_KERNEL_DATA + m->slide + rng_below(&m->rng, 1 << 24);
    ev->edge |= edge;
    rip = rng_pct(&m->rng, 40) ? near_range(m, &p->writers[rng_below(&m->rng, nw)], &edge)
                               : p->stext + rng_below(&m->rng, p->etext - p->stext);
    ev->edge |= edge;
    ev->rip = rip;
    ev->args[0] = rng_pct(&m->rng, 85) ? EXIT_REASON_EPT_VIOLATION : rng_below(&m->rng, 70);
    ev->args[1] = (rng_pct(&m->rng, 70) ? EPT_VIOLATION_ACC_WRITE : 1) |
                  (rng_pct(&m->rng, 90) ? EPT_VIOLATION_GVA_IS_VALID : 0);
    ev->args[2] = rng_below(&m->rng, 1ull << 32) & ~0xfffull;
    ev->exit_info[HU_EXIT_INFO_REASON] = ev->args[0];
    ev->exit_info[HU_EXIT_INFO_QUALIFICATION] = ev->args[1];
    ev->exit_info[HU_EXIT_INFO_GPA] = ev->args[2];
    ev->exit_info[HU_EXIT_INFO_GVA] = gva;
    ev->vcpu = (uint32_t)rng_below(&m->rng, 8);
}

static int in(const struct protect_range *r, unsigned int n, uint64_t a)
{
    for (unsigned int i = 0; i < n && i < PROTECT_MAX_RANGES; i++)
        if (a >= r[i].start && a < r[i].end)
            return 1;
    return 0;
}

static int64_t exit_oracle(struct model *m, const struct sample_event *ev)
{
    struct protect_model *p = m->priv;

    if (ev->args[0] != EXIT_REASON_EPT_VIOLATION || !(ev->args[1] & EPT_VIOLATION_ACC_WRITE) ||
        !(ev->args[1] & EPT_VIOLATION_GVA_IS_VALID))
        return PROTECT_ALLOW;
    if (!in(p->prot, *p->nr_prot, ev->exit_info[HU_EXIT_INFO_GVA]))
        return PROTECT_ALLOW;
    return in(p->writers, *p->nr_writers, ev->rip) ? PROTECT_ALLOW : PROTECT_DENY;
}

static uint64_t text_pfn(const struct protect_model *p, uint64_t va)
{
    return (va - __START_KERNEL_map + *p->phys_base) >> PAGE_SHIFT;
}

static void map_next(struct model *m, unsigned int i, struct sample_event *ev)
{
    struct protect_model *p = m->priv;
    uint64_t first = text_pfn(p, p->stext), last = text_pfn(p, p->etext - 1), pfn;

    (void)i;
    memset(ev, 0, sizeof(*ev));
    ev->edge = 1;
    switch (rng_below(&m->rng, 8)) {
    case 0:
        pfn = first;
        break;
    case 1:
        pfn = last;
        break;
    case 2:
        pfn = first - 1;
        break;
    case 3:
        pfn = last + 1;
        break;
    case 4:
    case 5:
        ev->edge = 0;
        pfn = first + rng_below(&m->rng, last - first + 1);
        break;
    default:
        ev->edge = 0;
        pfn = rng_below(&m->rng, 1 << 20);
        break;
    }
    ev->args[0] = pfn << PAGE_SHIFT | rng_below(&m->rng, 4096);
    ev->args[1] = 0x7f0000000000ull + (rng_below(&m->rng, 1 << 24) << 12);
    ev->args[2] = _PAGE_PRESENT | (rng_pct(&m->rng, 60) ? _PAGE_RW : 0) |
                  (rng_pct(&m->rng, 50) ? _PAGE_NX : 0);
    ev->vcpu = (uint32_t)rng_below(&m->rng, 8);
}

static int64_t map_oracle(struct model *m, const struct sample_event *ev)
{
    struct protect_model *p = m->priv;
    uint64_t pfn = ev->args[0] >> PAGE_SHIFT;

    if (!(ev->args[2] & _PAGE_RW))
        return PROTECT_ALLOW;
    return pfn >= text_pfn(p, p->stext) && pfn <= text_pfn(p, p->etext - 1) ? PROTECT_DENY
                                                                            : PROTECT_ALLOW;
}

static void exit_report(FILE *out, struct model *m, const struct sample_tally *t)
{
    (void)m;
    fprintf(
        out,
        "   exit: %u EPT exits checked; %u writes to protected kernel ranges denied, %u allowed "
        "(whitelisted writers, unprotected memory, reads); %u disagree with the guest's "
        "tables\n",
        t->events, t->r0[PROTECT_DENY], t->r0[PROTECT_ALLOW], t->wrong);
}

static void map_report(FILE *out, struct model *m, const struct sample_tally *t)
{
    (void)m;
    fprintf(out,
            "   map: %u mappings checked; %u writable mappings of kernel text frames denied, %u "
            "allowed; %u disagree with _stext/_etext\n",
            t->events, t->r0[PROTECT_DENY], t->r0[PROTECT_ALLOW], t->wrong);
}

long protect_exit(const struct hu_ctx *ctx);
long protect_map(const struct hu_ctx *ctx);

static const struct sample protect_exit_sample = {
    .name = "protect",
    .entry = "protect_exit",
    .event = HU_EVENT_EXIT,
    .event_name = HU_EVENT_NAME_EXIT,
    .window_size = PROTECT_WINDOW,
    .guest_mem = 1ull << 30,
    .src_lines = SAMPLE_SRC_LINES,
    .paper_name = "protect-exit",
    .paper_hu = 43,
    .paper_native = 25,
    .build = protect_build,
    .next_event = exit_next,
    .oracle = exit_oracle,
    .native = protect_exit,
    .report = exit_report,
};

static const struct sample protect_map_sample = {
    .name = "protect",
    .entry = "protect_map",
    .event = HU_EVENT_MAP,
    .event_name = HU_EVENT_NAME_MAP,
    .window_size = PROTECT_WINDOW,
    .guest_mem = 1ull << 30,
    .src_lines = SAMPLE_SRC_LINES,
    .paper_name = "protect-map",
    .paper_hu = 108,
    .paper_native = 92,
    .build = protect_build,
    .next_event = map_next,
    .oracle = map_oracle,
    .native = protect_map,
    .report = map_report,
};

const struct sample *const sample_list[] = {&protect_exit_sample, &protect_map_sample};
const unsigned int sample_count = 2;
