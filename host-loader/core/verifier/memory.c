/* SPDX-License-Identifier: MIT */
/* Loads, stores and atomics: every access is proven to lie in the stack frame, the readable
 * context or [hva, hva + window + guard); host pointers never reach guest memory. */
#include <stdio.h>

#include "internal.h"

static bool bit(const uint64_t *m, int i)
{
    return (m[i / 64] >> (i % 64)) & 1;
}

static void set_bit(uint64_t *m, int i, bool on)
{
    if (on)
        m[i / 64] |= 1ull << (i % 64);
    else
        m[i / 64] &= ~(1ull << (i % 64));
}

static int unmasked(struct vctx *v, uint32_t pc, int reg, const struct vreg *r)
{
    char k[64];

    vk_describe(r, k, sizeof(k));
    return verr(v, pc, "guest-access-unmasked",
                "r%d is %s, expected window pointer (hva + (x & mask)), stack pointer or ctx", reg,
                k);
}

static int leak(struct vctx *v, uint32_t pc, int reg, const struct vreg *r, const char *where)
{
    char k[64];

    vk_describe(r, k, sizeof(k));
    return verr(v, pc, "host-pointer-leak", "r%d is %s, a host pointer, stored %s", reg, k, where);
}

/* The window plus its guard: hva + [masked offset] + c + off, c in [lo, hi]. */
static int window_access(struct vctx *v, uint32_t pc, int reg, const struct vreg *r, int off,
                         int size)
{
    char k[64];

    if (r->lo + off >= 0 && r->hi + off + size <= HU_GUARD_SIZE)
        return 0;
    vk_describe(r, k, sizeof(k));
    return verr(v, pc, "guest-access-offset",
                "%d-byte access at r%d%+d with r%d = %s: the constant offset must lie in "
                "[0, %d - size]",
                size, reg, off, reg, k, HU_GUARD_SIZE);
}

/* Byte index into the frame of fp+a, or a rejection when [a, a + size) leaves [fp-512, fp). */
static int frame_byte(struct vctx *v, uint32_t pc, int64_t a, int size, int *byte)
{
    if (a < -HU_STACK_SIZE || a + size > 0)
        return verr(v, pc, "stack-out-of-frame",
                    "%d-byte access at fp%+lld is outside the frame [fp-%d, fp)", size,
                    (long long)a, HU_STACK_SIZE);
    *byte = (int)(a + HU_STACK_SIZE);
    if ((uint32_t)-a > v->cur->stack)
        v->cur->stack = (uint32_t)-a;
    return 0;
}

/* A whole aligned 8-byte fill restores what was spilled there; any other read needs written,
 * pointer-free bytes and gives a scalar. */
static int stack_read(struct vctx *v, const struct vstate *s, uint32_t pc, int64_t a, int size,
                      bool restore, struct vreg *val)
{
    int b = 0, err = frame_byte(v, pc, a, size, &b);

    if (err)
        return err;
    if (restore && size == 8 && b % 8 == 0 && ((s->slot_valid >> (b / 8)) & 1)) {
        *val = s->slot[b / 8];
        return 0;
    }
    for (int i = b; i < b + size; i++) {
        if (!bit(s->stk_init, i))
            return verr(v, pc, "stack-uninit-read", "fp%d is read before it is written",
                        i - HU_STACK_SIZE);
        if (bit(s->stk_ptr, i))
            return verr(v, pc, "stack-pointer-fill",
                        "fp%d holds part of a spilled host pointer; only a whole 8-byte load "
                        "from its slot restores it",
                        i - HU_STACK_SIZE);
    }
    vk_scalar(val);
    return 0;
}

/* A whole aligned 8-byte store spills the register (kind and all); any other store writes
 * scalar bytes and forgets the slots it touches. */
static int stack_write(struct vctx *v, struct vstate *s, uint32_t pc, int64_t a, int size, int reg,
                       const struct vreg *val)
{
    int b = 0, err = frame_byte(v, pc, a, size, &b);
    bool whole = size == 8 && b % 8 == 0;

    if (err)
        return err;
    if (!whole && vk_is_host_ptr(val))
        return leak(v, pc, reg, val,
                    "in part: a host pointer is spilled only whole, to an "
                    "8-byte aligned slot");
    for (int i = b / 8; i <= (b + size - 1) / 8; i++)
        s->slot_valid &= ~(1ull << i);
    if (whole) {
        s->slot[b / 8] = *val;
        s->slot_valid |= 1ull << (b / 8);
    }
    for (int i = b; i < b + size; i++) {
        set_bit(s->stk_init, i, true);
        set_bit(s->stk_ptr, i, vk_is_host_ptr(val));
    }
    return 0;
}

/* The context is read-only and read field by field: naturally aligned, inside one field; hva
 * only whole (part of it would be a host address in a scalar). */
