/* SPDX-License-Identifier: MIT */
/*
 * Bounded loops. The verifier accepts no back edge, so every loop is unrolled completely; the
 * bound `max` must be a compile-time constant and is the most iterations the loop runs, whatever
 * its run-time count `n` says.
 */
#ifndef HUPCALL_LOOP_H
#define HUPCALL_LOOP_H

#include <hupcall/compiler.h>

/* for (i = 0; i < n; i++), at most `max` times; `i` is an integer lvalue of the caller. */
#define hu_for_bounded(i, n, max) HU_UNROLL for ((i) = 0; (i) < (max) && (i) < (n); (i)++)

#endif /* HUPCALL_LOOP_H */
