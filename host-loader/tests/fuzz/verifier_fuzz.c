/* SPDX-License-Identifier: MIT */
/*
 * The verifier's proof, checked by running it: random programs built from the pieces translated
 * code is made of (ctx loads, masking, folded offsets, window and stack accesses, spills, ALU,
 * forward branches, helpers, atomics, calls), legal and not, go through hu_verify; every accepted
 * one runs in the interpreter (which trusts the verifier and checks nothing) under ASan and UBSan,
 * with the context, the window and its guard in exactly-sized heap blocks. An out-of-bounds access
 * is an ASan report; a host address that reaches guest memory, a helper argument or r0 is a
 * failure here. Each accepted program then runs in the JIT from the same memory: r0 and every byte
 * of the window and guard must be the interpreter's.
 * Usage: verifier_fuzz [--seed N] [--count N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "interp.h"
#include "jit.h"
#include "xorshift.h"

#define MAXN 160
#define WSIZE 4096u

struct fz {
    struct hu_insn in[MAXN];
    uint32_t n;
    uint64_t rng;
    int32_t call_at[8]; /* calls to patch to the callee */
    int n_calls;
};

static uint64_t rnd(struct fz *f)
{
    return xorshift64(&f->rng);
}

static int pick(struct fz *f, int n)
{
    return (int)(rnd(f) % (uint64_t)n);
}

static void emit(struct fz *f, uint8_t code, int dst, int src, int off, int imm)
{
    if (f->n < MAXN)
        f->in[f->n++] =
            (struct hu_insn){.code = code, .dst = dst, .src = src, .off = off, .imm = imm};
}

static int reg(struct fz *f)
{
    return pick(f, 10);
}

static int size_code(struct fz *f)
{
    static const uint8_t sizes[] = {BPF_DW, BPF_DW, BPF_W, BPF_H, BPF_B};
    return sizes[pick(f, 5)];
}

/* A small offset, now and then a large or negative one. */
static int offset(struct fz *f)
{
    switch (pick(f, 8)) {
    case 0:
        return -pick(f, 32);
    case 1:
        return 0x7ff0 + pick(f, 32);
    default:
        return pick(f, 64);
    }
}

static int imm(struct fz *f)
{
    static const int32_t some[] = {0, 1, 8, 16, -8, 0xfff, 0x8000, 0xfff8, 0x10000, -1};
    return pick(f, 2) ? some[pick(f, 10)] : (int32_t)rnd(f);
}

