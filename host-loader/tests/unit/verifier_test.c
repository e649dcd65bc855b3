/* SPDX-License-Identifier: MIT */
/* Unit test of hu_verify over instruction arrays: each case is a program, the event it runs on,
 * and the expected outcome (accepted, or the rule and instruction index of the rejection). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "insn.h"
#include "internal.h"

#define PROLOGUE LDX(BPF_DW, 2, 1, 8), LDX(BPF_DW, 3, 1, 24), LDX(BPF_DW, 4, 1, 40)
#define MAXI 32

struct tcase {
    const char *name;
    uint32_t event;
    const char *rule; /* NULL: accepted */
    int64_t insn;
    struct hu_insn code[MAXI];
};

#define R HU_EVENT_RECLAIM
/* One case per entry: name, event, expected rule and insn, then its code. */
/* clang-format off */
static const struct tcase cases[] = {
    /* accepted forms */
    {"masked-load", R, NULL, 0,
     {PROLOGUE, ALU(BPF_AND, 4, 3), ALU(BPF_ADD, 4, 2), LDX(BPF_DW, 0, 4, 16), EXIT()}},
    {"masked-load-hva-first", R, NULL, 0,
     {PROLOGUE, ALU(BPF_AND, 4, 3), ALU(BPF_ADD, 2, 4), LDX(BPF_W, 0, 2, 0), EXIT()}},
    {"folded-offset-max", R, NULL, 0,
     {PROLOGUE, ALU(BPF_AND, 4, 3), ALUI(BPF_ADD, 4, 0x8000), ALU(BPF_ADD, 4, 2),
      LDX(BPF_DW, 0, 4, 0x7ff8), EXIT()}},
    {"hva-plus-const-then-mask", R, NULL, 0,
     {PROLOGUE, ALUI(BPF_ADD, 2, 24), ALU(BPF_AND, 4, 3), ALU(BPF_ADD, 4, 2), LDX(BPF_DW, 0, 4, 8),
      EXIT()}},
    {"store-scalar-to-window", R, NULL, 0,
     {PROLOGUE, ALU(BPF_AND, 4, 3), ALU(BPF_ADD, 4, 2), STX(BPF_DW, 4, 3, 0), ST(BPF_W, 4, 8, 7),
      MOVI(0, 0), EXIT()}},
    {"spill-fill-hva-mask", R, NULL, 0,
     {PROLOGUE, STX(BPF_DW, 10, 2, -8), STX(BPF_DW, 10, 3, -16), MOVI(2, 0), MOVI(3, 0),
      LDX(BPF_DW, 5, 10, -8), LDX(BPF_DW, 6, 10, -16), ALU(BPF_AND, 4, 6), ALU(BPF_ADD, 4, 5),
      LDX(BPF_B, 0, 4, 0), EXIT()}},
    {"spill-fill-window-ptr", R, NULL, 0,
     {PROLOGUE, ALU(BPF_AND, 4, 3), ALU(BPF_ADD, 4, 2), STX(BPF_DW, 10, 4, -24),
      LDX(BPF_DW, 7, 10, -24), LDX(BPF_DW, 0, 7, 8), EXIT()}},
    {"stack-buffer", R, NULL, 0,
     {ST(BPF_W, 10, -4, 1), ST(BPF_W, 10, -8, 2), LDX(BPF_DW, 0, 10, -8), MOV(2, 10),
      ALUI(BPF_ADD, 2, -8), LDX(BPF_H, 3, 2, 2), ALU(BPF_ADD, 0, 3), EXIT()}},
    {"merge-same-kinds", R, NULL, 0,
     {PROLOGUE, ALU(BPF_AND, 4, 3), JEQI(4, 0, 2), ALUI(BPF_ADD, 4, 8), JA(1), ALUI(BPF_ADD, 4, 16),
      ALU(BPF_ADD, 4, 2), LDX(BPF_DW, 0, 4, 0), EXIT()}},
    {"helper-scalar-args", HU_EVENT_INTERRUPT, NULL, 0,
     {LDX(BPF_DW, 1, 1, 40), MOVI(2, 0xf0), CALL(HU_HELPER_SEND_VCPU_IPI), EXIT()}},
    {"bpf-call-hva-mask-args", R, NULL, 0,
     {PROLOGUE, MOV(1, 4), MOV(6, 2), MOV(2, 3), MOV(3, 6), CALL_LOCAL(1), EXIT(),
      /* callee(gva, mask, hva) */ ALU(BPF_AND, 1, 2), ALU(BPF_ADD, 1, 3), LDX(BPF_DW, 0, 1, 0),
      EXIT()}},
    {"ctx-narrow-field", R, NULL, 0, {LDX(BPF_W, 0, 1, 4), LDX(BPF_H, 2, 1, 42), EXIT()}},
    {"atomic-window", R, NULL, 0,
     {PROLOGUE, ALU(BPF_AND, 4, 3), ALU(BPF_ADD, 4, 2), MOVI(5, 1),
      ATOMIC(BPF_DW, 4, 5, 0, BPF_ADD | BPF_FETCH), MOV(0, 5), EXIT()}},
    {"ld-imm64-scalar", R, NULL, 0, {LD64(0, 5), EXIT()}},
    /* rejected */
    {"unmasked-access", R, "guest-access-unmasked", 3, {PROLOGUE, LDX(BPF_DW, 0, 4, 0), EXIT()}},
    {"mask-from-constant", R, "guest-access-unmasked", 4,
     {PROLOGUE, ALUI(BPF_AND, 4, 0xfff), ALU(BPF_ADD, 4, 2), LDX(BPF_DW, 0, 4, 0), EXIT()}},
    {"mask-from-guest-base", R, "guest-access-unmasked", 5,
     {PROLOGUE, LDX(BPF_DW, 3, 1, 16), ALU(BPF_AND, 4, 3), ALU(BPF_ADD, 4, 2), LDX(BPF_DW, 0, 4, 0),
      EXIT()}},
    {"offset-past-guard", R, "guest-access-offset", 6,
     {PROLOGUE, ALU(BPF_AND, 4, 3), ALUI(BPF_ADD, 4, 0xfff9), ALU(BPF_ADD, 4, 2),
      LDX(BPF_DW, 0, 4, 0), EXIT()}},
    {"negative-offset", R, "guest-access-offset", 5,
     {PROLOGUE, ALU(BPF_AND, 4, 3), ALU(BPF_ADD, 4, 2), LDX(BPF_DW, 0, 4, -8), EXIT()}},
    {"store-ctx", R, "ctx-store", 0, {ST(BPF_DW, 1, 40, 0), MOVI(0, 0), EXIT()}},
    {"ctx-out-of-bounds", R, "ctx-access", 0, {LDX(BPF_DW, 0, 1, 152), EXIT()}},
    {"ctx-misaligned", R, "ctx-access", 0, {LDX(BPF_DW, 0, 1, 44), EXIT()}},
    {"ctx-hva-narrow", R, "ctx-access", 0, {LDX(BPF_W, 0, 1, 8), EXIT()}},
    {"stack-out-of-frame", R, "stack-out-of-frame", 0, {ST(BPF_DW, 10, -520, 0), EXIT()}},
    {"stack-above-fp", R, "stack-out-of-frame", 0, {LDX(BPF_W, 0, 10, -2), EXIT()}},
    {"stack-uninit", R, "stack-uninit-read", 1,
     {ST(BPF_W, 10, -8, 0), LDX(BPF_DW, 0, 10, -8), EXIT()}},
    {"uninit-register", R, "uninit-register", 0, {MOV(0, 5), EXIT()}},
    /* hu_fire_slot leaves r0's host address in r2 at entry: it must stay unreadable. */
    {"uninit-r2-entry", R, "uninit-register", 0, {MOV(0, 2), EXIT()}},
    {"uninit-r0-exit", R, "uninit-register", 0, {EXIT()}},
    {"back-edge", R, "back-edge", 1, {MOVI(0, 0), JA(-2), EXIT()}},
    {"self-loop", R, "back-edge", 1, {MOVI(0, 0), JA(-1), EXIT()}},
    {"jump-into-ldimm64", R, "jump-into-ld-imm64", 0, {JA(1), LD64(0, 1), EXIT()}},
    {"jump-out-of-range", R, "jump-out-of-range", 1, {MOVI(0, 0), JA(5), EXIT()}},
    {"r10-write", R, "r10-write", 0, {MOVI(10, 0), EXIT()}},
    {"unknown-opcode", R, "bad-opcode", 0, {I(0xff, 0, 0, 0, 0), EXIT()}},
    {"reserved-field", R, "bad-opcode", 0, {I(BPF_ALU64 | BPF_ADD, 0, 1, 0, 0), EXIT()}},
    {"bad-helper-id", R, "helper-unknown", 1, {MOVI(1, 0), CALL(99), EXIT()}},
    {"helper-not-allowed", R, "helper-not-allowed", 1,
     {MOVI(1, 0), CALL(HU_HELPER_GET_EXIT_INFO), EXIT()}},
    {"helper-host-pointer", R, "helper-arg-pointer", 4,
     {LDX(BPF_DW, 1, 1, 8), MOVI(2, 0), MOVI(3, 8), MOVI(0, 0), CALL(HU_HELPER_MEMSET), EXIT()}},
    {"helper-stack-pointer", R, "helper-arg-pointer", 3,
     {MOV(1, 10), MOVI(2, 0), MOVI(3, 8), CALL(HU_HELPER_MEMSET), EXIT()}},
    {"store-hva-to-window", R, "host-pointer-leak", 5,
     {PROLOGUE, ALU(BPF_AND, 4, 3), ALU(BPF_ADD, 4, 2), STX(BPF_DW, 4, 2, 0), MOVI(0, 0), EXIT()}},
    {"store-stack-ptr-to-window", R, "host-pointer-leak", 5,
     {PROLOGUE, ALU(BPF_AND, 4, 3), ALU(BPF_ADD, 4, 2), STX(BPF_DW, 4, 10, 0), MOVI(0, 0), EXIT()}},
    {"return-hva", R, "host-pointer-return", 1, {LDX(BPF_DW, 0, 1, 8), EXIT()}},
    {"return-ctx", R, "host-pointer-return", 1, {MOV(0, 1), EXIT()}},
    {"hva-plus-scalar", R, "guest-access-unmasked", 3, {PROLOGUE, ALU(BPF_ADD, 2, 4), EXIT()}},
    {"mask-then-add-variable", R, "guest-access-unmasked", 5,
     {PROLOGUE, ALU(BPF_AND, 4, 3), ALU(BPF_ADD, 4, 4), ALU(BPF_ADD, 4, 2), EXIT()}},
    {"double-mask", R, "pointer-arithmetic", 7,
     {PROLOGUE, MOV(5, 4), ALU(BPF_AND, 4, 3), ALU(BPF_AND, 5, 3), ALU(BPF_ADD, 4, 2),
      ALU(BPF_ADD, 4, 5), EXIT()}},
    {"sub-pointers", R, "pointer-arithmetic", 4, {PROLOGUE, MOV(5, 2), ALU(BPF_SUB, 5, 2), EXIT()}},
    {"alu32-on-pointer", R, "pointer-arithmetic", 3, {PROLOGUE, ALU32(BPF_ADD, 2, 4), EXIT()}},
    {"mov32-of-pointer", R, "pointer-arithmetic", 3, {PROLOGUE, MOV32(5, 2), EXIT()}},
    {"narrow-fill-of-spill", R, "stack-pointer-fill", 4,
     {PROLOGUE, STX(BPF_DW, 10, 2, -8), LDX(BPF_W, 5, 10, -8), EXIT()}},
    {"partial-overwrite-then-fill", R, "stack-pointer-fill", 5,
     {PROLOGUE, STX(BPF_DW, 10, 2, -8), ST(BPF_W, 10, -8, 0), LDX(BPF_DW, 5, 10, -8), EXIT()}},
    {"narrow-spill-of-pointer", R, "host-pointer-leak", 3,
     {PROLOGUE, STX(BPF_W, 10, 2, -8), EXIT()}},
    {"compare-pointer", R, "pointer-compare", 3, {PROLOGUE, JEQ(2, 4, 0), MOVI(0, 0), EXIT()}},
    {"merge-pointer-and-scalar", R, "mixed-kinds", 6,
     {PROLOGUE, JEQI(4, 0, 1), MOVI(2, 0), ALU(BPF_AND, 4, 3), ALU(BPF_ADD, 4, 2),
      LDX(BPF_DW, 0, 4, 0), EXIT()}},
    {"callee-r1-not-ctx", R, "guest-access-unmasked", 3,
     {MOVI(1, 0), CALL_LOCAL(1), EXIT(), LDX(BPF_DW, 0, 1, 8), EXIT()}},
    {"recursion", R, "recursion", 1, {MOVI(0, 0), CALL_LOCAL(-2), EXIT()}},
    {"stack-pointer-to-callee", R, "stack-pointer-escape", 1,
     {MOV(1, 10), CALL_LOCAL(1), EXIT(), MOVI(0, 0), EXIT()}},
    {"fall-through-end", R, "fall-through-end", 0, {MOVI(0, 0)}},
    {"atomic-on-ctx", R, "atomic-target", 1,
     {MOVI(2, 1), ATOMIC(BPF_DW, 1, 2, 40, BPF_ADD), MOVI(0, 0), EXIT()}},
    {"atomic-bad-width", R, "bad-opcode", 1,
     {MOVI(2, 1), ATOMIC(BPF_H, 10, 2, -8, BPF_ADD), EXIT()}},
    {"ldimm64-map", R, "bad-opcode", 0, {I(BPF_LD_IMM64, 0, 1, 0, 0), I(0, 0, 0, 0, 0), EXIT()}},
    {"atomic-stack-misaligned", R, "atomic-misaligned", 2,
     {ST(BPF_DW, 10, -16, 0), MOVI(2, 1), ATOMIC(BPF_W, 10, 2, -10, BPF_ADD), MOVI(0, 0), EXIT()}},
    {"call-depth-8-ok", R, NULL, 0,
     {CALL_LOCAL(1), EXIT(), CALL_LOCAL(1), EXIT(), CALL_LOCAL(1), EXIT(), CALL_LOCAL(1), EXIT(),
      CALL_LOCAL(1), EXIT(), CALL_LOCAL(1), EXIT(), CALL_LOCAL(1), EXIT(), MOVI(0, 0), EXIT()}},
    {"call-depth-9", R, "call-depth", 14,
     {CALL_LOCAL(1), EXIT(), CALL_LOCAL(1), EXIT(), CALL_LOCAL(1), EXIT(), CALL_LOCAL(1), EXIT(),
      CALL_LOCAL(1), EXIT(), CALL_LOCAL(1), EXIT(), CALL_LOCAL(1), EXIT(), CALL_LOCAL(1), EXIT(),
      MOVI(0, 0), EXIT()}},
    {"call-target-outside", R, "call-target", 0, {CALL_LOCAL(100), EXIT()}},
    {"call-into-ld-imm64", R, "call-target", 0, {CALL_LOCAL(2), EXIT(), LD64(0, 1), EXIT()}},
    {"fall-into-next-function", R, "fall-through-end", 2,
     {MOVI(0, 0), CALL_LOCAL(1), MOVI(0, 1), MOVI(0, 2), EXIT()}},
    {"empty-program", R, "empty-program", -1, {{0}}},
    {"fetch-into-r10", R, "r10-write", 1,
     {ST(BPF_DW, 10, -8, 0), ATOMIC(BPF_DW, 10, 10, -8, BPF_XCHG), MOVI(0, 0), EXIT()}},
    /* every instruction is reachable from the entry (the JIT refused these, the verifier did not) */
    {"unreachable-last-insn", R, "unreachable", 2, {MOVI(0, 0), EXIT(), MOVI(0, 1)}},
    {"unreachable-jumped-over", R, "unreachable", 2, {MOVI(0, 0), JA(1), MOVI(0, 1), EXIT()}},
    {"unreachable-after-ja", R, "unreachable", 3,
     {MOVI(0, 0), JEQI(0, 0, 2), JA(2), MOVI(0, 1), EXIT(), MOVI(0, 2), EXIT()}},
    {"call-from-dead-code", R, "unreachable", 2,
     {MOVI(0, 0), EXIT(), CALL_LOCAL(1), EXIT(), MOVI(0, 0), EXIT()}},
    {"dead-code-in-callee", R, "unreachable", 4,
     {CALL_LOCAL(1), EXIT(), MOVI(0, 0), JA(1), EXIT(), MOVI(0, 1), EXIT()}},
    /* run-time bound: helper bytes; memset in a callee, called 16 (budget) and 17 times */
    {"helper-bytes-16-calls", R, NULL, 0,
     {CALL_LOCAL(16), CALL_LOCAL(15), CALL_LOCAL(14), CALL_LOCAL(13), CALL_LOCAL(12),
      CALL_LOCAL(11), CALL_LOCAL(10), CALL_LOCAL(9), CALL_LOCAL(8), CALL_LOCAL(7), CALL_LOCAL(6),
      CALL_LOCAL(5), CALL_LOCAL(4), CALL_LOCAL(3), CALL_LOCAL(2), CALL_LOCAL(1), EXIT(),
      MOVI(1, 0), MOVI(2, 0), MOVI(3, 0), CALL(HU_HELPER_MEMSET), EXIT()}},
    {"helper-bytes-17-calls", R, "helper-byte-budget", 0,
     {CALL_LOCAL(17), CALL_LOCAL(16), CALL_LOCAL(15), CALL_LOCAL(14), CALL_LOCAL(13),
      CALL_LOCAL(12), CALL_LOCAL(11), CALL_LOCAL(10), CALL_LOCAL(9), CALL_LOCAL(8), CALL_LOCAL(7),
      CALL_LOCAL(6), CALL_LOCAL(5), CALL_LOCAL(4), CALL_LOCAL(3), CALL_LOCAL(2), CALL_LOCAL(1),
      EXIT(), MOVI(1, 0), MOVI(2, 0), MOVI(3, 0), CALL(HU_HELPER_MEMCPY), EXIT()}},
};
/* clang-format on */

