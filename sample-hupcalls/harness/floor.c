/* SPDX-License-Identifier: MIT */
/* The only harness file that reads libhuhost's internals (the slot's layout, core/slot.h): it
 * cannot include hurun.h, whose struct hu_run is not the library's. */
#include "floor.h"

#include "slot.h"

struct floor_call floor_of(struct hu_fire_args *slot)
{
    struct hu_slot *s = hu_slot_of(slot);
    /* struct floor_ret is struct hu_jit_ret under another name: the same registers. */
    return (struct floor_call){
        (struct floor_ret(*)(uint64_t, uint64_t, void *))(void (*)(void))s->entry,
        (uint64_t)(uintptr_t)&s->ctx, &s->run};
}
