/* SPDX-License-Identifier: MIT */
/* The JIT's guest accesses without the hva add (docs/jit.md "Guest accesses"): verified programs
 * that form a guest address `rX &= mask; rX += hva` and read or write through it, compiled with
 * the verifier's shape. Each must give the interpreter's r0 and leave the window as the
 * interpreter does, on random windows; and the add must be gone exactly where the sum is read
 * only as a base (checked in the unblinded code: the add's bytes are absent or present). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hupcall/abi.h>

#include "insn.h"
#include "jit_case.h"
#include "xorshift.h"

#define WSIZE 4096u

/* The prologue of every case: r6 = mask, r7 = hva, r8 = args[0], r9 = args[1] (r1 the context). */
#define PROLOGUE                                                                                   \
    LDX(BPF_DW, 6, 1, HU_CTX_OFF_GUEST_MASK), LDX(BPF_DW, 7, 1, HU_CTX_OFF_HVA),                   \
        LDX(BPF_DW, 8, 1, HU_CTX_OFF_ARGS), LDX(BPF_DW, 9, 1, HU_CTX_OFF_ARGS + 8)

struct fuse_case {
    const char *name;
    struct hu_insn insns[40]; /* up to the first zero slot */
    /* the x86 `add` of hva the case must not (fused) or must (kept) contain: REX, 01, ModRM */
    uint8_t add[3];
    bool fused;
};

/* add rX, rH for x86 registers x, h: REX.W (+R for h >= 8, +B for x >= 8), 01, ModRM. */
#define ADD_BYTES(x, h)                                                                            \
    {                                                                                              \
        (uint8_t)(0x48 | (((h) >> 3) << 2) | ((x) >> 3)), 0x01,                                    \
            (uint8_t)(0xc0 | (((h)&7) << 3) | ((x)&7))                                             \
    }
enum { RAX = 0, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15 };

static const struct fuse_case cases[] = {
    /* two loads through r8's sum, neither into r8: the first used to keep the add */
    {"loads, sum reused",
     {PROLOGUE, ALU(BPF_AND, 8, 6), ALU(BPF_ADD, 8, 7), LDX(BPF_W, 0, 8, 8),
      LDX(BPF_DW, 2, 8, 0x10), ALU(BPF_ADD, 0, 2), LDXSX(BPF_H, 3, 8, 0x22), ALU(BPF_XOR, 0, 3),
      LDX(BPF_B, 8, 8, 0x31), ALU(BPF_ADD, 0, 8), EXIT()},
     ADD_BYTES(R14, R13),
     true},
    /* stores of each width, from registers needing REX for their byte form (rsi, rdi), and of
     * immediates, with an 8- and a 32-bit displacement; then read back */
    {"stores",
     {PROLOGUE,
      ALU(BPF_AND, 8, 6),
      ALU(BPF_ADD, 8, 7),
      MOV(1, 9),
      ALUI(BPF_ADD, 1, 0x55),
      MOV(2, 9),
      ALUI(BPF_XOR, 2, 0x3c),
      STX(BPF_B, 8, 1, 3),
      STX(BPF_B, 8, 2, 0x104),
      STX(BPF_H, 8, 9, 6),
      STX(BPF_W, 8, 9, 0x208),
      STX(BPF_DW, 8, 9, 0x10),
      ST(BPF_B, 8, 0x311, 0x7f),
      ST(BPF_H, 8, 0x12, 0x1234),
      ST(BPF_W, 8, 0x14, -2),
      ST(BPF_DW, 8, 0x418, 0x12345678),
      LDX(BPF_DW, 0, 8, 0),
      LDX(BPF_DW, 3, 8, 0x100),
      ALU(BPF_ADD, 0, 3),
      EXIT()},
     ADD_BYTES(R14, R13),
     true},
    /* the base is r0 (rax) and hva r4 (r9): REX.B for the base, none for the index */
    {"rax index, r9 base",
     {PROLOGUE, MOV(4, 7), MOV(0, 8), ALU(BPF_AND, 0, 6), ALU(BPF_ADD, 0, 4),
      STX(BPF_DW, 0, 9, 0x28), LDX(BPF_DW, 0, 0, 0x28), EXIT()},
     ADD_BYTES(RAX, R9),
     true},
    /* a jump between the reads whose target does not read the sum: still fused */
    {"jump, dead at target",
     {PROLOGUE, ALU(BPF_AND, 8, 6), ALU(BPF_ADD, 8, 7), LDX(BPF_W, 0, 8, 0), JEQI(0, 7, 2),
      LDX(BPF_DW, 0, 8, 8), EXIT(), MOVI(0, 3), EXIT()},
     ADD_BYTES(R14, R13),
     true},
    /* the jump's target reads the sum: the add stays */
    {"jump, read at target",
     {PROLOGUE, ALU(BPF_AND, 8, 6), ALU(BPF_ADD, 8, 7), LDX(BPF_W, 0, 8, 0), JEQI(0, 7, 1),
      MOVI(0, 3), LDX(BPF_DW, 2, 8, 8), ALU(BPF_ADD, 0, 2), EXIT()},
     ADD_BYTES(R14, R13),
     false},
    /* hva's register is written between two reads: the add stays */
    {"hva written",
     {PROLOGUE, ALU(BPF_AND, 8, 6), ALU(BPF_ADD, 8, 7), LDX(BPF_W, 0, 8, 0), MOVI(7, 0),
      LDX(BPF_W, 2, 8, 4), ALU(BPF_ADD, 0, 2), EXIT()},
     ADD_BYTES(R14, R13),
     false},
    /* the sum is read by an ALU instruction: the add stays */
    {"sum read by ALU",
     {PROLOGUE, ALU(BPF_AND, 8, 6), ALU(BPF_ADD, 8, 7), LDX(BPF_W, 0, 8, 0), MOV(2, 8),
      LDX(BPF_W, 2, 2, 4), ALU(BPF_ADD, 0, 2), EXIT()},
     ADD_BYTES(R14, R13),
     false},
    /* an atomic through the sum (atomics take their address with lea): the add stays */
    {"atomic",
     {PROLOGUE, ALU(BPF_AND, 8, 6), ALU(BPF_ADD, 8, 7), LDX(BPF_W, 0, 8, 0),
      ATOMIC(BPF_DW, 8, 9, 8, BPF_ADD), LDX(BPF_DW, 2, 8, 8), ALU(BPF_ADD, 0, 2), EXIT()},
     ADD_BYTES(R14, R13),
     false},
};

