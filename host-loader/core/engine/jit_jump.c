/* SPDX-License-Identifier: MIT */
/* The x86-64 JIT: jumps, calls and exit (docs/jit.md "Instructions"). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "jit_x86.h"
#include "opcodes.h"

/* Whether jump i, comparing its register with 0, can use the flags instruction i - 1 left: an and,
 * or, xor of the same width into that register, which sets ZF and SF from the result and clears CF
 * and OF as `cmp r, 0` would, and no jump lands between them (the verifier's shape). */
static bool flags_hold(const struct jit_state *s, uint32_t i, const struct hu_insn *in)
{
    const struct hu_insn *prev;

    if (!s->shape || !i || (s->shape->insn[i] & (HU_SHAPE_JUMP_TARGET | HU_SHAPE_FUNC_START)))
        return false;
    prev = &s->p->insns[i - 1];
    return BPF_CLASS(prev->code) == (BPF_CLASS(in->code) == BPF_JMP ? BPF_ALU64 : BPF_ALU) &&
           prev->dst == in->dst &&
           (BPF_OP(prev->code) == BPF_AND || BPF_OP(prev->code) == BPF_OR ||
            BPF_OP(prev->code) == BPF_XOR);
}

int emit_jmp(struct jit_state *s, uint32_t i, const struct hu_insn *in)
{
    static const int8_t cc[16] = {
        [BPF_JEQ >> 4] = CC_E,   [BPF_JGT >> 4] = CC_A,   [BPF_JGE >> 4] = CC_AE,
        [BPF_JSET >> 4] = CC_NE, [BPF_JNE >> 4] = CC_NE,  [BPF_JSGT >> 4] = CC_G,
        [BPF_JSGE >> 4] = CC_GE, [BPF_JLT >> 4] = CC_B,   [BPF_JLE >> 4] = CC_BE,
        [BPF_JSLT >> 4] = CC_L,  [BPF_JSLE >> 4] = CC_LE,
    };
    bool w = BPF_CLASS(in->code) == BPF_JMP, x = in->code & BPF_X;
    uint8_t op = BPF_OP(in->code);
    int dst = bpf_reg(s, i, in->dst), src = bpf_reg(s, i, in->src);
    int64_t target = (int64_t)i + 1 + in->off;
    uint64_t v = (uint64_t)(int64_t)in->imm;

    if (dst < 0 || src < 0)
        return -EINVAL;
    switch (op) {
    case BPF_JA:
        if (x)
            break;
        if (!w)
            target = (int64_t)i + 1 + in->imm;
        if (target < 0 || target >= s->p->n_insns)
            return jit_fail(s, i, "jump to %lld, outside the program", (long long)target);
        emit_branch(s, 0xe9, -1, (uint32_t)target);
        return 0;
    case BPF_CALL:
        if (!w)
            break;
        if (x) {
            emit_callx(s, i, dst);
            return 0;
        }
        if (in->src == BPF_PSEUDO_CALL) {
            target = (int64_t)i + 1 + in->imm;
            if (target < 0 || target >= s->p->n_insns)
                return jit_fail(s, i, "call to %lld, outside the program", (long long)target);
            emit_local_call(s, i, (uint32_t)target);
            return 0;
        }
        if (in->src != 0)
            return jit_fail(s, i, "call kind %u is not supported", in->src);
        emit_call_imm(s, i, in->imm);
        return 0;
    case BPF_EXIT:
        if (!w || x)
            break;
        if (s->entry_inline && i < s->entry_end)
            emit_entry_exit(s); /* the entry's code was not called: the run ends here */
        else
            emit1(s, 0xc3); /* ret: the function was entered by a native call */
        return 0;
    default:
        if (!cc[op >> 4])
            break;
        if (x ? fused_const(s, i, &v) : s->pool && in->imm) /* test/cmp r, [constant] */
            emit_const_op(s, op == BPF_JSET ? 0x85 : 0x3b, w, dst, v);
        else if (x)
            emit_rr(s, op == BPF_JSET ? 0x85 : 0x39, w, dst, src);
        else if (op == BPF_JSET)
            emit_ext(s, 0xf7, 0, w, dst), emit4(s, (uint32_t)in->imm);
        else if (in->imm || !flags_hold(s, i, in)) /* else the flags are cmp r, 0's already */
            emit_alu_imm(s, 7, w, dst, in->imm);
        if (target < 0 || target >= s->p->n_insns)
            return jit_fail(s, i, "jump to %lld, outside the program", (long long)target);
        emit_branch(s, 0, cc[op >> 4], (uint32_t)target);
        return 0;
    }
    return jit_fail(s, i, "unknown jump opcode 0x%02x", in->code);
}
