/* SPDX-License-Identifier: MIT */
/* Guest constants out of executable memory (docs/jit.md "Guest constants"): the JIT's code bytes
 * must not depend on a program's immediates at all. Every instruction form that carries a
 * guest-chosen immediate, and 300 random programs of up to 1500 instructions (several code and
 * pool pages), are compiled twice with every immediate drawn again (same opcodes, registers,
 * offsets and shift counts; no immediate 0 or -1, which select other code): the executable bytes
 * must be identical, the pool must hold the immediates, and both compiles must compute what the
 * interpreter computes. The same forms compiled with HU_JIT_NO_BLINDING (immediates in the code)
 * must differ, so the check sees an immediate where there is one. The code is mapped r-x, the
 * pool r-- in the pages right after it. Built against the ASan+UBSan library copy. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "insn.h"
#include "jit.h"
#include "xorshift.h"

#define GADGET 0x90c3050f /* 0f 05 c3 90: syscall; ret; nop */
#define OTHER 0x2468ace1
#define MAX_UNITS 1500
#define MAX_SLOTS (2 * MAX_UNITS + 32)

static int failures;

static void fail(const char *what, const char *name)
{
    fprintf(stderr, "FAIL %s: %s\n", name, what);
    failures++;
}

/* Whether two compiles' executable bytes are the same. */
static bool same_code(const struct hu_jit *a, const struct hu_jit *b)
{
    size_t na, nb;
    const void *ca = hu_jit_code(a, &na), *cb = hu_jit_code(b, &nb);

    return na == nb && memcmp(ca, cb, na) == 0;
}

static bool in_pool(const struct hu_jit *j, uint64_t v)
{
    for (size_t k = 0; k < j->n_consts; k++)
        if (j->consts[k] == v)
            return true;
    return false;
}

static bool holds(const struct hu_jit *j, uint32_t v)
{
    size_t size;
    const uint8_t *code = hu_jit_code(j, &size);

    for (size_t k = 0; k + 4 <= size; k++)
        if (memcmp(code + k, &v, 4) == 0)
            return true;
    return false;
}

/* p run on the interpreter and on j agree for a few inputs. */
static bool agrees(const struct hu_prog *p, const struct hu_jit *j)
{
    static const uint64_t inputs[] = {0, 1, GADGET, 0x1234567890abcdefull, (uint64_t)-5};
    char err[256];

    for (size_t k = 0; k < sizeof(inputs) / sizeof(inputs[0]); k++) {
        uint64_t want = 0, got = 0;

        if (hu_interp_run(p, inputs[k], ~inputs[k], NULL, &want, err, sizeof(err)) ||
            hu_jit_run(j, inputs[k], ~inputs[k], NULL, &got, err, sizeof(err)) || got != want) {
            fprintf(stderr, "  input %#" PRIx64 ": interpreter %#" PRIx64 ", JIT %#" PRIx64 "\n",
                    inputs[k], want, got);
            return false;
        }
    }
    return true;
}

/* ---- every form with an immediate ------------------------------------------------------------ */

struct form {
    const char *name;
    struct hu_insn in[6];
    uint32_t n;
    uint32_t imm_at; /* the instruction carrying the immediate */
};

/* r0 = r1, then the instruction under test on r0 (or the stack), then exit. */
#define FORM_ALU(name, code, off)                                                                  \
    {                                                                                              \
        name, {MOV(0, 1), I(code, 0, 0, off, 0), EXIT()}, 3, 1                                     \
    }
#define FORM_JMP(name, code)                                                                       \
    {                                                                                              \
        name, {MOVI(0, 1), I(code, 1, 0, 1, 0), MOVI(0, 2), EXIT()}, 4, 1                          \
    }
#define FORM_ST(name, size)                                                                        \
    {                                                                                              \
        name, {ST(BPF_DW, 10, -8, 0), ST(size, 10, -8, 0), LDX(BPF_DW, 0, 10, -8), EXIT()}, 4, 1   \
    }

