/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the verifier and both engines: the input is a program (byte 0 picks the
 * event and the guest data, the rest are instruction slots, at most 4096). Every program the
 * verifier accepts runs in the interpreter and in the JIT over a window + guard of exactly their
 * size, fenced by inaccessible pages, with the context and guest memory derived from the input.
 * Built with ASan+UBSan and libFuzzer's coverage: an access outside the window + guard, the frame
 * or the context crashes. A verified program must run to its exit in both engines (no fault, no
 * step budget), the two must agree on r0 and on every byte of the window and guard, and no host
 * address may reach r0. Seeds: the code of the project's own objects. Only verified programs stay
 * in the corpus, and a custom mutator changes whole instruction fields, so most mutants still
 * verify.
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "interp.h"
#include "jit.h"
#include "run.h"
#include "verifier.h"

#define WSIZE 0x4000u
#define SPAN (WSIZE + HU_GUARD_SIZE)
#define FENCE (1u << 16) /* inaccessible on both sides */
#define WBASE 0xffff888000000000ull

static const uint32_t events[] = {HU_EVENT_EXIT,   HU_EVENT_ENTRY,   HU_EVENT_INTERRUPT,
                                  HU_EVENT_MAP,    HU_EVENT_RECLAIM, HU_EVENT_AGING,
                                  HU_EVENT_PREEMPT};

struct world {
    uint8_t *hva; /* SPAN bytes between two fences */
    uint8_t *before, *after;
    struct hu_window w;
    struct hu_ctx ctx;
};

static void setup(struct world *wd)
{
    uint8_t *region = mmap(NULL, SPAN + 2 * FENCE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (region == MAP_FAILED || mprotect(region + FENCE, SPAN, PROT_READ | PROT_WRITE))
        abort();
    wd->hva = region + FENCE;
    wd->before = malloc(SPAN);
    wd->after = malloc(SPAN);
    if (!wd->before || !wd->after)
        abort();
    wd->w = (struct hu_window){.base = WBASE, .size = WSIZE, .hva = wd->hva};
}

/* Guest memory and context from the input's bytes, repeated, or all ones (every masked offset at
 * the window's last byte) when byte 0's top bit is set: the same for both engines. */
static void inputs(struct world *wd, uint32_t event, const uint8_t *data, size_t size)
{
    for (size_t i = 0; i < SPAN; i++)
        wd->before[i] = data[0] & 0x80 ? 0xff : (uint8_t)(data[i % size] + i / size);
    wd->ctx = (struct hu_ctx){.event = event,
                              .vcpu_id = 1,
                              .hva = (uintptr_t)wd->hva,
                              .guest_base = WBASE,
                              .guest_mask = WSIZE - 1};
    memcpy(wd->ctx.args, wd->before, sizeof(wd->ctx.args));
    memcpy(wd->ctx.env, wd->before + sizeof(wd->ctx.args), sizeof(wd->ctx.env));
}

static int is_host(const struct world *wd, uint64_t v)
{
    return (v >= (uintptr_t)wd->hva && v < (uintptr_t)wd->hva + SPAN) ||
           (v >= (uintptr_t)&wd->ctx && v < (uintptr_t)(&wd->ctx + 1));
}

static void fail(const char *what, const char *err)
{
    fprintf(stderr, "%s: %s\n", what, err);
    abort();
}

/* Opcodes a mutation may put in place: the ISA's common forms. */
static const uint8_t codes[] = {0x07, 0x0f, 0x17, 0x1f, 0x27, 0x2f, 0x37, 0x3f, 0x47, 0x4f, 0x57,
                                0x5f, 0x67, 0x6f, 0x77, 0x7f, 0x87, 0x97, 0x9f, 0xa7, 0xaf, 0xb7,
                                0xbf, 0xc7, 0xcf, 0x04, 0x0c, 0x14, 0x54, 0x5c, 0xb4, 0xbc, 0xd4,
                                0xdc, 0xd7, 0x61, 0x69, 0x71, 0x79, 0x81, 0x89, 0x91, 0x62, 0x6a,
                                0x72, 0x7a, 0x63, 0x6b, 0x73, 0x7b, 0xc3, 0xdb, 0x05, 0x15, 0x1d,
                                0x25, 0x2d, 0x35, 0x55, 0x5d, 0xa5, 0xb5, 0x06, 0x16, 0x85, 0x95};
static const int16_t offsets[] = {0, 1, 4, 7, 8, -8, -16, -512, -513, 511, 0x7ff8, 0x7fff, -0x8000};
static const int32_t imms[] = {0, 1, 8, 16, -8, 0xfff, 0x8000, 0xfff8, 0x10000, -1};

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

/* Mutates one field of one instruction, as a verifier-aware attacker would (an opcode for
 * another, a register, an offset or immediate near its value or at an edge), and now and then
 * the bytes at large: whole-slot mutations keep most programs verifiable. */
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    uint64_t r = seed * 0x9e3779b97f4a7c15ull + 1;
    size_t n = size > 1 ? (size - 1) / 8 : 0;

    if (n == 0 || r % 8 == 0)
        return LLVMFuzzerMutate(data, size, max_size);
    for (int m = 1 + (int)(r >> 60) % 3; m > 0; m--) {
        r = r * 6364136223846793005ull + 1442695040888963407ull;
        uint8_t *p = data + 1 + 8 * ((r >> 33) % n);
        int16_t off;
        int32_t imm;
        switch ((r >> 20) % 6) {
        case 0:
            p[0] = codes[(r >> 40) % sizeof(codes)];
            break;
        case 1:
            p[1] = (uint8_t)((r >> 40) % 11 | ((r >> 44) % 11) << 4);
            break;
        case 2:
            off = offsets[(r >> 40) % (sizeof(offsets) / sizeof(offsets[0]))];
            memcpy(p + 2, &off, 2);
            break;
        case 3:
            memcpy(&off, p + 2, 2);
            off = (int16_t)(off + (int)((r >> 40) % 33) - 16);
            memcpy(p + 2, &off, 2);
            break;
        case 4:
            imm = (r >> 40) % 2 ? imms[(r >> 44) % (sizeof(imms) / sizeof(imms[0]))]
                                : (int32_t)(uint32_t)(r >> 8);
            memcpy(p + 4, &imm, 4);
            break;
        default:
            memcpy(&imm, p + 4, 4);
            imm = (int32_t)((uint32_t)imm + (uint32_t)((r >> 40) % 17) - 8);
            memcpy(p + 4, &imm, 4);
            break;
        }
    }
    return size;
}

