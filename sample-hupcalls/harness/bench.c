/* SPDX-License-Identifier: MIT */
/*
 * `make bench`: the paper's Table 5 side by side. Cycles per call of the hyperupcall (hu_fire over
 * the masked window, on the JIT and on the interpreter) and of the native build of the same C, each
 * the median over many events in one process pinned to one CPU, read with a serialised TSC (lfence;
 * rdtsc ... rdtscp; lfence) minus the cost of reading it. Every timed call is preceded by an
 * untimed one on the same memory (the window is restored in between), so both sides run warm.
 * --callgrind instead counts instructions deterministically under valgrind: all native calls, then
 * the same seeded events again on the interpreter and on the JIT, each phase dumped on its own.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/callgrind.h>
#include <x86intrin.h>

#include "hurun.h"
#include "modes.h"
#include "native.h"

static inline uint64_t tsc_start(void)
{
    uint64_t t;

    _mm_lfence();
    t = __rdtsc();
    _mm_lfence();
    return t;
}

static inline uint64_t tsc_stop(void)
{
    unsigned int aux;
    uint64_t t = __rdtscp(&aux);

    _mm_lfence();
    return t;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

static uint64_t median(uint64_t *v, unsigned int n)
{
    qsort(v, n, sizeof(*v), cmp_u64);
    return v[n / 2];
}

/* The last CPU the process may run on, so that the bench stays off CPU 0's interrupts. */
static int pin(void)
{
    cpu_set_t set;
    int cpu = -1;

    if (sched_getaffinity(0, sizeof(set), &set) < 0)
        return -1;
    for (int i = 0; i < CPU_SETSIZE; i++)
        if (CPU_ISSET(i, &set))
            cpu = i;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(0, sizeof(set), &set) < 0 ? -1 : cpu;
}

static uint64_t tsc_overhead(void)
{
    uint64_t v[1001];

    for (int i = 0; i < 1001; i++) {
        uint64_t t0 = tsc_start();

        v[i] = tsc_stop() - t0;
    }
    return median(v, 1001);
}

/* The distinct values an empty serialised measurement takes: every cycle figure is a multiple of
 * their spacing on machines whose TSC advances in steps. */
static uint64_t tsc_resolution(void)
{
    uint64_t lo = UINT64_MAX, step = UINT64_MAX;

    for (int i = 0; i < 10000; i++) {
        uint64_t t0 = tsc_start(), d = tsc_stop() - t0;

        if (d < lo) {
            if (lo != UINT64_MAX && lo - d < step)
                step = lo - d;
            lo = d;
        } else if (d > lo && d - lo < step) {
            step = d - lo;
        }
    }
    return step;
}

void bench_header(void)
{
    printf("TSC cycles per call, medians (JIT and interpreter: hu_fire; native: the same C "
           "compiled for the host); TSC resolution here: %llu cycles\n",
           (unsigned long long)tsc_resolution());
    printf("%-13s %-9s | %7s %7s %7s %6s %6s | %6s %5s %9s | %-15s\n", "use case", "event", "JIT",
           "interp", "native", "JIT/n", "int/n", "insns", "lines", "verify us", "paper hu/native");
}

struct bench_run {
    struct model m;
    struct hu_run hu[2]; /* indexed by enum hu_engine */
    struct native_run nat;
    uint8_t *before;
};

static int bench_open(const struct sample *s, const struct mode_opts *o, struct bench_run *b)
{
    char err[512] = "";

    mode_build_model(s, &b->m, o->seed);
    b->before = malloc(b->m.size);
    if (!b->before ||
        hu_run_open(&b->hu[HU_ENGINE_INTERP], s, &b->m, o->object, HU_ENGINE_INTERP, err,
                    sizeof(err)) < 0 ||
        hu_run_open(&b->hu[HU_ENGINE_JIT], s, &b->m, o->object, HU_ENGINE_JIT, err, sizeof(err)) <
            0) {
        fprintf(stderr, "%s: %s\n", s->name, err[0] ? err : "out of memory");
        return -1;
    }
    return 0;
}

static void bench_close(struct bench_run *b)
{
    hu_run_close(&b->hu[HU_ENGINE_INTERP]);
    hu_run_close(&b->hu[HU_ENGINE_JIT]);
    model_unmap(&b->m);
    free(b->before);
}

static uint64_t time_native(const struct sample *s, struct bench_run *b,
                            const struct sample_event *ev)
{
    struct hu_ctx ctx;
    uint64_t t0, t1;

    native_ctx(s, &b->m, ev, &ctx);
    native_enter(&b->nat, ev);
    s->native(&ctx); /* warm */
    memcpy(b->m.mem, b->before, b->m.size);
    b->nat.n_calls = 0;
    t0 = tsc_start();
    s->native(&ctx);
    t1 = tsc_stop();
    native_enter(NULL, NULL);
    return t1 - t0;
}