static uint32_t count(const struct fuse_case *c)
{
    uint32_t n = 0;

    while (c->insns[n].code)
        n++;
    return n;
}

static bool contains(const uint8_t *code, size_t n, const uint8_t *b)
{
    for (size_t k = 0; k + 3 <= n; k++)
        if (!memcmp(code + k, b, 3))
            return true;
    return false;
}

/* Verifies, compiles (constants pooled or as immediates) and runs case c with context ctx: 0 and
 * r0, and whether the code holds the case's add. */
static int run_jit(const struct fuse_case *c, unsigned flags, struct hu_ctx *ctx, uint64_t *r0,
                   bool *has_add)
{
    struct hu_jit *j = jit_case_compile(c->name, c->insns, count(c), flags);
    size_t size;
    const uint8_t *code;

    if (!j)
        return 1;
    code = hu_jit_code(j, &size);
    *has_add = contains(code, size, c->add);
    return jit_case_run(c->name, j, ctx, r0);
}

int main(void)
{
    static uint8_t init[WSIZE + HU_GUARD_SIZE], wi[sizeof(init)], wj[sizeof(init)];
    uint64_t rng = 0x9e3779b97f4a7c15ull;
    int failed = 0, runs = 0;

    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        const struct fuse_case *c = &cases[k];

        for (int round = 0; round < 50; round++) {
            struct hu_prog p = {.insns = (struct hu_insn *)c->insns, .n_insns = count(c)};
            struct hu_ctx ctx = {.event = HU_EVENT_RECLAIM, .guest_mask = WSIZE - 1};
            uint64_t r0i = 0, r0j = 0;
            bool has_add = false;
            char err[256];
            unsigned flags = round & 1 ? 0 : HU_JIT_NO_BLINDING;

            for (size_t b = 0; b < sizeof(init); b++)
                init[b] = (uint8_t)xorshift64(&rng);
            ctx.args[0] = round < 2 ? ~0ull : xorshift64(&rng);
            ctx.args[1] = xorshift64(&rng);
            memcpy(wi, init, sizeof(init));
            memcpy(wj, init, sizeof(init));
            ctx.hva = (uintptr_t)wi;
            if (hu_interp_run(&p, (uintptr_t)&ctx, 0, NULL, &r0i, err, sizeof(err))) {
                fprintf(stderr, "FAIL %s: interpreter: %s\n", c->name, err);
                failed++;
                break;
            }
            ctx.hva = (uintptr_t)wj;
            runs++;
            if (run_jit(c, flags, &ctx, &r0j, &has_add)) {
                failed++;
                break;
            }
            if (r0i != r0j || memcmp(wi, wj, sizeof(wi))) {
                fprintf(stderr, "FAIL %s round %d: r0 %#llx, interpreter %#llx; window %s\n",
                        c->name, round, (unsigned long long)r0j, (unsigned long long)r0i,
                        memcmp(wi, wj, sizeof(wi)) ? "differs" : "same");
                failed++;
                break;
            }
            if (flags && has_add == c->fused) {
                fprintf(stderr, "FAIL %s: the hva add is %s\n", c->name,
                        has_add ? "still emitted" : "gone, but the sum is read");
                failed++;
                break;
            }
        }
    }
    printf("jit-fuse: %zu cases, %d runs, %d failed\n", sizeof(cases) / sizeof(cases[0]), runs,
           failed);
    return failed != 0;
}
