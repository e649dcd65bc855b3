/* SPDX-License-Identifier: MIT */
/* Register kinds: constructors, the join at merge points, and their text for messages. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

bool vk_is_host_ptr(const struct vreg *r)
{
    return r->kind == VK_CTX || r->kind == VK_STACK || r->kind == VK_WIN;
}

void vk_scalar(struct vreg *r)
{
    *r = (struct vreg){.kind = VK_SCALAR};
}

void vk_const(struct vreg *r, int64_t val)
{
    *r = (struct vreg){.kind = VK_SCALAR, .known = true, .lo = val, .hi = val};
}

/* Guest-visible kinds that only differ in precision join to a plain scalar. */
static bool guest_value(const struct vreg *r)
{
    return r->kind == VK_SCALAR || r->kind == VK_MASK || r->kind == VK_MOFF;
}

/* Kinds that do not join: remember which two met, for messages. */
static void mix(struct vreg *a, const struct vreg *b)
{
    if (a->kind == VK_MIXED)
        return;
    if (b->kind == VK_MIXED)
        *a = *b;
    else
        *a = (struct vreg){.kind = VK_MIXED, .lo = a->kind, .hi = b->kind};
}

/* a = a joined with b: the least kind that describes both. */
void vk_join_reg(struct vreg *a, const struct vreg *b)
{
    if (a->kind == VK_UNINIT || b->kind == VK_UNINIT) {
        a->kind = VK_UNINIT;
        return;
    }
    if (a->kind != b->kind) {
        if (guest_value(a) && guest_value(b))
            vk_scalar(a);
        else
            mix(a, b);
        return;
    }
    switch (a->kind) {
    case VK_SCALAR:
        if (!b->known || !a->known || a->lo != b->lo)
            vk_scalar(a);
        break;
    case VK_CTX:
    case VK_STACK:
        if (a->lo != b->lo)
            mix(a, b);
        break;
    case VK_WIN: /* hva + c is hva + (0 & mask) + c: the join is masked if either side is */
        a->masked |= b->masked;
        /* fall through */
    case VK_MOFF:
        a->lo = a->lo < b->lo ? a->lo : b->lo;
        a->hi = a->hi > b->hi ? a->hi : b->hi;
        break;
    default:
        break;
    }
}

void vk_join_state(struct vstate *a, const struct vstate *b)
{
    for (int i = 0; i < BPF_NREGS; i++)
        vk_join_reg(&a->r[i], &b->r[i]);
    for (int i = 0; i < HU_STACK_SIZE / 64; i++) {
        a->stk_init[i] &= b->stk_init[i];
        a->stk_ptr[i] |= b->stk_ptr[i];
    }
    a->slot_valid &= b->slot_valid;
    for (uint64_t m = a->slot_valid; m; m &= m - 1) {
        int i = __builtin_ctzll(m);

        vk_join_reg(&a->slot[i], &b->slot[i]);
        if (a->slot[i].kind == VK_MIXED || a->slot[i].kind == VK_UNINIT)
            a->slot_valid &= ~(1ull << i);
    }
}

static void range(char *buf, size_t len, const char *pre, int64_t lo, int64_t hi)
{
    if (lo == hi && lo == 0)
        snprintf(buf, len, "%s", pre);
    else if (lo == hi)
        snprintf(buf, len, "%s%+lld", pre, (long long)lo);
    else
        snprintf(buf, len, "%s+[%lld,%lld]", pre, (long long)lo, (long long)hi);
}

void vk_describe(const struct vreg *r, char *buf, size_t len)
{
    switch (r->kind) {
    case VK_UNINIT:
        snprintf(buf, len, "uninit");
        break;
    case VK_MIXED: {
        static const char *const base[] = {"uninit",   "mixed", "scalar", "mask",
                                           "(x&mask)", "ctx",   "fp",     "hva"};
        snprintf(buf, len, "mixed(%s|%s)", base[r->lo], base[r->hi]);
        break;
    }
    case VK_SCALAR:
        if (r->known)
            snprintf(buf, len, "scalar(%lld)", (long long)r->lo);
        else
            snprintf(buf, len, "scalar");
        break;
    case VK_MASK:
        snprintf(buf, len, "mask");
        break;
    case VK_MOFF:
        range(buf, len, "(x&mask)", r->lo, r->hi);
        break;
    case VK_CTX:
        range(buf, len, "ctx", r->lo, r->lo);
        break;
    case VK_STACK:
        range(buf, len, "fp", r->lo, r->lo);
        break;
    default:
        range(buf, len, r->masked ? "hva+(x&mask)" : "hva", r->lo, r->hi);
        break;
    }
}

/* "r1=ctx r2=hva ... fp-8:hva": written registers, then stack slots holding a spilled non-scalar.
 */
void vk_format_state(const struct vstate *s, char *buf, size_t len)
{
    size_t at = 0;
    char kind[64];

    buf[0] = '\0';
    for (int i = 0; i < BPF_NREGS && at < len; i++) {
        if (s->r[i].kind == VK_UNINIT)
            continue;
        vk_describe(&s->r[i], kind, sizeof(kind));
        at += snprintf(buf + at, len - at, "%sr%d=%s", at ? " " : "", i, kind);
    }
    for (uint64_t m = s->slot_valid; m && at < len; m &= m - 1) {
        int i = __builtin_ctzll(m);

        if (s->slot[i].kind == VK_SCALAR)
            continue;
        vk_describe(&s->slot[i], kind, sizeof(kind));
        at += snprintf(buf + at, len - at, " fp%d:%s", i * 8 - HU_STACK_SIZE, kind);
    }
}
