/* SPDX-License-Identifier: MIT */
/* Shared pieces of the agent's tests: CHECK, and x86-64 page tables built in synthetic guest RAM
 * (allocated from the top of it down). */
#ifndef HU_AGENT_TEST_SUPPORT_H
#define HU_AGENT_TEST_SUPPORT_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int failures;

/* Reports a failed check with its line and goes on; main returns 1 when any failed. */
#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);                                        \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

#define SYNTH_P 0x1ull   /* present */
#define SYNTH_RW 0x2ull  /* writable: ignored by the walker */
#define SYNTH_PS 0x80ull /* a 2 MiB or 1 GiB page */

struct synth_ram {
    uint8_t *mem;
    uint64_t next_table; /* the last table allocated; the next one goes 4 KiB below */
};

static inline uint64_t synth_new_table(struct synth_ram *r)
{
    r->next_table -= 4096;
    memset(r->mem + r->next_table, 0, 4096);
    return r->next_table;
}

static inline void synth_set(struct synth_ram *r, uint64_t table, unsigned index, uint64_t e)
{
    memcpy(r->mem + table + index * 8, &e, 8);
}

/* Maps va to pa with a page of `size` bytes (4 KiB, 2 MiB, 1 GiB), creating tables on the way. */
static inline void synth_map(struct synth_ram *r, uint64_t root, unsigned levels, uint64_t va,
                             uint64_t pa, uint64_t size)
{
    uint64_t table = root;
    for (unsigned level = levels;; level--) {
        unsigned shift = 12 + 9 * (level - 1);
        unsigned idx = (unsigned)(va >> shift) & 511;
        uint64_t e;
        if ((1ull << shift) == size) {
            synth_set(r, table, idx, pa | SYNTH_P | SYNTH_RW | (level > 1 ? SYNTH_PS : 0));
            return;
        }
        memcpy(&e, r->mem + table + idx * 8, 8);
        if (!(e & SYNTH_P)) {
            e = synth_new_table(r) | SYNTH_P | SYNTH_RW;
            synth_set(r, table, idx, e);
        }
        table = e & 0x000ffffffffff000ull;
    }
}

#endif /* HU_AGENT_TEST_SUPPORT_H */
