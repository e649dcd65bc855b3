/* SPDX-License-Identifier: MIT */
/*
 * The interpreter survives programs no verifier has seen: loops stop at the step budget, jumps
 * and falls off the end, runaway recursion, unknown opcodes, helpers and atomics, a truncated
 * ld_imm64 and register fields above r10 are errors with a message, never a crash. Built against
 * the ASan+UBSan library copy.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "insn.h"
#include "interp.h"

static int failures;

/* Runs insns with a budget; expects -EINVAL and `want` in the message. */
static void expect_error(const char *what, struct hu_insn *insns, uint32_t n, uint64_t budget,
                         const char *want)
{
    struct hu_prog p = {.insns = insns, .n_insns = n};
    struct hu_helpers h = {{0}, NULL};
    char err[256] = "";
    uint64_t r0 = 0, steps = 0;
    int ret = hu_interp_exec(&p, 0, 0, &h, budget, &steps, &r0, err, sizeof(err));
    if (ret != -EINVAL || !strstr(err, want)) {
        fprintf(stderr, "%s: got %d '%s', expected -EINVAL '%s'\n", what, ret, err, want);
        failures++;
    }
}

int main(void)
{
    struct hu_insn loop[] = {I(0x05, 0, 0, -1, 0)}; /* ja -1 */
    expect_error("loop", loop, 1, 1000, "step budget of 1000");
    struct hu_insn far[] = {I(0x05, 0, 0, 5, 0), I(0x95, 0, 0, 0, 0)};
    expect_error("jump past the end", far, 2, 0, "outside the program");
    struct hu_insn back[] = {I(0x06, 0, 0, 0, -7), I(0x95, 0, 0, 0, 0)}; /* gotol -7 */
    expect_error("jump before the start", back, 2, 0, "outside the program");
    struct hu_insn falls[] = {I(0xb7, 0, 0, 0, 1)};
    expect_error("falls off the end", falls, 1, 0, "outside the program");
    struct hu_insn recurse[] = {I(0x85, 0, 1, 0, -1), I(0x95, 0, 0, 0, 0)};
    expect_error("recursion", recurse, 2, 0, "deeper than 8 frames");
    struct hu_insn opcode[] = {I(0xff, 0, 0, 0, 0), I(0x95, 0, 0, 0, 0)};
    expect_error("unknown opcode", opcode, 2, 0, "unknown opcode 0xff");
    struct hu_insn helper[] = {I(0x85, 0, 0, 0, 99), I(0x95, 0, 0, 0, 0)};
    expect_error("unknown helper", helper, 2, 0, "unknown helper 99");
    struct hu_insn kfunc[] = {I(0x85, 0, 2, 0, 1), I(0x95, 0, 0, 0, 0)};
    expect_error("call with src=2", kfunc, 2, 0, "unknown helper");
    struct hu_insn callx[] = {I(0xb7, 3, 0, 0, -1), I(0x8d, 3, 0, 0, 0), I(0x95, 0, 0, 0, 0)};
    expect_error("callx of a huge id", callx, 3, 0, "unknown helper");
    struct hu_insn lddw[] = {I(0x18, 0, 0, 0, 1)};
    expect_error("truncated ld_imm64", lddw, 1, 0, "without its second slot");
    struct hu_insn pseudo[] = {I(0x18, 0, 1, 0, 1), I(0, 0, 0, 0, 0), I(0x95, 0, 0, 0, 0)};
    expect_error("map ld_imm64", pseudo, 3, 0, "unresolved ld_imm64");
    struct hu_insn atomic[] = {I(0xbf, 1, 10, 0, 0), I(0xdb, 1, 0, -8, 0x02), I(0x95, 0, 0, 0, 0)};
    expect_error("unknown atomic", atomic, 3, 0, "unknown atomic operation 0x2");
    struct hu_insn swap[] = {I(0xd7, 0, 0, 0, 24), I(0x95, 0, 0, 0, 0)};
    expect_error("byte swap width", swap, 2, 0, "byte swap width 24");

    /* Register fields 11-15 index a 16-entry file: harmless, and r0 is still returned. */
    struct hu_insn high[] = {I(0xb7, 15, 0, 0, 7), I(0xbf, 0, 15, 0, 0), I(0x95, 0, 0, 0, 0)};
    struct hu_prog p = {.insns = high, .n_insns = 3};
    uint64_t r0 = 0, steps = 0;
    char err[256];
    if (hu_interp_exec(&p, 0, 0, NULL, 0, &steps, &r0, err, sizeof(err)) || r0 != 7 || steps != 3) {
        fprintf(stderr, "high registers: r0 %llu steps %llu\n", (unsigned long long)r0,
                (unsigned long long)steps);
        failures++;
    }
    printf("interp_test: %s (%d failures)\n", failures ? "FAIL" : "ok", failures);
    return failures != 0;
}
