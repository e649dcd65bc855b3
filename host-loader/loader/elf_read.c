/* SPDX-License-Identifier: MIT */
/* The ELF side of the loader: headers, sections, symbols and relocations, all checked. */
#include "elf_read.h"

#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>

#include <hupcall/huhost.h>

#include "btf_lines.h"
#include "errmsg.h"
#include "opcodes.h"

#ifndef EM_BPF
#define EM_BPF 247
#endif
#define R_BPF_64_64 1
#define R_BPF_64_32 10

#define EINVALF(...) hu_errf(err, errlen, -EINVAL, __VA_ARGS__)

/* The fixed identification bytes, with messages people understand. */
static int check_ident(const uint8_t *b, size_t len, char *err, size_t errlen)
{
    if (len < sizeof(Elf64_Ehdr))
        return EINVALF("not a BPF object: %zu bytes is too short for an ELF header", len);
    if (memcmp(b, ELFMAG, SELFMAG) != 0)
        return EINVALF("not a BPF object: no ELF magic");
    if (b[EI_CLASS] != ELFCLASS64)
        return EINVALF("not a BPF object: ELF class %u, expected 64-bit", b[EI_CLASS]);
    if (b[EI_DATA] != ELFDATA2LSB)
        return EINVALF("not a BPF object: byte order %u, expected little endian", b[EI_DATA]);
    if (b[EI_VERSION] != EV_CURRENT)
        return EINVALF("not a BPF object: ELF version %u", b[EI_VERSION]);
    return 0;
}

static int check_ehdr(const Elf64_Ehdr *eh, size_t len, char *err, size_t errlen)
{
    if (eh->e_type != ET_REL)
        return EINVALF("not a relocatable object: ELF type %u", eh->e_type);
    if (eh->e_machine != EM_BPF)
        return EINVALF("wrong machine %u, expected EM_BPF (%u)", eh->e_machine, EM_BPF);
    if (eh->e_shoff == 0 || eh->e_shnum == 0)
        return EINVALF("no section header table");
    if (eh->e_shentsize != sizeof(Elf64_Shdr))
        return EINVALF("section header size %u, expected %zu", eh->e_shentsize, sizeof(Elf64_Shdr));
    if (eh->e_shoff > len || (len - eh->e_shoff) / sizeof(Elf64_Shdr) < eh->e_shnum)
        return EINVALF("section header table (%u entries at %#llx) runs past the end of the file",
                       eh->e_shnum, (unsigned long long)eh->e_shoff);
    if (eh->e_shstrndx == SHN_UNDEF || eh->e_shstrndx >= eh->e_shnum)
        return EINVALF("bad section name table index %u", eh->e_shstrndx);
    return 0;
}

struct span {
    uint64_t lo, hi;
    size_t sec;
};

