/* SPDX-License-Identifier: MIT */
/* hu_object: its programs (loader/object.c builds them), inspected and verified. */
#include "object.h"

#include <errno.h>
#include <stdlib.h>

#include "errmsg.h"

void hu_object_close(struct hu_object *obj)
{
    if (!obj)
        return;
    for (size_t i = 0; i < obj->n_progs; i++)
        hu_prog_release(&obj->progs[i]);
    free(obj->progs);
    free(obj);
}

size_t hu_object_count(const struct hu_object *obj)
{
    return obj ? obj->n_progs : 0;
}

const char *hu_object_name(const struct hu_object *obj, size_t i)
{
    return obj && i < obj->n_progs ? obj->progs[i].name : NULL;
}

uint32_t hu_object_event(const struct hu_object *obj, size_t i)
{
    return obj && i < obj->n_progs ? obj->progs[i].event : 0;
}

uint32_t hu_object_insn_count(const struct hu_object *obj, size_t i)
{
    return obj && i < obj->n_progs ? obj->progs[i].n_insns : 0;
}

const struct hu_prog *hu_object_prog(const struct hu_object *obj, size_t i)
{
    return obj && i < obj->n_progs ? &obj->progs[i] : NULL;
}

int hu_object_verify(const struct hu_object *obj, char *err, size_t errlen)
{
    if (!obj)
        return hu_errf(err, errlen, -EINVAL, "hu_object_verify: no object");
    for (size_t i = 0; i < obj->n_progs; i++) {
        const struct hu_prog *p = &obj->progs[i];
        struct hu_verify_limits lim = {p->event, hu_event_default_max_insns(p->event)};
        struct hu_verify_report rep = {.insn = -1};
        int ret = hu_verify(p, &lim, &rep);
        if (ret)
            return hu_verify_format(obj->name, p, &rep, ret, err, errlen);
    }
    return 0;
}
