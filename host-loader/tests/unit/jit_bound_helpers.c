/* SPDX-License-Identifier: MIT */
/*
 * The JIT's helpers bound at registration (jit_inline_helpers.c) against helpers.c, which the
 * interpreter calls:
 * - memcpy, memset and cmpxchg compiled inline give the interpreter's r0 and window bytes over
 *   seeded arguments: addresses inside, outside (wrapping by the mask) and at the edges of
 *   windows of 4 KiB to 1 MiB in the mirrored-guard layout, lengths 0, at and past the window's
 *   end and HU_HELPER_MAX_LEN, overlapping copies, misaligned cmpxchg; r6-r9 survive each call;
 * - a backend without trace is called directly with its priv, the run's vCPU and the helper's
 *   declared arguments, and a missing callback still answers -ENOSYS;
 * - a backend with trace sees every call, the library's helpers included, as with the
 *   interpreter.
 * Every program is verified and compiled with its shape, as registration does. ASan+UBSan.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "insn.h"
#include "jit.h"
#include "run.h"
#include "xorshift.h"

#define VCPU 3
#define OFF_ARG(k) (HU_CTX_OFF_ARGS + 8 * (k))
#define OFF_ENV(k) (HU_CTX_OFF_ENV + 8 * (k))

/* A verified program and both engines' forms of it, the JIT's bound to `jit_run`. */
struct engines {
    struct hu_interp *interp;
    struct hu_jit *jit;
};

/* r6-r9 = env[0..3]; r1-r5 = args[0..4]; call `id`; r0 ^= r6 ^ r7 ^ r8 ^ r9. */
static int build(struct engines *e, int32_t id, const struct hu_run *jit_run)
{
    struct hu_insn in[] = {
        MOV(0, 1),
        LDX(BPF_DW, 6, 0, OFF_ENV(0)),
        LDX(BPF_DW, 7, 0, OFF_ENV(1)),
        LDX(BPF_DW, 8, 0, OFF_ENV(2)),
        LDX(BPF_DW, 9, 0, OFF_ENV(3)),
        LDX(BPF_DW, 1, 0, OFF_ARG(0)),
        LDX(BPF_DW, 2, 0, OFF_ARG(1)),
        LDX(BPF_DW, 3, 0, OFF_ARG(2)),
        LDX(BPF_DW, 4, 0, OFF_ARG(3)),
        LDX(BPF_DW, 5, 0, OFF_ARG(4)),
        CALL(id),
        ALU(BPF_XOR, 0, 6),
        ALU(BPF_XOR, 0, 7),
        ALU(BPF_XOR, 0, 8),
        ALU(BPF_XOR, 0, 9),
        EXIT(),
    };
    struct hu_prog p = {.name = "bound",
                        .event = HU_EVENT_EXIT,
                        .insns = in,
                        .n_insns = sizeof(in) / sizeof(in[0])};
    struct hu_verify_shape shape = {0};
    struct hu_verify_limits lim = {HU_EVENT_EXIT, 0};
    struct hu_verify_report rep = {.insn = -1, .shape = &shape};
    char err[256] = "";
    int ret = hu_verify(&p, &lim, &rep);

    if (!ret)
        ret = hu_interp_prepare(&p, &shape, &hu_run_helpers, &e->interp, err, sizeof(err));
    if (!ret)
        ret = hu_jit_compile_bound(&p, &shape, &hu_run_helpers, jit_run, 0, &e->jit, err,
                                   sizeof(err));
    if (ret)
        fprintf(stderr, "helper %d: %d %s %s\n", id, ret, rep.details, err);
    hu_verify_shape_release(&shape);
    return ret;
}

static void release(struct engines *e)
{
    hu_interp_free(e->interp);
    hu_jit_free(e->jit);
}

/* Runs both engines on one context; their r0 must agree. */
static void run_both(const struct engines *e, const struct hu_ctx *ctx, struct hu_run *ri,
                     struct hu_run *rj, const char *what)
{
    uint64_t r0i = 1, r0j = 2;
    char err[256];

    CHECK(hu_interp_call(e->interp, (uint64_t)(uintptr_t)ctx, 0, ri, 0, NULL, &r0i, err,
                         sizeof(err)) == 0);
    CHECK(hu_jit_run(e->jit, (uint64_t)(uintptr_t)ctx, 0, rj, &r0j, err, sizeof(err)) == 0);
    if (r0i != r0j) {
        fprintf(stderr, "%s(%#llx, %#llx, %#llx): interpreter %#llx, JIT %#llx\n", what,
                (unsigned long long)ctx->args[0], (unsigned long long)ctx->args[1],
                (unsigned long long)ctx->args[2], (unsigned long long)r0i, (unsigned long long)r0j);
        failures++;
    }
}

/* A window offset near the interesting places: the start, the end, anywhere. */
static uint64_t pick_off(uint64_t *rng, uint64_t size)
{
    uint64_t k = xorshift64(rng) % 24;

    switch (xorshift64(rng) % 4) {
    case 0:
        return k;
    case 1:
        return size - 1 - k;
    case 2:
        return (xorshift64(rng) % size) & ~7ull;
    default:
        return xorshift64(rng) % size;
    }
}

