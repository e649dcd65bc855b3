/* SPDX-License-Identifier: MIT */
/* The loader's linker: one hyperupcall = its entry plus the functions it reaches, copied. */
#define _POSIX_C_SOURCE 200809L /* strnlen */
#include "link.h"

#include <errno.h>
#include <gelf.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "opcodes.h"

/* Guest symbols come from kallsyms, whose names are shorter than KSYM_NAME_LEN (512). */
#define HU_SYM_MAX_NAME 512
/* Far above what a hyperupcall references; bounds the names one program copies. */
#define HU_LINK_MAX_SYM_REFS 4096
#define EINVALF(...) hu_errf(err, errlen, -EINVAL, __VA_ARGS__)

/* A function of the model placed in the program. */
struct placed {
    uint32_t sec, start, end, at;
};

/* Strings collected for the program's pool; pointers are set once the pool stops moving. */
struct pool {
    char *buf;
    size_t len, cap;
};

static int pool_add_bytes(struct pool *pl, const char *s, size_t n, size_t *off)
{
    if (pl->len + n > pl->cap) {
        size_t cap = (pl->cap + n) * 2;
        char *b = realloc(pl->buf, cap);
        if (!b)
            return -ENOMEM;
        pl->buf = b;
        pl->cap = cap;
    }
    memcpy(pl->buf + pl->len, s, n);
    *off = pl->len;
    pl->len += n;
    return 0;
}

static int pool_add(struct pool *pl, const char *s, size_t *off)
{
    return pool_add_bytes(pl, s, strlen(s) + 1, off);
}

struct linker {
    const struct hu_elf *m;
    struct hu_prog *p;
    struct placed *fn;
    uint32_t n_fn, cap_fn;
    int32_t **at; /* per section and start instruction: index into fn, or -1 */
    struct pool pool;
    size_t *line_file, *sym_name; /* pool offsets, turned into pointers at the end */
    size_t btf_at;                /* pool offset of the copy of .BTF's strings, or SIZE_MAX */
    uint32_t cap_insns, cap_lines, cap_line_file, cap_syms, cap_sym_name;
    char *err;
    size_t errlen;
};

static int grow(void **arr, uint32_t *cap, uint32_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    uint32_t c = *cap ? *cap : 16;
    while (c < need)
        c *= 2;
    void *p = realloc(*arr, (size_t)c * size);
    if (!p)
        return -ENOMEM;
    *arr = p;
    *cap = c;
    return 0;
}

/* The placed index of the function at (sec, start), placing it at the end if new. */
static int place(struct linker *l, uint32_t sec, uint32_t start, uint32_t *idx)
{
    const struct hu_elf_sec *s = &l->m->secs[sec];
    if (!l->at[sec]) {
        l->at[sec] = malloc((s->n_insns + 1) * sizeof(**l->at));
        if (!l->at[sec])
            return -ENOMEM;
        memset(l->at[sec], 0xff, (s->n_insns + 1) * sizeof(**l->at));
    }
    if (l->at[sec][start] >= 0) {
        *idx = l->at[sec][start];
        return 0;
    }
    if (grow((void **)&l->fn, &l->cap_fn, l->n_fn + 1, sizeof(*l->fn)))
        return -ENOMEM;
    uint32_t at =
        l->n_fn ? l->fn[l->n_fn - 1].at + (l->fn[l->n_fn - 1].end - l->fn[l->n_fn - 1].start) : 0;
    l->fn[l->n_fn] = (struct placed){sec, start, hu_elf_func_end(s, start), at};
    l->at[sec][start] = l->n_fn;
    *idx = l->n_fn++;
    return 0;
}