/* Programs are the case's code up to its trailing all-zero slots. */
static size_t code_len(const struct tcase *c)
{
    static const struct hu_insn zero;
    size_t n = MAXI;

    while (n > 0 && !memcmp(&c->code[n - 1], &zero, sizeof(zero)))
        n--;
    return n;
}

static int run_case(const struct tcase *c)
{
    struct hu_prog p = {.event = c->event, .insns = (struct hu_insn *)c->code};
    struct hu_verify_limits lim = {.event = c->event};
    struct hu_verify_report rep = {0};
    int err;

    p.n_insns = code_len(c);
    err = hu_verify(&p, &lim, &rep);
    if (!c->rule && err == 0)
        return 0;
    if (c->rule && err == -EACCES && rep.rule && !strcmp(rep.rule, c->rule) && rep.insn == c->insn)
        return 0;
    fprintf(stderr, "FAIL %s: expected %s at %lld, got %d: %s\n", c->name,
            c->rule ? c->rule : "accept", (long long)c->insn, err, rep.details);
    return 1;
}

/* The kinds text for disasm --kinds: check what the masked-load case reports. */
static char kinds_seen[8][256];

static void record_kinds(void *arg, uint32_t insn, const char *kinds)
{
    (void)arg;
    if (insn < 8)
        snprintf(kinds_seen[insn], sizeof(kinds_seen[insn]), "%s", kinds);
}