static int ctx_read(struct vctx *v, uint32_t pc, int64_t a, int size, bool sx, struct vreg *val)
{
    if (a < 0 || a + size > HU_CTX_SIZE)
        return verr(v, pc, "ctx-access", "%d-byte read at ctx%+lld is outside the %d-byte context",
                    size, (long long)a, HU_CTX_SIZE);
    if (a % size)
        return verr(v, pc, "ctx-access", "%d-byte read at ctx%+lld is misaligned", size,
                    (long long)a);
    if (a < HU_CTX_OFF_HVA && size > 4)
        return verr(v, pc, "ctx-access", "%d-byte read at ctx%+lld spans event and vcpu_id", size,
                    (long long)a);
    if (a >= HU_CTX_OFF_HVA && a < HU_CTX_OFF_GUEST_BASE) {
        if (size != 8 || sx)
            return verr(v, pc, "ctx-access", "hva (ctx+8) is read only whole, 8 bytes");
        *val = (struct vreg){.kind = VK_WIN};
    } else if (a == HU_CTX_OFF_GUEST_MASK && size == 8) {
        *val = (struct vreg){.kind = VK_MASK};
    } else {
        vk_scalar(val);
    }
    return 0;
}

int vm_load(struct vctx *v, struct vstate *s, uint32_t pc)
{
    const struct hu_insn *in = &v->in[pc];
    const struct vreg *base = &s->r[in->src];
    int size = vi_size_bytes(in->code), err;
    bool sx = BPF_MODE(in->code) == BPF_MEMSX;
    struct vreg val;

    if ((err = vk_need(v, s, pc, in->src)))
        return err;
    switch (base->kind) {
    case VK_STACK:
        err = stack_read(v, s, pc, base->lo + in->off, size, !sx, &val);
        break;
    case VK_CTX:
        err = ctx_read(v, pc, base->lo + in->off, size, sx, &val);
        break;
    case VK_WIN:
        err = window_access(v, pc, in->src, base, in->off, size);
        vk_scalar(&val);
        break;
    default:
        return unmasked(v, pc, in->src, base);
    }
    if (!err)
        s->r[in->dst] = val;
    return err;
}

/* Atomics read and write: on the stack they need written, pointer-free bytes; never on ctx. */
static int atomic(struct vctx *v, struct vstate *s, uint32_t pc, int size)
{
    const struct hu_insn *in = &v->in[pc];
    const struct vreg *base = &s->r[in->dst];
    struct vreg old;
    int err;

    if (in->imm == BPF_CMPXCHG) {
        if ((err = vk_need(v, s, pc, 0)))
            return err;
        if (vk_is_host_ptr(&s->r[0]))
            return leak(v, pc, 0, &s->r[0], "by cmpxchg");
    }
    switch (base->kind) {
    case VK_STACK:
        if ((base->lo + in->off) % size)
            return verr(v, pc, "atomic-misaligned", "%d-byte atomic at fp%+lld is misaligned", size,
                        (long long)(base->lo + in->off));
        err = stack_read(v, s, pc, base->lo + in->off, size, false, &old);
        if (!err)
            err = stack_write(v, s, pc, base->lo + in->off, size, -1, &old);
        break;
    case VK_CTX:
        return verr(v, pc, "atomic-target", "atomic operation on the read-only context");
    case VK_WIN:
        err = window_access(v, pc, in->dst, base, in->off, size);
        break;
    default:
        return unmasked(v, pc, in->dst, base);
    }
    if (err)
        return err;
    if (in->imm == BPF_CMPXCHG)
        vk_scalar(&s->r[0]);
    else if (in->imm & BPF_FETCH)
        vk_scalar(&s->r[in->src]);
    return 0;
}

int vm_store(struct vctx *v, struct vstate *s, uint32_t pc)
{
    const struct hu_insn *in = &v->in[pc];
    const struct vreg *base = &s->r[in->dst];
    int size = vi_size_bytes(in->code), reg = -1, err;
    struct vreg val;

    if ((err = vk_need(v, s, pc, in->dst)))
        return err;
    if (BPF_CLASS(in->code) == BPF_ST) {
        vk_const(&val, in->imm);
    } else {
        if ((err = vk_need(v, s, pc, in->src)))
            return err;
        reg = in->src;
        val = s->r[reg];
        if (BPF_MODE(in->code) == BPF_ATOMIC) {
            if (vk_is_host_ptr(&val))
                return leak(v, pc, reg, &val, "by an atomic operation");
            return atomic(v, s, pc, size);
        }
    }
    switch (base->kind) {
    case VK_STACK:
        return stack_write(v, s, pc, base->lo + in->off, size, reg, &val);
    case VK_CTX:
        return verr(v, pc, "ctx-store", "the context is read-only");
    case VK_WIN:
        if (vk_is_host_ptr(&val))
            return leak(v, pc, reg, &val, "into guest memory");
        return window_access(v, pc, in->dst, base, in->off, size);
    default:
        return unmasked(v, pc, in->dst, base);
    }
}
