/* SPDX-License-Identifier: MIT */
/* The JIT unit tests' common steps: a case's program verified for the reclaim event and compiled
 * from the verifier's shape, then run once on a context and freed. */
#ifndef HU_TEST_JIT_CASE_H
#define HU_TEST_JIT_CASE_H

#include <stdint.h>
#include <stdio.h>

#include "jit.h"
#include "verifier.h"

/* The compiled program, or NULL after saying on stderr why case `name` was not compiled. */
static inline struct hu_jit *jit_case_compile(const char *name, const struct hu_insn *insns,
                                              uint32_t n_insns, unsigned flags)
{
    struct hu_prog p = {.insns = (struct hu_insn *)insns, .n_insns = n_insns};
    struct hu_verify_limits lim = {HU_EVENT_RECLAIM, 0};
    struct hu_verify_shape shape = {0};
    struct hu_verify_report rep = {.shape = &shape};
    struct hu_jit *j;
    char err[512];

    if (hu_verify(&p, &lim, &rep)) {
        fprintf(stderr, "FAIL %s: verifier: %s: %s\n", name, rep.rule ? rep.rule : "?",
                rep.details);
        return NULL;
    }
    int ret = hu_jit_compile_flags(&p, &shape, NULL, flags, &j, err, sizeof(err));
    hu_verify_shape_release(&shape);
    if (ret) {
        fprintf(stderr, "FAIL %s: jit: %s\n", name, err);
        return NULL;
    }
    return j;
}

/* Runs j on ctx into *r0 and frees it: 0, or 1 after saying on stderr how case `name` faulted. */
static inline int jit_case_run(const char *name, struct hu_jit *j, struct hu_ctx *ctx, uint64_t *r0)
{
    char err[512];
    int ret = hu_jit_run(j, (uintptr_t)ctx, 0, NULL, r0, err, sizeof(err));

    hu_jit_free(j);
    if (ret)
        fprintf(stderr, "FAIL %s: run: %s\n", name, err);
    return ret != 0;
}

#endif /* HU_TEST_JIT_CASE_H */
