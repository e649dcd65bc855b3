/* SPDX-License-Identifier: MIT */
/* The x86-64 JIT: guest accesses without the hva add (docs/jit.md "Guest accesses").
 *
 * The compiler forms a guest address as `rX &= rM; rX += rH` (rH the window's hva) and then loads
 * or stores through rX, often several times. When every read of rX's sum, until rX dies or is
 * written, is as the base of a load or store, and rH is not written in between, the add is not
 * emitted and those accesses address [rH + rX + off]: the same address, computed by the access.
 * Nothing else reads rX's sum, so no one can see that it was never formed. Register liveness comes
 * from one backward pass, exact for a verified program, whose jumps all go forward (the verifier's
 * structure); a trusted program (no shape) gets none of this. */
#include <errno.h>
#include <stdlib.h>

#include "jit_x86.h"

#define ALL_REGS ((uint16_t)((1u << BPF_NREGS) - 1))
#define ARG_REGS ((uint16_t)0x3e) /* r1-r5 */
#define BIT(r) ((uint16_t)(1u << (r)))
/* Instructions scanned from an add for the reads of its sum; past this the add is emitted. */
#define MAX_SCAN 64

/* The registers instruction `in` reads (*use) and writes (*def). */
static void uses_defs(const struct hu_insn *in, uint16_t *use, uint16_t *def)
{
    uint8_t cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
    uint16_t d = BIT(in->dst & 0xf), s = (in->code & BPF_X) ? BIT(in->src & 0xf) : 0;

    *use = *def = 0;
    switch (cls) {
    case BPF_ALU:
    case BPF_ALU64:
        *def = d;
        *use = op == BPF_MOV ? s : (uint16_t)(d | s);
        break;
    case BPF_LD:
        *def = d;
        break;
    case BPF_LDX:
        *use = BIT(in->src & 0xf);
        *def = d;
        break;
    case BPF_ST:
        *use = d;
        break;
    case BPF_STX:
        *use = (uint16_t)(d | BIT(in->src & 0xf));
        if (BPF_MODE(in->code) == BPF_ATOMIC) {
            *def = (in->imm & BPF_FETCH) ? BIT(in->src & 0xf) : 0;
            if (in->imm == BPF_CMPXCHG)
                *use |= BIT(0), *def = BIT(0);
        }
        break;
    case BPF_JMP:
    case BPF_JMP32:
        if (op == BPF_CALL) {
            *use = (uint16_t)(ARG_REGS | ((in->code & BPF_X) ? d : 0));
            *def = (uint16_t)(ARG_REGS | BIT(0));
        } else if (op == BPF_EXIT) {
            *use = BIT(0);
        } else if (op != BPF_JA) {
            *use = (uint16_t)(d | s);
        }
        break;
    }
}

/* The jump target of instruction i, or -1 when it has none (calls, exit, non-jumps). */
static int64_t jump_target(const struct hu_insn *in, uint32_t i)
{
    uint8_t cls = BPF_CLASS(in->code), op = BPF_OP(in->code);

    if ((cls != BPF_JMP && cls != BPF_JMP32) || op == BPF_CALL || op == BPF_EXIT)
        return -1;
    if (op == BPF_JA && cls == BPF_JMP32)
        return (int64_t)i + 1 + in->imm;
    return (int64_t)i + 1 + in->off;
}

static bool ends_flow(const struct hu_insn *in)
{
    return ((BPF_CLASS(in->code) == BPF_JMP || BPF_CLASS(in->code) == BPF_JMP32) &&
            BPF_OP(in->code) == BPF_JA) ||
           in->code == (BPF_JMP | BPF_EXIT);
}

/* live[i]: the registers read at or after instruction i before being written (live on entry).
 * One backward pass; false when some jump does not go forward (then liveness is not computed). */
static bool liveness(struct jit_state *s)
{
    const struct hu_prog *p = s->p;

    s->live[p->n_insns] = 0;
    for (uint32_t k = p->n_insns; k-- > 0;) {
        const struct hu_insn *in = &p->insns[k];
        uint16_t use, def, out = 0;
        int64_t t;

        if (s->shape->insn[k] & HU_SHAPE_LDIMM_HI) {
            s->live[k] = s->live[k + 1];
            continue;
        }
        uses_defs(in, &use, &def);
        if (!ends_flow(in))
            out = s->live[k + 1 + (in->code == BPF_LD_IMM64)];
        t = jump_target(in, k);
        if (t >= 0) {
            if (t <= k || t > p->n_insns)
                return false;
            out |= s->live[t];
        }
        s->live[k] = (uint16_t)((use | (out & ~def)) & ALL_REGS);
    }
    return true;
}