static const struct form forms[] = {
    FORM_ALU("add64", BPF_ALU64 | BPF_ADD, 0),
    FORM_ALU("sub64", BPF_ALU64 | BPF_SUB, 0),
    FORM_ALU("or64", BPF_ALU64 | BPF_OR, 0),
    FORM_ALU("and64", BPF_ALU64 | BPF_AND, 0),
    FORM_ALU("xor64", BPF_ALU64 | BPF_XOR, 0),
    FORM_ALU("mul64", BPF_ALU64 | BPF_MUL, 0),
    FORM_ALU("div64", BPF_ALU64 | BPF_DIV, 0),
    FORM_ALU("sdiv64", BPF_ALU64 | BPF_DIV, 1),
    FORM_ALU("mod64", BPF_ALU64 | BPF_MOD, 0),
    FORM_ALU("smod64", BPF_ALU64 | BPF_MOD, 1),
    FORM_ALU("mov64", BPF_ALU64 | BPF_MOV, 0),
    FORM_ALU("add32", BPF_ALU | BPF_ADD, 0),
    FORM_ALU("sub32", BPF_ALU | BPF_SUB, 0),
    FORM_ALU("or32", BPF_ALU | BPF_OR, 0),
    FORM_ALU("and32", BPF_ALU | BPF_AND, 0),
    FORM_ALU("xor32", BPF_ALU | BPF_XOR, 0),
    FORM_ALU("mul32", BPF_ALU | BPF_MUL, 0),
    FORM_ALU("div32", BPF_ALU | BPF_DIV, 0),
    FORM_ALU("smod32", BPF_ALU | BPF_MOD, 1),
    FORM_ALU("mov32", BPF_ALU | BPF_MOV, 0),
    FORM_JMP("jeq", BPF_JMP | BPF_JEQ),
    FORM_JMP("jne", BPF_JMP | BPF_JNE),
    FORM_JMP("jgt", BPF_JMP | BPF_JGT),
    FORM_JMP("jge", BPF_JMP | BPF_JGE),
    FORM_JMP("jlt", BPF_JMP | BPF_JLT),
    FORM_JMP("jle", BPF_JMP | BPF_JLE),
    FORM_JMP("jsgt", BPF_JMP | BPF_JSGT),
    FORM_JMP("jsge", BPF_JMP | BPF_JSGE),
    FORM_JMP("jslt", BPF_JMP | BPF_JSLT),
    FORM_JMP("jsle", BPF_JMP | BPF_JSLE),
    FORM_JMP("jset", BPF_JMP | BPF_JSET),
    FORM_JMP("jeq32", BPF_JMP32 | BPF_JEQ),
    FORM_JMP("jne32", BPF_JMP32 | BPF_JNE),
    FORM_JMP("jgt32", BPF_JMP32 | BPF_JGT),
    FORM_JMP("jslt32", BPF_JMP32 | BPF_JSLT),
    FORM_JMP("jset32", BPF_JMP32 | BPF_JSET),
    FORM_ST("st8", BPF_B),
    FORM_ST("st16", BPF_H),
    FORM_ST("st32", BPF_W),
    FORM_ST("st64", BPF_DW),
    {"ld_imm64", {LD64_HL(0, 0, 0), EXIT()}, 3, 0},
};

/* The form with immediate v (ld_imm64: v in both halves). */
static void instantiate(const struct form *f, struct hu_insn *in, int32_t v)
{
    memcpy(in, f->in, sizeof(f->in));
    in[f->imm_at].imm = v;
    if (in[f->imm_at].code == BPF_LD_IMM64)
        in[f->imm_at + 1].imm = v;
}

/* The permissions of the mapping holding [addr, addr + len), "" when none does. */
static void perms_of(const void *addr, size_t len, char perms[5])
{
    char line[512];
    uintptr_t lo, hi, a = (uintptr_t)addr;
    FILE *maps = fopen("/proc/self/maps", "r");

    perms[0] = '\0';
    while (maps && fgets(line, sizeof(line), maps))
        if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR " %4s", &lo, &hi, perms) == 3 && lo <= a &&
            a + len <= hi)
            break;
        else
            perms[0] = '\0';
    if (maps)
        fclose(maps);
}

/* The pool lies in the pages right after the code's, read-only; the code is read-execute. */
static void check_mapping(const struct form *f, const struct hu_jit *j)
{
    size_t code_size, page = (size_t)sysconf(_SC_PAGESIZE);
    const uint8_t *code = hu_jit_code(j, &code_size);
    const uint64_t *pool = j->consts;
    char perms[5];

    if (!pool || (const uint8_t *)pool != code + (code_size + 64 + page - 1) / page * page)
        fail("the pool is not in the pages after the code", f->name);
    perms_of(code, code_size, perms);
    if (strncmp(perms, "r-x", 3))
        fail("the code is not mapped r-x", f->name);
    if (pool) {
        perms_of(pool, j->n_consts * sizeof(*pool), perms);
        if (strncmp(perms, "r--", 3))
            fail("the pool is not mapped r--", f->name);
    }
}

