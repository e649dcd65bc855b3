/* SPDX-License-Identifier: MIT */
/* The interpreter: exact RFC 9669 semantics over a program decoded once. Internal. */
#ifndef HU_INTERP_H
#define HU_INTERP_H

#include <stddef.h>
#include <stdint.h>

#include <hupcall/abi.h>

#include "prog.h"
#include "verifier.h"

/* A helper as the engine calls it: `cookie` is the caller's (the run's backend and VM state). */
typedef uint64_t (*hu_helper_fn)(void *cookie, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                                 uint64_t a5);

struct hu_helpers {
    hu_helper_fn fn[16]; /* indexed by helper id; NULL = unknown */
    void *cookie;
};

/* BPF-to-BPF call frames, the entry's included; each has its own 512-byte stack. */
#define HU_INTERP_MAX_FRAMES HU_MAX_CALL_FRAMES
/* hu_interp_run's step budget: far above any verified program, it stops an unverified loop. */
#define HU_INTERP_DEFAULT_MAX_STEPS (1ull << 26)

/* A program decoded for the interpreter: one 16-byte record per instruction slot with the
 * operation resolved, immediates widened, jump displacements and helper functions bound. */
struct hu_interp;

/*
 * Decodes `p` from its entry, binding the helper functions h->fn (h may be NULL: no helpers;
 * h->cookie is not used: each run passes its own). `shape` is the one hu_verify filled for `p`:
 * runs then trust the verifier's proofs (no step budget, no stack or register zeroing, no call
 * depth beyond its max_frames). NULL marks a trusted program no verifier has seen (the
 * conformance suite, the tests): its runs count steps against a budget and zero their frames.
 * Encodings the interpreter cannot run (unknown opcodes and helpers, a truncated ld_imm64, jumps
 * outside the program) decode to a fault raised only if a run reaches them. 0 and *out, or
 * -EINVAL (a shape of another program) or -ENOMEM, with `err` filled.
 */
int hu_interp_prepare(const struct hu_prog *p, const struct hu_verify_shape *shape,
                      const struct hu_helpers *h, struct hu_interp **out, char *err, size_t errlen);
void hu_interp_free(struct hu_interp *in);

/* Runs a decoded program with r1, r2 set, helpers getting `cookie`: 0 and *r0 on exit, or -EINVAL
 * with `err` filled for a fault (an encoding above, a callx naming no helper, call depth, the step
 * budget). A trusted program's run stops after `max_steps` instructions (0: no budget) and
 * reports how many ran in *steps when `steps` is not NULL; a verified program's ignores both.
 * Memory accesses are not checked: that is the verifier's proof. Reentrant. */
int hu_interp_call(const struct hu_interp *in, uint64_t r1, uint64_t r2, void *cookie,
                   uint64_t max_steps, uint64_t *steps, uint64_t *r0, char *err, size_t errlen);

/* hu_interp_prepare of a trusted program, one run, free: for tests. Budget and steps as
 * hu_interp_call's; -ENOMEM when decoding fails. */
int hu_interp_exec(const struct hu_prog *p, uint64_t r1, uint64_t r2, const struct hu_helpers *h,
                   uint64_t max_steps, uint64_t *steps, uint64_t *r0, char *err, size_t errlen);
/* hu_interp_exec with HU_INTERP_DEFAULT_MAX_STEPS. */
int hu_interp_run(const struct hu_prog *p, uint64_t r1, uint64_t r2, const struct hu_helpers *h,
                  uint64_t *r0, char *err, size_t errlen);

#endif /* HU_INTERP_H */
