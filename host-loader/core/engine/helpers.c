/* SPDX-License-Identifier: MIT */
/*
 * The helpers a hyperupcall calls. Guest-memory helpers (memcpy, memset, cmpxchg, atomic) are the
 * library's own: they mask every guest address with the window's mask exactly as compiled code
 * does, and refuse a length that would leave the window or exceed HU_HELPER_MAX_LEN, returning
 * (uint64_t)-EINVAL. The vCPU helpers go to the hypervisor's backend. Every call is reported to
 * backend->trace with the helper's declared arguments only: the registers past them may hold
 * host pointers (the frame pointer, the window's hva) and trace may log somewhere the guest
 * reads, so they read as 0.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "helper_info.h"
#include "run.h"

/* Reports a call of helper `id` to the backend's trace, with the argument count abi.h gives it. */
static uint64_t traced(const struct hu_run *r, uint32_t id, uint64_t a1, uint64_t a2, uint64_t a3,
                       uint64_t a4, uint64_t a5, uint64_t ret)
{
    if (r->backend && r->backend->trace) {
        uint64_t args[5] = {a1, a2, a3, a4, a5};
        for (int i = hu_helper_info[id].nargs; i < 5; i++)
            args[i] = 0;
        r->backend->trace(r->priv, r->vcpu, id, args, ret);
    }
    return ret;
}

/* The window offset of [gva, gva + len) after masking, or -1 when it would leave the window. */
static int64_t masked(const struct hu_window *w, uint64_t gva, uint64_t len)
{
    uint64_t off = gva & (w->size - 1);
    return len > w->size - off ? -1 : (int64_t)off;
}

/* masked() for memcpy and memset, which also refuse more than HU_HELPER_MAX_LEN bytes: the
 * verifier's run-time bound counts each call at that length (docs/verifier.md). */
static int64_t masked_bulk(const struct hu_window *w, uint64_t gva, uint64_t len)
{
    return len > HU_HELPER_MAX_LEN ? -1 : masked(w, gva, len);
}

#define NOSYS ((uint64_t)-ENOSYS)
#define EINVAL_RET ((uint64_t)-EINVAL)
#define BACKEND(r, cb) ((r)->backend && (r)->backend->cb)

/*
 * A vCPU helper `name` whose backend callback takes the arguments `...` (of a1-a5). When nothing
 * traces (the slot's `untraced` is set at registration) the callback is called directly, a tail
 * call of a few loads; otherwise through h_<name>_traced, out of line, which reports the call.
 */
#define VCPU_HELPER(name, ID, ...)                                                                 \
    static __attribute__((noinline)) uint64_t h_##name##_traced(                                   \
        const struct hu_run *r, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)   \
    {                                                                                              \
        uint64_t ret = BACKEND(r, name) ? r->backend->name(r->priv, r->vcpu, __VA_ARGS__) : NOSYS; \
        return traced(r, ID, a1, a2, a3, a4, a5, ret);                                             \
    }                                                                                              \
    static uint64_t h_##name(void *c, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,          \
                             uint64_t a5)                                                          \
    {                                                                                              \
        const struct hu_run *r = c;                                                                \
        if (r->untraced && r->untraced->name)                                                      \
            return r->untraced->name(r->priv, r->vcpu, __VA_ARGS__);                               \
        return h_##name##_traced(r, a1, a2, a3, a4, a5);                                           \
    }
VCPU_HELPER(send_vcpu_ipi, HU_HELPER_SEND_VCPU_IPI, a1, a2)
VCPU_HELPER(get_vcpu_register, HU_HELPER_GET_VCPU_REGISTER, a1, a2)
VCPU_HELPER(set_vcpu_register, HU_HELPER_SET_VCPU_REGISTER, a1, a2, a3)
VCPU_HELPER(flush_tlb_vcpu, HU_HELPER_FLUSH_TLB_VCPU, a1)
VCPU_HELPER(get_exit_info, HU_HELPER_GET_EXIT_INFO, a1)

/* memcpy(dst, src, len): guest to guest, both ranges inside the window; overlap allowed. */
static uint64_t h_memcpy(void *c, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    const struct hu_run *r = c;
    int64_t d = masked_bulk(r->w, a1, a3), s = masked_bulk(r->w, a2, a3);
    uint64_t ret = EINVAL_RET;
    if (d >= 0 && s >= 0) {
        memmove(r->w->hva + d, r->w->hva + s, a3);
        ret = 0;
    }
    return traced(r, HU_HELPER_MEMCPY, a1, a2, a3, a4, a5, ret);
}

/* memset(dst, byte, len). */
static uint64_t h_memset(void *c, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    const struct hu_run *r = c;
    int64_t d = masked_bulk(r->w, a1, a3);
    uint64_t ret = EINVAL_RET;
    if (d >= 0) {
        memset(r->w->hva + d, (int)(a2 & 0xff), a3);
        ret = 0;
    }
    return traced(r, HU_HELPER_MEMSET, a1, a2, a3, a4, a5, ret);
}

/* cmpxchg(addr, old, new) on an aligned 64-bit guest word: returns the previous value. A
 * misaligned address writes nothing and returns ~old, which the caller sees as a failed swap. */
