/* SPDX-License-Identifier: MIT */
/*
 * `make bench`: the paper's Table 5 side by side, in one process pinned to one CPU. Every side is
 * timed from the same point, the event as the hypervisor has it, and writes the event's rip and
 * arguments into a context laid out once per vCPU: the native build of the C then calls the
 * function; the hyperupcall calls hu_fire_slot on the slot hu_event_slot resolved once (the
 * hypervisor's fast path); the floor calls the slot's compiled code directly (floor.c). All call
 * the same lean backend (lean_backend.c: no log, no lock).
 *  - hot: batches of BATCH back-to-back calls of one event between two serialised TSC reads
 *    (lfence; rdtsc ... rdtscp; lfence), divided by BATCH; the median over events. Every call sees
 *    the event's memory: what the call writes is restored after it, and the restores' own cost
 *    (a batch of them alone, which also covers the TSC reads) is subtracted.
 *  - cold: one call after the guest window has been flushed from every cache level (clflush of
 *    each line; code and host structures stay cached); the median over events.
 * --callgrind instead counts instructions deterministically under valgrind, each phase (the empty
 * start/stop request pair, native, floor, interpreter, JIT, JIT with the guest's constants as
 * immediates in the code instead of the constant pool, JIT through hu_fire) in its own dump.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/callgrind.h>
#include <x86intrin.h>

#include "floor.h"
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
    printf("TSC cycles per call (TSC resolution here: %llu cycles). Every side from the event to "
           "its answer, same lean backend; floor: the JIT's code called directly.\n"
           "hot: median over events of %d back-to-back calls / %d (writes restored, restores "
           "subtracted); cold: median of single calls "
           "after clflush of the guest window.\n",
           (unsigned long long)tsc_resolution(), BATCH, BATCH);
    printf("%-13s %-9s | %-45s | %-27s | %-14s | %6s %5s %9s | %-15s\n", "", "",
           "                   hot", "            cold", "  constants", "", "", "", "");
    printf("%-13s %-9s | %6s %6s %6s %6s %5s %5s %5s | %6s %6s %6s %6s | %6s %7s | %6s %5s %9s "
           "| %-15s\n",
           "use case", "event", "JIT", "floor", "interp", "native", "JIT/n", "fl/n", "int/n", "JIT",
           "floor", "interp", "native", "imm.", "pool", "insns", "lines", "verify us",
           "paper hu/native");
}

/* JIT_HU_FIRE: the JIT through hu_fire (the checked API, hu_event_args filled per event). */
enum side { NATIVE, FLOOR, INTERP, JIT, JIT_UNBLINDED, JIT_HU_FIRE, N_SIDES };

/* The VM each side fires: FLOOR and JIT_HU_FIRE use JIT's. */
static const enum side side_vm[N_SIDES] = {[FLOOR] = JIT,
                                           [INTERP] = INTERP,
                                           [JIT] = JIT,
                                           [JIT_UNBLINDED] = JIT_UNBLINDED,
                                           [JIT_HU_FIRE] = JIT};

static const uint32_t side_engine[N_SIDES] = {
    [INTERP] = HU_ENGINE_INTERP, [JIT] = HU_ENGINE_JIT, [JIT_UNBLINDED] = HU_RUN_JIT_UNBLINDED};

#define N_VCPUS HU_RECORDER_MAX_VCPUS

struct bench_run {
    struct model m;
    struct hu_run hu[N_SIDES]; /* INTERP, JIT, JIT_UNBLINDED */
    struct native_run nat;
    struct lean_state lean;
    /* Per vCPU, resolved once as a hypervisor would: the native contexts (the fields no event
     * changes laid out as hu_register does), each VM's slots, and the floor's calls. */
    struct hu_ctx native_ctx[N_VCPUS];
    struct hu_fire_args *slot[N_SIDES][N_VCPUS];
    struct floor_call floor[N_VCPUS];
    uint8_t *before;
};