static void piece(struct fz *f)
{
    int d = reg(f), s = reg(f);
    static const uint8_t alu_ops[] = {BPF_ADD, BPF_SUB, BPF_AND, BPF_OR,  BPF_XOR, BPF_MUL,
                                      BPF_LSH, BPF_RSH, BPF_MOV, BPF_NEG, BPF_DIV, BPF_END};
    static const uint8_t atomics[] = {BPF_ADD, BPF_OR | BPF_FETCH, BPF_XCHG, BPF_CMPXCHG};

    switch (pick(f, 16)) {
    case 0: /* a context field */
        emit(f, BPF_LDX | BPF_MEM | size_code(f), d, pick(f, 4) ? 9 : 1,
             pick(f, 20) * 8 - 4 * pick(f, 2), 0);
        break;
    case 1: /* hva or mask again */
        emit(f, BPF_LDX | BPF_MEM | BPF_DW, d, 9, pick(f, 2) ? 8 : 24, 0);
        break;
    case 2: /* translate */
        emit(f, BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0);
        emit(f, BPF_ALU64 | BPF_AND | BPF_X, d, pick(f, 4) ? 7 : reg(f), 0, 0);
        if (pick(f, 2))
            emit(f, BPF_ALU64 | BPF_ADD, d, 0, 0, imm(f));
        emit(f, BPF_ALU64 | BPF_ADD | BPF_X, d, pick(f, 4) ? 6 : reg(f), 0, 0);
        if (pick(f, 2)) /* and use it */
            emit(f, BPF_LDX | BPF_MEM | size_code(f), reg(f), d, offset(f), 0);
        break;
    case 3: { /* a load */
        int sz = size_code(f);
        emit(f, BPF_LDX | (pick(f, 6) || sz == BPF_DW ? BPF_MEM : BPF_MEMSX) | sz, d, s, offset(f),
             0);
        break;
    }
    case 4: /* a store */
        if (pick(f, 3))
            emit(f, BPF_STX | BPF_MEM | size_code(f), d, s, offset(f), 0);
        else
            emit(f, BPF_ST | BPF_MEM | size_code(f), d, 0, offset(f), imm(f));
        break;
    case 5: /* a spill or a fill */
        if (pick(f, 2))
            emit(f, BPF_STX | BPF_MEM | size_code(f), 10, s,
                 -8 * (1 + pick(f, 8)) + pick(f, 2) * pick(f, 8), 0);
        else
            emit(f, BPF_LDX | BPF_MEM | size_code(f), d, 10,
                 -8 * (1 + pick(f, 8)) + pick(f, 2) * pick(f, 8), 0);
        break;
    case 6: { /* ALU */
        uint8_t op = alu_ops[pick(f, 12)], cls = pick(f, 3) ? BPF_ALU64 : BPF_ALU;
        if (op == BPF_NEG)
            emit(f, cls | op, d, 0, 0, 0);
        else if (op == BPF_END)
            emit(f, BPF_ALU | op, d, 0, 0, 32);
        else if (pick(f, 2))
            emit(f, cls | op | BPF_X, d, s, 0, 0);
        else
            emit(f, cls | op, d, 0, 0, imm(f));
        break;
    }
    case 7: /* a forward branch, fixed up to stay inside */
        emit(f, BPF_JMP | (BPF_JEQ + 0x10 * pick(f, 6)) | (pick(f, 2) ? BPF_X : 0), d, 0,
             1 + pick(f, 6), 0);
        if (f->in[f->n - 1].code & BPF_X)
            f->in[f->n - 1].src = s;
        else
            f->in[f->n - 1].imm = imm(f);
        break;
    case 8: /* a helper */
        emit(f, BPF_JMP | BPF_CALL, 0, 0, 0, 1 + pick(f, 9));
        break;
    case 9: /* an atomic */
        emit(f, BPF_STX | BPF_ATOMIC | (pick(f, 2) ? BPF_DW : BPF_W), d, s, offset(f) & ~7,
             atomics[pick(f, 4)]);
        break;
    case 10: /* a stack pointer */
        emit(f, BPF_ALU64 | BPF_MOV | BPF_X, d, 10, 0, 0);
        emit(f, BPF_ALU64 | BPF_ADD, d, 0, 0, -8 * pick(f, 65));
        break;
    case 11: /* ld_imm64 */
        emit(f, BPF_LD_IMM64, d, 0, 0, imm(f));
        emit(f, 0, 0, 0, 0, 0);
        break;
    case 12: /* a call to the callee with r1-r3 from anywhere */
        emit(f, BPF_ALU64 | BPF_MOV | BPF_X, 1, pick(f, 2) ? 8 : s, 0, 0);
        emit(f, BPF_ALU64 | BPF_MOV | BPF_X, 2, pick(f, 2) ? 7 : reg(f), 0, 0);
        emit(f, BPF_ALU64 | BPF_MOV | BPF_X, 3, pick(f, 2) ? 6 : reg(f), 0, 0);
        if (f->n < MAXN && f->n_calls < 8)
            f->call_at[f->n_calls++] = f->n;
        emit(f, BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, 0);
        break;
    case 13: /* a context pointer moved by a constant, then read */
        emit(f, BPF_ALU64 | BPF_MOV | BPF_X, d, 9, 0, 0);
        emit(f, BPF_ALU64 | BPF_ADD, d, 0, 0, 8 * pick(f, 20));
        emit(f, BPF_LDX | BPF_MEM | size_code(f), s, d, 8 * pick(f, 4) - 8, 0);
        break;
    case 14: /* an unconditional or 32-bit forward jump */
        if (pick(f, 2))
            emit(f, BPF_JMP | BPF_JA, 0, 0, 1 + pick(f, 4), 0);
        else
            emit(f, BPF_JMP32 | (BPF_JEQ + 0x10 * pick(f, 6)), d, 0, 1 + pick(f, 4), imm(f));
        break;
    default: /* a register move */
        emit(f, (pick(f, 4) ? BPF_ALU64 : BPF_ALU) | BPF_MOV | BPF_X, d, s, 0, 0);
        break;
    }
}

/* Points jumps that leave [from, to) at `to`, the function's exit. */
static void fix_jumps(struct fz *f, uint32_t from, uint32_t to)
{
    for (uint32_t pc = from; pc < to; pc++) {
        int64_t t;

        if (pc > 0 && f->in[pc - 1].code == BPF_LD_IMM64)
            continue;
        if (vi_jump_target(&f->in[pc], pc, &t) && t > to)
            f->in[pc].off = (int16_t)(to - pc - 1);
    }
}

/* main: r9 = ctx, r6 = hva, r7 = mask, r8 = args[0], pieces, r0 = something, exit; then a
 * callee of pieces working on r1-r3 (gva, mask, hva when called as compiled code would). */
