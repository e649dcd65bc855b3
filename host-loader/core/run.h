/* SPDX-License-Identifier: MIT */
/* The state of one hyperupcall run, which helpers receive as their cookie. Internal. */
#ifndef HU_RUN_H
#define HU_RUN_H

#include <stdint.h>

#include <hupcall/huhost.h>

#include "interp.h"
#include "window.h"

/* Lives on hu_fire's stack: nothing in the run path is shared and mutable. */
struct hu_run {
    const struct hu_backend *backend;
    void *priv;
    const struct hu_window *w;
    uint32_t vcpu;
};

/* The helper table (HU_HELPER_*), cookie unset: hu_fire copies it and points it at its run. */
extern const struct hu_helpers hu_run_helpers;

#endif /* HU_RUN_H */
