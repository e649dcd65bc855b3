/* SPDX-License-Identifier: MIT */
/* The x86-64 JIT's encoder: bytes into the bounds-checked code buffer, the ModRM/SIB forms, the
 * guest constants read from the constant pool (docs/jit.md "Guest constants"). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "jit_x86.h"
#include "opcodes.h"

const uint8_t reg_map[BPF_NREGS] = {RAX, RDI, RSI, RDX, R9, R8, RBX, R13, R14, R15, RBP};

int jit_fail(struct jit_state *s, int64_t insn, const char *fmt, ...)
{
    va_list ap;
    int n = 0;

    if (!s->errlen)
        return -EINVAL;
    if (insn >= 0)
        n = snprintf(s->err, s->errlen, "jit: insn %lld: ", (long long)insn);
    else
        n = snprintf(s->err, s->errlen, "jit: ");
    if (n >= 0 && (size_t)n < s->errlen) {
        va_start(ap, fmt);
        vsnprintf(s->err + n, s->errlen - n, fmt, ap);
        va_end(ap);
    }
    return -EINVAL;
}

/* ---- x86-64 encoding ---------------------------------------------------------------------- */

/* Every byte reaches the code buffer here or in write_at(): a write past its end is dropped and
 * fails the compile (emit_program checks `overflow`), whatever an emitter's size estimate said. */
void emit1(struct jit_state *s, uint8_t x)
{
    if (s->len >= s->cap) {
        s->overflow = true;
        return;
    }
    s->code[s->len++] = x;
}

/* Overwrites `n` bytes already emitted at `at` (rel8 and rel32 fix-ups). */
void write_at(struct jit_state *s, size_t at, const void *v, size_t n)
{
    if (at > s->len || n > s->len - at) {
        s->overflow = true;
        return;
    }
    memcpy(s->code + at, v, n);
}

void emit4(struct jit_state *s, uint32_t x)
{
    for (int i = 0; i < 4; i++)
        emit1(s, (uint8_t)(x >> (8 * i)));
}

void emit8(struct jit_state *s, uint64_t x)
{
    emit4(s, (uint32_t)x);
    emit4(s, (uint32_t)(x >> 32));
}

/* REX for ModRM reg `r` and rm/base `b`; `force` selects spl..dil for byte registers 4-7. */
void emit_rex(struct jit_state *s, bool w, int r, int b, bool force)
{
    emit_rex_addr(s, w, r, b, -1, force);
}

void emit_modrm(struct jit_state *s, int mod, int reg, int rm)
{
    emit1(s, (uint8_t)((mod << 6) | ((reg & 7) << 3) | (rm & 7)));
}

/* ModRM (and SIB) for [base + disp]. */
void emit_mem(struct jit_state *s, int reg, int base, int32_t disp)
{
    emit_addr(s, reg, base, -1, disp);
}

/* `op r/m, reg` with both operands registers, e.g. add/or/and/sub/xor/cmp/test/mov. */
void emit_rr(struct jit_state *s, uint8_t op, bool w, int rm, int reg)
{
    emit_rex(s, w, reg, rm, false);
    emit1(s, op);
    emit_modrm(s, 3, reg, rm);
}

/* `op /ext r/m` on a register, e.g. neg, div, shifts, group-1 with an immediate. */
void emit_ext(struct jit_state *s, uint8_t op, int ext, bool w, int rm)
{
    emit_rex(s, w, 0, rm, false);
    emit1(s, op);
    emit_modrm(s, 3, ext, rm);
}

/* Two-byte opcode 0F `op` with reg = dst, rm = src register (imul, movzx, movsx). */
void emit_0f_rr(struct jit_state *s, uint8_t op, bool w, int dst, int src, bool byte_src)
{
    emit_rex(s, w, dst, src, byte_src && src >= 4);
    emit1(s, 0x0f);
    emit1(s, op);
    emit_modrm(s, 3, dst, src);
}

bool fits_s8(int64_t v)
{
    return v >= -128 && v <= 127;
}

/* Group-1 ALU with an immediate: ext 0 add, 1 or, 4 and, 5 sub, 6 xor, 7 cmp. */
void emit_alu_imm(struct jit_state *s, int ext, bool w, int dst, int32_t imm)
{
    if (fits_s8(imm)) {
        emit_ext(s, 0x83, ext, w, dst);
        emit1(s, (uint8_t)imm);
    } else {
        emit_ext(s, 0x81, ext, w, dst);
        emit4(s, (uint32_t)imm);
    }
}

void emit_mov(struct jit_state *s, bool w, int dst, int src)
{
    emit_rr(s, 0x89, w, dst, src);
}

void emit_zero(struct jit_state *s, int dst)
{
    emit_rr(s, 0x31, false, dst, dst); /* xor r32, r32 clears all 64 bits */
}

/* dst = imm64 in the shortest form: mov r32 zero-extends, mov r/m64 imm32 sign-extends. */
void emit_load_imm(struct jit_state *s, int dst, uint64_t imm)
{
    if (imm == 0) {
        emit_zero(s, dst);
    } else if (imm <= UINT32_MAX) {
        emit_rex(s, false, 0, dst, false);
        emit1(s, (uint8_t)(0xb8 + (dst & 7)));
        emit4(s, (uint32_t)imm);
    } else if ((int64_t)imm >= INT32_MIN && (int64_t)imm < 0) {
        emit_ext(s, 0xc7, 0, true, dst);
        emit4(s, (uint32_t)imm);
    } else {
        emit_rex(s, true, 0, dst, false);
        emit1(s, (uint8_t)(0xb8 + (dst & 7)));
        emit8(s, imm);
    }
}

