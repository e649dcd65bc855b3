/* SPDX-License-Identifier: MIT */
/* The register-kind pass: one forward walk per function in program order, which is topological
 * because every jump goes forward. A state is kept only at jump targets, where the states of all
 * predecessors are joined; each instruction is visited once. Functions are walked callers first,
 * each with the join of the r1-r5 kinds of all its call sites. */
#include <errno.h>
#include <stdlib.h>

#include "internal.h"

int vk_need(struct vctx *v, const struct vstate *s, uint32_t pc, int reg)
{
    if (s->r[reg].kind == VK_UNINIT)
        return verr(v, pc, "uninit-register", "r%d is read before it is written", reg);
    if (s->r[reg].kind == VK_MIXED) {
        char k[64];

        vk_describe(&s->r[reg], k, sizeof(k));
        return verr(v, pc, "mixed-kinds",
                    "r%d is %s: its kinds differ on the paths that merge before here", reg, k);
    }
    return 0;
}

/* After any call: r0 is the result, r1-r5 are clobbered, r6-r9 and the frame are preserved. */
void vk_call_clobber(struct vstate *s)
{
    vk_scalar(&s->r[0]);
    for (int r = 1; r <= 5; r++)
        s->r[r] = (struct vreg){.kind = VK_UNINIT};
}

/* Joins `s` into the state kept for `target`, allocated when the first jump reaches it. At most
 * HU_VERIFY_MAX_PENDING states wait at once, which bounds the pass's memory whatever the size. */
static int flow_to(struct vctx *v, uint32_t pc, int64_t target, const struct vstate *s)
{
    struct vstate **at = &v->pending[v->state_of[target]];

    if (*at) {
        vk_join_state(*at, s);
        return 0;
    }
    if (v->n_live == HU_VERIFY_MAX_PENDING)
        return verr(v, pc, "too-many-pending-jumps",
                    "more than %d jumps wait for distinct targets at once (%zu bytes each)",
                    HU_VERIFY_MAX_PENDING, sizeof(**at));
    v->n_live++;
    *at = malloc(sizeof(**at));
    if (!*at)
        return -ENOMEM;
    **at = *s;
    v->rep->n_states++;
    return 0;
}

/* A callee sees r1-r5 as its callers passed them; a pointer into this frame may not go along. */
static int local_call(struct vctx *v, struct vstate *s, uint32_t pc)
{
    uint32_t fi = vfunc_of(v, pc + 1 + v->in[pc].imm);
    char k[64];

    for (int r = 1; r <= 5; r++) {
        if (s->r[r].kind != VK_STACK)
            continue;
        vk_describe(&s->r[r], k, sizeof(k));
        return verr(v, pc, "stack-pointer-escape",
                    "r%d is %s: a stack pointer is not passed to another function", r, k);
    }
    for (int r = 1; r <= 5; r++) {
        if (v->funcs[fi].seeded)
            vk_join_reg(&v->args[fi][r - 1], &s->r[r]);
        else
            v->args[fi][r - 1] = s->r[r];
    }
    v->funcs[fi].seeded = true;
    vk_call_clobber(s);
    return 0;
}

static int jump(struct vctx *v, struct vstate *s, uint32_t pc, bool *live)
{
    const struct hu_insn *in = &v->in[pc];
    bool x = BPF_SRC(in->code);
    int64_t target;
    char k[64];
    int err;

    vi_jump_target(in, pc, &target);
    if (BPF_OP(in->code) == BPF_JA) {
        *live = false;
        return flow_to(v, pc, target, s);
    }
    if ((err = vk_need(v, s, pc, in->dst)) || (x && (err = vk_need(v, s, pc, in->src))))
        return err;
    for (int i = 0; i < 1 + x; i++) {
        int r = i ? in->src : in->dst;
        if (!vk_is_host_ptr(&s->r[r]))
            continue;
        vk_describe(&s->r[r], k, sizeof(k));
        return verr(v, pc, "pointer-compare",
                    "r%d is %s: branching on a host pointer reveals it to the guest", r, k);
    }
    return flow_to(v, pc, target, s);
}