/* Programs tried and accepted, printed at exit: the share that reaches the engines. */
static unsigned long tried, accepted;

static void print_counts(void)
{
    printf("fuzz_prog: %lu programs, %lu verified and run in both engines\n", tried, accepted);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct world wd;
    static struct hu_insn in[HU_MAX_INSNS_GLOBAL];
    struct hu_prog p = {.insns = in};
    struct hu_verify_limits lim;
    struct hu_verify_report rep = {0};
    struct hu_run run = {.w = &wd.w, .vcpu = 1};
    struct hu_helpers h = hu_run_helpers;
    struct hu_jit *j;
    uint64_t r0 = 0, jit_r0 = 0;
    char err[256];

    if (size < 1 + sizeof(struct hu_insn))
        return -1;
    if (!wd.hva) {
        setup(&wd);
        atexit(print_counts);
    }
    p.event = events[data[0] % (sizeof(events) / sizeof(events[0]))];
    p.n_insns = (uint32_t)((size - 1) / sizeof(struct hu_insn));
    if (p.n_insns > HU_MAX_INSNS_GLOBAL)
        return -1;
    memcpy(in, data + 1, p.n_insns * sizeof(struct hu_insn));
    lim = (struct hu_verify_limits){.event = p.event, .max_insns = HU_MAX_INSNS_GLOBAL};
    tried++;
    if (hu_verify(&p, &lim, &rep))
        return -1; /* not kept in the corpus: mutations start from verified programs */
    accepted++;
    h.cookie = &run;
    inputs(&wd, p.event, data, size);
    memcpy(wd.hva, wd.before, SPAN);
    if (hu_interp_run(&p, (uintptr_t)&wd.ctx, 0, &h, &r0, err, sizeof(err)))
        fail("a verified program faulted in the interpreter", err);
    memcpy(wd.after, wd.hva, SPAN);
    memcpy(wd.hva, wd.before, SPAN);
    if (hu_jit_compile(&p, &h, &j, err, sizeof(err)))
        fail("the JIT refused a verified program", err);
    int ret = hu_jit_run(j, (uintptr_t)&wd.ctx, 0, &run, &jit_r0, err, sizeof(err));
    hu_jit_free(j);
    if (ret)
        fail("a verified program faulted in the JIT", err);
    if (jit_r0 != r0 || memcmp(wd.hva, wd.after, SPAN))
        fail("the engines disagree", jit_r0 != r0 ? "r0" : "guest memory");
    if (is_host(&wd, r0))
        fail("a host address in r0", "");
    return 0;
}