static int check_kinds_text(void)
{
    struct hu_prog p = {.event = R, .insns = (struct hu_insn *)cases[0].code, .n_insns = 7};
    struct hu_verify_limits lim = {.event = R};
    struct hu_verify_report rep = {.kinds_fn = record_kinds};
    const char *want5 = "r1=ctx r2=hva r3=mask r4=hva+(x&mask) r10=fp";

    if (hu_verify(&p, &lim, &rep) != 0 || strcmp(kinds_seen[5], want5) ||
        strcmp(kinds_seen[0], "r1=ctx r10=fp")) {
        fprintf(stderr, "FAIL kinds text: insn 0 '%s', insn 5 '%s'\n", kinds_seen[0],
                kinds_seen[5]);
        return 1;
    }
    return 0;
}

static int check_limits(void)
{
    static struct hu_insn big[HU_MAX_INSNS_GLOBAL + 1];
    struct hu_prog p = {.insns = big, .n_insns = HU_MAX_INSNS_GLOBAL + 1};
    struct hu_verify_limits global = {.event = R}, local = {.event = HU_EVENT_EXIT};
    struct hu_verify_report rep = {0};
    int fails = 0;

    for (size_t i = 0; i + 1 < HU_MAX_INSNS_GLOBAL + 1; i++)
        big[i] = (struct hu_insn)MOVI(0, 1);
    big[HU_MAX_INSNS_GLOBAL] = (struct hu_insn)EXIT();
    if (hu_verify(&p, &global, &rep) != -EACCES || strcmp(rep.rule, "too-many-insns")) {
        fprintf(stderr, "FAIL global limit: %s\n", rep.details);
        fails++;
    }
    if (hu_verify(&p, &local, &rep) != 0) {
        fprintf(stderr, "FAIL local limit: %s\n", rep.details);
        fails++;
    }
    local.max_insns = 100; /* a configured local limit */
    if (hu_verify(&p, &local, &rep) != -EACCES || strcmp(rep.rule, "too-many-insns")) {
        fprintf(stderr, "FAIL configured limit: %s\n", rep.details);
        fails++;
    }
    local.event = 99;
    if (hu_verify(&p, &local, &rep) != -EINVAL || hu_verify(NULL, &local, &rep) != -EINVAL) {
        fprintf(stderr, "FAIL unknown event or no program accepted\n");
        fails++;
    }
    return fails;
}