/* The guest address of window offset `off`, inside the window or wrapping into it. */
static uint64_t gva_of(uint64_t *rng, uint64_t base, uint64_t size, uint64_t off)
{
    switch (xorshift64(rng) % 4) {
    case 0:
        return base + off + size * (1 + xorshift64(rng) % 9);
    case 1:
        return (xorshift64(rng) & ~(size - 1)) | off;
    default:
        return base + off;
    }
}

/* A length for offset `off`: 0, small, at and around the window's end and the helper limit. */
static uint64_t pick_len(uint64_t *rng, uint64_t size, uint64_t off)
{
    uint64_t room = size - off;

    switch (xorshift64(rng) % 8) {
    case 0:
        return xorshift64(rng) % 3;
    case 1:
        return room + xorshift64(rng) % 3 - 1;
    case 2:
        return HU_HELPER_MAX_LEN + xorshift64(rng) % 3 - 1;
    case 3:
        return (uint64_t)1 << (xorshift64(rng) % 64);
    case 4:
        return UINT64_MAX - xorshift64(rng) % 4;
    default:
        return xorshift64(rng) % 300;
    }
}

/* One seeded case of `id` on windows wi (interpreter) and wj (JIT) holding the same bytes. */
static void fill_case(uint64_t *rng, int32_t id, const struct hu_window *wi, struct hu_ctx *ctx)
{
    uint64_t base = wi->base, size = wi->size, off = pick_off(rng, size);

    ctx->args[0] = gva_of(rng, base, size, off);
    ctx->args[2] = pick_len(rng, size, off);
    if (id == HU_HELPER_MEMCPY) {
        uint64_t src = xorshift64(rng) % 2 ? off + xorshift64(rng) % 64 - 32 : pick_off(rng, size);
        ctx->args[1] = gva_of(rng, base, size, src & (size - 1));
        if (xorshift64(rng) % 2) /* lengths that overlap the other range */
            ctx->args[2] = xorshift64(rng) % 96;
    } else if (id == HU_HELPER_MEMSET) {
        ctx->args[1] = xorshift64(rng);
    } else {
        uint64_t cur;
        if (xorshift64(rng) % 4)
            ctx->args[0] &= ~7ull;
        memcpy(&cur, wi->hva + (ctx->args[0] & (size - 1) & ~7ull), 8);
        ctx->args[1] = xorshift64(rng) % 2 ? cur : xorshift64(rng);
        ctx->args[2] = xorshift64(rng);
    }
    for (int k = 3; k < 6; k++)
        ctx->args[k] = xorshift64(rng);
    for (int k = 0; k < 4; k++)
        ctx->env[k] = xorshift64(rng);
}

/* memcpy, memset, cmpxchg: `cases` seeded calls each on a window of `size` bytes. */
static void diff_memory(uint64_t size, int cases, uint64_t seed)
{
    static const int32_t ids[] = {HU_HELPER_MEMCPY, HU_HELPER_MEMSET, HU_HELPER_CMPXCHG};
    static const char *const names[] = {"memcpy", "memset", "cmpxchg"};
    uint64_t rng = seed, base = size * (0x1000 + seed % 0x100);
    struct hu_window *wi = NULL, *wj = NULL;
    char err[256] = "";

    if (hu_window_alloc(base, size, &wi, err, sizeof(err)) ||
        hu_window_alloc(base, size, &wj, err, sizeof(err))) {
        fprintf(stderr, "hu_window_alloc: %s\n", err);
        failures++;
        return;
    }
    for (uint64_t k = 0; k < size; k++)
        wi->hva[k] = wj->hva[k] = (uint8_t)xorshift64(&rng);
    struct hu_run ri = hu_run_make(NULL, NULL, wi, VCPU), rj = hu_run_make(NULL, NULL, wj, VCPU);
    for (int h = 0; h < 3; h++) {
        struct engines e = {0};
        if (build(&e, ids[h], &rj)) {
            failures++;
            continue;
        }
        for (int c = 0; c < cases; c++) {
            struct hu_ctx ctx = {.event = HU_EVENT_EXIT, .vcpu_id = VCPU};
            fill_case(&rng, ids[h], wi, &ctx);
            run_both(&e, &ctx, &ri, &rj, names[h]);
            if (memcmp(wi->hva, wj->hva, size)) {
                fprintf(stderr, "%s(%#llx, %#llx, %#llx): the windows differ (size %#llx)\n",
                        names[h], (unsigned long long)ctx.args[0], (unsigned long long)ctx.args[1],
                        (unsigned long long)ctx.args[2], (unsigned long long)size);
                failures++;
                memcpy(wj->hva, wi->hva, size);
            }
        }
        release(&e);
    }
    hu_window_free(wi);
    hu_window_free(wj);
}

/* A backend's calls as it saw them. */
struct seen {
    uint32_t n, helper, vcpu_self;
    uint64_t args[5], ret;
};

