/* SPDX-License-Identifier: MIT */
/* Atomics are naturally aligned by construction: every atomic operation, at every misalignment of
 * its address, acts on the word its address rounds down to, in the interpreter and in the JIT
 * alike, and touches no other byte. (Misaligned, it would be a split lock: hundreds of times slower
 * and a SIGBUS on hosts with split_lock_detect=fatal.) Built against the ASan+UBSan library copy.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "atomic_ops.h"
#include "jit.h"
#include "opcodes.h"

#define INSN(c, d, s, o, i) ((struct hu_insn){(c), (d), (s), (o), (i)})

static int failures;

/* The bytes a buffer of 32 holds before each run. */
static void fill(uint8_t *buf)
{
    for (int i = 0; i < 32; i++)
        buf[i] = (uint8_t)(0x11 * (i % 15 + 1));
}

/* What the operation leaves in the word at `w` (as the ISA defines it on an aligned word). */
static uint64_t apply(int32_t op, uint64_t old, uint64_t v, uint64_t r0)
{
    switch (op & ~BPF_FETCH) {
    case BPF_ADD:
        return old + v;
    case BPF_OR:
        return old | v;
    case BPF_AND:
        return old & v;
    case BPF_XOR:
        return old ^ v;
    case BPF_XCHG & ~BPF_FETCH:
        return v;
    default: /* cmpxchg */
        return old == r0 ? v : old;
    }
}

/* r1 = the buffer; r0 = the cmpxchg comparand; r2 = v; atomic op at [r1 + off]; r0 += r2 (the
 * fetched value with BPF_FETCH). Runs on one engine and checks the buffer and r0. */
static void check(bool jit, bool dw, int32_t op, int16_t off)
{
    const uint64_t v = 0x0123456789abcdefull, mask = dw ? UINT64_MAX : UINT32_MAX;
    _Alignas(8) uint8_t buf[32], want[32];
    struct hu_insn in[] = {
        INSN(BPF_LD_IMM64, 0, 0, 0, 0),
        INSN(0, 0, 0, 0, 0), /* r0 = comparand, below */
        INSN(BPF_LD_IMM64, 2, 0, 0, (int32_t)v),
        INSN(0, 0, 0, 0, (int32_t)(v >> 32)),
        INSN(BPF_STX | BPF_ATOMIC | (dw ? BPF_DW : BPF_W), 1, 2, off, op),
        INSN(BPF_ALU64 | BPF_X | BPF_ADD, 0, 2, 0, 0),
        INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
    };
    struct hu_prog p = {.insns = in, .n_insns = sizeof(in) / sizeof(in[0])};
    size_t at = (size_t)off & (dw ? ~(size_t)7 : ~(size_t)3), size = dw ? 8 : 4;
    uint64_t old = 0, cmp, r0 = 0, want_r0, stored;
    char err[256] = "";
    int ret;

    fill(buf);
    memcpy(&old, buf + at, size);
    cmp = old; /* cmpxchg succeeds */
    in[0].imm = (int32_t)cmp;
    in[1].imm = (int32_t)(cmp >> 32);
    stored = apply(op, old, v & mask, cmp & mask) & mask;
    memcpy(want, buf, 32);
    memcpy(want + at, &stored, size);
    if (op == BPF_CMPXCHG)
        want_r0 = (dw ? old : (uint32_t)old) + v;
    else if (op & BPF_FETCH)
        want_r0 = cmp + (dw ? old : (uint32_t)old);
    else
        want_r0 = cmp + v;
    if (jit) {
        struct hu_jit *j = NULL;
        ret = hu_jit_compile(&p, NULL, &j, err, sizeof(err));
        if (!ret)
            ret = hu_jit_run(j, (uint64_t)(uintptr_t)buf, 0, NULL, &r0, err, sizeof(err));
        hu_jit_free(j);
    } else {
        ret = hu_interp_run(&p, (uint64_t)(uintptr_t)buf, 0, NULL, &r0, err, sizeof(err));
    }
    if (ret || r0 != want_r0 || memcmp(buf, want, 32) != 0) {
        fprintf(stderr,
                "%s: %u-byte atomic 0x%02x at offset %d: ret %d (%s), r0 %#" PRIx64
                " (want %#" PRIx64 "), buffer %s\n",
                jit ? "jit" : "interpreter", (unsigned)size, (unsigned)op, off, ret, err, r0,
                want_r0, memcmp(buf, want, 32) ? "differs" : "as expected");
        failures++;
    }
}

int main(void)
{
    int runs = 0;

    for (int jit = 0; jit <= 1; jit++)
        for (int dw = 0; dw <= 1; dw++)
            for (size_t k = 0; k < HU_TEST_N_ATOMIC_OPS; k++)
                for (int16_t off = 8; off < 16; off++, runs++)
                    check(jit, dw, hu_test_atomic_ops[k], off);
    printf("%d atomic runs (2 engines, 2 widths, %zu operations, 8 alignments): %d failed\n", runs,
           HU_TEST_N_ATOMIC_OPS, failures);
    return failures != 0;
}
