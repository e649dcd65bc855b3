/* SPDX-License-Identifier: MIT */
/*
 * The helpers a hyperupcall calls. Guest-memory helpers (memcpy, memset, cmpxchg) are the
 * library's own: they mask every guest address with the window's mask exactly as compiled code
 * does, and refuse a length that would leave the window or exceed HU_HELPER_MAX_LEN, returning
 * (uint64_t)-EINVAL. The vCPU helpers go to the hypervisor's backend. Every call is reported to
 * backend->trace with the helper's declared arguments only: the registers past them may hold
 * host pointers (the frame pointer, the window's hva) and trace may log somewhere the guest
 * reads, so they read as 0.
 */
#include <errno.h>
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
        },
};