/* ModRM and disp32 for [rip + disp32] naming a new constant v of the pool, with `reg` in the reg
 * field. The disp32 is the last field of every instruction that uses this, so patch() makes it
 * relative to its end. Each use has a constant of its own, in program order: the code's bytes
 * depend on no immediate's value, not even on which ones are equal. */
void emit_const_operand(struct jit_state *s, int reg, uint64_t v)
{
    emit_modrm(s, 0, reg, RBP); /* mod 00, rm 101: [rip + disp32] */
    s->patches[s->n_patches++] = (struct jit_patch){s->len, s->n_consts, true};
    s->consts[s->n_consts++] = v;
    emit4(s, 0);
}

/* `op reg, [constant v]`. An immediate passed as v is sign-extended to 64 bits by the conversion:
 * a 64-bit operation reads all of it, a 32-bit one its low half, the immediate itself. */
void emit_const_op(struct jit_state *s, uint16_t op, bool w, int reg, uint64_t v)
{
    emit_rex(s, w, reg, 0, false);
    if (op > 0xff) /* a two-byte opcode: 0f xx */
        emit1(s, (uint8_t)(op >> 8));
    emit1(s, (uint8_t)op);
    emit_const_operand(s, reg, v);
}

/* dst = a guest-chosen constant (an immediate sign-extended to 64 bits, or an ld_imm64's: guest
 * symbols are guest-chosen too), zero-extended from 32 bits unless w: a load from the pool, so
 * that the guest's bytes are never bytes of executable memory (a `syscall; ret` planted through
 * immediates, JIT spraying). 0 is `xor`. */
void emit_guest_imm(struct jit_state *s, int dst, uint64_t v, bool w)
{
    if (!s->pool || v == 0)
        emit_load_imm(s, dst, w ? v : (uint32_t)v);
    else
        emit_const_op(s, 0x8b, w, dst, v); /* mov r, [constant] */
}

void emit_push(struct jit_state *s, int r)
{
    emit_rex(s, false, 0, r, false);
    emit1(s, (uint8_t)(0x50 + (r & 7)));
}

void emit_pop(struct jit_state *s, int r)
{
    emit_rex(s, false, 0, r, false);
    emit1(s, (uint8_t)(0x58 + (r & 7)));
}

/* A short forward or backward jump inside one instruction's expansion; returns the rel8 offset. */
size_t emit_jcc8(struct jit_state *s, int cc)
{
    emit1(s, (uint8_t)(0x70 + cc));
    emit1(s, 0);
    return s->len - 1;
}

size_t emit_jmp8(struct jit_state *s)
{
    emit1(s, 0xeb);
    emit1(s, 0);
    return s->len - 1;
}

/* Points the rel8 at `at` to the current position. */
void land8(struct jit_state *s, size_t at)
{
    uint8_t rel = (uint8_t)(s->len - (at + 1));

    if (s->len - (at + 1) > 127)
        s->overflow = true;
    write_at(s, at, &rel, 1);
}

/* A jump, conditional jump (cc >= 0) or call to BPF instruction `to`, resolved by patch(). */
void emit_branch(struct jit_state *s, uint8_t op, int cc, uint32_t to)
{
    if (cc >= 0) {
        emit1(s, 0x0f);
        emit1(s, (uint8_t)(0x80 + cc));
    } else {
        emit1(s, op);
    }
    s->patches[s->n_patches++] = (struct jit_patch){s->len, to, false};
    emit4(s, 0);
}

int bpf_reg(struct jit_state *s, uint32_t i, unsigned r)
{
    if (r >= BPF_NREGS)
        return jit_fail(s, i, "register r%u does not exist", r);
    return reg_map[r];
}

/* REX for an operand [base + disp] (index < 0) or [base + index + disp]; `force` as emit_rex. */
void emit_rex_addr(struct jit_state *s, bool w, int reg, int base, int index, bool force)
{
    uint8_t rex = (uint8_t)(0x40 | (w << 3) | ((reg >> 3) << 2) | (base >> 3));

    if (index >= 0)
        rex |= (uint8_t)((index >> 3) << 1);
    if (rex != 0x40 || force)
        emit1(s, rex);
}

/* ModRM, SIB and displacement for [base + disp] (index < 0) or [base + index + disp] (index never
 * rsp); always with a displacement so rbp/r13 need no special case. */
void emit_addr(struct jit_state *s, int reg, int base, int index, int32_t disp)
{
    if (base == RBP && s->fp_rsp) /* only r10 lives in rbp */
        base = RSP, disp += s->fp_off;
    emit_modrm(s, fits_s8(disp) ? 1 : 2, reg, index >= 0 ? RSP : base); /* rm = rsp: a SIB */
    if (index >= 0 || (base & 7) == RSP) /* SIB: the index (100: none) and the base */
        emit1(s, (uint8_t)((index >= 0 ? (index & 7) << 3 : 0x20) | (base & 7)));
    if (fits_s8(disp))
        emit1(s, (uint8_t)disp);
    else
        emit4(s, (uint32_t)disp);
}
