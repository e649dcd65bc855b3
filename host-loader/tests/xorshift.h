/* SPDX-License-Identifier: MIT */
/* The fuzzers' generator: xorshift64, so that a seed reproduces a run's whole input stream. */
#ifndef HU_TEST_XORSHIFT_H
#define HU_TEST_XORSHIFT_H

#include <stdint.h>

/* Advances *s (never 0) and returns the new state. */
static inline uint64_t xorshift64(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

#endif /* HU_TEST_XORSHIFT_H */