static int cmp_span(const void *a, const void *b)
{
    const struct span *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* Every section, whatever its type or size, inside the file (NOBITS: its offset), not overlapping
 * another or the headers: after this, any section's bytes may be read without another check. */
static int check_layout(Elf *e, const Elf64_Ehdr *eh, size_t len, char *err, size_t errlen)
{
    size_t n = eh->e_shnum, k = 0;
    struct span *s = calloc(n + 2, sizeof(*s));
    int ret = 0;
    if (!s)
        return -ENOMEM;
    s[k++] = (struct span){0, sizeof(Elf64_Ehdr), (size_t)-1};
    s[k++] = (struct span){eh->e_shoff, eh->e_shoff + n * sizeof(Elf64_Shdr), (size_t)-2};
    for (size_t i = 1; i < n; i++) {
        GElf_Shdr sh;
        if (!gelf_getshdr(elf_getscn(e, i), &sh)) {
            ret = EINVALF("section %zu: unreadable header", i);
            goto out;
        }
        uint64_t size = sh.sh_type == SHT_NOBITS ? 0 : sh.sh_size;
        if (sh.sh_offset > len || size > len - sh.sh_offset) {
            ret = EINVALF("section %zu: %llu bytes at offset %#llx run past the end of the file "
                          "(%zu bytes)",
                          i, (unsigned long long)sh.sh_size, (unsigned long long)sh.sh_offset, len);
            goto out;
        }
        if (size)
            s[k++] = (struct span){sh.sh_offset, sh.sh_offset + size, i};
    }
    qsort(s, k, sizeof(*s), cmp_span);
    for (size_t i = 1; i < k; i++) {
        if (s[i].lo < s[i - 1].hi) {
            ret = EINVALF("section %zd overlaps %s", (ssize_t)s[i].sec,
                          s[i - 1].sec == (size_t)-1   ? "the ELF header"
                          : s[i - 1].sec == (size_t)-2 ? "the section header table"
                                                       : "another section");
            goto out;
        }
    }
out:
    free(s);
    return ret;
}

static int is_maps_section(const char *name)
{
    return strcmp(name, ".maps") == 0 || strcmp(name, "maps") == 0 ||
           strncmp(name, "maps/", 5) == 0;
}

/* Sections whose relocations the loader has no use for: debug info and BTF. */
static int is_debug_section(const char *name)
{
    return strncmp(name, ".debug_", 7) == 0 || strcmp(name, ".BTF") == 0 ||
           strcmp(name, ".BTF.ext") == 0;
}

/* Each ld_imm64 has its second slot in the section; s->hi marks those slots, which nothing may
 * name, call or split: the pairs stay whole through linking and symbol resolution. */
static int mark_pairs(struct hu_elf_sec *s, char *err, size_t errlen)
{
    for (uint32_t k = 0; k < s->n_insns; k++) {
        if (s->insns[k].code != BPF_LD_IMM64)
            continue;
        if (k + 1 == s->n_insns)
            return EINVALF("section %s: insn %u: ld_imm64 without its second slot (end of section)",
                           s->name, k);
        s->hi[++k] = 1;
    }
    return 0;
}

static int classify(struct hu_elf *m, size_t i, const GElf_Shdr *sh, char *err, size_t errlen)
{
    struct hu_elf_sec *s = &m->secs[i];
    size_t plen = strlen(HU_SECTION_PREFIX);

    if (is_maps_section(s->name))
        return EINVALF("section %s: maps are not supported in hyperupcalls", s->name);
    if (strncmp(s->name, HU_SECTION_PREFIX, plen) == 0) {
        s->event = hu_event_from_name(s->name + plen);
        if (!s->event)
            return EINVALF("section %s: unknown event '%s'", s->name, s->name + plen);
        s->kind = HU_SEC_HUPCALL;
    } else if (strcmp(s->name, ".text") == 0 && sh->sh_size) {
        s->kind = HU_SEC_TEXT;
    } else if (sh->sh_flags & SHF_EXECINSTR && sh->sh_size) {
        return EINVALF("section %s: code outside hupcall/<event> and .text", s->name);
    } else {
        return 0;
    }
    if (sh->sh_type != SHT_PROGBITS)
        return EINVALF("section %s: code section of type %u, expected PROGBITS", s->name,
                       sh->sh_type);
    if (sh->sh_size % sizeof(struct hu_insn))
        return EINVALF("section %s: size %llu is not a multiple of 8", s->name,
                       (unsigned long long)sh->sh_size);
    if (sh->sh_size / sizeof(struct hu_insn) > HU_MAX_INSNS_LOCAL_MAX)
        return EINVALF("section %s: %llu instructions, more than any event allows (%u)", s->name,
                       (unsigned long long)(sh->sh_size / sizeof(struct hu_insn)),
                       HU_MAX_INSNS_LOCAL_MAX);
    m->code_insns += sh->sh_size / sizeof(struct hu_insn);
    if (m->code_insns > HU_ELF_MAX_CODE_INSNS)
        return EINVALF("more than %u instructions of code in the object", HU_ELF_MAX_CODE_INSNS);
    /* A copy: the file gives no alignment guarantee for the section's offset. */
    s->n_insns = sh->sh_size / sizeof(struct hu_insn);
    s->insns = malloc(sh->sh_size ? sh->sh_size : 1);
    s->ldimm_sym = malloc((s->n_insns ? s->n_insns : 1) * sizeof(*s->ldimm_sym));
    s->hi = calloc(s->n_insns ? s->n_insns : 1, sizeof(*s->hi));
    if (!s->insns || !s->ldimm_sym || !s->hi)
        return -ENOMEM;
    memcpy(s->insns, m->buf + sh->sh_offset, sh->sh_size);
    for (uint32_t k = 0; k < s->n_insns; k++)
        s->ldimm_sym[k] = -1;
    return mark_pairs(s, err, errlen);
}

/* A symbol in a code section is on an instruction boundary (or the section's end) and never on
 * an ld_imm64's second slot. */
static int check_code_sym(const struct hu_elf *m, const struct hu_elf_sym *y, char *err,
                          size_t errlen)
{
    if (y->shndx == SHN_UNDEF || y->shndx >= m->n_secs || m->secs[y->shndx].kind == HU_SEC_OTHER)
        return 0;
    const struct hu_elf_sec *s = &m->secs[y->shndx];
    uint64_t k = y->value / sizeof(struct hu_insn);
    if (y->value % sizeof(struct hu_insn) || k > s->n_insns)
        return EINVALF("symbol %s: value %#llx is not an instruction of section %s", y->name,
                       (unsigned long long)y->value, s->name);
    if (k < s->n_insns && s->hi[k])
        return EINVALF("symbol %s: on the second slot of the ld_imm64 at insn %llu of section %s",
                       y->name, (unsigned long long)k - 1, s->name);
    return 0;
}

static int read_symbols(struct hu_elf *m, Elf *e, size_t symtab, char *err, size_t errlen)
{
    GElf_Shdr sh;
    Elf_Scn *scn = elf_getscn(e, symtab);
    if (!gelf_getshdr(scn, &sh))
        return EINVALF("symbol table: unreadable header");
    if (sh.sh_entsize != sizeof(Elf64_Sym) || sh.sh_size % sizeof(Elf64_Sym))
        return EINVALF("symbol table: entry size %llu, size %llu",
                       (unsigned long long)sh.sh_entsize, (unsigned long long)sh.sh_size);
    if (sh.sh_link == 0 || sh.sh_link >= m->n_secs)
        return EINVALF("symbol table: bad string table index %u", sh.sh_link);
    GElf_Shdr strsh;
    if (!gelf_getshdr(elf_getscn(e, sh.sh_link), &strsh) || strsh.sh_type != SHT_STRTAB)
        return EINVALF("symbol table: section %u is not a string table", sh.sh_link);
    Elf_Data *d = elf_getdata(scn, NULL);
    if (!d || d->d_size != sh.sh_size)
        return EINVALF("symbol table: %s", elf_errmsg(-1));
    m->n_syms = sh.sh_size / sizeof(Elf64_Sym);
    m->syms = calloc(m->n_syms ? m->n_syms : 1, sizeof(*m->syms));
    if (!m->syms)
        return -ENOMEM;
    for (size_t i = 0; i < m->n_syms; i++) {
        GElf_Sym sym;
        struct hu_elf_sym *y = &m->syms[i];
        if (!gelf_getsym(d, i, &sym))
            return EINVALF("symbol %zu: unreadable", i);
        y->name = elf_strptr(e, sh.sh_link, sym.st_name);
        if (!y->name)
            return EINVALF("symbol %zu: bad name offset %u", i, sym.st_name);
        y->value = sym.st_value;
        y->shndx = sym.st_shndx;
        y->bind = GELF_ST_BIND(sym.st_info);
        y->type = GELF_ST_TYPE(sym.st_info);
        if (y->shndx == SHN_XINDEX)
            return EINVALF("symbol %s: extended section indices are not supported", y->name);
        if (y->shndx != SHN_UNDEF && y->shndx < SHN_LORESERVE && y->shndx >= m->n_secs)
            return EINVALF("symbol %s: section index %u out of range", y->name, y->shndx);
        int ret = check_code_sym(m, y, err, errlen);
        if (ret)
            return ret;
    }
    return 0;
}

/* A symbol that names a place in a code section: its instruction index there. */
static int code_sym_insn(const struct hu_elf *m, const struct hu_elf_sym *y, uint32_t *sec,
                         uint32_t *idx)
{
    if (y->shndx == SHN_UNDEF || y->shndx >= m->n_secs || m->secs[y->shndx].kind == HU_SEC_OTHER)
        return -1;
    if (y->value % sizeof(struct hu_insn) ||
        y->value / sizeof(struct hu_insn) >= m->secs[y->shndx].n_insns)
        return -1;
    *sec = y->shndx;
    *idx = y->value / sizeof(struct hu_insn);
    return 0;
}

static int add_call(struct hu_elf_sec *s, uint32_t insn, uint32_t sec, uint32_t target)
{
    if (s->n_calls == 0 || (s->n_calls & (s->n_calls - 1)) == 0) {
        uint32_t cap = s->n_calls ? s->n_calls * 2 : 8;
        void *p = realloc(s->calls, cap * sizeof(*s->calls));
        if (!p)
            return -ENOMEM;
        s->calls = p;
    }
    s->calls[s->n_calls++] = (struct hu_elf_call){insn, sec, target};
    return 0;
}

/* One relocation of a code section: an ld_imm64 naming a symbol or a BPF-to-BPF call. */
static int apply_reloc(struct hu_elf *m, uint32_t si, const GElf_Rel *r, int32_t *call_sym,
                       char *err, size_t errlen)
{
    struct hu_elf_sec *s = &m->secs[si];
    uint32_t type = GELF_R_TYPE(r->r_info), symi = GELF_R_SYM(r->r_info);
    uint64_t off = r->r_offset;
    if (off % sizeof(struct hu_insn) || off / sizeof(struct hu_insn) >= s->n_insns)
        return EINVALF("section %s: relocation at offset %#llx is not on an instruction", s->name,
                       (unsigned long long)off);
    uint32_t k = off / sizeof(struct hu_insn);
    if (symi == 0 || symi >= m->n_syms)
        return EINVALF("section %s: relocation at insn %u: bad symbol index %u", s->name, k, symi);
    if (s->ldimm_sym[k] >= 0 || call_sym[k] >= 0)
        return EINVALF("section %s: two relocations at insn %u", s->name, k);
    const struct hu_insn *in = &s->insns[k];
    if (type == R_BPF_64_64) {
        if (in->code != BPF_LD_IMM64 || s->hi[k])
            return EINVALF("section %s: R_BPF_64_64 relocation at insn %u is not on an ld_imm64",
                           s->name, k);
        s->ldimm_sym[k] = symi;
        return 0;
    }
    if (type == R_BPF_64_32) {
        if (in->code != (BPF_JMP | BPF_CALL) || in->src != BPF_PSEUDO_CALL || s->hi[k])
            return EINVALF("section %s: R_BPF_64_32 relocation at insn %u is not on a BPF-to-BPF "
                           "call",
                           s->name, k);
        call_sym[k] = symi;
        return 0;
    }
    return EINVALF("section %s: relocation type %u at insn %u is not supported", s->name, type, k);
}

static int read_relocs(struct hu_elf *m, Elf *e, size_t ri, size_t symtab, int32_t **call_syms,
                       char *err, size_t errlen)
{
    GElf_Shdr sh;
    Elf_Scn *scn = elf_getscn(e, ri);
    const char *name = m->secs[ri].name;
    if (!gelf_getshdr(scn, &sh))
        return EINVALF("section %zu: unreadable header", ri);
    if (sh.sh_info == 0 || sh.sh_info >= m->n_secs)
        return EINVALF("relocation section %s: bad target section %u", name, sh.sh_info);
    const struct hu_elf_sec *t = &m->secs[sh.sh_info];
    if (sh.sh_type == SHT_RELA)
        return EINVALF("relocation section %s: RELA relocations are not used by BPF", name);
    if (t->kind == HU_SEC_OTHER) {
        if (is_debug_section(t->name))
            return 0;
        return EINVALF("relocation section %s: relocations in section %s are not supported (no "
                       "data sections in hyperupcalls)",
                       name, t->name);
    }
    if (sh.sh_link != symtab)
        return EINVALF("relocation section %s: linked to section %u, not the symbol table", name,
                       sh.sh_link);
    if (sh.sh_entsize != sizeof(Elf64_Rel) || sh.sh_size % sizeof(Elf64_Rel))
        return EINVALF("relocation section %s: entry size %llu, size %llu", name,
                       (unsigned long long)sh.sh_entsize, (unsigned long long)sh.sh_size);
    Elf_Data *d = elf_getdata(scn, NULL);
    if (!d || d->d_size != sh.sh_size)
        return EINVALF("relocation section %s: %s", name, elf_errmsg(-1));
    for (size_t i = 0; i < sh.sh_size / sizeof(Elf64_Rel); i++) {
        GElf_Rel r;
        if (!gelf_getrel(d, i, &r))
            return EINVALF("relocation section %s: entry %zu unreadable", name, i);
        int ret = apply_reloc(m, sh.sh_info, &r, call_syms[sh.sh_info], err, errlen);
        if (ret)
            return ret;
    }
    return 0;
}

/* Every BPF-to-BPF call of section si, resolved to (section, instruction). */
static int resolve_calls(struct hu_elf *m, uint32_t si, const int32_t *call_sym, char *err,
                         size_t errlen)
{
    struct hu_elf_sec *s = &m->secs[si];
    for (uint32_t k = 0; k < s->n_insns; k++) {
        const struct hu_insn *in = &s->insns[k];
        uint32_t tsec = si;
        int64_t target;
        if (in->code != (BPF_JMP | BPF_CALL) || in->src != BPF_PSEUDO_CALL || s->hi[k])
            continue;
        if (call_sym[k] >= 0) {
            /* REL: the symbol's instruction plus the implicit addend imm + 1. */
            const struct hu_elf_sym *y = &m->syms[call_sym[k]];
            uint32_t base;
            if (code_sym_insn(m, y, &tsec, &base))
                return EINVALF("section %s: insn %u calls %s, which is not code in this object",
                               s->name, k, y->name[0] ? y->name : "a non-code symbol");
            target = (int64_t)base + in->imm + 1;
        } else {
            target = (int64_t)k + in->imm + 1;
        }
        if (tsec != si && m->secs[tsec].kind != HU_SEC_TEXT)
            return EINVALF("section %s: insn %u calls into section %s (only .text and the same "
                           "section can be called)",
                           s->name, k, m->secs[tsec].name);
        if (target < 0 || target >= m->secs[tsec].n_insns)
            return EINVALF("section %s: insn %u calls outside section %s", s->name, k,
                           m->secs[tsec].name);
        if (m->secs[tsec].hi[target])
            return EINVALF("section %s: insn %u calls insn %lld of section %s, the second slot of "
                           "an ld_imm64",
                           s->name, k, (long long)target, m->secs[tsec].name);
        int ret = add_call(s, k, tsec, (uint32_t)target);
        if (ret)
            return ret;
    }
    return 0;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int add_start(struct hu_elf_sec *s, uint32_t idx, uint32_t *cap)
{
    if (s->n_starts == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        void *p = realloc(s->starts, *cap * sizeof(*s->starts));
        if (!p)
            return -ENOMEM;
        s->starts = p;
    }
    s->starts[s->n_starts++] = idx;
    return 0;
}

/* Function starts: function symbols, global symbols and call targets. A function runs to the next
 * start, so hand-written assembly without .type/.size splits the same way as compiled code. */
static int find_starts(struct hu_elf *m, char *err, size_t errlen)
{
    uint32_t *caps = calloc(m->n_secs, sizeof(*caps));
    int ret = 0;
    if (!caps)
        return -ENOMEM;
    for (size_t i = 1; i < m->n_syms && !ret; i++) {
        const struct hu_elf_sym *y = &m->syms[i];
        uint32_t sec, idx;
        if (y->type != STT_FUNC && y->bind == STB_LOCAL)
            continue;
        if (y->shndx == SHN_UNDEF || y->shndx >= m->n_secs ||
            m->secs[y->shndx].kind == HU_SEC_OTHER)
            continue;
        if (code_sym_insn(m, y, &sec, &idx))
            ret = EINVALF("symbol %s: value %#llx is not an instruction of section %s", y->name,
                          (unsigned long long)y->value, m->secs[y->shndx].name);
        else
            ret = add_start(&m->secs[sec], idx, &caps[sec]);
    }
    for (size_t i = 0; i < m->n_secs && !ret; i++)
        for (uint32_t c = 0; c < m->secs[i].n_calls && !ret; c++)
            ret = add_start(&m->secs[m->secs[i].calls[c].sec], m->secs[i].calls[c].target,
                            &caps[m->secs[i].calls[c].sec]);
    for (size_t i = 0; i < m->n_secs && !ret; i++) {
        struct hu_elf_sec *s = &m->secs[i];
        uint32_t n = 0;
        if (s->n_starts)
            qsort(s->starts, s->n_starts, sizeof(*s->starts), cmp_u32);
        for (uint32_t k = 0; k < s->n_starts; k++)
            if (n == 0 || s->starts[n - 1] != s->starts[k])
                s->starts[n++] = s->starts[k];
        s->n_starts = n;
    }
    free(caps);
    return ret;
}

uint32_t hu_elf_func_end(const struct hu_elf_sec *s, uint32_t start)
{
    /* The first start above `start`: starts are sorted and unique. */
    uint32_t at = hu_count_below(s->starts, s->n_starts, sizeof(*s->starts), (uint64_t)start + 1);
    return at < s->n_starts ? s->starts[at] : s->n_insns;
}

static int read_sections(struct hu_elf *m, Elf *e, size_t shstrndx, size_t *symtab, char *err,
                         size_t errlen)
{
    for (size_t i = 1; i < m->n_secs; i++) {
        GElf_Shdr sh;
        if (!gelf_getshdr(elf_getscn(e, i), &sh))
            return EINVALF("section %zu: unreadable header", i);
        m->secs[i].name = elf_strptr(e, shstrndx, sh.sh_name);
        if (!m->secs[i].name)
            return EINVALF("section %zu: bad name offset %u", i, sh.sh_name);
        if (sh.sh_type == SHT_SYMTAB) {
            if (*symtab)
                return EINVALF("more than one symbol table");
            *symtab = i;
        }
        int ret = classify(m, i, &sh, err, errlen);
        if (ret)
            return ret;
    }
    m->secs[0].name = "";
    return 0;
}

static int read_links(struct hu_elf *m, Elf *e, size_t symtab, char *err, size_t errlen)
{
    int32_t **call_syms = calloc(m->n_secs, sizeof(*call_syms));
    int ret = 0;
    if (!call_syms)
        return -ENOMEM;
    for (size_t i = 0; i < m->n_secs && !ret; i++) {
        if (m->secs[i].kind == HU_SEC_OTHER)
            continue;
        call_syms[i] = malloc((m->secs[i].n_insns + 1) * sizeof(**call_syms));
        if (!call_syms[i])
            ret = -ENOMEM;
        for (uint32_t k = 0; !ret && k < m->secs[i].n_insns; k++)
            call_syms[i][k] = -1;
    }
    for (size_t i = 1; i < m->n_secs && !ret; i++) {
        GElf_Shdr sh;
        if (!gelf_getshdr(elf_getscn(e, i), &sh))
            ret = EINVALF("section %zu: unreadable header", i);
        else if (sh.sh_type == SHT_REL || sh.sh_type == SHT_RELA)
            ret = read_relocs(m, e, i, symtab, call_syms, err, errlen);
    }
    for (size_t i = 0; i < m->n_secs && !ret; i++)
        if (m->secs[i].kind != HU_SEC_OTHER)
            ret = resolve_calls(m, i, call_syms[i], err, errlen);
    for (size_t i = 0; i < m->n_secs; i++)
        free(call_syms[i]);
    free(call_syms);
    return ret;
}

static int read_btf(struct hu_elf *m, Elf *e, char *err, size_t errlen)
{
    const uint8_t *btf = NULL, *ext = NULL;
    size_t btf_len = 0, ext_len = 0;
    for (size_t i = 1; i < m->n_secs; i++) {
        GElf_Shdr sh;
        int is_btf = strcmp(m->secs[i].name, ".BTF") == 0,
            is_ext = strcmp(m->secs[i].name, ".BTF.ext") == 0;
        if (!is_btf && !is_ext)
            continue;
        if (!gelf_getshdr(elf_getscn(e, i), &sh))
            return EINVALF("section %zu: unreadable header", i);
        /* check_layout put its bytes inside the file; BTF is PROGBITS, anything else is not it. */
        if (sh.sh_type != SHT_PROGBITS)
            return EINVALF("section %s: type %u, expected PROGBITS", m->secs[i].name, sh.sh_type);
        if (is_btf) {
            btf = m->buf + sh.sh_offset;
            btf_len = sh.sh_size;
        } else {
            ext = m->buf + sh.sh_offset;
            ext_len = sh.sh_size;
        }
    }
    if (!btf || !ext)
        return 0;
    return hu_btf_read_lines(m, btf, btf_len, ext, ext_len, err, errlen);
}

int hu_elf_read(struct hu_elf *m, const void *buf, size_t len, char *err, size_t errlen)
{
    memset(m, 0, sizeof(*m));
    m->buf = buf;
    m->len = len;
    int ret = check_ident(buf, len, err, errlen);
    if (ret)
        return ret;
    elf_version(EV_CURRENT);
    Elf *e = elf_memory((char *)buf, len);
    if (!e)
        return EINVALF("not a BPF object: %s", elf_errmsg(-1));
    m->elf = e;
    Elf64_Ehdr *eh = elf64_getehdr(e);
    if (!eh)
        return EINVALF("bad ELF header: %s", elf_errmsg(-1));
    if ((ret = check_ehdr(eh, len, err, errlen)) || (ret = check_layout(e, eh, len, err, errlen)))
        return ret;
    m->n_secs = eh->e_shnum;
    m->secs = calloc(m->n_secs, sizeof(*m->secs));
    if (!m->secs)
        return -ENOMEM;
    size_t symtab = 0;
    if ((ret = read_sections(m, e, eh->e_shstrndx, &symtab, err, errlen)))
        return ret;
    if (!symtab)
        return EINVALF("no symbol table");
    if ((ret = read_symbols(m, e, symtab, err, errlen)) ||
        (ret = read_links(m, e, symtab, err, errlen)) || (ret = find_starts(m, err, errlen)))
        return ret;
    return read_btf(m, e, err, errlen);
}

void hu_elf_release(struct hu_elf *m)
{
    for (size_t i = 0; m->secs && i < m->n_secs; i++) {
        free(m->secs[i].insns);
        free(m->secs[i].ldimm_sym);
        free(m->secs[i].hi);
        free(m->secs[i].calls);
        free(m->secs[i].starts);
        free(m->secs[i].lines);
    }
    free(m->secs);
    free(m->syms);
    if (m->elf)
        elf_end(m->elf);
    memset(m, 0, sizeof(*m));
}
