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

#include "options.h"
#include "tools.h"

/* Largest loop bound LLVM may unroll by (its -unroll-max-upperbound, 8 by default). */
#define HUCC_UNROLL_MAX_UPPERBOUND 4096

/* Runs (or with -### prints) the commands for `input`. Returns 0 or the exit code (1). */
int hucc_compile_input(const struct hucc_opts *o, const struct hucc_tools *t, const char *input);

#endif /* HUCC_COMPILE_H */