static int exit_insn(struct vctx *v, struct vstate *s, uint32_t pc, bool *live)
{
    char k[64];
    int err = vk_need(v, s, pc, 0);

    if (err)
        return err;
    if (vk_is_host_ptr(&s->r[0])) {
        vk_describe(&s->r[0], k, sizeof(k));
        return verr(v, pc, "host-pointer-return", "r0 is %s, a host pointer", k);
    }
    *live = false;
    return 0;
}

static int step(struct vctx *v, struct vstate *s, uint32_t *pc, bool *live)
{
    const struct hu_insn *in = &v->in[*pc];

    switch (BPF_CLASS(in->code)) {
    case BPF_ALU:
    case BPF_ALU64:
        return va_alu(v, s, *pc);
    case BPF_LD: /* ld_imm64: a guest symbol's address is patched in later, so no constant */
        vk_scalar(&s->r[in->dst]);
        (*pc)++;
        return 0;
    case BPF_LDX:
        return vm_load(v, s, *pc);
    case BPF_ST:
    case BPF_STX:
        return vm_store(v, s, *pc);
    default:
        if (BPF_OP(in->code) == BPF_CALL)
            return in->src == BPF_PSEUDO_CALL ? local_call(v, s, *pc) : vh_call(v, s, *pc);
        if (BPF_OP(in->code) == BPF_EXIT)
            return exit_insn(v, s, *pc, live);
        return jump(v, s, *pc, live);
    }
}

static void entry_state(struct vctx *v, uint32_t fi, struct vstate *s)
{
    *s = (struct vstate){0};
    if (v->funcs[fi].start == v->p->entry)
        s->r[1] = (struct vreg){.kind = VK_CTX};
    else
        for (int r = 1; r <= 5; r++)
            s->r[r] = v->args[fi][r - 1];
    s->r[BPF_FP] = (struct vreg){.kind = VK_STACK};
}

static void report_kinds(struct vctx *v, const struct vstate *s, uint32_t pc)
{
    char text[768];

    vk_format_state(s, text, sizeof(text));
    v->rep->kinds_fn(v->rep->kinds_arg, pc, text);
}

/* Every instruction is reachable (structure.c): one that follows exit or ja is a jump target
 * whose state is complete when the walk gets there. */
static int walk_function(struct vctx *v, uint32_t fi)
{
    const struct vfunc *f = &v->funcs[fi];
    struct vstate s;
    bool live = true;
    int err;

    v->cur = &v->funcs[fi];
    entry_state(v, fi, &s);
    for (uint32_t pc = f->start; pc < f->end; pc++) {
        struct vstate **at = (v->flags[pc] & VF_TARGET) ? &v->pending[v->state_of[pc]] : NULL;

        if (at && *at) { /* every predecessor has been walked: the join is complete */
            if (live)
                vk_join_state(&s, *at);
            else
                s = **at;
            live = true;
            free(*at);
            *at = NULL;
            v->n_live--;
        }
        if (v->rep->kinds_fn)
            report_kinds(v, &s, pc);
        if ((err = step(v, &s, &pc, &live)))
            return err;
    }
    return 0;
}

int vk_run(struct vctx *v)
{
    int err;

    v->state_of = malloc(v->n * sizeof(*v->state_of));
    if (!v->state_of)
        return -ENOMEM;
    for (uint32_t pc = 0; pc < v->n; pc++)
        v->state_of[pc] = (v->flags[pc] & VF_TARGET) ? (int32_t)v->n_targets++ : -1;
    v->pending = calloc(v->n_targets ? v->n_targets : 1, sizeof(*v->pending));
    if (!v->pending)
        return -ENOMEM;
    for (uint32_t i = 0; i < v->n_order; i++)
        if ((err = walk_function(v, v->order[i])))
            return err;
    return 0;
}
