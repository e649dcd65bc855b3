/* SPDX-License-Identifier: MIT */
/* Every atomic operation of STX | ATOMIC (its immediate), for the tests that run them all. */
#ifndef HU_TEST_ATOMIC_OPS_H
#define HU_TEST_ATOMIC_OPS_H

#include <stdint.h>

#include "opcodes.h"

static const int32_t hu_test_atomic_ops[] = {
    BPF_ADD,
    BPF_OR,
    BPF_AND,
    BPF_XOR,
    BPF_ADD | BPF_FETCH,
    BPF_OR | BPF_FETCH,
    BPF_AND | BPF_FETCH,
    BPF_XOR | BPF_FETCH,
    BPF_XCHG,
    BPF_CMPXCHG,
};
#define HU_TEST_N_ATOMIC_OPS (sizeof(hu_test_atomic_ops) / sizeof(hu_test_atomic_ops[0]))

#endif /* HU_TEST_ATOMIC_OPS_H */