static uint64_t h_cmpxchg(void *c, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    const struct hu_run *r = c;
    int64_t d = masked(r->w, a1, 8);
    uint64_t prev = ~a2;
    if (d >= 0 && (d & 7) == 0) {
        prev = a2;
        __atomic_compare_exchange_n((uint64_t *)(void *)(r->w->hva + d), &prev, a3, 0,
                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    }
    return traced(r, HU_HELPER_CMPXCHG, a1, a2, a3, a4, a5, prev);
}

/* The value min/max keep: v or old, compared as `size`-byte integers, signed or not. */
static uint64_t min_max(unsigned op, uint64_t old, uint64_t v, unsigned size)
{
    unsigned drop = 64 - 8 * size; /* sign-extends from the object's top bit */
    int64_t so = (int64_t)(old << drop) >> drop, sv = (int64_t)(v << drop) >> drop;
    bool take = op == HU_ATOMIC_SMAX   ? sv > so
                : op == HU_ATOMIC_SMIN ? sv < so
                : op == HU_ATOMIC_UMAX ? v > old
                                       : v < old;
    return take ? v : old;
}

/*
 * One operation of the atomic helper on the host object *p of type T: x86-64's lock xadd, xchg
 * and cmpxchg, and for the fetching and/or/xor/nand and min/max a lock cmpxchg loop (Linux's x86
 * BPF JIT emits the same loop for BPF_AND | BPF_FETCH): it retries only when another CPU wrote the
 * object between the load and the cmpxchg, so some CPU always makes progress (docs/framework.md).
 */
#define ATOMIC_ON(T)                                                                               \
    static uint64_t atomic_##T(T *p, unsigned op, unsigned size, uint64_t v, uint64_t expected)    \
    {                                                                                              \
        T prev = (T)expected;                                                                      \
        switch (op) {                                                                              \
        case HU_ATOMIC_XCHG:                                                                       \
            return __atomic_exchange_n(p, (T)v, __ATOMIC_SEQ_CST);                                 \
        case HU_ATOMIC_ADD:                                                                        \
            return __atomic_fetch_add(p, (T)v, __ATOMIC_SEQ_CST);                                  \
        case HU_ATOMIC_AND:                                                                        \
            return __atomic_fetch_and(p, (T)v, __ATOMIC_SEQ_CST);                                  \
        case HU_ATOMIC_OR:                                                                         \
            return __atomic_fetch_or(p, (T)v, __ATOMIC_SEQ_CST);                                   \
        case HU_ATOMIC_XOR:                                                                        \
            return __atomic_fetch_xor(p, (T)v, __ATOMIC_SEQ_CST);                                  \
        case HU_ATOMIC_NAND:                                                                       \
            return __atomic_fetch_nand(p, (T)v, __ATOMIC_SEQ_CST);                                 \
        case HU_ATOMIC_CMPXCHG:                                                                    \
            __atomic_compare_exchange_n(p, &prev, (T)v, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);    \
            return prev;                                                                           \
        default:                                                                                   \
            prev = __atomic_load_n(p, __ATOMIC_RELAXED);                                           \
            while (!__atomic_compare_exchange_n(p, &prev, (T)min_max(op, prev, v, size), 0,        \
                                                __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))               \
                ;                                                                                  \
            return prev;                                                                           \
        }                                                                                          \
    }
ATOMIC_ON(uint8_t)
ATOMIC_ON(uint16_t)
ATOMIC_ON(uint32_t)
ATOMIC_ON(uint64_t)

/* atomic(addr, value, HU_ATOMIC_OP(op, size), expected) on a naturally aligned 1-, 2-, 4- or 8-byte
 * guest object: returns its previous value. Masked as cmpxchg is; misaligned, it writes nothing
 * and returns ~expected truncated to the size, which a compare-and-swap sees as a failure. */
static uint64_t h_atomic(void *c, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    const struct hu_run *r = c;
    unsigned op = (unsigned)(a3 >> 4), size = (unsigned)(a3 & 15);
    bool known = a3 >> 4 < HU_ATOMIC_OP_COUNT && (size == 1 || size == 2 || size == 4 || size == 8);
    int64_t d = known ? masked(r->w, a1, size) : -1;
    uint64_t ret = known ? ~a4 & (UINT64_MAX >> (64 - 8 * size)) : EINVAL_RET;

    if (d >= 0 && (d & (size - 1)) == 0) {
        void *p = r->w->hva + d;
        ret = size == 1   ? atomic_uint8_t(p, op, size, a2, a4)
              : size == 2 ? atomic_uint16_t(p, op, size, a2, a4)
              : size == 4 ? atomic_uint32_t(p, op, size, a2, a4)
                          : atomic_uint64_t(p, op, size, a2, a4);
    }
    return traced(r, HU_HELPER_ATOMIC, a1, a2, a3, a4, a5, ret);
}

const struct hu_helpers hu_run_helpers = {
    .fn =
        {
            [HU_HELPER_SEND_VCPU_IPI] = h_send_vcpu_ipi,
            [HU_HELPER_GET_VCPU_REGISTER] = h_get_vcpu_register,
            [HU_HELPER_SET_VCPU_REGISTER] = h_set_vcpu_register,
            [HU_HELPER_MEMCPY] = h_memcpy,
            [HU_HELPER_MEMSET] = h_memset,
            [HU_HELPER_CMPXCHG] = h_cmpxchg,
            [HU_HELPER_FLUSH_TLB_VCPU] = h_flush_tlb_vcpu,
            [HU_HELPER_GET_EXIT_INFO] = h_get_exit_info,
            [HU_HELPER_ATOMIC] = h_atomic,
        },
};
