/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the verifier and both engines: the input is a program (byte 0 picks the
 * event, the rest are instruction slots, at most the event's limit). Every program the verifier
 * accepts runs in the interpreter and in the JIT over a window + guard of exactly their size,
 * fenced by inaccessible pages, with the context and guest memory derived from the input. Built
 * with ASan+UBSan and libFuzzer's coverage: an access outside the window + guard, the frame or the
 * context crashes. A verified program must run to its exit in both engines (no fault, no step
 * budget), the two must agree on r0 and on every byte of the window and guard, and no host address
 * may reach r0. Seeds: the code of the project's own objects.
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

/* Guest memory and context from the input's bytes, repeated: the same for both engines. */
static void inputs(struct world *wd, uint32_t event, const uint8_t *data, size_t size)
{
    for (size_t i = 0; i < SPAN; i++)
        wd->before[i] = size ? (uint8_t)(data[i % size] + i / size) : 0;
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
        return 0;
    if (!wd.hva) {
        setup(&wd);
        atexit(print_counts);
    }
    p.event = events[data[0] % (sizeof(events) / sizeof(events[0]))];
    p.n_insns = (uint32_t)((size - 1) / sizeof(struct hu_insn));
    if (p.n_insns > HU_MAX_INSNS_GLOBAL)
        return 0;
    memcpy(in, data + 1, p.n_insns * sizeof(struct hu_insn));
    lim = (struct hu_verify_limits){.event = p.event, .max_insns = HU_MAX_INSNS_GLOBAL};
    tried++;
    if (hu_verify(&p, &lim, &rep))
        return 0;
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
