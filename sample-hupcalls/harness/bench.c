/* SPDX-License-Identifier: MIT */
/*
 * `make bench`: the paper's Table 5 side by side, in one process pinned to one CPU. Both sides are
 * timed from the same point, the event as the hypervisor has it: the native build of the C builds
 * its context and calls the function; the hyperupcall fills hu_event_args and calls hu_fire. Both
 * call the same lean backend (lean_backend.c: no log, no lock).
 *  - hot: batches of BATCH back-to-back calls of one event between two serialised TSC reads
 *    (lfence; rdtsc ... rdtscp; lfence), divided by BATCH; the median over events. Every call sees
 *    the event's memory: what the call writes is restored after it, and the restores' own cost
 *    (a batch of them alone, which also covers the TSC reads) is subtracted.
 *  - cold: one call after the guest window has been flushed from every cache level (clflush of
 *    each line; code and host structures stay cached); the median over events.
 * --callgrind instead counts instructions deterministically under valgrind, each phase (the empty
 * start/stop request pair, native, interpreter, JIT, JIT with constants unblinded) in its own dump.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/callgrind.h>
#include <x86intrin.h>

#include "hurun.h"
#include "lean_backend.h"
#include "modes.h"
#include "native.h"

/* Calls per timed batch in the hot regime. */
#define BATCH 64
/* Cold calls per sample (each flushes the window first). */
#define COLD_EVENTS 300

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
    printf("TSC cycles per call (TSC resolution here: %llu cycles). Both sides from the event to "
           "its answer, same lean backend.\n"
           "hot: median over events of %d back-to-back calls / %d (writes restored, restores "
           "subtracted); cold: median of single calls "
           "after clflush of the guest window.\n",
           (unsigned long long)tsc_resolution(), BATCH, BATCH);
    printf("%-13s %-9s | %-31s | %-23s | %-14s | %6s %5s %9s | %-15s\n", "", "", "            hot",
           "          cold", "   blinding", "", "", "", "");
    printf("%-13s %-9s | %6s %6s %6s %5s %5s | %6s %6s %6s %5s | %6s %7s | %6s %5s %9s | %-15s\n",
           "use case", "event", "JIT", "interp", "native", "JIT/n", "int/n", "JIT", "interp",
           "native", "JIT/n", "unbl.", "cost", "insns", "lines", "verify us", "paper hu/native");
}

enum side { NATIVE, INTERP, JIT, JIT_UNBLINDED, N_SIDES };

static const uint32_t side_engine[N_SIDES] = {
    [INTERP] = HU_ENGINE_INTERP, [JIT] = HU_ENGINE_JIT, [JIT_UNBLINDED] = HU_RUN_JIT_UNBLINDED};

struct bench_run {
    struct model m;
    struct hu_run hu[N_SIDES]; /* INTERP, JIT, JIT_UNBLINDED */
    struct native_run nat;
    struct lean_state lean;
    struct hu_ctx native_ctx; /* the fields no event changes, laid out once as hu_register does */
    uint8_t *before;
};

static int bench_open(const struct sample *s, const struct mode_opts *o, struct bench_run *b)
{
    char err[512] = "";

    mode_build_model(s, &b->m, o->seed);
    native_ctx(s, &b->m, &(struct sample_event){0}, &b->native_ctx);
    b->before = malloc(b->m.size);
    if (!b->before) {
        fprintf(stderr, "%s: out of memory\n", s->name);
        return -1;
    }
    for (int k = INTERP; k < N_SIDES; k++)
        if (hu_run_open_backend(&b->hu[k], s, &b->m, o->object, side_engine[k], &lean_backend,
                                &b->lean, err, sizeof(err)) < 0) {
            fprintf(stderr, "%s: %s\n", s->name, err[0] ? err : "out of memory");
            return -1;
        }
    return 0;
}

static void bench_close(struct bench_run *b)
{
    for (int k = INTERP; k < N_SIDES; k++)
        hu_run_close(&b->hu[k]);
    model_unmap(&b->m);
    free(b->before);
}

