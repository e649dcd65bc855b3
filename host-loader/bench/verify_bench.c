/* SPDX-License-Identifier: MIT */
/* Verification time of 4096-instruction programs (the global limit): hu_verify over generated
 * programs, timed over many runs; prints the median and the minimum in microseconds.
 *   realistic:  blocks of masked loads, folded offsets, spills and fills, forward branches
 *   branchy:    a conditional jump at every other instruction (a state kept at each target)
 *   local-64k:  the realistic program at the default local limit (65536), to show linear scaling
 * Usage: verify_bench [RUNS] */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "internal.h"

#define N HU_MAX_INSNS_GLOBAL

struct gen {
    struct hu_insn in[HU_MAX_INSNS_LOCAL_DEFAULT];
    uint32_t n, max; /* instructions generated, to generate */
};

static void emit(struct gen *g, uint8_t code, int dst, int src, int off, int imm)
{
    g->in[g->n++] = (struct hu_insn){.code = code, .dst = dst, .src = src, .off = off, .imm = imm};
}

/* r6 = hva, r7 = mask, r8 = an accumulator, r9 = a window pointer; each block follows a guest
 * pointer, branches on what it read, spills and refills scalars and window pointers. */
static void gen_realistic(struct gen *g, uint32_t max)
{
    g->max = max;
    emit(g, BPF_LDX | BPF_MEM | BPF_DW, 6, 1, HU_CTX_OFF_HVA, 0);
    emit(g, BPF_LDX | BPF_MEM | BPF_DW, 7, 1, HU_CTX_OFF_GUEST_MASK, 0);
    emit(g, BPF_LDX | BPF_MEM | BPF_DW, 9, 1, HU_CTX_OFF_ARGS, 0);
    emit(g, BPF_ALU64 | BPF_AND | BPF_X, 9, 7, 0, 0);
    emit(g, BPF_ALU64 | BPF_ADD | BPF_X, 9, 6, 0, 0);
    emit(g, BPF_ALU64 | BPF_MOV, 8, 0, 0, 0);
    emit(g, BPF_STX | BPF_MEM | BPF_DW, 10, 6, -8, 0); /* spill hva */
    while (g->n + 18 < g->max) {
        int block = g->n % 7;
        emit(g, BPF_LDX | BPF_MEM | BPF_DW, 1, 9, 8 * block, 0); /* next gva */
        emit(g, BPF_ALU64 | BPF_AND | BPF_X, 1, 7, 0, 0);
        emit(g, BPF_ALU64 | BPF_ADD, 1, 0, 0, 16 * block);
        emit(g, BPF_LDX | BPF_MEM | BPF_DW, 4, 10, -8, 0); /* refill hva */
        emit(g, BPF_ALU64 | BPF_ADD | BPF_X, 1, 4, 0, 0);
        emit(g, BPF_LDX | BPF_MEM | BPF_W, 2, 1, 4, 0);
        emit(g, BPF_JMP | BPF_JEQ, 2, 0, 4, 0); /* if r2 == 0 goto +4 */
        emit(g, BPF_ALU64 | BPF_ADD | BPF_X, 8, 2, 0, 0);
        emit(g, BPF_STX | BPF_MEM | BPF_DW, 10, 8, -16, 0);
        emit(g, BPF_LDX | BPF_MEM | BPF_DW, 8, 10, -16, 0);
        emit(g, BPF_STX | BPF_MEM | BPF_W, 1, 8, 32, 0);    /* store a scalar to the window */
        emit(g, BPF_STX | BPF_MEM | BPF_DW, 10, 1, -24, 0); /* spill the window pointer */
        emit(g, BPF_LDX | BPF_MEM | BPF_DW, 9, 10, -24, 0);
        emit(g, BPF_ALU | BPF_MOV | BPF_X, 3, 2, 0, 0);
        emit(g, BPF_JMP32 | BPF_JGT, 3, 0, 1, 100); /* if w3 > 100 goto +1 */
        emit(g, BPF_ALU64 | BPF_XOR | BPF_X, 8, 3, 0, 0);
        emit(g, BPF_ST | BPF_MEM | BPF_DW, 10, 0, -32, 7);
    }
    while (g->n + 2 < g->max)
        emit(g, BPF_ALU64 | BPF_ADD, 8, 0, 0, 1);
    emit(g, BPF_ALU64 | BPF_MOV | BPF_X, 0, 8, 0, 0);
    emit(g, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
}

/* Every other instruction a conditional jump to the next-but-one: N/2 merge points. */
static void gen_branchy(struct gen *g)
{
    emit(g, BPF_LDX | BPF_MEM | BPF_DW, 2, 1, HU_CTX_OFF_ARGS, 0);
    emit(g, BPF_ALU64 | BPF_MOV, 0, 0, 0, 0);
    while (g->n + 3 < N) {
        emit(g, BPF_JMP | BPF_JGT, 2, 0, 1, (int)g->n); /* if r2 > n goto +1 */
        emit(g, BPF_ALU64 | BPF_ADD, 0, 0, 0, 1);
    }
    while (g->n + 1 < N)
        emit(g, BPF_ALU64 | BPF_MOV, 3, 0, 0, 0);
    emit(g, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
}

static double now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int bench(const char *name, struct gen *g, uint32_t event, int runs)
{
    struct hu_prog p = {.event = event, .insns = g->in, .n_insns = g->n};
    struct hu_verify_limits lim = {.event = event};
    struct hu_verify_report rep = {0};
    double *t = malloc(runs * sizeof(*t));

    if (!t)
        return 1;
    for (int i = 0; i < runs; i++) {
        double t0 = now_us();
        int err = hu_verify(&p, &lim, &rep);
        t[i] = now_us() - t0;
        if (err) {
            fprintf(stderr, "%s: rejected: %s\n", name, rep.details);
            free(t);
            return 1;
        }
    }
    qsort(t, runs, sizeof(*t), cmp_double);
    printf("%-10s %u insns, %u merge states: median %.1f us, min %.1f us over %d runs\n", name,
           g->n, rep.n_states, t[runs / 2], t[0], runs);
    free(t);
    return 0;
}

int main(int argc, char **argv)
{
    static struct gen realistic, branchy, local;
    int runs = argc > 1 ? atoi(argv[1]) : 1000;

    if (runs < 1)
        return 2;
    gen_realistic(&realistic, N);
    gen_branchy(&branchy);
    gen_realistic(&local, HU_MAX_INSNS_LOCAL_DEFAULT);
    return bench("realistic", &realistic, HU_EVENT_RECLAIM, runs) ||
           bench("branchy", &branchy, HU_EVENT_RECLAIM, runs) ||
           bench("local-64k", &local, HU_EVENT_EXIT, runs / 10 + 1);
}
