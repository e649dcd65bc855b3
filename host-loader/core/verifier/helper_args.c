/* SPDX-License-Identifier: MIT */
/* Helper calls: the per-event allowlist (docs/verifier.md) and argument kinds. Helpers take guest
 * addresses and values and mask them themselves, so every argument is a guest value, never a host
 * pointer. */
#include <hupcall/huhost.h>

#include "internal.h"

#define EV(e) (1u << (e))
#define EV_LOCAL                                                                                   \
    (EV(HU_EVENT_EXIT) | EV(HU_EVENT_ENTRY) | EV(HU_EVENT_INTERRUPT) | EV(HU_EVENT_MAP))
#define EV_ALL (EV_LOCAL | EV(HU_EVENT_RECLAIM) | EV(HU_EVENT_AGING) | EV(HU_EVENT_PREEMPT))

static const struct {
    const char *name;
    int nargs;
    uint32_t events; /* EV() bits of the events that may call it */
} helpers[HU_HELPER_MAX + 1] = {
    [HU_HELPER_SEND_VCPU_IPI] = {"send_vcpu_ipi", 2, EV(HU_EVENT_EXIT) | EV(HU_EVENT_INTERRUPT)},
    [HU_HELPER_GET_VCPU_REGISTER] = {"get_vcpu_register", 2, EV_ALL},
    [HU_HELPER_SET_VCPU_REGISTER] = {"set_vcpu_register", 3, EV_LOCAL},
    [HU_HELPER_MEMCPY] = {"memcpy", 3, EV_ALL},
    [HU_HELPER_MEMSET] = {"memset", 3, EV_ALL},
    [HU_HELPER_CMPXCHG] = {"cmpxchg", 3, EV_ALL},
    [HU_HELPER_FLUSH_TLB_VCPU] = {"flush_tlb_vcpu", 1, EV(HU_EVENT_EXIT) | EV(HU_EVENT_INTERRUPT)},
    [HU_HELPER_GET_EXIT_INFO] = {"get_exit_info", 1, EV(HU_EVENT_EXIT)},
};

int vh_call(struct vctx *v, struct vstate *s, uint32_t pc)
{
    int32_t id = v->in[pc].imm;
    char k[64];
    int err;

    if (id < 1 || id > HU_HELPER_MAX)
        return verr(v, pc, "helper-unknown", "helper %d is not one of 1..%d", id, HU_HELPER_MAX);
    if (!(helpers[id].events & EV(v->event)))
        return verr(v, pc, "helper-not-allowed", "%s is not allowed for event %u", helpers[id].name,
                    v->event);
    for (int r = 1; r <= helpers[id].nargs; r++) {
        if ((err = vk_need(v, s, pc, r)))
            return err;
        if (vk_is_host_ptr(&s->r[r])) {
            vk_describe(&s->r[r], k, sizeof(k));
            return verr(v, pc, "helper-arg-pointer",
                        "argument r%d of %s is %s: helpers take guest addresses and values, never "
                        "host pointers",
                        r, helpers[id].name, k);
        }
    }
    vk_call_clobber(s);
    return 0;
}