/* Whether `in` reads register x only as the base of a load or store of the guest's window. */
static bool base_only(const struct hu_insn *in, unsigned x)
{
    uint8_t cls = BPF_CLASS(in->code), mode = BPF_MODE(in->code);

    if (cls == BPF_LDX && (mode == BPF_MEM || mode == BPF_MEMSX))
        return in->src == x;
    if (cls == BPF_ST && mode == BPF_MEM)
        return in->dst == x;
    if (cls == BPF_STX && mode == BPF_MEM)
        return in->dst == x && in->src != x;
    return false;
}

/* Whether `in` reads register x only as a source x86 can take from memory: mov, add, sub, or,
 * and, xor, mul (`op r, [rip + d]`) or the comparison of another register with it. */
static bool const_src_only(const struct hu_insn *in, unsigned x)
{
    uint8_t cls = BPF_CLASS(in->code), op = BPF_OP(in->code);

    if (!(in->code & BPF_X) || in->src != x || in->dst == x)
        return false;
    if (cls == BPF_JMP || cls == BPF_JMP32)
        return op != BPF_JA && op != BPF_CALL && op != BPF_EXIT;
    return (cls == BPF_ALU || cls == BPF_ALU64) && !in->off &&
           (op <= BPF_MUL || op == BPF_OR || op == BPF_AND || op == BPF_XOR || op == BPF_MOV);
}

/* For k writing rX (`rX += rH`, or an ld_imm64 when h < 0): when every read of rX's value, until
 * rX dies or is written, is one `reads_ok` accepts, with rH unchanged, and no jump leaves or lands
 * while rX holds it, k emits nothing and each read is marked `mark`. Otherwise nothing changes. */
static void plan_reads(struct jit_state *s, uint32_t k, int h, uint32_t *reads,
                       bool (*reads_ok)(const struct hu_insn *, unsigned), uint32_t mark)
{
    const struct hu_prog *p = s->p;
    unsigned x = p->insns[k].dst;
    bool h_written = false, wide = p->insns[k].code == BPF_LD_IMM64;
    uint32_t n = 0, j = k + 1 + wide;

    for (int steps = 0;; steps++) {
        const struct hu_insn *in = &p->insns[j];
        uint16_t use, def;
        int64_t t;

        if (j >= p->n_insns || steps == MAX_SCAN)
            return; /* cannot happen in a verified program; or too far: emit k */
        if (!(s->live[j] & BIT(x)))
            break; /* the value is dead: nothing more reads it */
        if (s->shape->insn[j] & HU_SHAPE_JUMP_TARGET)
            return; /* another path arrives with rX's value formed */
        uses_defs(in, &use, &def);
        if (use & BIT(x)) {
            if (!reads_ok(in, x) || h_written)
                return;
            reads[n++] = j;
        }
        t = jump_target(in, j);
        if (t >= 0 && (s->live[t] & BIT(x)))
            return; /* read after a jump */
        if ((def & BIT(x)) || ends_flow(in))
            break; /* written, or the flow ends (ja checked above; exit reads only r0) */
        h_written |= h >= 0 && (def & BIT(h));
        j += 1 + (in->code == BPF_LD_IMM64);
    }
    if (!n)
        return;
    s->fuse[k] = s->fuse[k + wide] = FUSE_SKIP;
    for (uint32_t m = 0; m < n; m++)
        s->fuse[reads[m]] = mark;
}

bool fused_const(const struct jit_state *s, uint32_t i, uint64_t *v)
{
    const struct hu_insn *ld;

    if (s->fuse[i] < FUSE_CONST || s->fuse[i] == FUSE_SKIP)
        return false;
    ld = &s->p->insns[s->fuse[i] - FUSE_CONST];
    *v = (uint32_t)ld[0].imm | (uint64_t)(uint32_t)ld[1].imm << 32;
    return true;
}

int plan_accesses(struct jit_state *s)
{
    const struct hu_prog *p = s->p;
    uint32_t *reads;

    if (!s->shape || !(s->live_ok = liveness(s)))
        return 0;
    reads = malloc(MAX_SCAN * sizeof(*reads));
    if (!reads)
        return -ENOMEM;
    for (uint32_t k = 0; k < p->n_insns; k++) {
        const struct hu_insn *in = &p->insns[k];

        if (s->fuse[k] || in->dst >= BPF_FP || (s->shape->insn[k] & HU_SHAPE_LDIMM_HI))
            continue;
        if (in->code == (BPF_ALU64 | BPF_ADD | BPF_X) && in->off == 0 && in->src < BPF_NREGS &&
            in->src != in->dst)
            plan_reads(s, k, in->src, reads, base_only, in->src + 1);
        else if (in->code == BPF_LD_IMM64 && in->src == 0 && s->pool)
            plan_reads(s, k, -1, reads, const_src_only, FUSE_CONST + k);
    }
    free(reads);
    return 0;
}
