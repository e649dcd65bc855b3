/* SPDX-License-Identifier: MIT */
/* Differential test of the JIT against the interpreter. Seeded random valid programs - ALU and
 * ALU32 with register and immediate sources, movsx, sdiv/smod, division by zero and INT_MIN / -1,
 * byte swaps, ld_imm64, loads and stores of every width on the stack and sign-extending loads,
 * atomics on the stack, forward branches (jmp, jmp32, ja, gotol), helper calls and BPF-to-BPF
 * calls nested up to four frames - run on both engines over the same memory. r0, the helper's
 * record of its calls, and every register and stack slot (the program's epilogue copies them out)
 * must agree.
 *
 * Usage: jit_diff [--seed N] [--count N] [--bench REPS]; on a mismatch it prints the seed, the
 * differences and the program, and exits 1. --bench instead times both engines and the compiler
 * on the same programs (build without sanitizers for meaningful figures: jit_diff_bench). */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hupcall/abi.h>

#include "atomic_ops.h"
#include "interp.h"
#include "jit.h"
#include "opcodes.h"

#define MAX_INSNS 4096
#define MAX_UNITS 64
#define MAX_SUBS 3
#define STACK_SLOTS (HU_STACK_SIZE / 8)
#define HELPER_ID 1

/* The memory r1 points to: random input, then the registers and stack the epilogue copies out. */
#define IN_SIZE 256
#define OUT_REGS IN_SIZE
#define OUT_STACK (OUT_REGS + 8 * 10)
#define MEM_SIZE (OUT_STACK + 8 * STACK_SLOTS)

struct gen {
    uint64_t rng;
    struct hu_insn in[MAX_INSNS];
    uint32_t n;
    int base; /* r6-r9: the memory pointer, never written */
    /* pending forward branches of the function being generated: insn -> unit */
    uint32_t br_insn[MAX_UNITS * 2], br_unit[MAX_UNITS * 2], n_br;
    /* pending local calls: insn -> subprogram */
    uint32_t call_insn[MAX_UNITS * (MAX_SUBS + 1)], call_sub[MAX_UNITS * (MAX_SUBS + 1)], n_calls;
};

/* The helper's state, the cookie of both engines: every call is folded into `acc`. */
struct helper_state {
    uint64_t calls;
    uint64_t acc;
};

static uint64_t mix_helper(void *cookie, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                           uint64_t a5)
{
    struct helper_state *st = cookie;
    uint64_t a[5] = {a1, a2, a3, a4, a5};

    for (int i = 0; i < 5; i++)
        st->acc = (st->acc ^ a[i]) * 0x100000001b3ull + (uint64_t)i;
    st->calls++;
    return st->acc;
}

