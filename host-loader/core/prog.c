/* SPDX-License-Identifier: MIT */
/* struct hu_prog: line lookup, release and deep copy. */
#include "prog.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(offsetof(struct hu_line, insn) == 0, "hu_count_below's key");

const struct hu_line *hu_prog_line(const struct hu_prog *p, uint32_t insn)
{
    /* The last entry starting at or before insn: lines are sorted by insn. */
    uint32_t at = hu_count_below(p->lines, p->n_lines, sizeof(*p->lines), (uint64_t)insn + 1);
    return at ? &p->lines[at - 1] : NULL;
}

void hu_prog_release(struct hu_prog *p)
{
    free(p->insns);
    free(p->lines);
    free(p->syms);
    free(p->funcs);
    free(p->strings);
    memset(p, 0, sizeof(*p));
}

static void *dup_array(const void *src, size_t n, size_t size)
{
    void *d = malloc(n ? n * size : 1);
    if (d && n)
        memcpy(d, src, n * size);
    return d;
}

/* Points a string of src's pool at the same place in dst's pool. */
static const char *rebase(const char *s, const struct hu_prog *src, char *pool)
{
    return s ? pool + (s - src->strings) : NULL;
}

int hu_prog_clone(struct hu_prog *dst, const struct hu_prog *src)
{
    *dst = *src;
    dst->insns = dup_array(src->insns, src->n_insns, sizeof(*src->insns));
    dst->lines = dup_array(src->lines, src->n_lines, sizeof(*src->lines));
    dst->syms = dup_array(src->syms, src->n_syms, sizeof(*src->syms));
    dst->funcs = dup_array(src->funcs, src->n_funcs, sizeof(*src->funcs));
    dst->strings = dup_array(src->strings, src->strings_len, 1);
    if (!dst->insns || !dst->lines || !dst->syms || !dst->funcs || !dst->strings) {
        hu_prog_release(dst);
        return -ENOMEM;
    }
    for (uint32_t i = 0; i < dst->n_lines; i++)
        dst->lines[i].file = rebase(src->lines[i].file, src, dst->strings);
    for (uint32_t i = 0; i < dst->n_syms; i++)
        dst->syms[i].name = rebase(src->syms[i].name, src, dst->strings);
    return 0;
}
