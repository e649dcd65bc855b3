/* SPDX-License-Identifier: MIT */
/* The interpreter: exact RFC 9669 semantics over a verified program. Internal. */
#ifndef HU_INTERP_H
#define HU_INTERP_H

#include <stddef.h>
#include <stdint.h>

#include <hupcall/abi.h>

#include "prog.h"

/* A helper as the engine calls it: `cookie` is the caller's (the run's backend and VM state). */
typedef uint64_t (*hu_helper_fn)(void *cookie, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                                 uint64_t a5);

struct hu_helpers {
    hu_helper_fn fn[16]; /* indexed by helper id; NULL = unknown */
    void *cookie;
};

/* BPF-to-BPF call frames, the entry's included; each has a fresh 512-byte stack. */
#define HU_INTERP_MAX_FRAMES HU_MAX_CALL_FRAMES
/* hu_interp_run's step budget: far above any verified program, it stops an unverified loop. */
#define HU_INTERP_DEFAULT_MAX_STEPS (1ull << 26)

/* Runs `p` from its entry with r1, r2 set; 0 and *r0 on exit, or -errno with `err` filled for the
 * conditions a verified program never reaches (unknown opcode or helper, call depth, pc out of
 * range, step budget). Memory accesses are not checked: that is the verifier's proof. */
int hu_interp_run(const struct hu_prog *p, uint64_t r1, uint64_t r2, const struct hu_helpers *h,
                  uint64_t *r0, char *err, size_t errlen);

/* hu_interp_run for a program hu_verify accepted, and only for one: no step budget (the verifier
 * bounds the executed instructions statically) and no zeroing of stack frames (it forbids reading
 * uninitialised stack). The other run-time checks stay. */
int hu_interp_run_verified(const struct hu_prog *p, uint64_t r1, uint64_t r2,
                           const struct hu_helpers *h, uint64_t *r0, char *err, size_t errlen);

/* The same with an explicit budget of executed instructions (0: none) and, when `steps` is not
 * NULL, the number executed (for measurements). */
int hu_interp_exec(const struct hu_prog *p, uint64_t r1, uint64_t r2, const struct hu_helpers *h,
                   uint64_t max_steps, uint64_t *steps, uint64_t *r0, char *err, size_t errlen);

#endif /* HU_INTERP_H */
