/* SPDX-License-Identifier: MIT */
/*
 * Concurrent events: libhuhost promises that hu_fire may run concurrently for different vCPUs of
 * one VM. The samples make that checkable: an event touches only its vCPU's guest state (its
 * trace ring, its call queue and TLB state) or nothing at all, so running each vCPU's events in
 * order on its own thread must leave exactly the memory, and give exactly the r0s, of running all
 * events one after another natively. Four threads share one VM per engine; the backend answers
 * each vCPU from the event that vCPU is handling.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "hurun.h"
#include "modes.h"
#include "native.h"

#define CONC_THREADS 4
#define CONC_WARMUP 300

struct conc_backend {
    const struct sample_event *cur[HU_RECORDER_MAX_VCPUS]; /* the event each vCPU handles */
    unsigned int flushes[HU_RECORDER_MAX_VCPUS];
};

struct conc {
    const struct sample *s;
    struct hu_run hu;
    struct conc_backend be;
    struct sample_event *ev;
    uint64_t *r0;
    unsigned int n;
};

struct conc_thread {
    struct conc *c;
    unsigned int t;
    int failed;
    pthread_t id;
};

static uint64_t be_get_exit_info(void *priv, uint32_t self, uint64_t field)
{
    const struct sample_event *ev = ((struct conc_backend *)priv)->cur[self];

    return field <= HU_EXIT_INFO_TSC ? ev->exit_info[field] : 0;
}

static uint64_t be_get_vcpu_register(void *priv, uint32_t self, uint64_t vcpu, uint64_t reg)
{
    const struct sample_event *ev = ((struct conc_backend *)priv)->cur[self];

    return vcpu == ev->reg_vcpu && reg < HU_REG_COUNT ? ev->regs[reg] : 0;
}

static uint64_t be_flush_tlb_vcpu(void *priv, uint32_t self, uint64_t vcpu)
{
    (void)vcpu;
    ((struct conc_backend *)priv)->flushes[self]++;
    return 0;
}

static const struct hu_backend conc_backend_ops = {
    .get_vcpu_register = be_get_vcpu_register,
    .flush_tlb_vcpu = be_flush_tlb_vcpu,
    .get_exit_info = be_get_exit_info,
};

static void *conc_worker(void *arg)
{
    struct conc_thread *th = arg;
    struct conc *c = th->c;

    for (unsigned int i = 0; i < c->n; i++) {
        struct hu_event_args a = {.vcpu = c->ev[i].vcpu, .rip = c->ev[i].rip};

        if (c->ev[i].vcpu % CONC_THREADS != th->t)
            continue;
        memcpy(a.args, c->ev[i].args, sizeof(a.args));
        c->be.cur[a.vcpu] = &c->ev[i];
        if (hu_fire(c->hu.vm, c->s->event, &a, &c->r0[i]) < 0)
            th->failed = 1;
    }
    return NULL;
}

/* All events on one engine, four threads; 0 when memory, r0s and flushes match the native run. */
static int conc_engine(struct conc *c, struct model *m, const struct mode_opts *o, uint32_t engine,
                       const uint8_t *start, const uint8_t *expect, const uint64_t *r0_native,
                       const unsigned int *flushes)
{
    struct conc_thread th[CONC_THREADS];
    char err[512] = "";
    int bad = 0;

    memcpy(m->mem, start, m->size);
    memset(&c->be, 0, sizeof(c->be));
    if (hu_run_open_backend(&c->hu, c->s, m, o->object, engine, &conc_backend_ops, &c->be, err,
                            sizeof(err)) < 0) {
        fprintf(stderr, "%s: %s\n", c->s->name, err);
        hu_run_close(&c->hu);
        return -1;
    }
    for (unsigned int t = 0; t < CONC_THREADS; t++) {
        th[t] = (struct conc_thread){.c = c, .t = t};
        if (pthread_create(&th[t].id, NULL, conc_worker, &th[t]) != 0)
            th[t].failed = 2;
    }
    for (unsigned int t = 0; t < CONC_THREADS; t++) {
        if (th[t].failed != 2)
            pthread_join(th[t].id, NULL);
        bad |= th[t].failed;
    }
    for (unsigned int i = 0; i < c->n && !bad; i++)
        if (c->r0[i] != r0_native[i]) {
            fprintf(stderr, "%s: %s: event %u r0 %#llx, native %#llx\n", c->s->name,
                    hu_run_engine_name(engine), i, (unsigned long long)c->r0[i],
                    (unsigned long long)r0_native[i]);
            bad = 1;
        }
    if (memcmp(m->mem, expect, m->size) != 0) {
        fprintf(stderr, "%s: %s: guest memory differs from the sequential native run\n", c->s->name,
                hu_run_engine_name(engine));
        bad = 1;
    }
    if (memcmp(c->be.flushes, flushes, sizeof(c->be.flushes)) != 0) {
        fprintf(stderr, "%s: %s: TLB flush requests differ\n", c->s->name,
                hu_run_engine_name(engine));
        bad = 1;
    }
    hu_run_close(&c->hu);
    return bad ? -1 : 0;
}

int mode_concurrent(const struct sample *s, const struct mode_opts *o)
{
    struct conc c = {.s = s, .n = o->events};
    unsigned int flushes[HU_RECORDER_MAX_VCPUS] = {0};
    struct native_run nat;
    uint8_t *start = NULL, *expect = NULL;
    uint64_t *r0_native = calloc(o->events, sizeof(uint64_t));
    unsigned int vcpus = 0;
    uint64_t seen = 0;
    struct model m;
    int ret = -1;

    mode_build_model(s, &m, o->seed);
    c.ev = calloc(o->events, sizeof(*c.ev));
    c.r0 = calloc(o->events, sizeof(*c.r0));
    start = malloc(m.size);
    expect = malloc(m.size);
    if (!c.ev || !c.r0 || !start || !expect || !r0_native)
        goto out;
    /* The guest runs a while, then the events are drawn; their guest activity is undone. */
    for (unsigned int i = 0; i < CONC_WARMUP; i++) {
        s->next_event(&m, i, &c.ev[0]);
        native_fire(s, &m, &c.ev[0], &nat);
    }
    memcpy(start, m.mem, m.size);
    for (unsigned int i = 0; i < c.n; i++) {
        s->next_event(&m, CONC_WARMUP + i, &c.ev[i]);
        vcpus += !(seen & (1ull << (c.ev[i].vcpu & 63)));
        seen |= 1ull << (c.ev[i].vcpu & 63);
    }
    memcpy(m.mem, start, m.size);
    for (unsigned int i = 0; i < c.n; i++) {
        r0_native[i] = native_fire(s, &m, &c.ev[i], &nat);
        for (size_t k = 0; k < nat.n_calls; k++)
            if (nat.calls[k].helper == HU_HELPER_FLUSH_TLB_VCPU)
                flushes[c.ev[i].vcpu]++;
    }
    memcpy(expect, m.mem, m.size);
    ret = conc_engine(&c, &m, o, HU_ENGINE_INTERP, start, expect, r0_native, flushes);
    if (ret == 0)
        ret = conc_engine(&c, &m, o, HU_ENGINE_JIT, start, expect, r0_native, flushes);
    printf("%s (%s): %u events on %u vCPUs from %u threads sharing one VM, interpreter and JIT: "
           "%s\n",
           s->name, s->event_name, c.n, vcpus, CONC_THREADS,
           ret == 0 ? "same memory and r0s as one after another natively" : "FAILED");
out:
    model_unmap(&m);
    free(c.ev);
    free(c.r0);
    free(start);
    free(expect);
    free(r0_native);
    return ret;
}
