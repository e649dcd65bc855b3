/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>

#include "modes.h"
#include "native.h"

void mode_build_model(const struct sample *s, struct model *m, uint64_t seed)
{
    char err[256];

    if (model_map(m, s->window_size, s->guest_mem, seed, err, sizeof(err)) < 0 ||
        (s->build(m), native_bind(m, err, sizeof(err))) < 0) {
        fprintf(stderr, "%s: guest model: %s\n", s->name, err);
        exit(1);
    }
}