static void generate(struct fz *f)
{
    uint32_t end_main, callee;

    f->n = 0;
    f->n_calls = 0;
    emit(f, BPF_ALU64 | BPF_MOV | BPF_X, 9, 1, 0, 0);
    emit(f, BPF_LDX | BPF_MEM | BPF_DW, 6, 9, 8, 0);
    emit(f, BPF_LDX | BPF_MEM | BPF_DW, 7, 9, 24, 0);
    emit(f, BPF_LDX | BPF_MEM | BPF_DW, 8, 9, 40, 0);
    emit(f, BPF_ALU64 | BPF_MOV, 0, 0, 0, 0);
    for (int r = 1; r <= 5; r++) /* mostly scalar arguments */
        if (pick(f, 4))
            emit(f, BPF_LDX | BPF_MEM | BPF_DW, r, 9, 40 + 8 * r, 0);
    for (int k = 1 + pick(f, 14); k > 0 && f->n < MAXN / 2; k--)
        piece(f);
    if (pick(f, 3))
        emit(f, BPF_ALU64 | BPF_MOV, 0, 0, 0, pick(f, 2));
    else
        emit(f, BPF_ALU64 | BPF_MOV | BPF_X, 0, reg(f), 0, 0);
    end_main = f->n;
    emit(f, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
    callee = f->n;
    emit(f, BPF_ALU64 | BPF_AND | BPF_X, 1, 2, 0, 0);
    emit(f, BPF_ALU64 | BPF_ADD | BPF_X, 1, 3, 0, 0);
    for (int k = pick(f, 6); k > 0 && f->n + 8 < MAXN; k--)
        piece(f);
    emit(f, BPF_ALU64 | BPF_MOV, 0, 0, 0, pick(f, 4));
    emit(f, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
    fix_jumps(f, 0, end_main);
    fix_jumps(f, callee, f->n - 1);
    for (int i = 0; i < f->n_calls; i++)
        f->in[f->call_at[i]].imm = (int32_t)(callee - f->call_at[i] - 1);
}

struct world {
    uint8_t *win; /* WSIZE + guard, exactly */
    struct hu_ctx *ctx;
    uintptr_t stack_near;
    int leaks;
};

static int is_host(const struct world *w, uint64_t v)
{
    uint64_t stack = w->stack_near;

    return (v >= (uintptr_t)w->win && v < (uintptr_t)w->win + WSIZE + HU_GUARD_SIZE) ||
           (v >= (uintptr_t)w->ctx && v < (uintptr_t)w->ctx + sizeof(*w->ctx)) ||
           (v + (1u << 20) >= stack && v < stack + (1u << 20));
}

/* Each helper checks the arguments it takes (abi.h): those reach the hypervisor as guest values. */
static uint64_t check_args(void *cookie, int nargs, uint64_t a1, uint64_t a2, uint64_t a3,
                           uint64_t a4)
{
    struct world *w = cookie;
    uint64_t a[4] = {a1, a2, a3, a4};

    for (int i = 0; i < nargs; i++)
        if (is_host(w, a[i])) {
            fprintf(stderr, "host address passed to a helper as argument %d\n", i + 1);
            w->leaks++;
        }
    return a1 ^ a2;
}

#define HELPER(name, nargs)                                                                        \
    static uint64_t name(void *c, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5) \
    {                                                                                              \
        (void)a5;                                                                                  \
        return check_args(c, nargs, a1, a2, a3, a4);                                               \
    }
HELPER(helper1, 1)
HELPER(helper2, 2)
HELPER(helper3, 3)
HELPER(helper4, 4)

/* The JIT from the memory `before`; nonzero when r0 or the window differs from the interpreter's
 * (r0 and the window as it left them). */
static int jit_disagrees(struct world *w, const uint8_t *before, const struct hu_prog *p,
                         const struct hu_helpers *h, uint64_t r0)
{
    static uint8_t interp_win[WSIZE + HU_GUARD_SIZE];
    struct hu_jit *j;
    uint64_t jit_r0 = 0;
    char err[256];
    int ret;

    memcpy(interp_win, w->win, sizeof(interp_win));
    memcpy(w->win, before, sizeof(interp_win));
    if (hu_jit_compile(p, h, &j, err, sizeof(err)) != 0) {
        fprintf(stderr, "verified program refused by the JIT: %s\n", err);
        return 1;
    }
    ret = hu_jit_run(j, (uintptr_t)w->ctx, 0, h->cookie, &jit_r0, err, sizeof(err));
    hu_jit_free(j);
    if (ret || jit_r0 != r0 || memcmp(w->win, interp_win, sizeof(interp_win))) {
        fprintf(stderr, "JIT: %s, r0 %#llx (interpreter %#llx), window %s\n", ret ? err : "ran",
                (unsigned long long)jit_r0, (unsigned long long)r0,
                memcmp(w->win, interp_win, sizeof(interp_win)) ? "differs" : "same");
        return 1;
    }
    return 0;
}

static int run(struct fz *f, struct world *w, uint8_t *before, const struct hu_prog *p)
{
    struct hu_helpers h = {.cookie = w};
    uint64_t r0 = 0;
    char err[256];

    static const hu_helper_fn by_nargs[5] = {NULL, helper1, helper2, helper3, helper4};
    static const int nargs[HU_HELPER_MAX + 1] = {0, 2, 2, 3, 3, 3, 3, 1, 1, 4};

    for (int i = 1; i <= HU_HELPER_MAX; i++)
        h.fn[i] = by_nargs[nargs[i]];
    /* Random guest data, or all ones: every masked offset at the window's last byte. */
    bool ones = pick(f, 2);
    for (size_t i = 0; i < WSIZE + HU_GUARD_SIZE; i++)
        w->win[i] = ones ? 0xff : (uint8_t)rnd(f);
    memcpy(before, w->win, WSIZE + HU_GUARD_SIZE);
    *w->ctx = (struct hu_ctx){
        .event = HU_EVENT_RECLAIM, .hva = (uintptr_t)w->win, .guest_mask = WSIZE - 1};
    for (int i = 0; i < HU_CTX_NARGS; i++)
        w->ctx->args[i] = ones ? ~0ull : rnd(f);
    w->stack_near = (uintptr_t)&h;
    if (hu_interp_run(p, (uintptr_t)w->ctx, 0, &h, &r0, err, sizeof(err)) != 0) {
        fprintf(stderr, "verified program failed to run: %s\n", err);
        return 1;
    }
    if (is_host(w, r0)) {
        fprintf(stderr, "host address returned in r0\n");
        return 1;
    }
    for (size_t i = 0; i + 8 <= WSIZE + HU_GUARD_SIZE; i++) {
        uint64_t v;

        if (!memcmp(w->win + i, before + i, 8))
            continue;
        memcpy(&v, w->win + i, 8);
        if (is_host(w, v)) {
            fprintf(stderr, "host address stored at window offset %zu\n", i);
            return 1;
        }
    }
    return w->leaks != 0 || jit_disagrees(w, before, p, &h, r0);
}

static void dump(const struct fz *f)
{
    for (uint32_t i = 0; i < f->n; i++)
        fprintf(stderr, "  %3u: %02x %u %u %6d %d\n", i, f->in[i].code, f->in[i].dst, f->in[i].src,
                f->in[i].off, f->in[i].imm);
}

int main(int argc, char **argv)
{
    static struct fz f;
    struct world w = {.win = malloc(WSIZE + HU_GUARD_SIZE), .ctx = malloc(sizeof(struct hu_ctx))};
    uint8_t *before = malloc(WSIZE + HU_GUARD_SIZE);
    uint64_t seed = 1, count = 100000, accepted = 0;
    uint64_t by_rule[64] = {0};
    const char *rules[64] = {0};
    int failed = 0;

    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--seed"))
            seed = strtoull(argv[i + 1], NULL, 0);
        else if (!strcmp(argv[i], "--count"))
            count = strtoull(argv[i + 1], NULL, 0);
    }
    if (!w.win || !w.ctx || !before)
        return 2;
    f.rng = seed * 0x9e3779b97f4a7c15ull + 1;
    for (uint64_t k = 0; k < count; k++) {
        struct hu_prog p = {.event = HU_EVENT_RECLAIM, .insns = f.in};
        struct hu_verify_limits lim = {.event = HU_EVENT_RECLAIM};
        struct hu_verify_report rep = {0};

        generate(&f);
        p.n_insns = f.n;
        if (hu_verify(&p, &lim, &rep) != 0) {
            for (int i = 0; i < 64 && rep.rule; i++)
                if (!rules[i] || !strcmp(rules[i], rep.rule)) {
                    rules[i] = rep.rule;
                    by_rule[i]++;
                    break;
                }
            continue;
        }
        accepted++;
        if (run(&f, &w, before, &p)) {
            fprintf(stderr, "program %llu (seed %llu):\n", (unsigned long long)k,
                    (unsigned long long)seed);
            dump(&f);
            failed = 1;
            break;
        }
    }
    free(w.win);
    free(w.ctx);
    free(before);
    if (failed)
        return 1;
    printf("verifier fuzz: %llu programs, %llu accepted and run safely; rejections:",
           (unsigned long long)count, (unsigned long long)accepted);
    for (int i = 0; i < 64 && rules[i]; i++)
        printf(" %s=%llu", rules[i], (unsigned long long)by_rule[i]);
    printf("\n");
    return accepted == 0;
}
