/* SPDX-License-Identifier: MIT */
/* The slot hu_fire_slot() runs. Internal: vm.c owns it; make bench's floor column
 * (sample-hupcalls/harness/floor.c) calls a slot's entry directly, without the fire path. */
#ifndef HU_SLOT_H
#define HU_SLOT_H

#include <stddef.h>

#include "jit.h"
#include "run.h"

struct hu_event_regs;

/*
 * One vCPU's slot for one event: the context and the helpers' cookie of the event's hyperupcall,
 * laid out at registration with everything no event changes (event, vcpu_id, hva, guest_base,
 * guest_mask, env; backend, window, vCPU), so that a fire writes only rip and args, in place
 * (`in_place.args`, which hu_event_slot hands out). The verifier keeps the context read-only; a
 * slot is written only by fires for its vCPU, on a cache line of its own.
 */
struct hu_slot {
    _Alignas(64) union {
        struct hu_ctx ctx;
        struct {
            unsigned char fixed[HU_CTX_OFF_RIP];
            struct hu_fire_args args;
        } in_place;
    };
    struct hu_run run;
    hu_jit_entry_fn entry;          /* runs ctx with run as the cookie: JIT code or vm.c's */
    const struct hu_interp *interp; /* the decoded program, for the interpreter's entry */
    const struct hu_event_regs *event;
};

_Static_assert(offsetof(struct hu_slot, in_place.args) == offsetof(struct hu_slot, ctx.rip) &&
                   offsetof(struct hu_fire_args, args) == HU_CTX_OFF_ARGS - HU_CTX_OFF_RIP &&
                   sizeof(struct hu_fire_args) == HU_CTX_OFF_ENV - HU_CTX_OFF_RIP,
               "hu_fire_args is the context's rip and args, in place");

/* The slot whose rip and args `a` is (a pointer hu_event_slot returned). */
static inline struct hu_slot *hu_slot_of(struct hu_fire_args *a)
{
    return (struct hu_slot *)(void *)((char *)a - offsetof(struct hu_slot, in_place.args));
}

#endif /* HU_SLOT_H */
