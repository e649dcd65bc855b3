/* SPDX-License-Identifier: MIT */
/*
 * One input through one of hucc's two routes:
 *   BPF route:    clang --target=bpf -fpass-plugin ... -c in.c -o out        (then verify)
 *   kernel route: clang --target=x86_64 ... -S -emit-llvm (no optimisation) -> retarget to BPF
 *                 -> clang --target=bpf -fpass-plugin ... -x ir -c           (then verify)
 * Objects are written to a temporary and moved into place only once verified (output.h), so a
 * failed compile or a rejected object never leaves an output file behind.
 */
#ifndef HUCC_COMPILE_H
#define HUCC_COMPILE_H

#include <hupcall/abi.h>

#include "options.h"
#include "tools.h"

/* Largest loop bound LLVM may unroll by (its -unroll-max-upperbound, 8 by default). */
#define HUCC_UNROLL_MAX_UPPERBOUND 4096
/* Largest size a loop under #pragma unroll (HU_UNROLL) may grow to when unrolled
 * (-pragma-unroll-threshold, 16384 by default): the largest program a local event allows
 * (HU_MAX_INSNS_LOCAL_MAX), so a walk the verifier would accept is never left rolled. */
#define HUCC_PRAGMA_UNROLL_THRESHOLD HU_MAX_INSNS_LOCAL_MAX

/* Runs (or with -### prints) the commands for `input`. Returns 0 or the exit code (1). */
int hucc_compile_input(const struct hucc_opts *o, const struct hucc_tools *t, const char *input);

#endif /* HUCC_COMPILE_H */