/* One answer to the event, as the hypervisor pays for it: native builds the context the C
 * function takes as hu_fire builds a hyperupcall's (a copy of the fields laid out once, then
 * vcpu_id, rip and args); the hyperupcall fills the event's arguments. Always inlined into the
 * timed loops, so both sides are measured by the same code around them. */
static inline __attribute__((always_inline)) uint64_t
answer(const struct sample *s, struct bench_run *b, enum side k, const struct sample_event *ev)
{
    if (k == NATIVE) {
        struct hu_ctx ctx = b->native_ctx;

        ctx.vcpu_id = ev->vcpu;
        ctx.rip = ev->rip;
        memcpy(ctx.args, ev->args, sizeof(ctx.args));
        return (uint64_t)s->native(&ctx);
    }
    struct hu_event_args a = {.vcpu = ev->vcpu, .rip = ev->rip};
    uint64_t r0;

    memcpy(a.args, ev->args, sizeof(a.args));
    hu_fire(b->hu[k].vm, s->event, &a, &r0);
    return r0;
}

static void flush_window(const struct model *m)
{
    for (uint64_t off = 0; off < m->size; off += 64)
        _mm_clflush(m->mem + off);
    _mm_mfence();
}

/* The bytes [*lo, *hi) of the window that differ from the event's memory. */
static void dirty_range(const struct bench_run *b, size_t *lo, size_t *hi)
{
    size_t n = b->m.size;

    for (*lo = 0; *lo < n && b->m.mem[*lo] == b->before[*lo]; ++*lo)
        ;
    for (*hi = n; *hi > *lo && b->m.mem[*hi - 1] == b->before[*hi - 1]; --*hi)
        ;
}

/* Cold: one call after the flush. Hot: BATCH calls, each on the event's memory: the range an
 * untimed call wrote is restored after every call, and a batch of the restores alone, timed the
 * same way, is subtracted. Cycles per call. */
static uint64_t time_side(const struct sample *s, struct bench_run *b, enum side k,
                          const struct sample_event *ev, int cold, uint64_t over)
{
    volatile uint64_t sink = 0;
    uint64_t t0, t1, restores;
    size_t lo, hi;

    memcpy(b->m.mem, b->before, b->m.size);
    if (cold) {
        flush_window(&b->m);
        t0 = tsc_start();
        sink += answer(s, b, k, ev);
        t1 = tsc_stop();
        return t1 - t0 > over ? t1 - t0 - over : 0;
    }
    sink += answer(s, b, k, ev); /* warm, and shows what the call writes */
    dirty_range(b, &lo, &hi);
    memcpy(b->m.mem + lo, b->before + lo, hi - lo);
    t0 = tsc_start();
    for (int i = 0; i < BATCH; i++)
        memcpy(b->m.mem + lo, b->before + lo, hi - lo);
    t1 = tsc_stop();
    restores = t1 - t0;
    t0 = tsc_start();
    for (int i = 0; i < BATCH; i++) {
        sink += answer(s, b, k, ev);
        memcpy(b->m.mem + lo, b->before + lo, hi - lo);
    }
    t1 = tsc_stop();
    (void)sink;
    return (t1 - t0 > restores ? t1 - t0 - restores : 0) / BATCH;
}

static double ratio(uint64_t a, uint64_t b)
{
    return b ? (double)a / (double)b : 0.0;
}

