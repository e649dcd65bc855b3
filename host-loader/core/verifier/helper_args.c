/* SPDX-License-Identifier: MIT */
/* Helper calls: the per-event allowlist (docs/verifier.md) and argument kinds. Helpers take guest
 * addresses and values and mask them themselves, so every argument is a guest value, never a host
 * pointer. */
#include <hupcall/huhost.h>

#include "helper_info.h"
#include "internal.h"

int vh_call(struct vctx *v, struct vstate *s, uint32_t pc)
{
    int32_t id = v->in[pc].imm;
    char k[64];
    int err;

    if (id < 1 || id > HU_HELPER_MAX)
        return verr(v, pc, "helper-unknown", "helper %d is not one of 1..%d", id, HU_HELPER_MAX);
    if (!(hu_helper_info[id].events & HU_EV(v->event)))
        return verr(v, pc, "helper-not-allowed", "%s is not allowed for event %s (%u)",
                    hu_helper_info[id].name, hu_event_name(v->event), v->event);
    for (int r = 1; r <= hu_helper_info[id].nargs; r++) {
        if ((err = vk_need(v, s, pc, r)))
            return err;
        if (vk_is_host_ptr(&s->r[r])) {
            vk_describe(&s->r[r], k, sizeof(k));
            return verr(v, pc, "helper-arg-pointer",
                        "argument r%d of %s is %s: helpers take guest addresses and values, never "
                        "host pointers",
                        r, hu_helper_info[id].name, k);
        }
    }
    vk_call_clobber(s);
    return 0;
}
