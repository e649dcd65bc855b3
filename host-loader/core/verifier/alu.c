/* SPDX-License-Identifier: MIT */
/* ALU instructions over register kinds. Host pointers (ctx, stack, window) only move by a constant,
 * and hva only takes one masked offset; anything else on a host pointer is rejected, because a
 * scalar derived from one could be stored where the guest reads it. Guest values stay scalars,
 * except `x & mask` (a masked offset) and a masked offset plus a constant. */
#include <stdio.h>

#include "internal.h"

/* Offsets kept in kinds stay within +-2^31, far beyond any legal access and far from overflow. */
#define V_OFF_LIMIT (1ll << 31)

static bool in_limit(int64_t x)
{
    return x >= -V_OFF_LIMIT && x <= V_OFF_LIMIT;
}

static bool shift(struct vreg *r, int64_t c)
{
    if (!in_limit(c) || !in_limit(r->lo + c) || !in_limit(r->hi + c))
        return false;
    r->lo += c;
    r->hi += c;
    return true;
}

/* Constant folding for the 64-bit operations compilers use to build offsets. */
static bool fold64(uint8_t op, uint64_t a, uint64_t b, uint64_t *out)
{
    switch (op) {
    case BPF_ADD:
        *out = a + b;
        return true;
    case BPF_SUB:
        *out = a - b;
        return true;
    case BPF_MUL:
        *out = a * b;
        return true;
    case BPF_OR:
        *out = a | b;
        return true;
    case BPF_AND:
        *out = a & b;
        return true;
    case BPF_XOR:
        *out = a ^ b;
        return true;
    case BPF_LSH:
        *out = a << (b & 63);
        return true;
    case BPF_RSH:
        *out = a >> (b & 63);
        return true;
    default:
        return false;
    }
}

static const char *op_text(uint8_t op)
{
    static const char *const text[14] = {
        "+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=", "neg", "%=", "^=", "=", "s>>=", "bswap"};
    return text[op >> 4];
}

static int reject(struct vctx *v, uint32_t pc, const struct vreg *d, const struct vreg *b,
                  const char *rule, const char *why)
{
    const struct hu_insn *in = &v->in[pc];
    char dk[64], bk[64], src[80];

    vk_describe(d, dk, sizeof(dk));
    vk_describe(b, bk, sizeof(bk));
    if (BPF_SRC(in->code))
        snprintf(src, sizeof(src), "r%d (%s)", in->src, bk);
    else
        snprintf(src, sizeof(src), "%d", in->imm);
    if (BPF_OP(in->code) == BPF_MOV)
        return verr(v, pc, rule, "r%d = %s: %s", in->dst, src, why);
    return verr(v, pc, rule, "r%d (%s) %s%s %s: %s", in->dst, dk,
                BPF_CLASS(in->code) == BPF_ALU ? "32-bit " : "", op_text(BPF_OP(in->code)), src,
                why);
}

/* hva (+ c) + ((x & mask) + c'): the one way to build a window pointer from a guest value. */
static bool add_moff(struct vreg *win, const struct vreg *moff)
{
    if (win->kind != VK_WIN || win->masked || moff->kind != VK_MOFF ||
        !in_limit(win->lo + moff->lo) || !in_limit(win->hi + moff->hi))
        return false;
    win->masked = true;
    win->lo += moff->lo;
    win->hi += moff->hi;
    return true;
}

static int ptr_alu(struct vctx *v, uint32_t pc, struct vreg *d, const struct vreg *b)
{
    const struct hu_insn *in = &v->in[pc];
    uint8_t op = BPF_OP(in->code);
    struct vreg t;

    if (BPF_CLASS(in->code) == BPF_ALU)
        return reject(v, pc, d, b, "pointer-arithmetic",
                      "32-bit operations truncate host pointers");
    if (op == BPF_ADD) {
        if (vk_is_host_ptr(d) && b->known && shift(d, b->lo))
            return 0;
        t = *b;
        if (vk_is_host_ptr(b) && d->known && shift(&t, d->lo)) {
            *d = t;
            return 0;
        }
        if (add_moff(d, b))
            return 0;
        if (add_moff(&t, d)) {
            *d = t;
            return 0;
        }
    }
    if (op == BPF_SUB && vk_is_host_ptr(d) && b->known && in_limit(b->lo) && shift(d, -b->lo))
        return 0;
    /* hva plus a guest value that is not a masked offset is the classic escape: say so. */
    const struct vreg *win = d->kind == VK_WIN ? d : b, *other = win == d ? b : d;
    if (op == BPF_ADD && win->kind == VK_WIN && !win->masked && !vk_is_host_ptr(other))
        return reject(v, pc, d, b, "guest-access-unmasked",
                      "expected a masked offset (x & mask, mask loaded whole from ctx+24) or a "
                      "constant to add to hva");
    return reject(v, pc, d, b, "pointer-arithmetic",
                  "a host pointer only moves by a constant, and hva takes one masked offset "
                  "(x & mask)");
}

/* Guest values: `x & mask` is a masked offset; a masked offset moves by constants. */
static void guest_alu(uint8_t op, bool is64, struct vreg *d, const struct vreg *b)
{
    struct vreg t;
    uint64_t out;

    if (op == BPF_AND && (d->kind == VK_MASK || b->kind == VK_MASK)) {
        *d = (struct vreg){.kind = VK_MOFF};
        return;
    }
    if (is64 && (op == BPF_ADD || op == BPF_SUB) && d->kind == VK_MOFF && b->known &&
        in_limit(b->lo) && shift(d, op == BPF_ADD ? b->lo : -b->lo))
        return;
    t = *b;
    if (is64 && op == BPF_ADD && d->known && b->kind == VK_MOFF && shift(&t, d->lo)) {
        *d = t;
        return;
    }
    if (is64 && d->known && b->known && fold64(op, d->lo, b->lo, &out))
        vk_const(d, (int64_t)out);
    else
        vk_scalar(d);
}

static int mov(struct vctx *v, uint32_t pc, struct vreg *d, const struct vreg *b)
{
    const struct hu_insn *in = &v->in[pc];

    if (BPF_CLASS(in->code) == BPF_ALU64 && in->off == 0) {
        *d = *b;
        return 0;
    }
    if (vk_is_host_ptr(b))
        return reject(v, pc, d, b, "pointer-arithmetic",
                      "a 32-bit or sign-extending move truncates a host pointer");
    if (b->known && in->off == 0)
        vk_const(d, (uint32_t)b->lo);
    else
        vk_scalar(d);
    return 0;
}

int va_alu(struct vctx *v, struct vstate *s, uint32_t pc)
{
    const struct hu_insn *in = &v->in[pc];
    uint8_t op = BPF_OP(in->code);
    bool is64 = BPF_CLASS(in->code) == BPF_ALU64;
    struct vreg *d = &s->r[in->dst], b;
    int err;

    /* The X bit of a byte swap selects the byte order, not a source register. */
    if (BPF_SRC(in->code) && op != BPF_END) {
        if ((err = vk_need(v, s, pc, in->src)))
            return err;
        b = s->r[in->src];
    } else {
        vk_const(&b, is64 ? (int64_t)in->imm : (int64_t)(uint32_t)in->imm);
    }
    if (op == BPF_MOV)
        return mov(v, pc, d, &b);
    if ((err = vk_need(v, s, pc, in->dst)))
        return err;
    if (vk_is_host_ptr(d) || vk_is_host_ptr(&b))
        return ptr_alu(v, pc, d, &b);
    guest_alu(op, is64, d, &b);
    return 0;
}
