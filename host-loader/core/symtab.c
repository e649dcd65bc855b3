/* SPDX-License-Identifier: MIT */
/* Guest symbol tables: name -> guest virtual address, sorted, for registration's lookups.
 * loader/symtab_load.c fills them from System.map / kallsyms files. */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include "symtab.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct sym {
    char *name;
    uint64_t addr;
};

struct hu_symtab {
    struct sym *v;
    size_t n, cap;
    int sorted; /* v is sorted by name, then address, without duplicates */
};

struct hu_symtab *hu_symtab_new(void)
{
    struct hu_symtab *st = calloc(1, sizeof(*st));
    if (st)
        st->sorted = 1;
    return st;
}

void hu_symtab_free(struct hu_symtab *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < st->n; i++)
        free(st->v[i].name);
    free(st->v);
    free(st);
}

int hu_symtab_append(struct hu_symtab *st, const char *name, uint64_t addr)
{
    if (st->n == st->cap) {
        size_t cap = st->cap ? st->cap * 2 : 64;
        struct sym *v = realloc(st->v, cap * sizeof(*v));
        if (!v)
            return -ENOMEM;
        st->v = v;
        st->cap = cap;
    }
    char *copy = strdup(name);
    if (!copy)
        return -ENOMEM;
    st->v[st->n++] = (struct sym){copy, addr};
    st->sorted = 0;
    return 0;
}

static int cmp_sym(const void *a, const void *b)
{
    const struct sym *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->addr < y->addr ? -1 : x->addr > y->addr);
}

void hu_symtab_normalize(struct hu_symtab *st)
{
    size_t k = 0;
    if (st->sorted)
        return;
    qsort(st->v, st->n, sizeof(*st->v), cmp_sym);
    for (size_t i = 0; i < st->n; i++) {
        if (k && cmp_sym(&st->v[k - 1], &st->v[i]) == 0)
            free(st->v[i].name);
        else
            st->v[k++] = st->v[i];
    }
    st->n = k;
    st->sorted = 1;
}

/* The first entry not ordered before (name, addr) in the sorted table. */
static size_t insert_point(const struct hu_symtab *st, const struct sym *key)
{
    size_t lo = 0, hi = st->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_sym(&st->v[mid], key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* One symbol into the sorted table, in place: O(n) per call, for the few a caller adds by hand
 * (files go through hu_symtab_load, which sorts once). */
int hu_symtab_add(struct hu_symtab *st, const char *name, uint64_t addr)
{
    if (!st || !name || !name[0] || strlen(name) >= HU_SYMTAB_MAX_NAME)
        return -EINVAL;
    hu_symtab_normalize(st);
    struct sym key = {(char *)name, addr};
    size_t at = insert_point(st, &key);
    if (at < st->n && cmp_sym(&st->v[at], &key) == 0)
        return 0;
    int ret = hu_symtab_append(st, name, addr);
    if (ret)
        return ret;
    struct sym added = st->v[st->n - 1];
    memmove(&st->v[at + 1], &st->v[at], (st->n - 1 - at) * sizeof(*st->v));
    st->v[at] = added;
    st->sorted = 1;
    return 0;
}

/* The first entry named `name` in the sorted table, or st->n. */
static size_t lower_bound(const struct hu_symtab *st, const char *name)
{
    size_t lo = 0, hi = st->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(st->v[mid].name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int hu_symtab_lookup(const struct hu_symtab *st, const char *name, uint64_t *addr)
{
    if (!st || !name)
        return -EINVAL;
    size_t i = lower_bound(st, name);
    if (i >= st->n || strcmp(st->v[i].name, name) != 0)
        return -ENOENT;
    if (i + 1 < st->n && strcmp(st->v[i + 1].name, name) == 0)
        return -ENOTUNIQ;
    *addr = st->v[i].addr;
    return 0;
}

size_t hu_symtab_count(const struct hu_symtab *st)
{
    return st ? st->n : 0;
}
