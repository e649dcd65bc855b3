/* SPDX-License-Identifier: MIT */
/* BPF-to-BPF calls of verified programs (docs/jit.md "Frames and calls"): the caller keeps only
 * the r6-r9 it reads after the call, and r10 only when the callee has a frame. For each subset of
 * r6-r9 the caller reads after the call, a callee with and without a stack frame, calling a helper
 * or not: the callee overwrites r6-r9 (and its own stack slot), and r0 must be the interpreter's.
 * The helper reports whether rsp was 16-byte aligned at its call. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <hupcall/abi.h>

#include "insn.h"
#include "jit.h"
#include "verifier.h"

#define MISALIGNED (1ull << 40)

/* get_exit_info's slot: its frame address is 16-byte aligned when rsp was at the call. */
__attribute__((noinline)) static uint64_t aligned_helper(void *c, uint64_t a1, uint64_t a2,
                                                         uint64_t a3, uint64_t a4, uint64_t a5)
{
    (void)c, (void)a2, (void)a3, (void)a4, (void)a5;
    return ((uintptr_t)__builtin_frame_address(0) & 15) ? MISALIGNED : a1 + 7;
}

/* The program for `reads` (bit r-6: the caller reads r<r> after the call), `fp` (the callee uses
 * its stack) and `helper` (the callee calls a helper); returns its length. */
static uint32_t build(struct hu_insn *in, unsigned reads, bool fp, bool helper)
{
    uint32_t n = 0, call;

    for (int r = 6; r <= 9; r++)
        in[n++] = (struct hu_insn)MOVI(r, 1 << (r - 6));
    in[n++] = (struct hu_insn)MOVI(0, 0);
    in[n++] = (struct hu_insn)ST(BPF_DW, 10, -8, 100);
    call = n++;
    for (int r = 6; r <= 9; r++)
        if (reads & (1u << (r - 6)))
            in[n++] = (struct hu_insn)ALU(BPF_ADD, 0, r);
    in[n++] = (struct hu_insn)LDX(BPF_DW, 2, 10, -8);
    in[n++] = (struct hu_insn)ALU(BPF_ADD, 0, 2);
    in[n++] = (struct hu_insn)EXIT();
    in[call] = (struct hu_insn)CALL_LOCAL((int32_t)(n - call - 1));
    for (int r = 6; r <= 9; r++)
        in[n++] = (struct hu_insn)MOVI(r, 1000);
    in[n++] = (struct hu_insn)MOVI(0, 50);
    if (helper) {
        in[n++] = (struct hu_insn)MOVI(1, 3);
        in[n++] = (struct hu_insn)CALL(HU_HELPER_GET_EXIT_INFO);
    }
    if (fp) {
        in[n++] = (struct hu_insn)STX(BPF_DW, 10, 6, -8);
        in[n++] = (struct hu_insn)LDX(BPF_DW, 3, 10, -8);
        in[n++] = (struct hu_insn)ALU(BPF_ADD, 0, 3);
    }
    in[n++] = (struct hu_insn)ALU(BPF_ADD, 0, 6);
    in[n++] = (struct hu_insn)EXIT();
    return n;
}

static int check(unsigned reads, bool fp, bool helper)
{
    struct hu_insn in[40];
    struct hu_prog p = {.insns = in, .n_insns = build(in, reads, fp, helper)};
    struct hu_verify_limits lim = {HU_EVENT_EXIT, 0};
    struct hu_verify_shape shape = {0};
    struct hu_verify_report rep = {.shape = &shape};
    struct hu_helpers h = {0};
    struct hu_ctx ctx = {.event = HU_EVENT_EXIT};
    struct hu_jit *j;
    uint64_t r0i = 0, r0j = 0;
    char err[512];
    int ret;

    h.fn[HU_HELPER_GET_EXIT_INFO] = aligned_helper;
    if ((ret = hu_verify(&p, &lim, &rep))) {
        fprintf(stderr, "FAIL %x %d %d: verifier: %s: %s\n", reads, fp, helper,
                rep.rule ? rep.rule : "?", rep.details);
        return 1;
    }
    ret = hu_jit_compile_flags(&p, &shape, &h, 0, &j, err, sizeof(err));
    hu_verify_shape_release(&shape);
    if (!ret) {
        ret = hu_jit_run(j, (uintptr_t)&ctx, 0, NULL, &r0j, err, sizeof(err));
        hu_jit_free(j);
    }
    if (!ret)
        ret = hu_interp_run(&p, (uintptr_t)&ctx, 0, &h, &r0i, err, sizeof(err));
    if (ret || r0i != r0j) {
        fprintf(stderr, "FAIL reads %x fp %d helper %d: %s r0 %#llx, interpreter %#llx\n", reads,
                fp, helper, ret ? err : "", (unsigned long long)r0j, (unsigned long long)r0i);
        return 1;
    }
    return 0;
}

int main(void)
{
    int failed = 0, n = 0;

    for (unsigned reads = 0; reads < 16; reads++)
        for (int fp = 0; fp < 2; fp++)
            for (int helper = 0; helper < 2; helper++, n++)
                failed += check(reads, fp, helper);
    printf("jit-local-calls: %d programs, %d failed\n", n, failed);
    return failed != 0;
}