/* Functions 0..depth-1, each `calls` calls of the next (the last: r0 = 0, then exit), and
 * `extra` moves before the entry's exit: returns the instruction count. */
static uint32_t call_chain(struct hu_insn *in, int depth, int calls, int extra)
{
    uint32_t n = 0;

    for (int f = 0; f < depth; f++) {
        uint32_t next = n + (f + 1 < depth ? (uint32_t)calls : 0) + (f ? 1 : (uint32_t)extra) + 1;

        for (int c = 0; f + 1 < depth && c < calls; c++, n++)
            in[n] = (struct hu_insn)CALL_LOCAL((int32_t)(next - n - 1));
        for (int m = 0; m < (f ? 1 : extra); m++)
            in[n++] = (struct hu_insn)MOVI(0, 0);
        in[n++] = (struct hu_insn)EXIT();
    }
    return n;
}

static int expect(const char *name, struct hu_insn *in, uint32_t n, uint32_t event,
                  const char *rule, int64_t insn)
{
    struct hu_prog p = {.event = event, .insns = in, .n_insns = n};
    struct hu_verify_limits lim = {.event = event};
    struct hu_verify_report rep = {0};
    int err = hu_verify(&p, &lim, &rep);

    if (rule ? err == -EACCES && rep.rule && !strcmp(rep.rule, rule) && rep.insn == insn : !err)
        return 0;
    fprintf(stderr, "FAIL %s: expected %s at %lld, got %d: %s: %s\n", name, rule ? rule : "accept",
            (long long)insn, err, rep.rule ? rep.rule : "-", rep.details);
    return 1;
}