static uint64_t answer(struct seen *s, uint32_t vcpu_self, uint64_t a1, uint64_t a2, uint64_t a3)
{
    s->n++;
    s->vcpu_self = vcpu_self;
    s->args[0] = a1;
    s->args[1] = a2;
    s->args[2] = a3;
    return a1 * 3 + a2 * 5 + a3 * 7 + vcpu_self;
}
static uint64_t b_ipi(void *p, uint32_t v, uint64_t a1, uint64_t a2)
{
    return answer(p, v, a1, a2, 0);
}
static uint64_t b_get(void *p, uint32_t v, uint64_t a1, uint64_t a2)
{
    return answer(p, v, a1, a2, 0) ^ 1;
}
static uint64_t b_set(void *p, uint32_t v, uint64_t a1, uint64_t a2, uint64_t a3)
{
    return answer(p, v, a1, a2, a3);
}
static uint64_t b_flush(void *p, uint32_t v, uint64_t a1)
{
    return answer(p, v, a1, 0, 0) ^ 2;
}
static void b_trace(void *p, uint32_t v, uint32_t helper, const uint64_t args[5], uint64_t ret)
{
    struct seen *s = p;
    s->n++;
    s->helper = helper;
    s->vcpu_self = v;
    memcpy(s->args, args, sizeof(s->args));
    s->ret = ret;
}

/* Every helper on both engines with backend `b`, each on its own window (wi, wj, the same
 * bytes): the same r0 and the same call seen, once per run: by trace when `b` has it, else by
 * the callback `b` has for the helper (none for the library's helpers and get_exit_info). */
static void check_backend(const struct hu_backend *b, struct hu_window *wi, struct hu_window *wj)
{
    struct seen si = {0}, sj = {0};
    struct hu_run ri = hu_run_make(b, &si, wi, VCPU), rj = hu_run_make(b, &sj, wj, VCPU);
    uint64_t rng = 99;

    for (int32_t id = 1; id <= HU_HELPER_MAX; id++) {
        struct engines e = {0};
        bool own = id == HU_HELPER_SEND_VCPU_IPI || id == HU_HELPER_GET_VCPU_REGISTER ||
                   id == HU_HELPER_SET_VCPU_REGISTER || id == HU_HELPER_FLUSH_TLB_VCPU;
        if (build(&e, id, &rj)) {
            failures++;
            continue;
        }
        for (int c = 0; c < 16; c++) {
            struct hu_ctx ctx = {.event = HU_EVENT_EXIT, .vcpu_id = VCPU};
            for (int k = 0; k < 6; k++)
                ctx.args[k] = xorshift64(&rng) >> (c % 4 * 16);
            for (int k = 0; k < 4; k++)
                ctx.env[k] = xorshift64(&rng);
            ctx.args[0] = wi->base + (ctx.args[0] & 0xff8);
            si.n = sj.n = 0;
            run_both(&e, &ctx, &ri, &rj, hu_helper_name((uint32_t)id));
            CHECK(si.n == sj.n && memcmp(si.args, sj.args, sizeof(si.args)) == 0 &&
                  si.vcpu_self == sj.vcpu_self && si.helper == sj.helper && si.ret == sj.ret);
            CHECK(memcmp(wi->hva, wj->hva, wi->size) == 0);
            CHECK(sj.n == (b->trace || own));
            CHECK(sj.n == 0 || (sj.vcpu_self == VCPU && sj.args[0] == ctx.args[0]));
            CHECK(!b->trace || (sj.helper == (uint32_t)id &&
                                (hu_helper_nargs((uint32_t)id) < 2 || sj.args[1] == ctx.args[1])));
        }
        release(&e);
    }
}

int main(int argc, char **argv)
{
    int cases = argc > 1 ? atoi(argv[1]) : 3000;
    static const uint64_t sizes[] = {0x1000, 0x2000, 0x10000, 0x100000};
    char err[256] = "";

    for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++)
        diff_memory(sizes[k], cases, 7 + k);
    printf("memcpy, memset, cmpxchg: %d seeded calls each on %zu windows agree\n", cases,
           sizeof(sizes) / sizeof(sizes[0]));

    /* get_exit_info has no callback here: -ENOSYS through the table, in both engines. */
    const struct hu_backend direct = {.send_vcpu_ipi = b_ipi,
                                      .get_vcpu_register = b_get,
                                      .set_vcpu_register = b_set,
                                      .flush_tlb_vcpu = b_flush};
    const struct hu_backend traced = {.trace = b_trace};
    struct hu_window *wi = NULL, *wj = NULL;
    if (hu_window_alloc(0x200000, 0x1000, &wi, err, sizeof(err)) ||
        hu_window_alloc(0x200000, 0x1000, &wj, err, sizeof(err))) {
        fprintf(stderr, "hu_window_alloc: %s\n", err);
        return 1;
    }
    check_backend(&direct, wi, wj);
    check_backend(&traced, wi, wj);
    printf("backend helpers called directly, every call traced: same as the interpreter\n");
    hu_window_free(wi);
    hu_window_free(wj);
    printf("jit_bound_helpers: %s (%d failed checks)\n", failures ? "FAIL" : "ok", failures);
    return failures ? 1 : 0;
}
