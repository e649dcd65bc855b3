/* SPDX-License-Identifier: MIT */
/* The x86-64 JIT: ALU and ALU64 instructions (docs/jit.md "Instructions"). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "jit_x86.h"
#include "opcodes.h"

/* dst op= src (or imm) for one of the shift ops; x86 masks the count exactly as the ISA does. An
 * immediate count stays in the code, masked to 5 or 6 bits as Linux's JIT leaves it (docs/jit.md
 * "Guest constants": no byte of 0x00-0x3f is a control transfer). */
static void emit_shift(struct jit_state *s, int ext, bool w, bool x, int dst, int src, int32_t imm)
{
    if (x) {
        emit_mov(s, false, RCX, src);
        emit_ext(s, 0xd3, ext, w, dst);
    } else {
        emit_ext(s, 0xc1, ext, w, dst);
        emit1(s, (uint8_t)(imm & (w ? 63 : 31)));
    }
}

/* Division and modulo with the ISA's results where x86 would fault: by zero the quotient is 0 and
 * the remainder the dividend; signed INT_MIN / -1 is INT_MIN (negation) with remainder 0. div and
 * idiv use rax:rdx (BPF r0 and r3), so those are saved in R10 and RCX around the operation. */
static void emit_divmod(struct jit_state *s, bool w, bool x, int dst, int src, int32_t imm,
                        bool mod, bool sgn)
{
    size_t to_zero = 0, to_neg = 0, to_done[2];

    if (!x && imm == 0) {
        if (!mod)
            emit_zero(s, dst);
        else if (!w)
            emit_mov(s, false, dst, dst);
        return;
    }
    if (!x && sgn && imm == -1) {
        if (mod)
            emit_zero(s, dst);
        else
            emit_ext(s, 0xf7, 3, w, dst);
        return;
    }
    emit_mov(s, true, R10, RAX);
    emit_mov(s, true, RCX, RDX);
    if (x)
        emit_mov(s, w, R11, src);
    else
        emit_guest_imm(s, R11, imm, w);
    if (dst != RAX)
        emit_mov(s, true, RAX, dst);
    if (x) {
        emit_rr(s, 0x85, w, R11, R11);
        to_zero = emit_jcc8(s, CC_E);
        if (sgn) {
            emit_alu_imm(s, 7, w, R11, -1);
            to_neg = emit_jcc8(s, CC_E);
        }
    }
    if (sgn) {
        if (w)
            emit1(s, 0x48);
        emit1(s, 0x99); /* cqo / cdq */
    } else {
        emit_zero(s, RDX);
    }
    emit_ext(s, 0xf7, sgn ? 7 : 6, w, R11);
    emit_mov(s, w, R11, mod ? RDX : RAX);
    if (x) {
        to_done[0] = emit_jmp8(s);
        land8(s, to_zero);
        if (mod)
            emit_mov(s, w, R11, RAX);
        else
            emit_zero(s, R11);
        if (sgn) {
            to_done[1] = emit_jmp8(s);
            land8(s, to_neg);
            if (mod) {
                emit_zero(s, R11);
            } else {
                emit_mov(s, w, R11, RAX);
                emit_ext(s, 0xf7, 3, w, R11);
            }
            land8(s, to_done[1]);
        }
        land8(s, to_done[0]);
    }
    emit_mov(s, true, RAX, R10);
    emit_mov(s, true, RDX, RCX);
    emit_mov(s, true, dst, R11);
}

/* le (to little endian: truncate on x86), be and bswap (byte swap) over 16, 32 or 64 bits. */
static int emit_end(struct jit_state *s, uint32_t i, int dst, int32_t width, bool swap)
{
    if (width != 16 && width != 32 && width != 64)
        return jit_fail(s, i, "byte swap width %d is not 16, 32 or 64", width);
    if (swap && width == 16) {
        emit1(s, 0x66);
        emit_ext(s, 0xc1, 0, false, dst);
        emit1(s, 8); /* rol r16, 8 */
    } else if (swap) {
        emit_rex(s, width == 64, 0, dst, false);
        emit1(s, 0x0f);
        emit1(s, (uint8_t)(0xc8 + (dst & 7)));
        return 0;
    }
    if (width == 16)
        emit_0f_rr(s, 0xb7, false, dst, dst, false); /* movzx r32, r16 */
    else if (width == 32)
        emit_mov(s, false, dst, dst);
    return 0;
}

/* mov and movsx (off 8, 16, 32 sign-extends the source's low bits). */
static int emit_mov_op(struct jit_state *s, uint32_t i, const struct hu_insn *in, bool w, int dst,
                       int src)
{
    bool x = in->code & BPF_X;

    if (!x) {
        if (in->off)
            return jit_fail(s, i, "mov with an immediate has offset %d", in->off);
        emit_guest_imm(s, dst, in->imm, w);
        return 0;
    }
    switch (in->off) {
    case 0:
        if (!w || dst != src)
            emit_mov(s, w, dst, src);
        return 0;
    case 8:
        emit_0f_rr(s, 0xbe, w, dst, src, true);
        return 0;
    case 16:
        emit_0f_rr(s, 0xbf, w, dst, src, false);
        return 0;
    case 32:
        if (!w)
            break;
        emit_rex(s, true, dst, src, false);
        emit1(s, 0x63); /* movsxd r64, r/m32 */
        emit_modrm(s, 3, dst, src);
        return 0;
    }
    return jit_fail(s, i, "movsx with offset %d", in->off);
}