/* Executed instructions, callees counted at each call site, against the event's limit. */
static int check_run_time_bound(void)
{
    static struct hu_insn in[HU_MAX_INSNS_GLOBAL];
    int fails = 0;

    /* 8 frames, each function calling the next 500 times: 3,516 instructions, 500^7 calls. */
    uint32_t n = call_chain(in, 8, 500, 1);
    fails += expect("call-chain-8x500", in, n, R, "run-time-bound", 0);
    /* 1364 calls of a 2-instruction function, 3 moves and exit: exactly 4096 executed. */
    n = call_chain(in, 2, 1364, 3);
    fails += expect("executed-4096", in, n, R, NULL, 0);
    n = call_chain(in, 2, 1364, 4);
    fails += expect("executed-4097", in, n, R, "run-time-bound", 0);
    fails += expect("executed-4097-local", in, n, HU_EVENT_EXIT, NULL, 0);
    return fails;
}

/* `m` conditional jumps, each to its own target past all of them: m states wait at once. */
static uint32_t pending_jumps(struct hu_insn *in, uint32_t m)
{
    uint32_t n = 0;

    in[n++] = (struct hu_insn)MOVI(0, 0);
    while (n <= m)
        in[n++] = (struct hu_insn)JEQI(0, 0, (int16_t)m);
    while (n <= 2 * m + 1)
        in[n++] = (struct hu_insn)MOVI(0, 0);
    in[n++] = (struct hu_insn)EXIT();
    return n;
}

