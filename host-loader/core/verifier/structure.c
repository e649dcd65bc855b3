/* SPDX-License-Identifier: MIT */
/* The structural pass: encodings, ld_imm64 pairs, functions, jump targets, reachability, the call
 * graph. Everything here is independent of register kinds and runs once over the instructions. */
#include <errno.h>
#include <stdlib.h>

#include "internal.h"

static int check_encodings(struct vctx *v)
{
    for (uint32_t pc = 0; pc < v->n; pc++) {
        const struct hu_insn *next = pc + 1 < v->n ? &v->in[pc + 1] : NULL;
        const char *why = vi_check_encoding(&v->in[pc], next);

        if (why)
            return verr(v, pc, "bad-opcode", "opcode 0x%02x: %s", v->in[pc].code, why);
        if (vi_writes_reg(&v->in[pc], BPF_FP))
            return verr(v, pc, "r10-write", "r10 (the frame pointer) is read-only");
        if (v->in[pc].code == BPF_LD_IMM64)
            v->flags[++pc] |= VF_LDIMM_HI;
    }
    return 0;
}

/* Function starts are the entry and every BPF-to-BPF call target; each function runs to the
 * next start. */
static int find_functions(struct vctx *v)
{
    v->flags[v->p->entry] |= VF_FUNC_START;
    for (uint32_t pc = 0; pc < v->n; pc++) {
        int64_t t = (int64_t)pc + 1 + v->in[pc].imm;

        if (!vi_is_local_call(&v->in[pc]) || (v->flags[pc] & VF_LDIMM_HI))
            continue;
        if (t < 0 || t >= v->n || (v->flags[t] & VF_LDIMM_HI))
            return verr(v, pc, "call-target",
                        "call target %lld is not an instruction of the program", (long long)t);
        v->flags[t] |= VF_FUNC_START;
    }
    for (uint32_t pc = 0; pc < v->n; pc++)
        v->n_funcs += !!(v->flags[pc] & VF_FUNC_START);
    v->funcs = calloc(v->n_funcs, sizeof(*v->funcs));
    v->order = calloc(v->n_funcs, sizeof(*v->order));
    v->args = calloc(v->n_funcs, sizeof(*v->args));
    if (!v->funcs || !v->order || !v->args)
        return -ENOMEM;
    for (uint32_t pc = 0, i = 0; pc < v->n; pc++) {
        if (!(v->flags[pc] & VF_FUNC_START))
            continue;
        if (i)
            v->funcs[i - 1].end = pc;
        v->funcs[i++].start = pc;
    }
    v->funcs[v->n_funcs - 1].end = v->n;
    return 0;
}

/* The instruction after `pc` on the fall-through path, or -1 when there is none (exit, ja). */
static int64_t fall_through(const struct hu_insn *in, uint32_t pc)
{
    if (in->code == (BPF_JMP | BPF_EXIT) || in->code == (BPF_JMP | BPF_JA) ||
        in->code == (BPF_JMP32 | BPF_JA))
        return -1;
    return (int64_t)pc + (in->code == BPF_LD_IMM64 ? 2 : 1);
}

/* The first backward jump in [from, f->end), or -1: an instruction no forward path reaches may
 * be a loop's head, and "back-edge" is then the error that tells the author what to change. */
static int64_t first_back_edge(const struct vctx *v, const struct vfunc *f, uint32_t from,
                               int64_t *target)
{
    for (uint32_t pc = from; pc < f->end; pc++) {
        if (!(v->flags[pc] & VF_LDIMM_HI) && vi_jump_target(&v->in[pc], pc, target) &&
            *target <= pc)
            return pc;
    }
    return -1;
}

/* Jumps go forward (so the graph is acyclic and program order is topological), stay in their
 * function and land on an instruction boundary. Every instruction is reached from the function's
 * start (as Linux's check_cfg requires) and none falls past the function's end: going forward,
 * program order meets every predecessor of an instruction before the instruction. */
