/* SPDX-License-Identifier: MIT */
/* The state of one hyperupcall run, which helpers receive as their cookie. Internal. */
#ifndef HU_RUN_H
#define HU_RUN_H

#include <stdint.h>

#include <hupcall/huhost.h>

#include "interp.h"
#include "window.h"

/* One per vCPU and registration, laid out at registration (vm.c): only that vCPU's fires read it.
 */
struct hu_run {
    const struct hu_backend *backend;
    void *priv;
    const struct hu_window *w;
    uint32_t vcpu;
    /* The backend when it has no trace callback (helpers then call it directly), else NULL. */
    const struct hu_backend *untraced;
};

/* vCPU `vcpu`'s run state for a registration with window `w`, under backend `b` (NULL: none). */
static inline struct hu_run hu_run_make(const struct hu_backend *b, void *priv,
                                        const struct hu_window *w, uint32_t vcpu)
{
    return (struct hu_run){b, priv, w, vcpu, b && !b->trace ? b : NULL};
}

/* The helper table (HU_HELPER_*), cookie unset: both engines bind it at registration and each run
 * passes its slot's hu_run as the cookie. */
extern const struct hu_helpers hu_run_helpers;

#endif /* HU_RUN_H */