/* An ld_imm64 with a relocation: only undefined (guest) symbols are allowed. */
static int add_sym_ref(struct linker *l, const struct hu_elf_sec *s, uint32_t k, uint32_t at)
{
    const struct hu_elf_sym *y = &l->m->syms[s->ldimm_sym[k]];
    char *err = l->err;
    size_t errlen = l->errlen;
    struct hu_prog *p = l->p;
    if (y->shndx != SHN_UNDEF) {
        const char *where = y->shndx < l->m->n_secs ? l->m->secs[y->shndx].name : "?";
        if (y->shndx < l->m->n_secs && l->m->secs[y->shndx].kind != HU_SEC_OTHER)
            return EINVALF("section %s: insn %u takes the address of function %s: function "
                           "pointers are not supported",
                           s->name, k, y->name[0] ? y->name : where);
        return EINVALF("section %s: insn %u references %s in section %s: hyperupcalls have no "
                       "data or map sections, only guest symbols",
                       s->name, k, y->name[0] ? y->name : "a symbol", where);
    }
    if (y->bind == STB_LOCAL || !y->name[0])
        return EINVALF("section %s: insn %u references an undefined local or unnamed symbol",
                       s->name, k);
    if (strnlen(y->name, HU_SYM_MAX_NAME) == HU_SYM_MAX_NAME)
        return EINVALF("section %s: insn %u: guest symbol name longer than %d characters", s->name,
                       k, HU_SYM_MAX_NAME - 1);
    if (p->n_syms == HU_LINK_MAX_SYM_REFS)
        return EINVALF("hyperupcall %s: more than %d guest symbol references", p->name,
                       HU_LINK_MAX_SYM_REFS);
    if (grow((void **)&p->syms, &l->cap_syms, p->n_syms + 1, sizeof(*p->syms)) ||
        grow((void **)&l->sym_name, &l->cap_sym_name, p->n_syms + 1, sizeof(*l->sym_name)))
        return -ENOMEM;
    /* REL: the addend is the constant already in the ld_imm64. */
    uint64_t lo = (uint32_t)s->insns[k].imm, hi = (uint32_t)s->insns[k + 1].imm;
    p->syms[p->n_syms] = (struct hu_sym_ref){at, NULL, (int64_t)(lo | hi << 32)};
    if (pool_add(&l->pool, y->name, &l->sym_name[p->n_syms]))
        return -ENOMEM;
    p->n_syms++;
    return 0;
}

/* The first call / line record at or after instruction `insn`: both arrays are sorted by insn,
 * so a function's share is found in O(log n), whatever the number of functions. */
_Static_assert(offsetof(struct hu_elf_call, insn) == 0, "hu_count_below's key");
_Static_assert(offsetof(struct hu_elf_line, insn) == 0, "hu_count_below's key");

static uint32_t first_call(const struct hu_elf_sec *s, uint32_t insn)
{
    return hu_count_below(s->calls, s->n_calls, sizeof(*s->calls), insn);
}

static uint32_t first_line(const struct hu_elf_sec *s, uint32_t insn)
{
    return hu_count_below(s->lines, s->n_lines, sizeof(*s->lines), insn);
}

static int add_lines(struct linker *l, const struct placed *f)
{
    const struct hu_elf_sec *s = &l->m->secs[f->sec];
    struct hu_prog *p = l->p;
    for (uint32_t i = first_line(s, f->start); i < s->n_lines && s->lines[i].insn < f->end; i++) {
        const struct hu_elf_line *r = &s->lines[i];
        if (grow((void **)&p->lines, &l->cap_lines, p->n_lines + 1, sizeof(*p->lines)) ||
            grow((void **)&l->line_file, &l->cap_line_file, p->n_lines + 1, sizeof(*l->line_file)))
            return -ENOMEM;
        p->lines[p->n_lines] = (struct hu_line){r->insn - f->start + f->at, r->line, r->col, NULL};
        /* File names point into one copy of .BTF's strings: nothing per record is copied. */
        if (l->btf_at == SIZE_MAX &&
            pool_add_bytes(&l->pool, l->m->btf_strs, l->m->btf_strs_len, &l->btf_at))
            return -ENOMEM;
        l->line_file[p->n_lines] = l->btf_at + (size_t)(r->file - l->m->btf_strs);
        p->n_lines++;
    }
    return 0;
}

