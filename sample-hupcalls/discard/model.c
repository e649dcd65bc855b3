/* SPDX-License-Identifier: MIT */
/*
 * Guest model for discard: a 4 MiB window holding the kernel variables vmemmap_base and max_pfn in
 * its first page and the struct page array after it, up to the window's last byte. The buddy
 * allocator state is random but consistent: aligned free blocks of every order, allocated compound
 * pages (heads, tails, order in the first tail), single allocated pages and page-table pages.
 */
#include <stdlib.h>
#include <string.h>

#include "mm.h"
#include "modes.h"

#define DISCARD_WINDOW (1ull << 20)
#define DISCARD_VARS 4096 /* the page of kernel variables before the array */
#define DISCARD_FRAMES ((DISCARD_WINDOW - DISCARD_VARS) / sizeof(struct page))

enum frame_state { FRAME_ALLOCATED, FRAME_FREE, FRAME_COMPOUND };

struct discard_model {
    struct page *map;            /* the guest's vmemmap, at its guest address */
    unsigned long *vmemmap_base; /* the guest variables */
    unsigned long *max_pfn;
    unsigned char state[DISCARD_FRAMES]; /* ground truth per frame */
    unsigned int free_frames;
};

static void set_free_block(struct discard_model *d, unsigned long pfn, unsigned int order)
{
    struct page *head = &d->map[pfn];

    for (unsigned long i = 0; i < (1ul << order); i++) {
        memset(&head[i], 0, sizeof(head[i]));
        head[i].page_type = PAGE_TYPE_NONE;
        d->state[pfn + i] = FRAME_FREE;
    }
    head->page_type = (unsigned int)PGTY_buddy << 24;
    head->private = order;
    /* An empty free_area list: the page links to itself. */
    head->lru.next = head->lru.prev = &head->lru;
    d->free_frames += 1u << order;
}

static void set_compound(struct discard_model *d, unsigned long pfn, unsigned int order)
{
    struct page *head = &d->map[pfn];

    for (unsigned long i = 0; i < (1ul << order); i++) {
        memset(&head[i], 0, sizeof(head[i]));
        head[i].page_type = PAGE_TYPE_NONE;
        if (i)
            head[i].compound_head = (unsigned long)head | 1;
        d->state[pfn + i] = FRAME_COMPOUND;
    }
    head->flags = 1ul << PG_head | 1ul << PG_lru | 1ul << PG_uptodate;
    head->_refcount = 1;
    head[1].flags |= order; /* folio->_flags_1: the folio's order in the low byte */
}

static void set_allocated(struct model *m, struct discard_model *d, unsigned long pfn)
{
    struct page *p = &d->map[pfn];

    memset(p, 0, sizeof(*p));
    p->flags = rng_next(&m->rng) & (1ul << PG_lru | 1ul << PG_dirty | 1ul << PG_referenced);
    p->page_type = rng_pct(&m->rng, 10) ? (unsigned int)PGTY_table << 24 : PAGE_TYPE_NONE;
    p->_refcount = 1 + (int)rng_below(&m->rng, 3);
    p->mapping = (void *)(m->base + rng_below(&m->rng, DISCARD_VARS));
    p->index = rng_next(&m->rng) & 0xffff;
    d->state[pfn] = FRAME_ALLOCATED;
}

/* The largest order <= max_order that is aligned at pfn and fits before the end. */
static unsigned int fitting_order(unsigned long pfn, unsigned int max_order)
{
    unsigned int order = max_order;

    while (order && ((pfn & ((1ul << order) - 1)) || pfn + (1ul << order) > DISCARD_FRAMES))
        order--;
    return order;
}

static void discard_build(struct model *m)
{
    struct discard_model *d = calloc(1, sizeof(*d));
    unsigned long pfn = 0;

    if (!d)
        abort();
    m->priv = d;
    d->vmemmap_base = model_ptr(m, model_alloc(m, 8, 8));
    d->max_pfn = model_ptr(m, model_alloc(m, 8, 8));
    model_sym(m, "vmemmap_base", (uint64_t)d->vmemmap_base, 'D');
    model_sym(m, "max_pfn", (uint64_t)d->max_pfn, 'B');
    m->brk = DISCARD_VARS;
    d->map = model_ptr(m, model_alloc(m, DISCARD_FRAMES * sizeof(struct page), 64));
    *d->vmemmap_base = (unsigned long)d->map;
    *d->max_pfn = DISCARD_FRAMES;

    while (pfn < DISCARD_FRAMES) {
        unsigned int order = fitting_order(pfn, (unsigned int)rng_below(&m->rng, NR_PAGE_ORDERS));
        unsigned int kind = (unsigned int)rng_below(&m->rng, 100);

        if (kind < 40) {
            set_free_block(d, pfn, order);
        } else if (kind < 55 && order > 0) {
            set_compound(d, pfn, order);
        } else {
            order = 0;
            set_allocated(m, d, pfn);
        }
        pfn += 1ul << order;
    }
    /* The window's last frame is free on its own: the edge the events aim at. */
    if (d->state[DISCARD_FRAMES - 1] != FRAME_FREE)
        set_free_block(d, DISCARD_FRAMES - 1, 0);
}

