/* SPDX-License-Identifier: MIT */
/* Constant blinding: for every instruction form that carries a guest-chosen 32- or 64-bit
 * immediate (1- and 2-byte stores and shift counts are blinded too, but too short to search for),
 * the JIT's code never holds that immediate's bytes (here the four bytes of `syscall; ret; nop`),
 * while the same program compiled with HU_JIT_NO_BLINDING does; the blinded code computes what the
 * interpreter computes; and two compiles differ (a fresh key per compile). Built against the
 * ASan+UBSan library copy. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "insn.h"
#include "jit.h"

#define GADGET 0x90c3050f /* 0f 05 c3 90: syscall; ret; nop */

static int failures;

struct form {
    const char *name;
    struct hu_insn in[6];
    uint32_t n;
};

/* r0 = r1, then the instruction under test on r0 (or the stack), then exit. */
#define FORM_ALU(name, code)                                                                       \
    {                                                                                              \
        name, {MOV(0, 1), I(code, 0, 0, 0, GADGET), EXIT()}, 3                                     \
    }
#define FORM_JMP(name, code)                                                                       \
    {                                                                                              \
        name, {MOVI(0, 1), I(code, 1, 0, 1, GADGET), MOVI(0, 2), EXIT()}, 4                        \
    }
#define FORM_ST(name, size)                                                                        \
    {                                                                                              \
        name, {ST(BPF_DW, 10, -8, 0), ST(size, 10, -8, GADGET), LDX(BPF_DW, 0, 10, -8), EXIT()}, 4 \
    }

static const struct form forms[] = {
    FORM_ALU("add64", BPF_ALU64 | BPF_ADD),
    FORM_ALU("sub64", BPF_ALU64 | BPF_SUB),
    FORM_ALU("or64", BPF_ALU64 | BPF_OR),
    FORM_ALU("and64", BPF_ALU64 | BPF_AND),
    FORM_ALU("xor64", BPF_ALU64 | BPF_XOR),
    FORM_ALU("mul64", BPF_ALU64 | BPF_MUL),
    FORM_ALU("div64", BPF_ALU64 | BPF_DIV),
    FORM_ALU("mod64", BPF_ALU64 | BPF_MOD),
    FORM_ALU("mov64", BPF_ALU64 | BPF_MOV),
    FORM_ALU("add32", BPF_ALU | BPF_ADD),
    FORM_ALU("xor32", BPF_ALU | BPF_XOR),
    FORM_ALU("mul32", BPF_ALU | BPF_MUL),
    FORM_ALU("div32", BPF_ALU | BPF_DIV),
    FORM_ALU("mov32", BPF_ALU | BPF_MOV),
    FORM_JMP("jeq", BPF_JMP | BPF_JEQ),
    FORM_JMP("jsgt", BPF_JMP | BPF_JSGT),
    FORM_JMP("jset", BPF_JMP | BPF_JSET),
    FORM_JMP("jne32", BPF_JMP32 | BPF_JNE),
    FORM_JMP("jset32", BPF_JMP32 | BPF_JSET),
    FORM_ST("st32", BPF_W),
    FORM_ST("st64", BPF_DW),
    {"ld_imm64", {LD64_HL(0, GADGET, GADGET), EXIT()}, 3},
};

static bool holds_gadget(const struct hu_jit *j)
{
    const uint32_t g = GADGET;
    size_t size;
    const uint8_t *code = hu_jit_code(j, &size);

    for (size_t k = 0; k + 4 <= size; k++)
        if (memcmp(code + k, &g, 4) == 0)
            return true;
    return false;
}

static void check(const struct form *f)
{
    static const uint64_t inputs[] = {0, 1, GADGET, 0x1234567890abcdefull, (uint64_t)-5};
    struct hu_prog p = {.insns = (struct hu_insn *)f->in, .n_insns = f->n};
    struct hu_jit *blinded = NULL, *again = NULL, *plain = NULL;
    char err[256] = "";
    size_t n1 = 0, n2 = 0;

    if (hu_jit_compile(&p, NULL, &blinded, err, sizeof(err)) ||
        hu_jit_compile(&p, NULL, &again, err, sizeof(err)) ||
        hu_jit_compile_flags(&p, NULL, NULL, HU_JIT_NO_BLINDING, &plain, err, sizeof(err))) {
        fprintf(stderr, "%s: does not compile: %s\n", f->name, err);
        failures++;
        goto out;
    }
    if (holds_gadget(blinded) || holds_gadget(again)) {
        fprintf(stderr, "%s: the blinded code holds the immediate verbatim\n", f->name);
        failures++;
    }
    if (!holds_gadget(plain)) {
        fprintf(stderr, "%s: the unblinded code does not hold the immediate\n", f->name);
        failures++;
    }
    const void *c1 = hu_jit_code(blinded, &n1), *c2 = hu_jit_code(again, &n2);
    if (n1 == n2 && memcmp(c1, c2, n1) == 0) {
        fprintf(stderr, "%s: two compiles blinded with the same key\n", f->name);
        failures++;
    }
    for (size_t k = 0; k < sizeof(inputs) / sizeof(inputs[0]); k++) {
        uint64_t want = 0, got = 0, unblinded = 0;
        int r1 = hu_interp_run(&p, inputs[k], 0, NULL, &want, err, sizeof(err));
        int r2 = hu_jit_run(blinded, inputs[k], 0, NULL, &got, err, sizeof(err));
        int r3 = hu_jit_run(plain, inputs[k], 0, NULL, &unblinded, err, sizeof(err));
        if (r1 || r2 || r3 || got != want || unblinded != want) {
            fprintf(stderr,
                    "%s(%#" PRIx64 "): interpreter %#" PRIx64 ", blinded JIT %#" PRIx64
                    ", unblinded JIT %#" PRIx64 " (%d %d %d)\n",
                    f->name, inputs[k], want, got, unblinded, r1, r2, r3);
            failures++;
        }
    }
out:
    hu_jit_free(blinded);
    hu_jit_free(again);
    hu_jit_free(plain);
}

int main(void)
{
    size_t n = sizeof(forms) / sizeof(forms[0]);

    for (size_t k = 0; k < n; k++)
        check(&forms[k]);
    printf("%zu instruction forms with a guest immediate: %d failures\n", n, failures);
    return failures != 0;
}