static int bench_open(const struct sample *s, const struct mode_opts *o, struct bench_run *b)
{
    char err[512] = "";

    mode_build_model(s, &b->m, o->seed);
    b->before = malloc(b->m.size);
    if (!b->before) {
        fprintf(stderr, "%s: out of memory\n", s->name);
        return -1;
    }
    for (int k = INTERP; k <= JIT_UNBLINDED; k++)
        if (hu_run_open_backend(&b->hu[k], s, &b->m, o->object, side_engine[k], &lean_backend,
                                &b->lean, err, sizeof(err)) < 0) {
            fprintf(stderr, "%s: %s\n", s->name, err[0] ? err : "out of memory");
            return -1;
        }
    for (uint32_t v = 0; v < N_VCPUS; v++) {
        native_ctx(s, &b->m, &(struct sample_event){.vcpu = v}, &b->native_ctx[v]);
        for (int k = FLOOR; k < N_SIDES; k++)
            if (hu_event_slot(b->hu[side_vm[k]].vm, s->event, v, &b->slot[k][v], err, sizeof(err)) <
                0) {
                fprintf(stderr, "%s: %s\n", s->name, err);
                return -1;
            }
        b->floor[v] = floor_of(b->slot[FLOOR][v]);
    }
    return 0;
}

static void bench_close(struct bench_run *b)
{
    for (int k = INTERP; k <= JIT_UNBLINDED; k++)
        hu_run_close(&b->hu[k]);
    model_unmap(&b->m);
    free(b->before);
}

/* One answer to the event, as the hypervisor pays for it: the event's rip and arguments written
 * into the vCPU's context (native's or the slot's), then the call. JIT_HU_FIRE fills
 * hu_event_args and calls hu_fire instead. Always inlined into the timed loops, so that every side
 * is measured by the same code around it. */