/* A random frame, biased towards the places where the walk is easy to get wrong. */
static unsigned long pick_pfn(struct model *m, struct sample_event *ev)
{
    struct discard_model *d = m->priv;
    unsigned int kind = (unsigned int)rng_below(&m->rng, 100);

    ev->edge = 1;
    if (kind < 8)
        return DISCARD_FRAMES - 1; /* the window's last frame */
    if (kind < 11)
        return DISCARD_FRAMES; /* one past the end: max_pfn */
    if (kind < 13)
        return rng_next(&m->rng); /* a wild frame number */
    if (kind < 30) {              /* inside a compound page or a free block, away from its head */
        for (int tries = 0; tries < 64; tries++) {
            unsigned long pfn = rng_below(&m->rng, DISCARD_FRAMES);

            if (d->state[pfn] != FRAME_ALLOCATED && (pfn & 1))
                return pfn;
        }
    }
    ev->edge = 0;
    return rng_below(&m->rng, DISCARD_FRAMES);
}

/* The guest runs between reclaim decisions: a free block gets allocated, or a page freed. */
static void guest_activity(struct model *m)
{
    struct discard_model *d = m->priv;
    unsigned long pfn = rng_below(&m->rng, DISCARD_FRAMES);

    if (d->state[pfn] == FRAME_ALLOCATED) {
        set_free_block(d, pfn, 0);
    } else if (d->state[pfn] == FRAME_FREE && d->map[pfn].page_type >> 24 == PGTY_buddy) {
        unsigned long order = d->map[pfn].private;

        d->free_frames -= 1u << order;
        for (unsigned long i = 0; i < (1ul << order); i++)
            set_allocated(m, d, pfn + i);
    }
}

static void discard_next(struct model *m, unsigned int i, struct sample_event *ev)
{
    struct discard_model *d = m->priv;

    if (rng_pct(&m->rng, 20))
        guest_activity(m);
    memset(ev, 0, sizeof(*ev));
    ev->vcpu = i % 8; /* the vCPU whose reclaim path asks; the decision does not depend on it */
    ev->args[0] = pick_pfn(m, ev);
    /* Now and then the guest has corrupted vmemmap_base. It stays below the real map so that
     * every page the walk reads is still in the window and the native run reads it too. */
    *d->vmemmap_base = (unsigned long)d->map;
    if (rng_pct(&m->rng, 3)) {
        *d->vmemmap_base -= 8 + rng_below(&m->rng, DISCARD_VARS - 16);
        ev->edge = 1;
    }
}

static int64_t discard_oracle(struct model *m, const struct sample_event *ev)
{
    struct discard_model *d = m->priv;

    if (*d->vmemmap_base != (unsigned long)d->map)
        return -1; /* a corrupted map: only the native run can say */
    return ev->args[0] < DISCARD_FRAMES && d->state[ev->args[0]] == FRAME_FREE;
}

static void discard_report(FILE *out, struct model *m, const struct sample_tally *t)
{
    struct discard_model *d = m->priv;

    fprintf(out,
            "   reclaim: %u of %u frames free, discarded without swap-out; %u kept "
            "(allocated, compound or out of range)\n"
            "            guest allocator now has %u of %lu frames free; %u decisions "
            "disagree with it\n",
            t->r0[1], t->events, t->r0[0], d->free_frames, (unsigned long)DISCARD_FRAMES, t->wrong);
}

long discard(const struct hu_ctx *ctx);

static const struct sample discard_sample = {
    .name = "discard",
    .entry = "discard",
    .event = HU_EVENT_RECLAIM,
    .event_name = HU_EVENT_NAME_RECLAIM,
    .window_size = DISCARD_WINDOW,
    .guest_mem = DISCARD_FRAMES << PAGE_SHIFT,
    .src_lines = SAMPLE_SRC_LINES,
    .paper_name = "discard",
    .paper_hu = 185,
    .paper_native = 147,
    .build = discard_build,
    .next_event = discard_next,
    .oracle = discard_oracle,
    .native = discard,
    .report = discard_report,
};

const struct sample *const sample_list[] = {&discard_sample};
const unsigned int sample_count = 1;