/* rD = rA (i) followed by rD += rB or rD <<= 1..3 of the same width (i + 1), no jump landing on
 * i + 1 and i + 1 not fused otherwise: one lea rD, [rA + rB] or [rA * 2^k], and i + 1 emits
 * nothing. lea leaves the flags alone; a 32-bit lea zero-extends as the 32-bit operations do. */
static bool emit_lea_pair(struct jit_state *s, uint32_t i, bool w, int dst, int src)
{
    const struct hu_insn *nx = &s->p->insns[i + 1];
    uint8_t cls = BPF_CLASS(s->p->insns[i].code);
    bool shl = nx->code == (cls | BPF_LSH) && nx->imm >= 1 && nx->imm <= 3;

    if (!s->shape || i + 1 >= s->p->n_insns || (s->shape->insn[i + 1] & HU_SHAPE_JUMP_TARGET) ||
        s->fuse[i + 1] || nx->dst != s->p->insns[i].dst || nx->off ||
        (!shl && (nx->code != (cls | BPF_ADD | BPF_X) || nx->src >= BPF_NREGS)))
        return false;
    int rb = shl || nx->src == nx->dst ? src : reg_map[nx->src]; /* rD += rD: rA twice */

    emit_rex_addr(s, w, dst, shl ? RAX : src, shl ? src : rb, false);
    emit1(s, 0x8d);
    if (shl) { /* SIB: scale 2^k, index rA, no base (disp32 0) */
        emit_modrm(s, 0, dst, RSP);
        emit1(s, (uint8_t)(nx->imm << 6 | (src & 7) << 3 | RBP));
        emit4(s, 0);
    } else {
        emit_addr(s, dst, src, rb, 0);
    }
    s->fuse[i + 1] = FUSE_SKIP;
    return true;
}

int emit_alu(struct jit_state *s, uint32_t i, const struct hu_insn *in)
{
    static const struct {
        uint8_t rr;  /* `op r/m, r` opcode */
        uint8_t ext; /* group-1 /ext for the immediate form */
    } simple[16] = {
        [BPF_ADD >> 4] = {0x01, 0}, [BPF_SUB >> 4] = {0x29, 5}, [BPF_OR >> 4] = {0x09, 1},
        [BPF_AND >> 4] = {0x21, 4}, [BPF_XOR >> 4] = {0x31, 6},
    };
    bool w = BPF_CLASS(in->code) == BPF_ALU64, x = in->code & BPF_X;
    uint8_t op = BPF_OP(in->code);
    int dst = bpf_reg(s, i, in->dst), src = bpf_reg(s, i, in->src);
    uint64_t v = (uint64_t)(int64_t)in->imm;
    /* the source is a constant of the pool: the immediate, or an ld_imm64's register (jit_fuse.c)
     */
    bool pooled = x ? fused_const(s, i, &v) : s->pool && in->imm;

    if (dst < 0 || src < 0)
        return -EINVAL;
    if (in->dst == 10)
        return jit_fail(s, i, "writes r10, the read-only frame pointer");
    if (in->off && op != BPF_MOV && op != BPF_DIV && op != BPF_MOD)
        return jit_fail(s, i, "ALU operation 0x%02x has offset %d", in->code, in->off);
    switch (op) {
    case BPF_ADD:
    case BPF_SUB:
    case BPF_OR:
    case BPF_AND:
    case BPF_XOR:
        if (pooled) /* `op r, [constant]`: the `op r, r/m` form */
            emit_const_op(s, simple[op >> 4].rr | 2, w, dst, v);
        else if (x)
            emit_rr(s, simple[op >> 4].rr, w, dst, src);
        else
            emit_alu_imm(s, simple[op >> 4].ext, w, dst, in->imm);
        return 0;
    case BPF_MUL:
        if (pooled) {
            emit_const_op(s, 0x0faf, w, dst, v); /* imul r, [constant] */
        } else if (x) {
            emit_0f_rr(s, 0xaf, w, dst, src, false);
        } else {
            emit_rex(s, w, dst, dst, false);
            emit1(s, 0x69); /* imul r, r/m, imm32 */
            emit_modrm(s, 3, dst, dst);
            emit4(s, (uint32_t)in->imm);
        }
        return 0;
    case BPF_LSH:
        emit_shift(s, 4, w, x, dst, src, in->imm);
        return 0;
    case BPF_RSH:
        emit_shift(s, 5, w, x, dst, src, in->imm);
        return 0;
    case BPF_ARSH:
        emit_shift(s, 7, w, x, dst, src, in->imm);
        return 0;
    case BPF_NEG:
        if (x)
            return jit_fail(s, i, "neg with a register source");
        emit_ext(s, 0xf7, 3, w, dst);
        return 0;
    case BPF_DIV:
    case BPF_MOD:
        if (in->off != 0 && in->off != 1)
            return jit_fail(s, i, "div/mod with offset %d (0 unsigned, 1 signed)", in->off);
        emit_divmod(s, w, x, dst, src, in->imm, op == BPF_MOD, in->off == 1);
        return 0;
    case BPF_MOV:
        if (x && pooled) /* mov r, [constant] */
            return emit_const_op(s, 0x8b, w, dst, v), 0;
        if (x && !in->off && emit_lea_pair(s, i, w, dst, src))
            return 0;
        return emit_mov_op(s, i, in, w, dst, src);
    case BPF_END:
        if (w && x)
            return jit_fail(s, i, "bswap with the to-big-endian bit set");
        return emit_end(s, i, dst, in->imm, w || x);
    }
    return jit_fail(s, i, "unknown ALU opcode 0x%02x", in->code);
}
