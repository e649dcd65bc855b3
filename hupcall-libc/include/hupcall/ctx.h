/* SPDX-License-Identifier: MIT */
/*
 * Hyperupcall entries and the context. An entry is
 *
 *     HUPCALL(reclaim)
 *     {
 *         return frame_is_free(hu_reclaim_gfn(ctx));
 *     }
 *
 * which defines `long hupcall_reclaim(const struct hu_ctx *ctx)` in section "hupcall/reclaim".
 * The accessors are macros, not functions: the context stays visibly the entry's first argument
 * for the compiler, which treats every other plain pointer as a guest pointer.
 */
#ifndef HUPCALL_CTX_H
#define HUPCALL_CTX_H

#include <hupcall/abi.h>
#include <hupcall/compiler.h>

/* An entry for `event` (exit, entry, interrupt, map, reclaim, aging, preempt) named `name`. Its
 * prototype comes first: kernels build with -Wmissing-prototypes (default since Linux 6.8). */
#ifdef HUPCALL_NATIVE
#define HUPCALL_NAMED(event, name)                                                                 \
    long name(const struct hu_ctx *ctx);                                                           \
    long name(const struct hu_ctx *ctx __attribute__((unused)))
#else
#define HUPCALL_NAMED(event, name)                                                                 \
    long name(const struct hu_ctx *ctx);                                                           \
    __attribute__((section(HU_SECTION_PREFIX #event), used)) long name(const struct hu_ctx *ctx    \
                                                                       __attribute__((unused)))
#endif
#define HUPCALL(event) HUPCALL_NAMED(event, hupcall_##event)

/* The context, read-only; `i` is a constant index. */
#define hu_event(ctx) ((ctx)->event)
#define hu_vcpu_id(ctx) ((ctx)->vcpu_id)
#define hu_rip(ctx) ((ctx)->rip)
#define hu_arg(ctx, i) ((ctx)->args[(i)])
#define hu_env(ctx, i) ((ctx)->env[(i)])
#define hu_kaslr_slide(ctx) hu_env(ctx, HU_ENV_KASLR_SLIDE)

/* Event arguments by name (the events of enum hu_event, abi.h). */
#define hu_exit_reason(ctx) hu_arg(ctx, 0)
#define hu_exit_qualification(ctx) hu_arg(ctx, 1)
#define hu_exit_gpa(ctx) hu_arg(ctx, 2)
#define hu_interrupt_vcpu(ctx) hu_arg(ctx, 0)
#define hu_interrupt_vector(ctx) hu_arg(ctx, 1)
#define hu_map_gpa(ctx) hu_arg(ctx, 0)
#define hu_map_gva(ctx) hu_arg(ctx, 1)
#define hu_map_access(ctx) hu_arg(ctx, 2)
#define hu_reclaim_gfn(ctx) hu_arg(ctx, 0)
#define hu_aging_gfn(ctx) hu_arg(ctx, 0)
#define hu_preempt_vcpu(ctx) hu_arg(ctx, 0)

#endif /* HUPCALL_CTX_H */