static inline __attribute__((always_inline)) FLOOR_NO_SANITIZE_FUNCTION uint64_t
answer(const struct sample *s, struct bench_run *b, enum side k, const struct sample_event *ev)
{
    uint64_t r0;

    if (k == NATIVE) {
        struct hu_ctx *ctx = &b->native_ctx[ev->vcpu];

        ctx->rip = ev->rip;
        memcpy(ctx->args, ev->args, sizeof(ctx->args));
        return (uint64_t)s->native(ctx);
    }
    if (k == JIT_HU_FIRE) {
        struct hu_event_args a = {.vcpu = ev->vcpu, .rip = ev->rip};

        memcpy(a.args, ev->args, sizeof(a.args));
        hu_fire(b->hu[JIT].vm, s->event, &a, &r0);
        return r0;
    }
    struct hu_fire_args *a = b->slot[k][ev->vcpu];

    a->rip = ev->rip;
    memcpy(a->args, ev->args, sizeof(a->args));
    if (k == FLOOR) {
        const struct floor_call *f = &b->floor[ev->vcpu];

        return f->entry(f->ctx, 0, f->cookie).r0;
    }
    hu_fire_slot(a, &r0);
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
 * same way, is subtracted. Cycles per call. Inlined with a constant side (time_as). */
static inline __attribute__((always_inline)) uint64_t time_side(const struct sample *s,
                                                                struct bench_run *b, enum side k,
                                                                const struct sample_event *ev,
                                                                int cold, uint64_t over)
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

/* time_side with k a constant, so that the timed code holds no test of the side. */
static uint64_t time_as(const struct sample *s, struct bench_run *b, enum side k,
                        const struct sample_event *ev, int cold, uint64_t over)
{
    switch (k) {
    case NATIVE:
        return time_side(s, b, NATIVE, ev, cold, over);
    case FLOOR:
        return time_side(s, b, FLOOR, ev, cold, over);
    case INTERP:
        return time_side(s, b, INTERP, ev, cold, over);
    case JIT:
        return time_side(s, b, JIT, ev, cold, over);
    case JIT_UNBLINDED:
        return time_side(s, b, JIT_UNBLINDED, ev, cold, over);
    default:
        return time_side(s, b, JIT_HU_FIRE, ev, cold, over);
    }
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
            for (int k = 0; k < JIT_HU_FIRE && i < n[c]; k++)
                t[c][k][i] = time_as(s, &b, (enum side)k, &ev, c, over);
        native_enter(NULL, NULL);
        memcpy(b.m.mem, b.before, b.m.size);
    }
    for (int c = 0; c < 2; c++)
        for (int k = 0; k < JIT_HU_FIRE; k++)
            med[c][k] = median(t[c][k], n[c]);
    printf("%-13s %-9s | %6llu %6llu %6llu %6llu %4.1fx %4.1fx %4.1fx | %6llu %6llu %6llu %6llu | "
           "%6llu %+6.1f%% | %6u %5u %9.1f | ",
           s->paper_name, s->event_name, (unsigned long long)med[0][JIT],
           (unsigned long long)med[0][FLOOR], (unsigned long long)med[0][INTERP],
           (unsigned long long)med[0][NATIVE], ratio(med[0][JIT], med[0][NATIVE]),
           ratio(med[0][FLOOR], med[0][NATIVE]), ratio(med[0][INTERP], med[0][NATIVE]),
           (unsigned long long)med[1][JIT], (unsigned long long)med[1][FLOOR],
           (unsigned long long)med[1][INTERP], (unsigned long long)med[1][NATIVE],
           (unsigned long long)med[0][JIT_UNBLINDED],
           100.0 * (ratio(med[0][JIT], med[0][JIT_UNBLINDED]) - 1.0), b.hu[INTERP].insns,
           s->src_lines, (double)hu_run_verify_median(&b.hu[INTERP], 101) / 1000.0);
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

/* One answer with collection on around it only; k a constant (count_as). */
static inline __attribute__((always_inline)) uint64_t
count(const struct sample *s, struct bench_run *b, enum side k, const struct sample_event *ev)
{
    CALLGRIND_TOGGLE_COLLECT;
    uint64_t r0 = answer(s, b, k, ev);
    CALLGRIND_TOGGLE_COLLECT;
    return r0;
}

static uint64_t count_as(const struct sample *s, struct bench_run *b, enum side k,
                         const struct sample_event *ev)
{
    switch (k) {
    case NATIVE:
        return count(s, b, NATIVE, ev);
    case FLOOR:
        return count(s, b, FLOOR, ev);
    case INTERP:
        return count(s, b, INTERP, ev);
    case JIT:
        return count(s, b, JIT, ev);
    case JIT_UNBLINDED:
        return count(s, b, JIT_UNBLINDED, ev);
    default:
        return count(s, b, JIT_HU_FIRE, ev);
    }
}

/* Under callgrind: the same seeded events once per phase, each phase in its own dump
 * ("<sample>/<event> <phase> <events> <paper hu/native or ->"), collecting only inside the
 * answers. The "request" phase collects around nothing: what callgrind's own start/stop request
 * pair counts, which bench-callgrind.sh subtracts from every other phase. */
static int bench_callgrind(const struct sample *s, const struct mode_opts *o)
{
    static const char *const phase_name[N_SIDES + 1] = {
        "request", "native", "floor", "interpreter", "JIT", "JIT-imm", "hu_fire"};
    char label[128], paper[32] = "-";

    if (s->paper_native)
        snprintf(paper, sizeof(paper), "%u/%u", s->paper_hu, s->paper_native);
    for (int phase = 0; phase <= N_SIDES; phase++) {
        struct bench_run b = {0};

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
                sink = count_as(s, &b, (enum side)(phase - 1), &ev);
                (void)sink;
            }
            native_enter(NULL, NULL);
        }
        snprintf(label, sizeof(label), "%s/%s %s %u %s", s->name, s->event_name, phase_name[phase],
                 o->events, paper);
        CALLGRIND_DUMP_STATS_AT(label);
        bench_close(&b);
    }
    return 0;
}

int mode_bench(const struct sample *s, const struct mode_opts *o)
{
    return o->callgrind ? bench_callgrind(s, o) : bench_cycles(s, o);
}
