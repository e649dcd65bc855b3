/* SPDX-License-Identifier: MIT */
/* make bench's floor column: a registered hyperupcall's compiled code called directly with the
 * slot's prepared context, without the fire path (hu_fire_slot): what the program alone costs. */
#ifndef SAMPLE_FLOOR_H
#define SAMPLE_FLOOR_H

#include <hupcall/huhost.h>

/* The JIT code's own calling convention (r0 in rax, fault in rdx). */
struct floor_ret {
    uint64_t r0;
    uint64_t fault;
};

struct floor_call {
    struct floor_ret (*entry)(uint64_t ctx, uint64_t r2, void *cookie);
    uint64_t ctx;
    void *cookie;
};

/* What hu_fire_slot(slot) would call, with what: the slot's entry, context and cookie. */
struct floor_call floor_of(struct hu_fire_args *slot);

/* Calling JIT code: clang's -fsanitize=function would read a signature before it, which it has
 * not (the library's own call into it is exempt the same way). */
#if defined(__clang__)
#define FLOOR_NO_SANITIZE_FUNCTION __attribute__((no_sanitize("function")))
#else
#define FLOOR_NO_SANITIZE_FUNCTION
#endif

#endif /* SAMPLE_FLOOR_H */