static uint64_t time_hu(const struct sample *s, struct bench_run *b, struct hu_run *hu,
                        const struct sample_event *ev)
{
    struct hu_event_args a;
    uint64_t r0, t0, t1;

    hu_run_prepare(hu, ev, &a);
    hu_fire(hu->vm, s->event, &a, &r0); /* warm */
    memcpy(b->m.mem, b->before, b->m.size);
    hu_recorder_clear(hu->rec);
    t0 = tsc_start();
    hu_fire(hu->vm, s->event, &a, &r0);
    t1 = tsc_stop();
    return t1 - t0;
}

static uint64_t less(uint64_t v, uint64_t over)
{
    return v > over ? v - over : 0;
}

static double ratio(uint64_t a, uint64_t b)
{
    return b ? (double)a / (double)b : 0.0;
}

static int bench_cycles(const struct sample *s, const struct mode_opts *o)
{
    struct bench_run b = {0};
    uint64_t *jit = calloc(o->events, sizeof(*jit)), *in = calloc(o->events, sizeof(*in));
    uint64_t *nat = calloc(o->events, sizeof(*nat));
    uint64_t over, mj, mi, mn;
    int ret = -1;

    if (!jit || !in || !nat || pin() < 0 || bench_open(s, o, &b) < 0)
        goto out;
    over = tsc_overhead();
    for (unsigned int i = 0; i < o->events; i++) {
        struct sample_event ev;

        s->next_event(&b.m, i, &ev);
        memcpy(b.before, b.m.mem, b.m.size);
        nat[i] = time_native(s, &b, &ev);
        memcpy(b.m.mem, b.before, b.m.size);
        jit[i] = time_hu(s, &b, &b.hu[HU_ENGINE_JIT], &ev);
        memcpy(b.m.mem, b.before, b.m.size);
        in[i] = time_hu(s, &b, &b.hu[HU_ENGINE_INTERP], &ev);
    }
    mj = less(median(jit, o->events), over);
    mi = less(median(in, o->events), over);
    mn = less(median(nat, o->events), over);
    printf("%-13s %-9s | %7llu %7llu %7llu %5.1fx %5.1fx | %6u %5u %9.1f | ", s->paper_name,
           s->event_name, (unsigned long long)mj, (unsigned long long)mi, (unsigned long long)mn,
           ratio(mj, mn), ratio(mi, mn), b.hu[0].insns, s->src_lines,
           (double)hu_run_verify_median(&b.hu[0], 101) / 1000.0);
    if (s->paper_native)
        printf("%4u/%-4u %5.2fx\n", s->paper_hu, s->paper_native,
               ratio(s->paper_hu, s->paper_native));
    else
        printf("(not in the paper)\n");
    ret = 0;
out:
    if (b.before)
        bench_close(&b);
    free(jit);
    free(in);
    free(nat);
    return ret;
}

/* Under callgrind: the same seeded events twice, natively then as hyperupcalls, each phase in its
 * own dump ("<sample> native", "<sample> hyperupcall"), collecting only inside the calls. */
static int bench_callgrind(const struct sample *s, const struct mode_opts *o)
{
    static const char *const phase_name[] = {"native", "interpreter", "JIT"};
    char label[96];

    for (int phase = 0; phase < 3; phase++) {
        struct bench_run b = {0};
        struct hu_run *hu = &b.hu[phase == 2 ? HU_ENGINE_JIT : HU_ENGINE_INTERP];

        if (bench_open(s, o, &b) < 0)
            return -1;
        for (unsigned int i = 0; i < o->events; i++) {
            struct sample_event ev;
            struct hu_event_args a;
            struct hu_ctx ctx;
            uint64_t r0;

            s->next_event(&b.m, i, &ev);
            if (phase == 0) {
                native_ctx(s, &b.m, &ev, &ctx);
                native_enter(&b.nat, &ev);
                CALLGRIND_TOGGLE_COLLECT;
                s->native(&ctx);
                CALLGRIND_TOGGLE_COLLECT;
                native_enter(NULL, NULL);
            } else {
                hu_run_prepare(hu, &ev, &a);
                CALLGRIND_TOGGLE_COLLECT;
                hu_fire(hu->vm, s->event, &a, &r0);
                CALLGRIND_TOGGLE_COLLECT;
            }
        }
        snprintf(label, sizeof(label), "%s/%s %s %u", s->name, s->event_name, phase_name[phase],
                 o->events);
        CALLGRIND_DUMP_STATS_AT(label);
        bench_close(&b);
    }
    return 0;
}

int mode_bench(const struct sample *s, const struct mode_opts *o)
{
    return o->callgrind ? bench_callgrind(s, o) : bench_cycles(s, o);
}