static void check_form(const struct form *f)
{
    struct hu_insn a[6], b[6];
    struct hu_prog pa = {.insns = a, .n_insns = f->n}, pb = {.insns = b, .n_insns = f->n};
    struct hu_jit *ja = NULL, *jb = NULL, *ia = NULL, *ib = NULL;
    bool ld64 = f->in[f->imm_at].code == BPF_LD_IMM64;
    char err[256] = "";

    instantiate(f, a, (int32_t)GADGET);
    instantiate(f, b, OTHER);
    if (hu_jit_compile(&pa, NULL, &ja, err, sizeof(err)) ||
        hu_jit_compile(&pb, NULL, &jb, err, sizeof(err)) ||
        hu_jit_compile_flags(&pa, NULL, NULL, HU_JIT_NO_BLINDING, &ia, err, sizeof(err)) ||
        hu_jit_compile_flags(&pb, NULL, NULL, HU_JIT_NO_BLINDING, &ib, err, sizeof(err))) {
        fprintf(stderr, "%s: %s\n", f->name, err);
        fail("does not compile", f->name);
        goto out;
    }
    if (!same_code(ja, jb))
        fail("the code depends on the immediate", f->name);
    if (holds(ja, GADGET))
        fail("the code holds the immediate", f->name);
    if (!in_pool(ja, ld64 ? (uint64_t)GADGET << 32 | GADGET : (uint64_t)(int32_t)GADGET))
        fail("the pool does not hold the immediate", f->name);
    if (same_code(ia, ib))
        fail("with immediates in the code, two immediates give the same code", f->name);
    if (!agrees(&pa, ja) || !agrees(&pb, jb) || !agrees(&pa, ia))
        fail("differs from the interpreter", f->name);
    check_mapping(f, ja);
out:
    hu_jit_free(ja);
    hu_jit_free(jb);
    hu_jit_free(ia);
    hu_jit_free(ib);
}

/* ---- random programs ---------------------------------------------------------------------------
 */

struct gen {
    struct hu_insn in[MAX_SLOTS];
    bool drawn[MAX_SLOTS]; /* the slot's immediate is guest-chosen: drawn again for the twin */
    uint32_t n;
};

static void put(struct gen *g, struct hu_insn in, bool drawn)
{
    g->drawn[g->n] = drawn;
    g->in[g->n++] = in;
}

/* The twin program's immediates are the first's xor this key: small ones become large, large
 * ones small. */
static uint32_t twin_key;

/* A guest immediate: never 0 or -1, in either twin (those select other code: xor, division
 * resolved at compile time). */
static int32_t draw_imm(uint64_t *rng)
{
    for (;;) {
        uint64_t r = xorshift64(rng);
        uint32_t v = (r & 3) == 0 ? (uint32_t)((r >> 8) % 255) - 127 : (uint32_t)(r >> 16);

        if (v != 0 && v != UINT32_MAX && v != twin_key && v != ~twin_key)
            return (int32_t)v;
    }
}

static uint8_t reg09(uint64_t *rng)
{
    return (uint8_t)(xorshift64(rng) % 10);
}

/* One random instruction (or an ld_imm64) at g's end; jumps go at most 8 slots forward, to
 * `slot_of` targets fixed by finish(). */
static void gen_one(struct gen *g, uint64_t *rng)
{
    static const uint8_t alu[] = {BPF_ADD, BPF_SUB, BPF_OR,  BPF_AND, BPF_XOR,
                                  BPF_MUL, BPF_MOV, BPF_DIV, BPF_MOD};
    static const uint8_t shift[] = {BPF_LSH, BPF_RSH, BPF_ARSH};
    static const uint8_t jmp[] = {BPF_JEQ,  BPF_JNE,  BPF_JGT,  BPF_JGE,  BPF_JLT, BPF_JLE,
                                  BPF_JSGT, BPF_JSGE, BPF_JSLT, BPF_JSLE, BPF_JSET};
    static const uint8_t sizes[] = {BPF_B, BPF_H, BPF_W, BPF_DW};
    uint64_t r = xorshift64(rng);
    uint8_t cls = (r >> 8) & 1 ? BPF_ALU64 : BPF_ALU, dst = reg09(rng);
    int16_t slot = (int16_t)(-8 * (int)(1 + (r >> 12) % 8));

    switch (r % 8) {
    case 0:
    case 1:
    case 2: {
        uint8_t op = alu[(r >> 16) % sizeof(alu)];
        int16_t off = (op == BPF_DIV || op == BPF_MOD) ? (int16_t)((r >> 24) & 1) : 0;

        put(g, (struct hu_insn)I(cls | op, dst, 0, off, draw_imm(rng)), true);
        break;
    }
    case 3:
        put(g, (struct hu_insn)I(cls | shift[(r >> 16) % 3], dst, 0, 0, (int32_t)((r >> 24) % 64)),
            false);
        break;
    case 4:
        put(g, (struct hu_insn)I(cls | alu[(r >> 16) % 6] | BPF_X, dst, reg09(rng), 0, 0), false);
        break;
    case 5: /* the target is fixed by finish(): off holds how many instructions to pass */
        put(g,
            (struct hu_insn)I(((r >> 9) & 1 ? BPF_JMP : BPF_JMP32) | jmp[(r >> 16) % sizeof(jmp)],
                              dst, 0, (int16_t)((r >> 24) % 8), draw_imm(rng)),
            true);
        break;
    case 6:
        if ((r >> 20) & 1) {
            put(g, (struct hu_insn)ST(sizes[(r >> 16) % 4], 10, slot, draw_imm(rng)), true);
        } else {
            put(g, (struct hu_insn)LDX(BPF_DW, dst, 10, slot), false);
        }
        break;
    case 7:
        put(g, (struct hu_insn)I(BPF_LD_IMM64, dst, 0, 0, draw_imm(rng)), true);
        put(g, (struct hu_insn)I(0, 0, 0, 0, draw_imm(rng)), true);
        break;
    }
}

