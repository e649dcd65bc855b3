/* SPDX-License-Identifier: MIT */
/*
 * Hostile guest memory: the hyperupcall runs over a window full of random bytes, with random
 * event arguments, and then again registered with a symbol table of random addresses. Results
 * mean nothing here; what must hold is that the host survives, every run ends within its time
 * bound, and nothing outside the window and its guard is touched: the pages right around them are
 * mapped inaccessible, so an escape would crash this test.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "hurun.h"
#include "modes.h"

#define HOSTILE_FENCE 0x10000
/* 50 ms of this thread's CPU time (being descheduled does not count): a bounded program takes
 * microseconds. */
#define HOSTILE_MAX_NS 50000000ull

static uint64_t cpu_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Inaccessible pages right below the window and right after its guard (where still free). */
static int fence(const struct model *m, void *fences[2])
{
    fences[0] = mmap((void *)(m->base - HOSTILE_FENCE), HOSTILE_FENCE, PROT_NONE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    fences[1] = mmap((void *)(m->base + m->size + HU_GUARD_SIZE), HOSTILE_FENCE, PROT_NONE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    return (fences[0] == MAP_FAILED) + (fences[1] == MAP_FAILED);
}

static void randomise(struct model *m, struct rng *r)
{
    for (uint64_t off = 0; off < m->size; off += 8) {
        uint64_t v = rng_next(r);

        /* A third of the words are pointers back into the window, so walks go somewhere. */
        if (v % 3 == 0)
            v = m->base + (v >> 8) % m->size;
        memcpy(m->mem + off, &v, 8);
    }
}

/* Runs `n` events; 0 when each returned normally within the bound. */
static int fire_hostile(const struct sample *s, struct model *m, struct hu_run *hu, struct rng *r,
                        unsigned int n, uint64_t *max_ns)
{
    for (unsigned int i = 0; i < n; i++) {
        struct sample_event ev;
        uint64_t r0, t0, dt;
        int ret;

        if (i % 64 == 0)
            randomise(m, r);
        memset(&ev, 0, sizeof(ev));
        ev.vcpu = (uint32_t)rng_below(r, HU_RECORDER_MAX_VCPUS);
        ev.rip = rng_next(r);
        ev.reg_vcpu = (uint32_t)rng_below(r, HU_RECORDER_MAX_VCPUS);
        for (int a = 0; a < HU_CTX_NARGS; a++)
            ev.args[a] = rng_pct(r, 50) ? rng_below(r, 300) : rng_next(r);
        for (int f = 0; f <= HU_EXIT_INFO_TSC; f++)
            ev.exit_info[f] = rng_next(r);
        for (int g = 0; g < HU_REG_COUNT; g++)
            ev.regs[g] = rng_next(r);
        t0 = cpu_ns();
        ret = hu_run_fire(hu, s, &ev, &r0);
        dt = cpu_ns() - t0;
        if (dt > *max_ns)
            *max_ns = dt;
        if (ret < 0 || dt > HOSTILE_MAX_NS) {
            fprintf(stderr, "%s: hostile event %u: hu_fire %d after %llu ns\n", s->name, i, ret,
                    (unsigned long long)dt);
            return -1;
        }
    }
    return 0;
}

/* Both phases on one engine: the real symbols over garbage memory, then random symbols. */
static int hostile_engine(const struct sample *s, const struct mode_opts *o, struct model *m,
                          uint32_t engine, uint64_t *max_ns)
{
    struct model_sym real[MODEL_MAX_SYMS];
    struct rng r = {o->seed ^ 0x5eed};
    struct hu_run hu;
    char err[512] = "";
    int ret;

    memcpy(real, m->syms, sizeof(real));
    ret = hu_run_open(&hu, s, m, o->object, engine, err, sizeof(err));
    if (ret == 0)
        ret = fire_hostile(s, m, &hu, &r, o->events / 2, max_ns);
    hu_run_close(&hu);
    /* Every symbol somewhere random, inside the window or far outside it. */
    for (unsigned int i = 0; ret == 0 && i < m->n_syms; i++)
        m->syms[i].addr = rng_pct(&r, 50) ? rng_next(&r) : m->base + rng_below(&r, m->size);
    if (ret == 0)
        ret = hu_run_open(&hu, s, m, o->object, engine, err, sizeof(err));
    if (ret == 0)
        ret = fire_hostile(s, m, &hu, &r, o->events - o->events / 2, max_ns);
    if (ret < 0 && err[0])
        fprintf(stderr, "%s: %s\n", s->name, err);
    hu_run_close(&hu);
    memcpy(m->syms, real, sizeof(real));
    return ret;
}

int mode_hostile(const struct sample *s, const struct mode_opts *o)
{
    static const uint32_t engines[] = {HU_ENGINE_INTERP, HU_ENGINE_JIT};
    struct model m;
    void *fences[2];
    uint64_t max_ns = 0;
    int ret = 0, unfenced;

    mode_build_model(s, &m, o->seed);
    unfenced = fence(&m, fences);
    for (unsigned int e = 0; e < 2 && ret == 0; e++)
        ret = hostile_engine(s, o, &m, engines[e], &max_ns);
    printf("%s (%s): %u hostile events over random memory and symbols, on the interpreter and "
           "the JIT: %s; slowest %llu ns of CPU%s\n",
           s->name, s->event_name, o->events, ret == 0 ? "host intact" : "FAILED",
           (unsigned long long)max_ns, unfenced ? " (a fence page was taken)" : "");
    for (int i = 0; i < 2; i++)
        if (fences[i] != MAP_FAILED)
            munmap(fences[i], HOSTILE_FENCE);
    model_unmap(&m);
    return ret;
}