/* Copies function fn[i], fixing its calls and collecting its symbol references. */
static int copy_func(struct linker *l, uint32_t i)
{
    struct placed f = l->fn[i];
    const struct hu_elf_sec *s = &l->m->secs[f.sec];
    struct hu_prog *p = l->p;
    char *err = l->err;
    size_t errlen = l->errlen;
    uint32_t len = f.end - f.start;
    int ret;
    if (grow((void **)&p->insns, &l->cap_insns, f.at + len, sizeof(*p->insns)))
        return -ENOMEM;
    memcpy(&p->insns[f.at], &s->insns[f.start], (size_t)len * sizeof(*p->insns));
    p->n_insns = f.at + len;
    for (uint32_t k = f.start; k < f.end; k++) {
        const struct hu_insn *in = &s->insns[k];
        if (in->code == BPF_LD_IMM64 && in->src != 0)
            return EINVALF("section %s: insn %u is a map or BTF reference (ld_imm64 src=%u), not "
                           "supported",
                           s->name, k, in->src);
        if (s->ldimm_sym[k] >= 0 && (ret = add_sym_ref(l, s, k, k - f.start + f.at)))
            return ret;
    }
    for (uint32_t c = first_call(s, f.start); c < s->n_calls && s->calls[c].insn < f.end; c++) {
        const struct hu_elf_call *call = &s->calls[c];
        uint32_t callee;
        if ((ret = place(l, call->sec, call->target, &callee)))
            return ret;
        uint32_t pc = call->insn - f.start + f.at;
        p->insns[pc].imm = (int32_t)((int64_t)l->fn[callee].at - pc - 1);
    }
    return add_lines(l, &f);
}

static int finish(struct linker *l)
{
    struct hu_prog *p = l->p;
    p->funcs = malloc((l->n_fn ? l->n_fn : 1) * sizeof(*p->funcs));
    if (!p->funcs)
        return -ENOMEM;
    for (uint32_t i = 0; i < l->n_fn; i++)
        p->funcs[i] = l->fn[i].at;
    p->n_funcs = l->n_fn;
    p->strings = l->pool.buf ? l->pool.buf : calloc(1, 1);
    p->strings_len = l->pool.len;
    l->pool.buf = NULL;
    if (!p->strings)
        return -ENOMEM;
    for (uint32_t i = 0; i < p->n_lines; i++)
        p->lines[i].file = p->strings + l->line_file[i];
    for (uint32_t i = 0; i < p->n_syms; i++)
        p->syms[i].name = p->strings + l->sym_name[i];
    if (!p->lines)
        p->lines = calloc(1, sizeof(*p->lines));
    if (!p->syms)
        p->syms = calloc(1, sizeof(*p->syms));
    return p->lines && p->syms ? 0 : -ENOMEM;
}

int hu_link_prog(const struct hu_elf *m, uint32_t sec, uint32_t start, const char *name,
                 struct hu_prog *p, char *err, size_t errlen)
{
    struct linker l = {.m = m, .p = p, .err = err, .errlen = errlen, .btf_at = SIZE_MAX};
    uint32_t idx;
    int ret;
    memset(p, 0, sizeof(*p));
    if (strlen(name) >= sizeof(p->name))
        return EINVALF("hyperupcall name %.32s... is longer than %zu characters", name,
                       sizeof(p->name) - 1);
    strcpy(p->name, name);
    p->event = m->secs[sec].event;
    l.at = calloc(m->n_secs, sizeof(*l.at));
    if (!l.at)
        return -ENOMEM;
    ret = place(&l, sec, start, &idx);
    /* Breadth first: place() appends callees, this loop copies them in turn. */
    for (uint32_t i = 0; !ret && i < l.n_fn; i++)
        ret = copy_func(&l, i);
    if (!ret)
        ret = finish(&l);
    for (size_t i = 0; i < m->n_secs; i++)
        free(l.at[i]);
    free(l.at);
    free(l.fn);
    free(l.pool.buf);
    free(l.line_file);
    free(l.sym_name);
    if (ret)
        hu_prog_release(p);
    return ret;
}