static uint64_t rnd(struct gen *g)
{
    uint64_t z = (g->rng += 0x9e3779b97f4a7c15ull);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static uint32_t below(struct gen *g, uint32_t n)
{
    return (uint32_t)(rnd(g) % n);
}

/* Values that find edge cases: zero divisors, INT_MIN, -1, sign and width boundaries. */
static uint64_t pick_value(struct gen *g)
{
    static const uint64_t special[] = {
        0,
        1,
        2,
        UINT64_MAX,
        UINT64_MAX - 1,
        0x8000000000000000ull,
        0x7fffffffffffffffull,
        0x80000000,
        0x7fffffff,
        0xffffffff,
        0xffffffff80000000ull,
        0x100000000ull,
        0x80,
        0xff,
        0x8000,
        0xffff,
        31,
        32,
        63,
        64,
    };

    switch (below(g, 4)) {
    case 0:
        return special[below(g, sizeof(special) / sizeof(special[0]))];
    case 1:
        return (uint64_t)((int64_t)below(g, 33) - 16);
    default:
        return rnd(g);
    }
}

static int32_t pick_imm(struct gen *g)
{
    static const int32_t special[] = {0,      1,      -1, INT32_MIN, INT32_MAX, 0x80, 0xff,
                                      0x8000, 0xffff, 31, 32,        63,        64,   -64};

    switch (below(g, 4)) {
    case 0:
        return special[below(g, sizeof(special) / sizeof(special[0]))];
    case 1:
        return (int32_t)below(g, 33) - 16;
    default:
        return (int32_t)rnd(g);
    }
}

/* Callers draw random numbers into locals first: argument evaluation order is unspecified, and a
 * seed must give the same program with every compiler. */
static void put(struct gen *g, uint8_t code, int dst, int src, int16_t off, int32_t imm)
{
    g->in[g->n++] = (struct hu_insn){code, (uint8_t)dst, (uint8_t)src, off, imm};
}

static void put_ld_imm64(struct gen *g, int dst, uint64_t v)
{
    put(g, BPF_LD | BPF_IMM | BPF_DW, dst, 0, 0, (int32_t)(uint32_t)v);
    put(g, 0, 0, 0, 0, (int32_t)(uint32_t)(v >> 32));
}

/* Any of r0-r9 but the memory pointer. */
static int writable(struct gen *g)
{
    int r;

    do
        r = (int)below(g, 10);
    while (r == g->base);
    return r;
}

static int readable(struct gen *g)
{
    return (int)below(g, 10);
}

static void init_value(struct gen *g, int r)
{
    if (below(g, 2))
        put_ld_imm64(g, r, pick_value(g));
    else
        put(g, BPF_ALU64 | BPF_MOV, r, 0, 0, pick_imm(g));
}

static int16_t stack_off(struct gen *g, int size)
{
    return (int16_t)(-(int)(below(g, HU_STACK_SIZE / size) + 1) * size);
}

static int size_bytes(uint8_t sz)
{
    return sz == BPF_B ? 1 : sz == BPF_H ? 2 : sz == BPF_W ? 4 : 8;
}

static void unit_alu(struct gen *g)
{
    static const uint8_t ops[] = {BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_OR,  BPF_AND, BPF_LSH,
                                  BPF_RSH, BPF_NEG, BPF_MOD, BPF_XOR, BPF_MOV, BPF_ARSH};
    bool w = below(g, 2);
    uint8_t op = ops[below(g, sizeof(ops))];
    bool x = op != BPF_NEG && below(g, 2);
    int16_t off = 0;
    int32_t imm = pick_imm(g);
    int dst, src;

    if ((op == BPF_DIV || op == BPF_MOD) && below(g, 2))
        off = 1; /* sdiv, smod */
    if (op == BPF_MOV && x && below(g, 3) == 0)
        off = w ? (int16_t[]){8, 16, 32}[below(g, 3)] : (int16_t[]){8, 16}[below(g, 2)];
    if ((op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) && below(g, 2))
        imm = (int32_t)below(g, w ? 64 : 32);
    dst = writable(g);
    src = x ? readable(g) : 0;
    put(g, (w ? BPF_ALU64 : BPF_ALU) | op | (x ? BPF_X : 0), dst, src, off, x ? 0 : imm);
}

static void unit_end(struct gen *g)
{
    static const int32_t widths[] = {16, 32, 64};
    int kind = (int)below(g, 3); /* le, be, bswap */
    int dst = writable(g);

    put(g, (kind == 2 ? BPF_ALU64 : BPF_ALU) | BPF_END | (kind == 1 ? BPF_X : 0), dst, 0, 0,
        widths[below(g, 3)]);
}

static void unit_stack(struct gen *g)
{
    static const uint8_t sizes[] = {BPF_B, BPF_H, BPF_W, BPF_DW};
    uint8_t sz = sizes[below(g, 4)];
    int16_t off = stack_off(g, size_bytes(sz));

    switch (below(g, 4)) {
    case 0:
        put(g, BPF_LDX | BPF_MEM | sz, writable(g), 10, off, 0);
        break;
    case 1:
        put(g, BPF_LDX | (sz == BPF_DW ? BPF_MEM : BPF_MEMSX) | sz, writable(g), 10, off, 0);
        break;
    case 2:
        put(g, BPF_ST | BPF_MEM | sz, 10, 0, off, pick_imm(g));
        break;
    default:
        put(g, BPF_STX | BPF_MEM | sz, 10, readable(g), off, 0);
        break;
    }
}

/* Loads from the random input through the memory pointer. */
static void unit_input(struct gen *g)
{
    static const uint8_t sizes[] = {BPF_B, BPF_H, BPF_W, BPF_DW};
    uint8_t sz = sizes[below(g, 4)];
    int size = size_bytes(sz);
    bool sx = sz != BPF_DW && below(g, 2);
    int dst = writable(g);

    put(g, BPF_LDX | (sx ? BPF_MEMSX : BPF_MEM) | sz, dst, g->base,
        (int16_t)(below(g, IN_SIZE / size) * size), 0);
}

static void unit_atomic(struct gen *g)
{
    uint8_t sz = below(g, 2) ? BPF_DW : BPF_W;
    int32_t op = hu_test_atomic_ops[below(g, HU_TEST_N_ATOMIC_OPS)];
    int src = (op & 1) ? writable(g) : readable(g); /* fetch writes src */

    put(g, BPF_STX | BPF_ATOMIC | sz, 10, src, stack_off(g, size_bytes(sz)), op);
}

/* A forward branch to a later unit of the same function (or to its end). */
static void unit_branch(struct gen *g, uint32_t unit, uint32_t n_units)
{
    static const uint8_t conds[] = {BPF_JEQ,  BPF_JGT, BPF_JGE, BPF_JSET, BPF_JNE, BPF_JSGT,
                                    BPF_JSGE, BPF_JLT, BPF_JLE, BPF_JSLT, BPF_JSLE};
    bool jmp32 = below(g, 2), x = below(g, 2);
    uint32_t to = unit + 1 + below(g, 6);

    g->br_insn[g->n_br] = g->n;
    g->br_unit[g->n_br++] = to > n_units ? n_units : to;
    if (below(g, 8) == 0) { /* ja (off) or gotol (imm) */
        put(g, (jmp32 ? BPF_JMP32 : BPF_JMP) | BPF_JA, 0, 0, 0, 0);
    } else {
        uint8_t cond = conds[below(g, sizeof(conds))];
        int dst = readable(g), src = x ? readable(g) : 0;
        int32_t imm = x ? 0 : pick_imm(g);

        put(g, (jmp32 ? BPF_JMP32 : BPF_JMP) | cond | (x ? BPF_X : 0), dst, src, 0, imm);
    }
}

/* r1-r5 are undefined after a call: give them new values before anything reads them. */
static void reinit_args(struct gen *g)
{
    for (int r = 1; r <= 5; r++)
        init_value(g, r);
}

/* A helper call, or a call to one of subprograms [first, n_subs): a subprogram calls only later
 * ones, so calls nest up to MAX_SUBS + 1 frames and never recurse. */
static void unit_call(struct gen *g, int first, int n_subs)
{
    if (first < n_subs && below(g, 2)) {
        g->call_insn[g->n_calls] = g->n;
        g->call_sub[g->n_calls++] = (uint32_t)first + below(g, (uint32_t)(n_subs - first));
        put(g, BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, 0);
    } else {
        put(g, BPF_JMP | BPF_CALL, 0, 0, 0, HELPER_ID);
    }
    reinit_args(g);
}

static void resolve_branches(struct gen *g, const uint32_t *unit_start)
{
    for (uint32_t k = 0; k < g->n_br; k++) {
        struct hu_insn *in = &g->in[g->br_insn[k]];
        int32_t rel = (int32_t)unit_start[g->br_unit[k]] - (int32_t)(g->br_insn[k] + 1);

        if (in->code == (BPF_JMP32 | BPF_JA))
            in->imm = rel;
        else
            in->off = (int16_t)rel;
    }
    g->n_br = 0;
}

/* A function body: its own stack initialised, then `n_units` random units. */
static void gen_body(struct gen *g, uint32_t n_units, int first_sub, int n_subs)
{
    uint32_t unit_start[MAX_UNITS + 1];

    for (int k = 1; k <= STACK_SLOTS; k++)
        put(g, BPF_ST | BPF_MEM | BPF_DW, 10, 0, (int16_t)(-8 * k), pick_imm(g));
    for (uint32_t u = 0; u < n_units; u++) {
        uint32_t kind = below(g, 20);

        unit_start[u] = g->n;
        if (kind < 8)
            unit_alu(g);
        else if (kind < 9)
            unit_end(g);
        else if (kind < 10)
            init_value(g, writable(g));
        else if (kind < 13)
            unit_stack(g);
        else if (kind < 14)
            unit_input(g);
        else if (kind < 16)
            unit_atomic(g);
        else if (kind < 19)
            unit_branch(g, u, n_units);
        else
            unit_call(g, first_sub, n_subs);
    }
    unit_start[n_units] = g->n;
    resolve_branches(g, unit_start);
}

/* main: keep the memory pointer, set every register, run the body, copy registers and stack out;
 * then the subprograms, each a body ending in exit. */
static void gen_program(struct gen *g)
{
    uint32_t sub_start[MAX_SUBS];
    int n_subs = (int)below(g, MAX_SUBS + 1);

    g->n = g->n_br = g->n_calls = 0;
    g->base = 6 + (int)below(g, 4);
    put(g, BPF_ALU64 | BPF_MOV | BPF_X, g->base, 1, 0, 0);
    for (int r = 0; r < 10; r++)
        if (r != g->base)
            init_value(g, r);
    gen_body(g, 16 + below(g, MAX_UNITS - 16), 0, n_subs);
    for (int r = 0; r < 10; r++)
        if (r != g->base)
            put(g, BPF_STX | BPF_MEM | BPF_DW, g->base, r, (int16_t)(OUT_REGS + 8 * r), 0);
    for (int k = 0; k < STACK_SLOTS; k++) {
        put(g, BPF_LDX | BPF_MEM | BPF_DW, 0, 10, (int16_t)(-8 * (k + 1)), 0);
        put(g, BPF_STX | BPF_MEM | BPF_DW, g->base, 0, (int16_t)(OUT_STACK + 8 * k), 0);
    }
    put(g, BPF_LDX | BPF_MEM | BPF_DW, 0, g->base, OUT_REGS, 0);
    put(g, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
    for (int s = 0; s < n_subs; s++) {
        sub_start[s] = g->n;
        gen_body(g, 4 + below(g, 16), s + 1, n_subs);
        put(g, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
    }
    for (uint32_t k = 0; k < g->n_calls; k++)
        g->in[g->call_insn[k]].imm =
            (int32_t)sub_start[g->call_sub[k]] - (int32_t)(g->call_insn[k] + 1);
}

static void dump(const struct gen *g)
{
    for (uint32_t i = 0; i < g->n; i++)
        fprintf(stderr, "  %4u: code 0x%02x dst r%u src r%u off %d imm %d\n", i, g->in[i].code,
                g->in[i].dst, g->in[i].src, g->in[i].off, g->in[i].imm);
}

/* Names what differs between the two memories and helper states; returns the number of
 * differences. */
static int compare(const uint8_t *a, const uint8_t *b, const struct helper_state *ha,
                   const struct helper_state *hb, uint64_t r0a, uint64_t r0b)
{
    int bad = 0;

    if (r0a != r0b)
        bad++, fprintf(stderr, "  r0: interp 0x%" PRIx64 " jit 0x%" PRIx64 "\n", r0a, r0b);
    if (ha->calls != hb->calls || ha->acc != hb->acc)
        bad++, fprintf(stderr,
                       "  helper: interp %" PRIu64 " calls acc 0x%" PRIx64 ", jit %" PRIu64
                       " calls acc 0x%" PRIx64 "\n",
                       ha->calls, ha->acc, hb->calls, hb->acc);
    for (int off = 0; off < MEM_SIZE; off += 8) {
        uint64_t va, vb;

        memcpy(&va, a + off, 8);
        memcpy(&vb, b + off, 8);
        if (va == vb)
            continue;
        bad++;
        if (off < OUT_REGS)
            fprintf(stderr, "  input +%d changed", off);
        else if (off < OUT_STACK)
            fprintf(stderr, "  r%d", (off - OUT_REGS) / 8);
        else
            fprintf(stderr, "  stack r10-%d", HU_STACK_SIZE - (off - OUT_STACK));
        fprintf(stderr, ": interp 0x%" PRIx64 " jit 0x%" PRIx64 "\n", va, vb);
    }
    return bad;
}

/* Program `idx` of `seed` into g, and its input memory. */
static void seed_program(struct gen *g, uint64_t seed, uint64_t idx, uint8_t *input)
{
    g->rng = seed * 0x2545f4914f6cdd1dull + idx;
    gen_program(g);
    for (size_t k = 0; k < MEM_SIZE; k++)
        input[k] = (uint8_t)rnd(g);
}

/* Runs program `idx` of `seed` on both engines; 0 when they agree. */
static int check_one(struct gen *g, uint64_t seed, uint64_t idx, uint64_t *n_insns)
{
    static uint8_t input[MEM_SIZE], mem_interp[MEM_SIZE], mem[MEM_SIZE];
    struct hu_helpers h = {.fn = {[HELPER_ID] = mix_helper}};
    struct helper_state hs_interp = {0, 0}, hs_jit = {0, 0};
    struct hu_prog p = {.insns = g->in};
    struct hu_jit *j = NULL;
    uint64_t r0_interp = 0, r0_jit;
    char err[256];
    int ret;

    seed_program(g, seed, idx, input);
    p.n_insns = g->n;
    *n_insns += g->n;

    memcpy(mem, input, MEM_SIZE);
    h.cookie = &hs_interp;
    ret = hu_interp_run(&p, (uint64_t)(uintptr_t)mem, 0, &h, &r0_interp, err, sizeof(err));
    if (ret) {
        fprintf(stderr, "seed %" PRIu64 " program %" PRIu64 ": interpreter: %s\n", seed, idx, err);
        dump(g);
        return 1;
    }
    memcpy(mem_interp, mem, MEM_SIZE);

    ret = hu_jit_compile(&p, &h, &j, err, sizeof(err));
    if (ret) {
        fprintf(stderr, "seed %" PRIu64 " program %" PRIu64 ": %s\n", seed, idx, err);
        dump(g);
        return 1;
    }
    memcpy(mem, input, MEM_SIZE);
    ret = hu_jit_run(j, (uint64_t)(uintptr_t)mem, 0, &hs_jit, &r0_jit, err, sizeof(err));
    hu_jit_free(j);
    if (ret) {
        fprintf(stderr, "seed %" PRIu64 " program %" PRIu64 ": %s\n", seed, idx, err);
        dump(g);
        return 1;
    }

    if (compare(mem_interp, mem, &hs_interp, &hs_jit, r0_interp, r0_jit)) {
        fprintf(stderr, "seed %" PRIu64 " program %" PRIu64 ": the engines disagree (above)\n",
                seed, idx);
        dump(g);
        return 1;
    }
    return 0;
}

static double now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* --bench: per program the compile time and `reps` runs in each engine, reported per instruction
 * (static instructions for compiling, executed ones for running). */
static int bench(struct gen *g, uint64_t seed, uint64_t count, long reps)
{
    static uint8_t mem[MEM_SIZE];
    struct helper_state hs = {0, 0};
    struct hu_helpers h = {.fn = {[HELPER_ID] = mix_helper}, .cookie = &hs};
    double t_compile = 0, t_interp = 0, t_jit = 0, t0;
    uint64_t n_static = 0, n_exec = 0, code_bytes = 0, steps, r0;
    char err[256];

    for (uint64_t k = 0; k < count; k++) {
        struct hu_prog p = {.insns = g->in};
        struct hu_jit *j;
        size_t size;

        seed_program(g, seed, k, mem);
        p.n_insns = g->n;
        if (hu_interp_exec(&p, (uint64_t)(uintptr_t)mem, 0, &h, 0, &steps, &r0, err, sizeof(err))) {
            fprintf(stderr, "program %" PRIu64 ": %s\n", k, err);
            return 1;
        }
        t0 = now_ns();
        for (long r = 0; r < reps; r++)
            hu_interp_run(&p, (uint64_t)(uintptr_t)mem, 0, &h, &r0, err, sizeof(err));
        t_interp += now_ns() - t0;
        t0 = now_ns();
        if (hu_jit_compile(&p, &h, &j, err, sizeof(err))) {
            fprintf(stderr, "program %" PRIu64 ": %s\n", k, err);
            return 1;
        }
        t_compile += now_ns() - t0;
        hu_jit_code(j, &size);
        t0 = now_ns();
        for (long r = 0; r < reps; r++)
            hu_jit_run(j, (uint64_t)(uintptr_t)mem, 0, &hs, &r0, err, sizeof(err));
        t_jit += now_ns() - t0;
        hu_jit_free(j);
        n_static += g->n;
        n_exec += steps * (uint64_t)reps;
        code_bytes += size;
    }
    printf("jit_diff --bench: %" PRIu64
           " programs of %.0f instructions on average, %.0f executed\n",
           count, (double)n_static / count, (double)n_exec / count / reps);
    printf("  run: interpreter %.2f ns per instruction, JIT %.2f (%.1fx)\n", t_interp / n_exec,
           t_jit / n_exec, t_interp / t_jit);
    printf("  compile: %.1f ns and %.1f bytes of x86-64 per instruction\n", t_compile / n_static,
           (double)code_bytes / n_static);
    return 0;
}

int main(int argc, char **argv)
{
    static struct gen g;
    uint64_t seed = 1, count = 5000, n_insns = 0;
    long reps = 0;

    for (int i = 1; i < argc; i += 2) {
        if (i + 1 < argc && !strcmp(argv[i], "--seed")) {
            seed = strtoull(argv[i + 1], NULL, 0);
        } else if (i + 1 < argc && !strcmp(argv[i], "--count")) {
            count = strtoull(argv[i + 1], NULL, 0);
        } else if (i + 1 < argc && !strcmp(argv[i], "--bench")) {
            reps = strtol(argv[i + 1], NULL, 0);
        } else {
            fprintf(stderr, "usage: %s [--seed N] [--count N] [--bench REPS]\n", argv[0]);
            return 2;
        }
    }
    if (reps > 0)
        return bench(&g, seed, count ? count : 1, reps);
    for (uint64_t k = 0; k < count; k++)
        if (check_one(&g, seed, k, &n_insns))
            return 1;
    printf("jit_diff: seed %" PRIu64 ": %" PRIu64 " programs, %" PRIu64
           " instructions: interpreter and JIT agree\n",
           seed, count, n_insns);
    return 0;
}
