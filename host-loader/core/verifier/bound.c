/* SPDX-License-Identifier: MIT */
/* The run-time bound: the most instructions a run executes and the most bytes its helpers touch.
 * Jumps go forward, so within a function the longest path to an exit is found in one backward
 * pass; callees are done before their callers (the call graph is a DAG), so a call site counts its
 * callee's worst case. Linear in the program's size. */
#include <errno.h>
#include <stdlib.h>

#include "internal.h"

/* Costs saturate here: 8 frames of 4096 calls would overflow 64 bits, and any figure this large is
 * far over every limit anyway. */
#define COST_CAP (1ull << 62)

struct cost {
    uint64_t insns, bytes;
};

static uint64_t sat_add(uint64_t a, uint64_t b)
{
    return a + b > COST_CAP ? COST_CAP : a + b;
}

static struct cost add(struct cost a, struct cost b)
{
    return (struct cost){sat_add(a.insns, b.insns), sat_add(a.bytes, b.bytes)};
}

static struct cost max_cost(struct cost a, struct cost b)
{
    return (struct cost){a.insns > b.insns ? a.insns : b.insns,
                         a.bytes > b.bytes ? a.bytes : b.bytes};
}

/* Guest bytes a helper may read or write in one call (it refuses longer lengths). */
static uint64_t helper_bytes(int32_t id)
{
    return id == HU_HELPER_MEMCPY || id == HU_HELPER_MEMSET ? HU_HELPER_MAX_LEN : 0;
}

/* What instruction `pc` itself adds to a path through it: one instruction, plus a callee's or a
 * helper's work. */
static struct cost own_cost(const struct vctx *v, uint32_t pc)
{
    const struct hu_insn *in = &v->in[pc];
    struct cost c = {1, 0};

    if (in->code != (BPF_JMP | BPF_CALL))
        return c;
    if (in->src != BPF_PSEUDO_CALL) {
        c.bytes = helper_bytes(in->imm);
        return c;
    }
    const struct vfunc *f = &v->funcs[vfunc_of(v, pc + 1 + in->imm)];
    return add(c, (struct cost){f->max_insns, f->max_bytes});
}

/* The longest paths from `pc` to an exit, both metrics, given those of every later pc (`w`). The
 * structural pass proved that no reachable instruction falls past its function's end. */
static struct cost path_from(const struct vctx *v, const struct cost *w, uint32_t pc)
{
    const struct hu_insn *in = &v->in[pc];
    struct cost own;
    int64_t t;

    if (BPF_CLASS(in->code) != BPF_JMP && BPF_CLASS(in->code) != BPF_JMP32)
        return (struct cost){sat_add(1, w[pc + 1 + (in->code == BPF_LD_IMM64)].insns),
                             w[pc + 1 + (in->code == BPF_LD_IMM64)].bytes};
    own = own_cost(v, pc);
    if (in->code == (BPF_JMP | BPF_EXIT))
        return own;
    if (!vi_jump_target(in, pc, &t))
        return add(own, w[pc + 1]);
    if (BPF_OP(in->code) == BPF_JA)
        return add(own, w[t]);
    return add(own, max_cost(w[pc + 1], w[t]));
}

/* The instruction on the entry's longest path (for metric `bytes` or instructions) that adds
 * the most on its own: the call site the rejection names. */
static uint32_t heaviest_step(const struct vctx *v, const struct cost *w, uint32_t pc, bool bytes)
{
    uint64_t most = 0;
    uint32_t at = pc;

    for (;;) {
        const struct hu_insn *in = &v->in[pc];
        struct cost own = own_cost(v, pc);
        uint64_t o = bytes ? own.bytes : own.insns;
        int64_t t;

        if (o > most) {
            most = o;
            at = pc;
        }
        if (in->code == (BPF_JMP | BPF_EXIT))
            return at;
        if (in->code == BPF_LD_IMM64) {
            pc += 2;
        } else if (!vi_jump_target(in, pc, &t)) {
            pc++;
        } else if (BPF_OP(in->code) == BPF_JA) {
            pc = (uint32_t)t;
        } else {
            uint64_t fall = bytes ? w[pc + 1].bytes : w[pc + 1].insns;
            uint64_t jump = bytes ? w[t].bytes : w[t].insns;
            pc = jump > fall ? (uint32_t)t : pc + 1;
        }
    }
}

static void measure_function(struct vctx *v, struct vfunc *f, struct cost *w)
{
    for (uint32_t pc = f->end; pc-- > f->start;)
        if (!(v->flags[pc] & VF_LDIMM_HI))
            w[pc] = path_from(v, w, pc);
    f->max_insns = w[f->start].insns;
    f->max_bytes = w[f->start].bytes;
}

int vbound_check(struct vctx *v)
{
    struct cost *w = malloc(v->n * sizeof(*w));
    uint64_t budget = (uint64_t)v->max_insns * HU_HELPER_BYTES_PER_INSN;
    int err = 0;

    if (!w)
        return -ENOMEM;
    for (uint32_t i = v->n_order; i-- > 0;) /* callees first */
        measure_function(v, &v->funcs[v->order[i]], w);

    const struct vfunc *e = &v->funcs[v->order[0]];
    if (e->max_insns > v->max_insns) {
        uint32_t at = heaviest_step(v, w, e->start, false);
        err = verr(v, at, "run-time-bound",
                   "the longest path executes %llu%s instructions, over the limit of %u; this "
                   "instruction adds %llu of them",
                   (unsigned long long)e->max_insns, e->max_insns == COST_CAP ? " or more" : "",
                   v->max_insns, (unsigned long long)own_cost(v, at).insns);
    } else if (e->max_bytes > budget) {
        uint32_t at = heaviest_step(v, w, e->start, true);
        err = verr(v, at, "helper-byte-budget",
                   "memcpy/memset on the longest path may touch %llu%s bytes (%d per call), over "
                   "the budget of %llu; this instruction adds %llu of them",
                   (unsigned long long)e->max_bytes, e->max_bytes == COST_CAP ? " or more" : "",
                   HU_HELPER_MAX_LEN, (unsigned long long)budget,
                   (unsigned long long)own_cost(v, at).bytes);
    }
    free(w);
    return err;
}
