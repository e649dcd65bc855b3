/* SPDX-License-Identifier: MIT */
/* A small seeded generator (splitmix64): every guest model and event stream is reproducible. */
#ifndef SAMPLE_RNG_H
#define SAMPLE_RNG_H

#include <stdint.h>

struct rng {
    uint64_t s;
};

static inline uint64_t rng_next(struct rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Uniform in [0, n); n > 0. The modulo bias is irrelevant for test data. */
static inline uint64_t rng_below(struct rng *r, uint64_t n)
{
    return rng_next(r) % n;
}

/* True with probability pct / 100. */
static inline int rng_pct(struct rng *r, unsigned int pct)
{
    return rng_below(r, 100) < pct;
}

#endif /* SAMPLE_RNG_H */
