/* SPDX-License-Identifier: MIT */
/* The JIT's fusions of neighbouring BPF instructions into fewer x86 ones (docs/jit.md
 * "Instructions"): verified programs, compiled with the verifier's shape, must give the
 * interpreter's r0 on random arguments, and each fusion must happen exactly where it is sound: the
 * x86 bytes it removes are absent from the code (fused) or present (kept). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hupcall/abi.h>

#include "insn.h"
#include "jit_case.h"
#include "xorshift.h"

/* r6 = args[0], r7 = args[1], r0 = 0 (r1 the context). */
#define PROLOGUE                                                                                   \
    LDX(BPF_DW, 6, 1, HU_CTX_OFF_ARGS), LDX(BPF_DW, 7, 1, HU_CTX_OFF_ARGS + 8), MOVI(0, 0)

#define J(op, d, s, o) I(BPF_JMP | (op) | BPF_X, d, s, o, 0)
#define J32(op, d, s, o) I(BPF_JMP32 | (op) | BPF_X, d, s, o, 0)
/* r2 = constant; if r6 op r2 goto +1; r0 += bit: r0 records which comparisons fell through (the
 * jump lands on the next ld_imm64, which emits nothing) */
#define CMP_R2(j, op, bit) LD64_HL(2, 0x80000000, 0x7fff0000), j(op, 6, 2, 1), ALUI(BPF_ADD, 0, bit)

/* mov rsi, [rip + d]: an ld_imm64 into r2 (rsi) from the constant pool */
#define MOV_RSI_POOL                                                                               \
    {                                                                                              \
        0x48, 0x8b, 0x35                                                                           \
    }

/* r2 = r6 op r7; if r2 cond 0 goto +1; r0 += bit */
#define FLAGS(alu, op, j, cond, bit)                                                               \
    MOV(2, 6), alu(op, 2, 7), I(j | (cond), 2, 0, 1, 0), ALUI(BPF_ADD, 0, bit)
/* cmp esi, 0 or cmp rsi, 0 */
#define CMP_RSI_0                                                                                  \
    {                                                                                              \
        0x83, 0xfe, 0x00                                                                           \
    }

/* mov esi, ebx or mov rsi, rbx: r2 = r6 */
#define MOV_RSI_RBX                                                                                \
    {                                                                                              \
        0x89, 0xde                                                                                 \
    }

struct peep_case {
    const char *name;
    struct hu_insn insns[120]; /* up to the first zero opcode outside an ld_imm64 */
    uint8_t bytes[4];          /* what the fusion removes */
    size_t n_bytes;
    bool fused;
};

