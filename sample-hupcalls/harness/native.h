/* SPDX-License-Identifier: MIT */
/*
 * The native side of a differential run: the helpers the framework's native mode calls
 * (hu_native_*), answering and recording exactly like libhuhost's recording backend, and the
 * table through which the harness points the sample's guest symbols at the model.
 */
#ifndef SAMPLE_NATIVE_H
#define SAMPLE_NATIVE_H

#include <hupcall/huhost.h>
#include <stddef.h>
#include <stdint.h>

#include "sample.h"

/* Generated per sample (native_syms.c.in): one setter per guest symbol the source names. */
struct native_sym {
    const char *name;
    void (*set)(uint64_t addr);
};
extern const struct native_sym native_syms[];
extern const size_t native_n_syms;

/* Points every guest symbol of the native build at its model address; -ENOENT names a missing
 * one in err. */
int native_bind(const struct model *m, char *err, size_t errlen);

/* What the native helpers answer and where they record. Native-mode helpers take no context (the
 * framework calls them as plain functions), so one run is current per thread. */
struct native_run {
    const struct sample_event *ev;
    struct hu_record calls[HU_RECORDER_MAX_CALLS];
    size_t n_calls;
    /* When set (native_enter_backend), the helpers call this backend as libhuhost would, and
     * record nothing. */
    const struct hu_backend *backend;
    void *backend_priv;
};

/* The context the hypervisor would build for `ev`; hva == guest_base, the window being mapped at
 * its guest address. */
void native_ctx(const struct sample *s, const struct model *m, const struct sample_event *ev,
                struct hu_ctx *ctx);
/* Makes `run` current for the helpers (NULL: none) and clears its record. */
void native_enter(struct native_run *run, const struct sample_event *ev);
/* The same, the helpers calling `backend` (NULL: recording) instead of recording. */
void native_enter_backend(struct native_run *run, const struct sample_event *ev,
                          const struct hu_backend *backend, void *backend_priv);
/* native_ctx + native_enter + the call. */
uint64_t native_fire(const struct sample *s, const struct model *m, const struct sample_event *ev,
                     struct native_run *run);

#endif /* SAMPLE_NATIVE_H */
