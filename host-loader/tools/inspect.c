/* SPDX-License-Identifier: MIT */
/* What tools read of an object through the API: each hyperupcall's code as linked, its source
 * lines and guest symbols, and the verifier's report field by field (hu-load verify, disasm). */
#include <errno.h>
#include <string.h>

#include <hupcall/huhost.h>

#include "errmsg.h"
#include "object.h"

int hu_object_verify_prog(const struct hu_object *obj, size_t i, const struct hu_verify_opts *opts,
                          struct hu_verify_result *res, char *err, size_t errlen)
{
    const struct hu_prog *p = hu_object_prog(obj, i);
    const struct hu_verify_opts none = {0};

    if (!p)
        return hu_errf(err, errlen, -EINVAL, "hu_object_verify_prog: no hyperupcall %zu", i);
    opts = opts ? opts : &none;
    uint32_t event = opts->event ? opts->event : p->event;
    struct hu_verify_limits lim = {event, opts->max_insns ? opts->max_insns
                                                          : hu_event_default_max_insns(event)};
    struct hu_verify_report rep = {
        .insn = -1, .kinds_fn = opts->kinds_fn, .kinds_arg = opts->kinds_arg};
    int ret = hu_verify(p, &lim, &rep);

    if (res) {
        res->insn = ret ? rep.insn : -1;
        res->rule = ret == -EACCES ? rep.rule : NULL;
        memcpy(res->details, rep.details, sizeof(res->details));
    }
    return ret ? hu_verify_format(opts->name ? opts->name : obj->name, p, &rep, ret, err, errlen)
               : 0;
}

int hu_object_code(const struct hu_object *obj, size_t i, struct hu_prog_code *out)
{
    const struct hu_prog *p = hu_object_prog(obj, i);

    if (!p || !out)
        return -EINVAL;
    *out = (struct hu_prog_code){p->insns, p->n_insns, p->entry, p->funcs, p->n_funcs};
    return 0;
}

int hu_object_source_line(const struct hu_object *obj, size_t i, uint32_t insn,
                          struct hu_source_line *out)
{
    const struct hu_prog *p = hu_object_prog(obj, i);
    const struct hu_line *l = p ? hu_prog_line(p, insn) : NULL;

    if (!l || !out)
        return -ENOENT;
    *out = (struct hu_source_line){l->insn, l->line, l->col, l->file};
    return 0;
}

const char *hu_object_guest_symbol(const struct hu_object *obj, size_t i, uint32_t insn,
                                   int64_t *addend)
{
    const struct hu_prog *p = hu_object_prog(obj, i);

    for (uint32_t k = 0; p && k < p->n_syms; k++) {
        if (p->syms[k].insn != insn)
            continue;
        if (addend)
            *addend = p->syms[k].addend;
        return p->syms[k].name;
    }
    return NULL;
}