static const struct peep_case cases[] = {
    /* r2 = constant, read once by each ALU64 operation that takes a memory source */
    {"constant, alu64",
     {PROLOGUE, MOV(0, 6), LD64_HL(2, 0x80000000, 0x00000001), ALU(BPF_ADD, 0, 2),
      LD64_HL(2, 0x12345678, 0x9abcdef0), ALU(BPF_XOR, 0, 2), LD64_HL(2, 0xffffffff, 0xfffffff0),
      ALU(BPF_SUB, 0, 2), LD64_HL(2, 0x0f0f0f0f, 0xf0f0f0f0), ALU(BPF_OR, 0, 2),
      LD64_HL(2, 0x7fffffff, 0xfffffffe), ALU(BPF_AND, 0, 2), LD64_HL(2, 0x00000001, 0x00000003),
      ALU(BPF_MUL, 0, 2), LD64_HL(2, 0xdeadbeef, 0x01020304), MOV(3, 2), ALU(BPF_XOR, 0, 3),
      EXIT()},
     MOV_RSI_POOL,
     3,
     true},
    /* the same as 32-bit operations: they read the constant's low half and zero-extend (the
     * multiplication, which truncates, first) */
    {"constant, alu32",
     {PROLOGUE, MOV(0, 6), LD64_HL(2, 0x00000001, 0x00000003), ALU32(BPF_MUL, 0, 2),
      LD64_HL(2, 0x80000000, 0x80000001), ALU32(BPF_ADD, 0, 2), LD64_HL(2, 0x12345678, 0x9abcdef0),
      ALU32(BPF_XOR, 0, 2), LD64_HL(2, 0xffffffff, 0xfffffff0), ALU32(BPF_SUB, 0, 2),
      LD64_HL(2, 0x0f0f0f0f, 0x00f0f0f0), ALU32(BPF_OR, 0, 2), LD64_HL(2, 0x7fffffff, 0xfffffffe),
      ALU32(BPF_AND, 0, 2), LD64_HL(2, 0xdeadbeef, 0x81020304), MOV32(3, 2), ALU(BPF_XOR, 0, 3),
      EXIT()},
     MOV_RSI_POOL,
     3,
     true},
    /* r2 = constant, compared with r6 by every condition, 64 and 32 bits */
    {"constant, jumps",
     {PROLOGUE,
      CMP_R2(J, BPF_JEQ, 1),
      CMP_R2(J, BPF_JNE, 2),
      CMP_R2(J, BPF_JGT, 4),
      CMP_R2(J, BPF_JGE, 8),
      CMP_R2(J, BPF_JLT, 0x10),
      CMP_R2(J, BPF_JLE, 0x20),
      CMP_R2(J, BPF_JSGT, 0x40),
      CMP_R2(J, BPF_JSGE, 0x80),
      CMP_R2(J, BPF_JSLT, 0x100),
      CMP_R2(J, BPF_JSLE, 0x200),
      CMP_R2(J, BPF_JSET, 0x400),
      CMP_R2(J32, BPF_JEQ, 0x800),
      CMP_R2(J32, BPF_JNE, 0x1000),
      CMP_R2(J32, BPF_JGT, 0x2000),
      CMP_R2(J32, BPF_JGE, 0x4000),
      CMP_R2(J32, BPF_JLT, 0x8000),
      CMP_R2(J32, BPF_JLE, 0x10000),
      CMP_R2(J32, BPF_JSGT, 0x20000),
      CMP_R2(J32, BPF_JSGE, 0x40000),
      CMP_R2(J32, BPF_JSLT, 0x80000),
      CMP_R2(J32, BPF_JSLE, 0x100000),
      CMP_R2(J32, BPF_JSET, 0x200000),
      EXIT()},
     MOV_RSI_POOL,
     3,
     true},
    /* the ld_imm64 is a jump target and its read follows later: still fused */
    {"constant, read later",
     {PROLOGUE, JEQI(6, 0, 0), LD64_HL(2, 0x1, 0x2), MOV(0, 7), ALU(BPF_ADD, 0, 7),
      ALU(BPF_ADD, 0, 2), EXIT()},
     MOV_RSI_POOL,
     3,
     true},
    /* read by a shift, which takes no memory source: kept */
    {"constant, shift",
     {PROLOGUE, MOV(0, 6), LD64_HL(2, 0x1, 0x5), ALU(BPF_ADD, 0, 2), ALU(BPF_LSH, 0, 2), EXIT()},
     MOV_RSI_POOL,
     3,
     false},
    /* a jump lands between the ld_imm64 and its read, from a path where r2 is another value */
    {"constant, jump lands between",
     {PROLOGUE, MOV(2, 7), JEQI(6, 0, 2), LD64_HL(2, 0x1, 0x5), ALU(BPF_ADD, 0, 2), EXIT()},
     MOV_RSI_POOL,
     3,
     false},
    /* the jump's target reads the constant: kept */
    {"constant, read at a jump target",
     {PROLOGUE, LD64_HL(2, 0x1, 0x5), J(BPF_JGT, 6, 2, 1), ALU(BPF_ADD, 0, 7), ALU(BPF_XOR, 0, 2),
      EXIT()},
     MOV_RSI_POOL,
     3,
     false},
    /* the constant is the operation's destination: kept */
    {"constant, destination",
     {PROLOGUE, LD64_HL(2, 0x1, 0x5), ALU(BPF_ADD, 2, 6), MOV(0, 2), EXIT()},
     MOV_RSI_POOL,
     3,
     false},
    /* stored to the stack, then read back: kept */
    {"constant, stored",
     {PROLOGUE, LD64_HL(2, 0x1, 0x5), STX(BPF_DW, 10, 2, -8), LDX(BPF_DW, 0, 10, -8),
      ALU(BPF_ADD, 0, 2), EXIT()},
     MOV_RSI_POOL,
     3,
     false},
    /* compared with itself: kept */
    {"constant, both operands",
     {PROLOGUE, LD64_HL(2, 0x1, 0x5), J(BPF_JEQ, 2, 2, 1), MOVI(0, 1), EXIT()},
     MOV_RSI_POOL,
     3,
     false},
    /* a comparison with 0 after and, or, xor into its register: the flags are already set */
    {"flags, 64 bits",
     {PROLOGUE, FLAGS(ALU, BPF_AND, BPF_JMP, BPF_JEQ, 1), FLAGS(ALU, BPF_OR, BPF_JMP, BPF_JNE, 2),
      FLAGS(ALU, BPF_XOR, BPF_JMP, BPF_JGT, 4), FLAGS(ALU, BPF_AND, BPF_JMP, BPF_JGE, 8),
      FLAGS(ALU, BPF_XOR, BPF_JMP, BPF_JLT, 0x10), FLAGS(ALU, BPF_OR, BPF_JMP, BPF_JLE, 0x20),
      FLAGS(ALU, BPF_XOR, BPF_JMP, BPF_JSGT, 0x40), FLAGS(ALU, BPF_AND, BPF_JMP, BPF_JSGE, 0x80),
      FLAGS(ALU, BPF_XOR, BPF_JMP, BPF_JSLT, 0x100), FLAGS(ALU, BPF_OR, BPF_JMP, BPF_JSLE, 0x200),
      EXIT()},
     CMP_RSI_0,
     3,
     true},
    {"flags, 32 bits",
     {PROLOGUE, FLAGS(ALU32, BPF_AND, BPF_JMP32, BPF_JEQ, 1),
      FLAGS(ALU32, BPF_OR, BPF_JMP32, BPF_JNE, 2), FLAGS(ALU32, BPF_XOR, BPF_JMP32, BPF_JGT, 4),
      FLAGS(ALU32, BPF_AND, BPF_JMP32, BPF_JGE, 8), FLAGS(ALU32, BPF_XOR, BPF_JMP32, BPF_JLT, 0x10),
      FLAGS(ALU32, BPF_OR, BPF_JMP32, BPF_JLE, 0x20),
      FLAGS(ALU32, BPF_XOR, BPF_JMP32, BPF_JSGT, 0x40),
      FLAGS(ALU32, BPF_AND, BPF_JMP32, BPF_JSGE, 0x80),
      FLAGS(ALU32, BPF_XOR, BPF_JMP32, BPF_JSLT, 0x100),
      FLAGS(ALU32, BPF_OR, BPF_JMP32, BPF_JSLE, 0x200), EXIT()},
     CMP_RSI_0,
     3,
     true},
    /* an add's carry and overflow are not cmp's: kept */
    {"flags, add",
     {PROLOGUE, FLAGS(ALU, BPF_ADD, BPF_JMP, BPF_JSLT, 1), EXIT()},
     CMP_RSI_0,
     3,
     false},
    /* a 32-bit and before a 64-bit comparison (SF is bit 31's): kept */
    {"flags, widths",
     {PROLOGUE, FLAGS(ALU32, BPF_AND, BPF_JMP, BPF_JSGT, 1), EXIT()},
     CMP_RSI_0,
     3,
     false},
    /* the and writes another register: kept */
    {"flags, other register",
     {PROLOGUE, MOV(2, 6), MOV(3, 6), ALU(BPF_AND, 3, 7), I(BPF_JMP | BPF_JSGT, 2, 0, 1, 0),
      ALUI(BPF_ADD, 0, 1), ALU(BPF_ADD, 0, 3), EXIT()},
     CMP_RSI_0,
     3,
     false},
    /* a jump lands on the comparison, from a path with other flags: kept */
    {"flags, jump target",
     {PROLOGUE, MOV(2, 6), JEQI(7, 0, 1), ALU(BPF_AND, 2, 7), I(BPF_JMP | BPF_JSGT, 2, 0, 1, 0),
      ALUI(BPF_ADD, 0, 1), EXIT()},
     CMP_RSI_0,
     3,
     false},
    /* a copy then an add or a shift by 1-3 into the copy: one lea */
    {"lea",
     {PROLOGUE,           MOV(2, 6),   ALUI(BPF_LSH, 2, 1),
      ALU(BPF_ADD, 0, 2), MOV(2, 6),   ALUI(BPF_LSH, 2, 2),
      ALU(BPF_XOR, 0, 2), MOV(2, 6),   ALUI(BPF_LSH, 2, 3),
      ALU(BPF_SUB, 0, 2), MOV(2, 6),   ALU(BPF_ADD, 2, 7),
      ALU(BPF_XOR, 0, 2), MOV32(2, 6), I(BPF_ALU | BPF_LSH, 2, 0, 0, 3),
      ALU(BPF_ADD, 0, 2), MOV32(2, 7), ALU32(BPF_ADD, 2, 6),
      ALU(BPF_XOR, 0, 2), MOV(2, 6),   ALU(BPF_ADD, 2, 2),
      ALU(BPF_ADD, 0, 2), EXIT()},
     MOV_RSI_RBX,
     2,
     true},
    /* a shift by 4: kept */
    {"lea, shift by 4",
     {PROLOGUE, MOV(2, 6), ALUI(BPF_LSH, 2, 4), ALU(BPF_ADD, 0, 2), EXIT()},
     MOV_RSI_RBX,
     2,
     false},
    /* a jump lands on the add, from a path where r2 is another value: kept */
    {"lea, jump target",
     {PROLOGUE, MOVI(2, 7), JEQI(6, 0, 1), MOV(2, 6), ALU(BPF_ADD, 2, 7), ALU(BPF_ADD, 0, 2),
      EXIT()},
     MOV_RSI_RBX,
     2,
     false},
};

