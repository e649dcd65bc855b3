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
    emit_rex_addr(s, w, dst, base, index, false);
    if (narrow) {
        emit1(s, 0x0f);
        emit1(s, (uint8_t)((sx ? 0xbe : 0xb6) + (BPF_SIZE(in->code) == BPF_H)));
    } else {
        emit1(s, sx ? 0x63 : 0x8b);
    }
    emit_addr(s, dst, base, index, in->off);
    return 0;
}

/* Stores of a register (STX) or an immediate (ST) of 1, 2, 4 or 8 bytes to [base + off], or
 * [base + index + off] when index >= 0. */
int emit_store(struct jit_state *s, uint32_t i, const struct hu_insn *in, int base, int index)
{
    int src = bpf_reg(s, i, in->src);
    bool imm = BPF_CLASS(in->code) == BPF_ST;
    unsigned size = BPF_SIZE(in->code);

    if (base < 0 || src < 0)
        return -EINVAL;
    if (imm && s->pool && in->imm) { /* x86 has no store from memory: r11 = the constant */
        emit_guest_imm(s, R11, in->imm, true);
        src = R11;
        imm = false;
    }
    if (size == BPF_H)
        emit1(s, 0x66);
    if (imm) {
        emit_rex_addr(s, size == BPF_DW, 0, base, index, false);
        emit1(s, size == BPF_B ? 0xc6 : 0xc7);
        emit_addr(s, 0, base, index, in->off);
        if (size == BPF_B)
            emit1(s, (uint8_t)in->imm);
        else if (size == BPF_H)
            emit1(s, (uint8_t)in->imm), emit1(s, (uint8_t)(in->imm >> 8));
        else
            emit4(s, (uint32_t)in->imm);
    } else {
        emit_rex_addr(s, size == BPF_DW, src, base, index, size == BPF_B && src >= 4);
        emit1(s, size == BPF_B ? 0x88 : 0x89);
        emit_addr(s, src, base, index, in->off);
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
    static const uint8_t rrs[16] = {
        [BPF_ADD >> 4] = 0x01, [BPF_OR >> 4] = 0x09, [BPF_AND >> 4] = 0x21, [BPF_XOR >> 4] = 0x31};
    int base = bpf_reg(s, i, in->dst), src = bpf_reg(s, i, in->src);
    bool w = BPF_SIZE(in->code) == BPF_DW, fetch = in->imm & BPF_FETCH;
    bool xchg = in->imm == BPF_XCHG, cmpxchg = in->imm == BPF_CMPXCHG;
    uint8_t rr = in->imm & ~0xf1 ? 0 : rrs[(in->imm & 0xf0) >> 4]; /* add, or, and, xor */

    if (base < 0 || src < 0)
        return -EINVAL;
    if (!w && BPF_SIZE(in->code) != BPF_W)
        return jit_fail(s, i, "atomic operation on %s bytes",
                        BPF_SIZE(in->code) == BPF_B ? "1" : "2");
    if (fetch && in->src == 10)
        return jit_fail(s, i, "atomic fetch writes r10, the read-only frame pointer");
    if (!rr && !xchg && !cmpxchg)
        return jit_fail(s, i, "unknown atomic operation 0x%x", in->imm);
    emit_atomic_addr(s, w, base, in->off);
    if (fetch && rr > 0x01) { /* and, or, xor with fetch */
        emit_fetch_loop(s, rr, w, src);
        return 0;
    }
    if (!xchg)
        emit1(s, 0xf0); /* lock (xchg is locked by itself) */
    emit_rex(s, w, src, R11, false);
    if (xchg)
        emit1(s, 0x87);
    else if (!fetch)
        emit1(s, rr);
    else
        emit1(s, 0x0f), emit1(s, cmpxchg ? 0xb1 : 0xc1); /* cmpxchg; xadd: src = the old value */
    emit_mem(s, src, R11, 0);
    if (cmpxchg && !w)
        emit_mov(s, false, RAX, RAX); /* r0 = the old value, zero-extended */
    return 0;
}
