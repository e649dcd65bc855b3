/* SPDX-License-Identifier: MIT */
/* The hyperupcall side of a run: the sample's object registered with a libhuhost VM over the
 * model's window, with the recording backend, fired one event at a time. */
#ifndef SAMPLE_HURUN_H
#define SAMPLE_HURUN_H

#include <hupcall/huhost.h>

#include "sample.h"

struct hu_run {
    struct hu_object *obj;
    struct hu_symtab *symtab;
    struct hu_window *window;
    struct hu_recorder *rec;
    struct hu_vm *vm;
    uint32_t insns;     /* the registered program's instruction count */
    uint64_t verify_ns; /* hu_object_verify of the object, wall clock, first run */
    uint32_t reg_vcpu;  /* whose registers the recorder holds */
    uint32_t engine;    /* enum hu_engine */
};

/* An engine for hu_run_open beside enum hu_engine's: the JIT with the guest's constants left
 * unblinded (hu_vm_opts.jit_unblinded), for `make bench` to measure what blinding costs. */
#define HU_RUN_JIT_UNBLINDED 2

/* Opens `obj_path`, verifies it, registers the sample's entry over the model's window with the
 * model's System.map (read back through libhuhost's parser, with the slide), to run on `engine`
 * (enum hu_engine). 0 or -errno. */
int hu_run_open(struct hu_run *r, const struct sample *s, const struct model *m,
                const char *obj_path, uint32_t engine, char *err, size_t errlen);
/* The same with the caller's backend instead of a recorder (r->rec stays NULL). */
int hu_run_open_backend(struct hu_run *r, const struct sample *s, const struct model *m,
                        const char *obj_path, uint32_t engine, const struct hu_backend *backend,
                        void *backend_priv, char *err, size_t errlen);
/* "interpreter", "JIT" or "JIT unblinded" */
const char *hu_run_engine_name(uint32_t engine);
/* Sets the recorder up for `ev` (exit info, registers) and fills the event's arguments. */
void hu_run_prepare(struct hu_run *r, const struct sample_event *ev, struct hu_event_args *a);
/* Fires one event; the recorder then holds the helper calls. 0 or the hu_fire error. */
int hu_run_fire(struct hu_run *r, const struct sample *s, const struct sample_event *ev,
                uint64_t *r0);
void hu_run_close(struct hu_run *r);
/* The median wall-clock time of `n` more hu_object_verify runs over the object, in ns. */
uint64_t hu_run_verify_median(struct hu_run *r, unsigned int n);

#endif /* SAMPLE_HURUN_H */
