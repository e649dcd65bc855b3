/* SPDX-License-Identifier: MIT */
/* What a sample binary can do: each mode in its own file, driven by main.c. */
#ifndef SAMPLE_MODES_H
#define SAMPLE_MODES_H

#include <stdint.h>

#include "sample.h"

struct mode_opts {
    uint64_t seed;
    unsigned int events;
    const char *object; /* the hucc-built object */
    int callgrind;      /* bench: count instructions under callgrind instead of cycles */
    const char *out;    /* model: the directory the images and scripts go to */
};

/* Every sample of this binary (one per entry: protect has two). */
extern const struct sample *const sample_list[];
extern const unsigned int sample_count;

/* Hyperupcall vs native over the same model; 0 when every event agrees. */
int mode_diff(const struct sample *s, const struct mode_opts *o);
/* The hyperupcall over random guest memory and hostile symbols; 0 when the host survives bounded.
 */
int mode_hostile(const struct sample *s, const struct mode_opts *o);
/* Every vCPU's events on its own thread, one VM: the same result as one after another natively. */
int mode_concurrent(const struct sample *s, const struct mode_opts *o);
/* Registers, fires and prints a report for people. */
int mode_demo(const struct sample *s, const struct mode_opts *o);
/* One row of the Table 5 comparison; header when asked. */
void bench_header(void);
int mode_bench(const struct sample *s, const struct mode_opts *o);

/* Writes guest images, the System.map and a hu-load script per event (e2e lit tests). */
int mode_model(const struct sample *s, const struct mode_opts *o);

/* Shared by the modes: a model built for `s` with `seed`, or exit with a message. */
void mode_build_model(const struct sample *s, struct model *m, uint64_t seed);

#endif /* SAMPLE_MODES_H */