/* Verification memory is bounded: at most HU_VERIFY_MAX_PENDING merge states wait at once. */
static int check_pending_limit(void)
{
    static struct hu_insn in[2 * HU_VERIFY_MAX_PENDING + 5];
    uint32_t n = pending_jumps(in, HU_VERIFY_MAX_PENDING);
    int fails = expect("pending-at-limit", in, n, R, NULL, 0);

    n = pending_jumps(in, HU_VERIFY_MAX_PENDING + 1);
    return fails + expect("pending-over-limit", in, n, R, "too-many-pending-jumps",
                          HU_VERIFY_MAX_PENDING + 1);
}

/* The structure handed to the engines: flags, functions, their frames, stack and worst cases. */
static int check_shape(void)
{
    static const struct hu_insn code[] = {LD64(0, 5),
                                          JEQI(0, 0, 2),
                                          CALL_LOCAL(3),
                                          JA(1),
                                          MOVI(0, 1),
                                          EXIT(),
                                          /* 7: */ ST(BPF_DW, 10, -16, 0),
                                          MOVI(1, 0),
                                          MOVI(2, 0),
                                          MOVI(3, 8),
                                          CALL(HU_HELPER_MEMSET),
                                          EXIT()};
    static const uint8_t flags[] = {HU_SHAPE_FUNC_START,
                                    HU_SHAPE_LDIMM_HI,
                                    0,
                                    0,
                                    0,
                                    HU_SHAPE_JUMP_TARGET,
                                    HU_SHAPE_JUMP_TARGET,
                                    HU_SHAPE_FUNC_START,
                                    0,
                                    0,
                                    0,
                                    0,
                                    0};
    const struct hu_verify_func want[] = {{0, 7, 2, 0, 11, HU_HELPER_MAX_LEN},
                                          {7, 13, 1, 16, 6, HU_HELPER_MAX_LEN}};
    struct hu_prog p = {.event = R, .insns = (struct hu_insn *)code, .n_insns = 13};
    struct hu_verify_limits lim = {.event = R};
    struct hu_verify_shape sh = {0};
    struct hu_verify_report rep = {.shape = &sh};
    int bad = hu_verify(&p, &lim, &rep) != 0 || sh.n_insns != 13 || sh.n_funcs != 2 ||
              sh.entry_func != 0 || sh.max_insns != 11 ||
              sh.max_helper_bytes != HU_HELPER_MAX_LEN || sh.max_frames != 2;

    for (uint32_t i = 0; !bad && i < 13; i++)
        bad |= sh.insn[i] != flags[i];
    for (uint32_t i = 0; !bad && i < 2; i++)
        bad |= memcmp(&sh.funcs[i], &want[i], sizeof(want[i])) != 0;
    if (bad)
        fprintf(stderr, "FAIL shape: %s; max_insns %llu, bytes %llu, frames %u\n", rep.details,
                (unsigned long long)sh.max_insns, (unsigned long long)sh.max_helper_bytes,
                sh.max_frames);
    hu_verify_shape_release(&sh);
    return bad;
}

int main(void)
{
    size_t n = sizeof(cases) / sizeof(cases[0]);
    int fails = 0;

    for (size_t i = 0; i < n; i++)
        fails += run_case(&cases[i]);
    fails += check_kinds_text();
    fails += check_limits();
    fails += check_run_time_bound();
    fails += check_shape();
    fails += check_pending_limit();
    printf("verifier unit test: %zu cases + kinds, limits, run-time bound, shape, pending: %d "
           "failed\n",
           n, fails);
    return fails != 0;
}
