/* SPDX-License-Identifier: MIT */
/* The x86-64 JIT: loads, stores, the fused guest accesses and atomics (docs/jit.md). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "jit_x86.h"
#include "opcodes.h"

/* Loads and sign-extending loads from [base + off], or [base + index + off] when index >= 0:
 * movzx/mov zero-extend, movsx/movsxd sign-extend. */
int emit_load(struct jit_state *s, uint32_t i, const struct hu_insn *in, int base, int index)
{
    int dst = bpf_reg(s, i, in->dst);
    bool sx = BPF_MODE(in->code) == BPF_MEMSX, w = sx || BPF_SIZE(in->code) == BPF_DW;
    bool narrow = BPF_SIZE(in->code) == BPF_B || BPF_SIZE(in->code) == BPF_H;

    if (dst < 0 || base < 0)
        return -EINVAL;
    if (in->dst == 10)
        return jit_fail(s, i, "writes r10, the read-only frame pointer");
    if (sx && BPF_SIZE(in->code) == BPF_DW)
        return jit_fail(s, i, "sign-extending 64-bit load");
    if (index < 0) {
        emit_rex(s, w, dst, base, false);
    } else {
        uint8_t rex =
            (uint8_t)(0x40 | (w << 3) | ((dst >> 3) << 2) | ((index >> 3) << 1) | (base >> 3));
        if (rex != 0x40)
            emit1(s, rex);
    }
    if (narrow) {
        emit1(s, 0x0f);
        emit1(s, (uint8_t)((sx ? 0xbe : 0xb6) + (BPF_SIZE(in->code) == BPF_H)));
    } else {
        emit1(s, sx ? 0x63 : 0x8b);
    }
    if (index < 0)
        emit_mem(s, dst, base, in->off);
    else
        emit_mem_index(s, dst, base, index, in->off);
    return 0;
}

/* The guest access the compiler emits, `rX &= rM; rX += rH; rX = *(rX + off)` (mask, add the
 * window's hva, load), when neither of the last two is a jump target: one `and` and one load from
 * [rH + rX + off]. rX's sum is overwritten by the load, so nothing else sees it. Verified programs
 * only (the shape says where jumps land). */
bool fusable_access(const struct jit_state *s, uint32_t i)
{
    const struct hu_insn *in = &s->p->insns[i];

    if (!s->shape || i + 2 >= s->p->n_insns ||
        ((s->shape->insn[i + 1] | s->shape->insn[i + 2]) & HU_SHAPE_JUMP_TARGET))
        return false;
    return in[0].code == (BPF_ALU64 | BPF_AND | BPF_X) && in[0].dst < BPF_FP &&
           in[0].src < BPF_NREGS && in[1].code == (BPF_ALU64 | BPF_ADD | BPF_X) &&
           in[1].dst == in[0].dst && in[1].src != in[0].dst && in[1].src < BPF_NREGS &&
           in[1].off == 0 && in[0].off == 0 && BPF_CLASS(in[2].code) == BPF_LDX &&
           (BPF_MODE(in[2].code) == BPF_MEM || BPF_MODE(in[2].code) == BPF_MEMSX) &&
           in[2].src == in[0].dst && in[2].dst == in[0].dst;
}

/* Emits the access fusable_access() found at i (its three instructions). */
int emit_fused_access(struct jit_state *s, uint32_t i)
{
    const struct hu_insn *in = &s->p->insns[i];
    int x = reg_map[in[0].dst];
    int err = emit_insn(s, i); /* the and */

    if (err)
        return err;
    s->addr[i + 1] = s->addr[i + 2] = s->len;
    return emit_load(s, i + 2, &in[2], reg_map[in[1].src], x);
}

/* Stores of a register (STX) or an immediate (ST) of 1, 2, 4 or 8 bytes. */
int emit_store(struct jit_state *s, uint32_t i, const struct hu_insn *in)
{
    int base = bpf_reg(s, i, in->dst), src = bpf_reg(s, i, in->src);
    bool imm = BPF_CLASS(in->code) == BPF_ST;
    unsigned size = BPF_SIZE(in->code);

    if (base < 0 || src < 0)
        return -EINVAL;
    if (imm && s->blind && in->imm) {
        emit_guest_imm(s, R11, in->imm, true);
        src = R11;
        imm = false;
    }
    if (size == BPF_H)
        emit1(s, 0x66);
    if (imm) {
        emit_rex(s, size == BPF_DW, 0, base, false);
        emit1(s, size == BPF_B ? 0xc6 : 0xc7);
        emit_mem(s, 0, base, in->off);
        if (size == BPF_B)
            emit1(s, (uint8_t)in->imm);
        else if (size == BPF_H)
            emit1(s, (uint8_t)in->imm), emit1(s, (uint8_t)(in->imm >> 8));
        else
            emit4(s, (uint32_t)in->imm);
    } else {
        emit_rex(s, size == BPF_DW, src, base, size == BPF_B && src >= 4);
        emit1(s, size == BPF_B ? 0x88 : 0x89);
        emit_mem(s, src, base, in->off);
    }
    return 0;
}

