/* SPDX-License-Identifier: MIT */
/* Every write into the JIT's code buffer is bounds-checked: a program using every emitter (the
 * entry, the fault stub, the callx table, divisions, atomics, helper and BPF-to-BPF calls, jumps
 * and their patches) is compiled into a caller's buffer of each size from 1 byte to one byte short
 * of its code. Each must fail cleanly (-EINVAL, "internal error"), report no more bytes than the
 * buffer holds, and write none past it: the buffer is allocated at exactly that size and the test
 * runs under ASan, which aborts on the first byte written past it. At the exact size the compile
 * succeeds with the same bytes as in a large buffer. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "insn.h"
#include "jit.h"

static uint64_t add1(void *cookie, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    (void)cookie, (void)a2, (void)a3, (void)a4, (void)a5;
    return a1 + 1;
}

/* The entry (0-23) calls the function at 24, which calls helper 1 and callx. */
static const struct hu_insn prog[] = {
    LD64_HL(6, 0x11223344, 0x55667788),
    MOVI(7, 7),
    ALU(BPF_DIV, 6, 7),
    ALUI(BPF_MOD, 6, 5),
    I(BPF_ALU64 | BPF_DIV | BPF_X, 7, 6, 1, 0), /* sdiv */
    ALUI(BPF_LSH, 6, 3),
    STX(BPF_DW, 10, 6, -8),
    ST(BPF_W, 10, -16, 0x12345678),
    ATOMIC(BPF_DW, 10, 7, -8, BPF_ADD | BPF_FETCH),
    ATOMIC(BPF_DW, 10, 7, -8, BPF_OR | BPF_FETCH),
    ATOMIC(BPF_W, 10, 0, -16, BPF_CMPXCHG),
    LDX(BPF_DW, 8, 10, -8),
    LDXSX(BPF_W, 9, 10, -16),
    JEQI(8, 3, 2),
    ALU(BPF_ADD, 8, 9),
    JA(0),
    MOV(1, 8),
    CALL_LOCAL(7), /* to 24 */
    ALU(BPF_ADD, 0, 8),
    I(BPF_ALU | BPF_END | BPF_TO_BE, 0, 0, 0, 32),
    JEQ(0, 6, 1),
    ALUI(BPF_XOR, 0, 0x5a5a),
    EXIT(),
    EXIT(),
    CALL(1), /* 24 */
    MOV(1, 0),
    MOVI(2, 2),
    CALLX(2), /* callx r2: no helper 2, a fault */
    EXIT(),
};

#define FULL_CAP 65536

int main(void)
{
    struct hu_helpers h = {.fn = {[1] = add1}};
    struct hu_prog p = {.insns = (struct hu_insn *)prog, .n_insns = sizeof(prog) / sizeof(prog[0])};
    uint8_t *full = malloc(FULL_CAP);
    size_t len = 0, full_len = 0;
    char err[256];
    int failures = 0;

    if (!full || hu_jit_emit_into(&p, NULL, &h, HU_JIT_NO_BLINDING, full, FULL_CAP, &full_len, err,
                                  sizeof(err))) {
        fprintf(stderr, "FAIL the program does not compile: %s\n", err);
        return 1;
    }
    for (size_t cap = 1; cap <= full_len; cap++) {
        uint8_t *buf = malloc(cap); /* exactly cap bytes: ASan traps a write past them */
        int ret;

        if (!buf)
            return 2;
        err[0] = '\0';
        ret = hu_jit_emit_into(&p, NULL, &h, HU_JIT_NO_BLINDING, buf, cap, &len, err, sizeof(err));
        if (cap < full_len && (ret != -EINVAL || len > cap || !strstr(err, "internal error"))) {
            fprintf(stderr, "FAIL %zu-byte buffer: ret %d, %zu bytes, err \"%s\"\n", cap, ret, len,
                    err);
            failures++;
        }
        if (cap == full_len && (ret || len != full_len || memcmp(buf, full, len))) {
            fprintf(stderr, "FAIL exact buffer: ret %d, %zu bytes (%s)\n", ret, len, err);
            failures++;
        }
        free(buf);
    }
    free(full);
    if (failures) {
        fprintf(stderr, "jit_bounds: %d failures\n", failures);
        return 1;
    }
    printf("jit_bounds: %zu bytes of code, every shorter buffer refused cleanly\n", full_len);
    return 0;
}
