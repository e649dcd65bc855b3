/* SPDX-License-Identifier: MIT */
/* The bench's backend: answers the vCPU helpers from the current event, records nothing and takes
 * no lock, as a hypervisor's own helpers would at their cheapest. `make bench` runs the native
 * build (through native.c's helpers) and the hyperupcall (as libhuhost's backend) against it, so
 * both sides pay for the same backend. The recording backend stays for the tests. */
#ifndef SAMPLE_LEAN_BACKEND_H
#define SAMPLE_LEAN_BACKEND_H

#include <hupcall/huhost.h>

#include "sample.h"

/* backend_priv: the event being answered (registers, exit information). */
struct lean_state {
    const struct sample_event *ev;
};

extern const struct hu_backend lean_backend;

#endif /* SAMPLE_LEAN_BACKEND_H */
