/* SPDX-License-Identifier: MIT */
/* hu_verify: the structural pass (structure.c), the run-time bound (bound.c), then the
 * register-kind pass (kinds.c). docs/verifier.md states the rules these files enforce. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Records the first rejection (its instruction, rule and details) and returns -EACCES. */
int verr(struct vctx *v, int64_t insn, const char *rule, const char *fmt, ...)
{
    struct hu_verify_report *rep = v->rep;
    va_list ap;

    rep->insn = insn;
    rep->rule = rule;
    va_start(ap, fmt);
    vsnprintf(rep->details, sizeof(rep->details), fmt, ap);
    va_end(ap);
    return -EACCES;
}

_Static_assert(offsetof(struct vfunc, start) == 0, "hu_count_below's key");

/* Index of the function containing `pc` (funcs are sorted by start and pc is in one). */
int vfunc_of(const struct vctx *v, uint32_t pc)
{
    uint32_t at = hu_count_below(v->funcs, v->n_funcs, sizeof(*v->funcs), (uint64_t)pc + 1);
    return at ? (int)at - 1 : 0;
}

static bool known_event(uint32_t e)
{
    return (e >= HU_EVENT_EXIT && e <= HU_EVENT_MAP) ||
           (e >= HU_EVENT_RECLAIM && e <= HU_EVENT_PREEMPT);
}

static void free_ctx(struct vctx *v)
{
    free(v->flags);
    free(v->funcs);
    free(v->order);
    free(v->args);
    free(v->state_of);
    for (uint32_t i = 0; v->pending && i < v->n_targets; i++)
        free(v->pending[i]);
    free(v->pending);
}

void hu_verify_shape_release(struct hu_verify_shape *s)
{
    if (!s)
        return;
    free(s->insn);
    free(s->funcs);
    *s = (struct hu_verify_shape){0};
}

/* Hands the structural pass's results to the caller: takes the flags array over. */
static int export_shape(struct vctx *v, struct hu_verify_shape *s)
{
    struct hu_verify_func *f = calloc(v->n_funcs, sizeof(*f));

    if (!f)
        return -ENOMEM;
    for (uint32_t i = 0; i < v->n_funcs; i++) {
        const struct vfunc *vf = &v->funcs[i];
        f[i] = (struct hu_verify_func){.start = vf->start,
                                       .end = vf->end,
                                       .frames = (uint32_t)vf->depth,
                                       .stack_bytes = vf->stack,
                                       .max_insns = vf->max_insns,
                                       .max_helper_bytes = vf->max_bytes};
    }
    for (uint32_t pc = 0; pc < v->n; pc++)
        v->flags[pc] &= VF_LDIMM_HI | VF_TARGET | VF_FUNC_START;
    uint32_t e = (uint32_t)vfunc_of(v, v->p->entry);
    *s = (struct hu_verify_shape){
        .insn = v->flags,
        .n_insns = v->n,
        .funcs = f,
        .n_funcs = v->n_funcs,
        .entry_func = e,
        .max_insns = f[e].max_insns,
        .max_helper_bytes = f[e].max_helper_bytes,
        .max_frames = f[e].frames,
    };
    v->flags = NULL;
    return 0;
}

int hu_verify(const struct hu_prog *p, const struct hu_verify_limits *lim,
              struct hu_verify_report *rep)
{
    struct vctx v = {.rep = rep};
    int err;

    if (!p || !lim || !rep || (!p->insns && p->n_insns))
        return -EINVAL;
    v.p = p;
    v.in = p->insns;
    v.n = p->n_insns;
    v.event = lim->event;
    rep->insn = -1;
    rep->rule = NULL;
    rep->details[0] = '\0';
    rep->n_states = 0;
    if (!known_event(lim->event)) {
        snprintf(rep->details, sizeof(rep->details), "unknown event %u", lim->event);
        return -EINVAL;
    }
    v.max_insns = lim->max_insns;
    if (!v.max_insns)
        v.max_insns =
            HU_EVENT_IS_GLOBAL(lim->event) ? HU_MAX_INSNS_GLOBAL : HU_MAX_INSNS_LOCAL_DEFAULT;
    err = vcfg_build(&v);
    if (!err)
        err = vbound_check(&v);
    if (!err)
        err = vk_run(&v);
    if (!err && rep->shape)
        err = export_shape(&v, rep->shape);
    if (err == -ENOMEM)
        snprintf(rep->details, sizeof(rep->details), "out of memory");
    free_ctx(&v);
    return err;
}
