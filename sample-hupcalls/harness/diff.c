/* SPDX-License-Identifier: MIT */
/*
 * The differential test: every event runs three times from the same guest memory, natively (the
 * same C, direct pointers) and as the hyperupcall through libhuhost (verified, masked window) on
 * each engine, the interpreter and the JIT. r0, the helper calls and every byte of the window must
 * agree; where the model knows the right answer, all must also give it.
 */
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "hurun.h"
#include "modes.h"

struct diff_state {
    struct model m;
    struct hu_run hu[2]; /* indexed by enum hu_engine */
    struct native_run nat;
    uint8_t *before, *after;
    struct sample_tally t;
    unsigned int mismatches;
    unsigned int writes; /* events after which guest memory had changed */
};

static void tally(struct sample_tally *t, const struct sample_event *ev, uint64_t r0,
                  const struct hu_recorder *rec)
{
    t->events++;
    t->r0[r0 < 3 ? r0 : 3]++;
    t->edges += ev->edge != 0;
    for (size_t i = 0; i < hu_recorder_count(rec); i++) {
        uint32_t h = hu_recorder_get(rec, i)->helper;

        if (h <= HU_HELPER_MAX)
            t->helper[h]++;
    }
}

/* The hyperupcall on one engine from the memory `before`; 0 when it agrees with the native run
 * (r0_native, d->nat, d->after) and with the model. */
static int diff_engine(const struct sample *s, struct diff_state *d, struct hu_run *hu,
                       const struct sample_event *ev, uint64_t r0_native)
{
    const char *engine = hu_run_engine_name(hu->engine);
    uint64_t r0 = 0;
    int64_t expect;
    int bad = 0;

    memcpy(d->m.mem, d->before, d->m.size);
    if (hu_run_fire(hu, s, ev, &r0) < 0) {
        fprintf(stderr, "  %s: hu_fire failed\n", engine);
        return -1;
    }
    if (r0 != r0_native) {
        fprintf(stderr, "  r0: %s %#llx, native %#llx\n", engine, (unsigned long long)r0,
                (unsigned long long)r0_native);
        bad = 1;
    }
    bad |= compare_calls(&d->nat, hu->rec, stderr) != 0;
    bad |= compare_memory(&d->m, d->after, stderr) != 0;
    expect = s->oracle ? s->oracle(&d->m, ev) : -1;
    if (expect >= 0 && (uint64_t)expect != r0) {
        fprintf(stderr, "  %s: r0 %#llx but the guest model says %lld\n", engine,
                (unsigned long long)r0, (long long)expect);
        d->t.wrong++;
        bad = 1;
    }
    if (bad)
        fprintf(stderr, "  (%s disagrees)\n", engine);
    return bad ? -1 : 0;
}

/* One event, every way; 0 when they all agree. */
static int diff_event(const struct sample *s, struct diff_state *d, unsigned int i)
{
    struct sample_event ev;
    uint64_t r0_native;
    int bad = 0;

    s->next_event(&d->m, i, &ev);
    memcpy(d->before, d->m.mem, d->m.size);
    r0_native = native_fire(s, &d->m, &ev, &d->nat);
    memcpy(d->after, d->m.mem, d->m.size);
    d->writes += memcmp(d->after, d->before, d->m.size) != 0;

    bad |= diff_engine(s, d, &d->hu[HU_ENGINE_JIT], &ev, r0_native);
    /* The interpreter last: the model goes on from its memory. */
    bad |= diff_engine(s, d, &d->hu[HU_ENGINE_INTERP], &ev, r0_native);
    if (bad)
        fprintf(stderr, "%s: event %u (vcpu %u, args %#llx %#llx %#llx) disagrees\n", s->name, i,
                ev.vcpu, (unsigned long long)ev.args[0], (unsigned long long)ev.args[1],
                (unsigned long long)ev.args[2]);
    tally(&d->t, &ev, r0_native, d->hu[HU_ENGINE_INTERP].rec);
    return bad ? -1 : 0;
}

int mode_diff(const struct sample *s, const struct mode_opts *o)
{
    struct diff_state *d = calloc(1, sizeof(*d));
    char err[512];
    int ret;

    if (!d)
        return -1;
    mode_build_model(s, &d->m, o->seed);
    d->before = malloc(d->m.size);
    d->after = malloc(d->m.size);
    ret = hu_run_open(&d->hu[HU_ENGINE_INTERP], s, &d->m, o->object, HU_ENGINE_INTERP, err,
                      sizeof(err));
    if (ret == 0)
        ret = hu_run_open(&d->hu[HU_ENGINE_JIT], s, &d->m, o->object, HU_ENGINE_JIT, err,
                          sizeof(err));
    if (ret < 0 || !d->before || !d->after) {
        fprintf(stderr, "%s: %s\n", s->name, ret < 0 ? err : "out of memory");
        return -1;
    }
    for (unsigned int i = 0; i < o->events; i++)
        if (diff_event(s, d, i) < 0 && ++d->mismatches >= 10) {
            fprintf(stderr, "%s: stopping after 10 disagreements\n", s->name);
            break;
        }
    printf("%s (%s): %u events (seed %llu, %u edge cases), r0 = 0: %u, 1: %u, 2: %u, other: %u;"
           " %u changed guest memory; native, interpreter and JIT: %u disagree\n",
           s->name, s->event_name, d->t.events, (unsigned long long)o->seed, d->t.edges, d->t.r0[0],
           d->t.r0[1], d->t.r0[2], d->t.r0[3], d->writes, d->mismatches);
    ret = d->mismatches || d->t.events != o->events ? -1 : 0;
    /* A run where every event came out the same way, in r0 and in memory, would prove little. */
    if (!ret && (d->t.r0[0] == d->t.events || d->t.r0[0] == 0) &&
        (d->writes == 0 || d->writes == d->t.events)) {
        fprintf(stderr, "%s: every event had the same outcome; the events test nothing\n", s->name);
        ret = -1;
    }
    hu_run_close(&d->hu[HU_ENGINE_INTERP]);
    hu_run_close(&d->hu[HU_ENGINE_JIT]);
    model_unmap(&d->m);
    free(d->before);
    free(d->after);
    free(d);
    return ret;
}