static uint32_t count(const struct peep_case *c)
{
    uint32_t n = 0;

    while (c->insns[n].code) /* an ld_imm64's second slot has opcode 0 */
        n += 1 + (c->insns[n].code == BPF_LD_IMM64);
    return n;
}

static bool contains(const uint8_t *code, size_t size, const uint8_t *b, size_t n)
{
    for (size_t k = 0; k + n <= size; k++)
        if (!memcmp(code + k, b, n))
            return true;
    return false;
}

/* Verifies, compiles and runs case c on ctx: 0 and r0, and whether the code holds its bytes. */
static int run_jit(const struct peep_case *c, struct hu_ctx *ctx, uint64_t *r0, bool *has_bytes)
{
    struct hu_jit *j = jit_case_compile(c->name, c->insns, count(c), 0);
    size_t size;
    const uint8_t *code;

    if (!j)
        return 1;
    code = hu_jit_code(j, &size);
    *has_bytes = contains(code, size, c->bytes, c->n_bytes);
    return jit_case_run(c->name, j, ctx, r0);
}

/* Arguments that reach each comparison's edges: 0, ±1, the constants' halves and random. */
static uint64_t argument(uint64_t *rng, int round)
{
    static const uint64_t edge[] = {0,
                                    1,
                                    ~0ull,
                                    0x7fff0000,
                                    0x80000000,
                                    0x800000007fff0000ull,
                                    0x7fffffffull,
                                    1ull << 63,
                                    0xffffffff00000000ull,
                                    5};

    if (round < 2 * (int)(sizeof(edge) / sizeof(edge[0])))
        return edge[(round / 2 + (round & 1) * 3) % (sizeof(edge) / sizeof(edge[0]))];
    return xorshift64(rng);
}