static int check_flow(struct vctx *v, const struct vfunc *f)
{
    v->flags[f->start] |= VF_REACHED;
    for (uint32_t pc = f->start; pc < f->end; pc++) {
        int64_t next = fall_through(&v->in[pc], pc), t;

        if (v->flags[pc] & VF_LDIMM_HI)
            continue;
        if (!(v->flags[pc] & VF_REACHED)) {
            int64_t back = first_back_edge(v, f, pc, &t);

            if (back >= 0)
                return verr(v, (uint32_t)back, "back-edge",
                            "jump to %lld goes backwards: loops are not allowed", (long long)t);
            return verr(v, pc, "unreachable", "no path from the function's start at %u gets here",
                        f->start);
        }
        if (next >= f->end)
            return verr(v, pc, "fall-through-end",
                        "execution runs past the last instruction of the function at %u", f->start);
        if (next >= 0)
            v->flags[next] |= VF_REACHED;
        if (!vi_jump_target(&v->in[pc], pc, &t))
            continue;
        if (t < 0 || t >= v->n)
            return verr(v, pc, "jump-out-of-range", "target %lld is outside the program [0, %u)",
                        (long long)t, v->n);
        if (t <= pc)
            return verr(v, pc, "back-edge", "jump to %lld goes backwards: loops are not allowed",
                        (long long)t);
        if (t >= f->end)
            return verr(v, pc, "jump-out-of-range", "target %lld is outside the function [%u, %u)",
                        (long long)t, f->start, f->end);
        if (v->flags[t] & VF_LDIMM_HI)
            return verr(v, pc, "jump-into-ld-imm64",
                        "target %lld is the second slot of an ld_imm64", (long long)t);
        v->flags[t] |= VF_TARGET | VF_REACHED;
    }
    return 0;
}

/* Depth-first over the call graph from `fi` at call depth `depth`: no cycle, bounded depth; the
 * post-order, reversed, puts callers before callees. */
static int visit_calls(struct vctx *v, uint32_t fi, int depth, uint32_t *post)
{
    struct vfunc *f = &v->funcs[fi];
    int deepest = 0;

    f->color = 1;
    for (uint32_t pc = f->start; pc < f->end; pc++) {
        if (!vi_is_local_call(&v->in[pc]) || (v->flags[pc] & VF_LDIMM_HI))
            continue;
        uint32_t ci = vfunc_of(v, pc + 1 + v->in[pc].imm);
        struct vfunc *c = &v->funcs[ci];

        if (c->color == 1)
            return verr(v, pc, "recursion", "call to the function at %u closes a cycle", c->start);
        if (c->color == 0) {
            if (depth + 1 > HU_VERIFY_MAX_CALL_DEPTH)
                return verr(v, pc, "call-depth", "more than %d nested calls",
                            HU_VERIFY_MAX_CALL_DEPTH);
            int err = visit_calls(v, ci, depth + 1, post);
            if (err)
                return err;
        }
        if (depth + c->depth > HU_VERIFY_MAX_CALL_DEPTH)
            return verr(v, pc, "call-depth", "more than %d nested calls", HU_VERIFY_MAX_CALL_DEPTH);
        if (c->depth > deepest)
            deepest = c->depth;
    }
    f->color = 2;
    f->depth = deepest + 1;
    v->order[(*post)++] = fi;
    return 0;
}

/* Orders the functions callers first; each one is called, directly or not, from the entry. */
static int order_calls(struct vctx *v)
{
    uint32_t post = 0;
    int err = visit_calls(v, vfunc_of(v, v->p->entry), 1, &post);

    if (err)
        return err;
    for (uint32_t i = 0; i < v->n_funcs; i++)
        if (v->funcs[i].color != 2)
            return verr(v, v->funcs[i].start, "unreachable",
                        "no call from the entry reaches the function at %u", v->funcs[i].start);
    v->n_order = post;
    for (uint32_t i = 0; i < post / 2; i++) {
        uint32_t t = v->order[i];
        v->order[i] = v->order[post - 1 - i];
        v->order[post - 1 - i] = t;
    }
    return 0;
}

int vcfg_build(struct vctx *v)
{
    int err;

    if (v->n == 0)
        return verr(v, -1, "empty-program", "the program has no instructions");
    if (v->n > v->max_insns)
        return verr(v, -1, "too-many-insns", "%u instructions, the limit is %u", v->n,
                    v->max_insns);
    if (v->p->entry >= v->n)
        return verr(v, -1, "bad-entry", "entry %u is outside the program", v->p->entry);
    v->flags = calloc(v->n, 1);
    if (!v->flags)
        return -ENOMEM;
    if ((err = check_encodings(v)) || (err = find_functions(v)))
        return err;
    if (v->flags[v->p->entry] & VF_LDIMM_HI)
        return verr(v, -1, "bad-entry", "entry %u is inside an ld_imm64", v->p->entry);
    if (v->funcs[0].start > 0) /* code before the first function: no call or jump gets there */
        return verr(v, 0, "unreachable", "no path from the entry at %u gets here", v->p->entry);
    for (uint32_t i = 0; i < v->n_funcs; i++)
        if ((err = check_flow(v, &v->funcs[i])))
            return err;
    return order_calls(v);
}