/* Turns each jump's count of instructions to pass into an offset that lands on an instruction
 * start (never an ld_imm64's second slot) no further than the first fold instruction `end`. */
static void finish(struct gen *g, uint32_t end)
{
    for (uint32_t k = 0; k < end; k++) {
        struct hu_insn *in = &g->in[k];
        uint32_t t = k + 1, pass = (uint32_t)in->off;

        if (in->code == BPF_LD_IMM64) {
            k++;
            continue;
        }
        if (BPF_CLASS(in->code) != BPF_JMP && BPF_CLASS(in->code) != BPF_JMP32)
            continue;
        for (; pass && t < end; pass--)
            t += g->in[t].code == BPF_LD_IMM64 ? 2 : 1;
        in->off = (int16_t)(t - k - 1);
    }
}

/* A program: the stack slots zeroed, `units` random instructions, then r0 folded over r1-r9 and
 * the stack (so that every register and slot reaches the result), exit. */
static void gen_program(struct gen *g, uint64_t *rng, uint32_t units)
{
    uint32_t end;

    g->n = 0;
    for (int k = 1; k <= 8; k++)
        put(g, (struct hu_insn)ST(BPF_DW, 10, (int16_t)(-8 * k), 0), false);
    for (uint32_t k = 0; k < units; k++)
        gen_one(g, rng);
    end = g->n;
    for (int r = 1; r <= 9; r++)
        put(g, (struct hu_insn)ALU(BPF_XOR, 0, r), false);
    for (int k = 1; k <= 8; k++) {
        put(g, (struct hu_insn)LDX(BPF_DW, 1, 10, (int16_t)(-8 * k)), false);
        put(g, (struct hu_insn)ALU(BPF_XOR, 0, 1), false);
    }
    put(g, (struct hu_insn)EXIT(), false);
    finish(g, end);
}

static void check_random(uint64_t seed)
{
    static struct gen a, b;
    uint64_t rng = seed, imms = seed ^ 0x5deece66dull;
    struct hu_prog pa = {.insns = a.in}, pb = {.insns = b.in};
    struct hu_jit *ja = NULL, *jb = NULL;
    char err[256] = "", name[32];

    snprintf(name, sizeof(name), "seed %" PRIu64, seed);
    twin_key = (uint32_t)xorshift64(&imms) | 1;
    gen_program(&a, &rng, 1 + (uint32_t)(xorshift64(&rng) % MAX_UNITS));
    b = a;
    for (uint32_t k = 0; k < b.n; k++)
        if (b.drawn[k])
            b.in[k].imm = (int32_t)((uint32_t)a.in[k].imm ^ twin_key);
    pa.n_insns = a.n;
    pb.n_insns = b.n;
    if (hu_jit_compile(&pa, NULL, &ja, err, sizeof(err)) ||
        hu_jit_compile(&pb, NULL, &jb, err, sizeof(err))) {
        fprintf(stderr, "%s: %s\n", name, err);
        fail("does not compile", name);
    } else {
        if (!same_code(ja, jb))
            fail("the code depends on the immediates", name);
        if (!agrees(&pa, ja) || !agrees(&pb, jb))
            fail("differs from the interpreter", name);
    }
    hu_jit_free(ja);
    hu_jit_free(jb);
}

int main(void)
{
    size_t n = sizeof(forms) / sizeof(forms[0]);
    int programs = 300;

    for (size_t k = 0; k < n; k++)
        check_form(&forms[k]);
    for (int k = 1; k <= programs; k++)
        check_random((uint64_t)k * 0x9e3779b97f4a7c15ull);
    printf("%zu instruction forms with a guest immediate, %d random programs: %d failures\n", n,
           programs, failures);
    return failures != 0;
}