int main(void)
{
    uint64_t rng = 0x9e3779b97f4a7c15ull;
    int failed = 0, runs = 0;

    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        const struct peep_case *c = &cases[k];
        bool has = false, failed_case = false;

        for (int round = 0; round < 200; round++) {
            struct hu_prog p = {.insns = (struct hu_insn *)c->insns, .n_insns = count(c)};
            struct hu_ctx ctx = {.event = HU_EVENT_RECLAIM};
            uint64_t r0i = 0, r0j = 0;
            char err[256];

            ctx.args[0] = argument(&rng, round);
            ctx.args[1] = argument(&rng, round + 7);
            if (hu_interp_run(&p, (uintptr_t)&ctx, 0, NULL, &r0i, err, sizeof(err))) {
                fprintf(stderr, "FAIL %s: interpreter: %s\n", c->name, err);
                failed++, failed_case = true;
                break;
            }
            runs++;
            if (run_jit(c, &ctx, &r0j, &has)) {
                failed++, failed_case = true;
                break;
            }
            if (r0i != r0j) {
                fprintf(stderr, "FAIL %s round %d: args %#llx %#llx: r0 %#llx, interpreter %#llx\n",
                        c->name, round, (unsigned long long)ctx.args[0],
                        (unsigned long long)ctx.args[1], (unsigned long long)r0j,
                        (unsigned long long)r0i);
                failed++, failed_case = true;
                break;
            }
        }
        if (!failed_case && has == c->fused) { /* the same code every round */
            fprintf(stderr, "FAIL %s: %s\n", c->name,
                    has ? "not fused" : "fused where it must not be");
            failed++;
        }
    }
    printf("jit-peephole: %zu cases, %d runs, %d failed\n", sizeof(cases) / sizeof(cases[0]), runs,
           failed);
    return failed != 0;
}