/* r11 = base + off rounded down to the operand size. Atomics are naturally aligned by
 * construction: the verifier proves addresses, not alignment, and a misaligned locked operation is
 * a split lock (hundreds of times slower, a SIGBUS on hosts with split_lock_detect=fatal). Each
 * region (window, stack, context) starts 8-byte aligned, so rounding down stays inside it. */
static void emit_atomic_addr(struct jit_state *s, bool w, int base, int16_t off)
{
    emit_rex(s, true, R11, base, false);
    emit1(s, 0x8d); /* lea r11, [base + off] */
    emit_mem(s, R11, base, off);
    emit_alu_imm(s, 4, true, R11, w ? -8 : -4);
}

/* Atomic and/or/xor with fetch on [r11]: x86 has no fetching form, so a lock cmpxchg loop. */
static void emit_fetch_loop(struct jit_state *s, uint8_t rr, bool w, int src)
{
    int val = src == RAX ? R10 : src;
    size_t again;

    emit_mov(s, true, R10, RAX);
    emit_rex(s, w, RAX, R11, false);
    emit1(s, 0x8b);
    emit_mem(s, RAX, R11, 0);
    again = s->len;
    emit_mov(s, w, RCX, RAX);
    emit_rr(s, rr, w, RCX, val);
    emit1(s, 0xf0);
    emit_rex(s, w, RCX, R11, false);
    emit1(s, 0x0f);
    emit1(s, 0xb1);
    emit_mem(s, RCX, R11, 0);
    emit1(s, 0x75); /* jnz again */
    emit1(s, (uint8_t)(again - (s->len + 1)));
    emit_mov(s, w, src, RAX);
    if (src != RAX)
        emit_mov(s, true, RAX, R10);
}

int emit_atomic(struct jit_state *s, uint32_t i, const struct hu_insn *in)
{
    int base = bpf_reg(s, i, in->dst), src = bpf_reg(s, i, in->src);
    bool w = BPF_SIZE(in->code) == BPF_DW;
    uint8_t rr;

    if (base < 0 || src < 0)
        return -EINVAL;
    if (!w && BPF_SIZE(in->code) != BPF_W)
        return jit_fail(s, i, "atomic operation on %s bytes",
                        BPF_SIZE(in->code) == BPF_B ? "1" : "2");
    if ((in->imm & BPF_FETCH) && in->src == 10)
        return jit_fail(s, i, "atomic fetch writes r10, the read-only frame pointer");
    switch (in->imm & ~BPF_FETCH) {
    case BPF_ADD:
        rr = 0x01;
        break;
    case BPF_OR:
        rr = 0x09;
        break;
    case BPF_AND:
        rr = 0x21;
        break;
    case BPF_XOR:
        rr = 0x31;
        break;
    case BPF_XCHG & ~BPF_FETCH:
    case BPF_CMPXCHG & ~BPF_FETCH:
        if (!(in->imm & BPF_FETCH))
            return jit_fail(s, i, "unknown atomic operation 0x%x", in->imm);
        emit_atomic_addr(s, w, base, in->off);
        if (in->imm == BPF_CMPXCHG)
            emit1(s, 0xf0);
        emit_rex(s, w, src, R11, false);
        if (in->imm == BPF_XCHG) {
            emit1(s, 0x87); /* xchg is locked by itself */
        } else {
            emit1(s, 0x0f);
            emit1(s, 0xb1);
        }
        emit_mem(s, src, R11, 0);
        if (in->imm == BPF_CMPXCHG && !w)
            emit_mov(s, false, RAX, RAX); /* r0 = the old value, zero-extended */
        return 0;
    default:
        return jit_fail(s, i, "unknown atomic operation 0x%x", in->imm);
    }
    emit_atomic_addr(s, w, base, in->off);
    if (!(in->imm & BPF_FETCH)) {
        emit1(s, 0xf0);
        emit_rex(s, w, src, R11, false);
        emit1(s, rr);
        emit_mem(s, src, R11, 0);
    } else if (rr == 0x01) {
        emit1(s, 0xf0);
        emit_rex(s, w, src, R11, false);
        emit1(s, 0x0f);
        emit1(s, 0xc1); /* xadd: src = old value */
        emit_mem(s, src, R11, 0);
    } else {
        emit_fetch_loop(s, rr, w, src);
    }
    return 0;
}