static int bench_cycles(const struct sample *s, const struct mode_opts *o)
{
    struct bench_run b = {0};
    uint64_t *t[2][N_SIDES] = {{0}}, med[2][N_SIDES], over;
    unsigned int n[2] = {o->events, o->events < COLD_EVENTS ? o->events : COLD_EVENTS};
    int ret = -1;

    for (int c = 0; c < 2; c++)
        for (int k = 0; k < N_SIDES; k++)
            if (!(t[c][k] = calloc(n[c] ? n[c] : 1, sizeof(uint64_t))))
                goto out;
    if (pin() < 0 || bench_open(s, o, &b) < 0)
        goto out;
    over = tsc_overhead();
    for (unsigned int i = 0; i < o->events; i++) {
        struct sample_event ev;

        s->next_event(&b.m, i, &ev);
        memcpy(b.before, b.m.mem, b.m.size);
        b.lean.ev = &ev;
        native_enter_backend(&b.nat, &ev, &lean_backend, &b.lean);
        for (int c = 0; c < 2; c++)
            for (int k = 0; k < N_SIDES && i < n[c]; k++)
                t[c][k][i] = time_side(s, &b, (enum side)k, &ev, c, over);
        native_enter(NULL, NULL);
        memcpy(b.m.mem, b.before, b.m.size);
    }
    for (int c = 0; c < 2; c++)
        for (int k = 0; k < N_SIDES; k++)
            med[c][k] = median(t[c][k], n[c]);
    printf(
        "%-13s %-9s | %6llu %6llu %6llu %4.1fx %4.1fx | %6llu %6llu %6llu %4.1fx | %6llu %+6.1f%% "
        "| %6u %5u %9.1f | ",
        s->paper_name, s->event_name, (unsigned long long)med[0][JIT],
        (unsigned long long)med[0][INTERP], (unsigned long long)med[0][NATIVE],
        ratio(med[0][JIT], med[0][NATIVE]), ratio(med[0][INTERP], med[0][NATIVE]),
        (unsigned long long)med[1][JIT], (unsigned long long)med[1][INTERP],
        (unsigned long long)med[1][NATIVE], ratio(med[1][JIT], med[1][NATIVE]),
        (unsigned long long)med[0][JIT_UNBLINDED],
        100.0 * (ratio(med[0][JIT], med[0][JIT_UNBLINDED]) - 1.0), b.hu[INTERP].insns, s->src_lines,
        (double)hu_run_verify_median(&b.hu[INTERP], 101) / 1000.0);
    if (s->paper_native)
        printf("%4u/%-4u %5.2fx\n", s->paper_hu, s->paper_native,
               ratio(s->paper_hu, s->paper_native));
    else
        printf("(not in the paper)\n");
    ret = 0;
out:
    if (b.before)
        bench_close(&b);
    for (int c = 0; c < 2; c++)
        for (int k = 0; k < N_SIDES; k++)
            free(t[c][k]);
    return ret;
}

/* Under callgrind: the same seeded events once per phase, each phase in its own dump
 * ("<sample>/<event> <phase> <events>"), collecting only inside the answers. The "request" phase
 * collects around nothing: what callgrind's own start/stop request pair counts, which
 * bench-callgrind.sh subtracts from every other phase. */
static int bench_callgrind(const struct sample *s, const struct mode_opts *o)
{
    static const char *const phase_name[] = {"request", "native", "interpreter", "JIT",
                                             "JIT-unblinded"};
    char label[96];

    for (int phase = 0; phase < 5; phase++) {
        struct bench_run b = {0};
        enum side k = phase == 0 ? NATIVE : (enum side)(phase - 1);

        if (bench_open(s, o, &b) < 0) {
            bench_close(&b);
            return -1;
        }
        for (unsigned int i = 0; i < o->events; i++) {
            struct sample_event ev;
            volatile uint64_t sink;

            s->next_event(&b.m, i, &ev);
            b.lean.ev = &ev;
            native_enter_backend(&b.nat, &ev, &lean_backend, &b.lean);
            if (phase == 0) {
                CALLGRIND_TOGGLE_COLLECT;
                CALLGRIND_TOGGLE_COLLECT;
            } else {
                CALLGRIND_TOGGLE_COLLECT;
                sink = answer(s, &b, k, &ev);
                CALLGRIND_TOGGLE_COLLECT;
                (void)sink;
            }
            native_enter(NULL, NULL);
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
