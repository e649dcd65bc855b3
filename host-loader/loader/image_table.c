/* SPDX-License-Identifier: MIT */
/*
 * The hyperupcall table of a guest image (hupcall/table.h), read on the host: from an ELF image
 * (the bytes between __start_hupcalls and __stop_hupcalls, or the "hupcalls" section of a stripped
 * image) or from the raw section bytes. The image is untrusted: every entry is checked before any
 * is used, with the validator the guest itself runs.
 */
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "hupcall/huhost.h"
#include "object.h"
#include "vm.h"

/* The value of symbol `name` in the image's symbol table; 0 when found. */
static int find_symbol(Elf *elf, const char *name, uint64_t *value)
{
    Elf_Scn *scn = NULL;

    while ((scn = elf_nextscn(elf, scn))) {
        GElf_Shdr sh;
        Elf_Data *data;
        size_t i, n;

        if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || !sh.sh_entsize)
            continue;
        data = elf_getdata(scn, NULL);
        if (!data)
            continue;
        n = data->d_size / sizeof(Elf64_Sym);
        for (i = 0; i < n; i++) {
            GElf_Sym sym;
            const char *s;

            if (!gelf_getsym(data, (int)i, &sym) || sym.st_shndx == SHN_UNDEF)
                continue;
            s = elf_strptr(elf, sh.sh_link, sym.st_name);
            if (s && !strcmp(s, name)) {
                *value = sym.st_value;
                return 0;
            }
        }
    }
    return -ENOENT;
}

/* The file range of guest addresses [start, stop): inside one section with file contents. */
static int range_in_section(Elf *elf, size_t len, uint64_t start, uint64_t stop, uint64_t *off)
{
    Elf_Scn *scn = NULL;

    while ((scn = elf_nextscn(elf, scn))) {
        GElf_Shdr sh;

        if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_PROGBITS || !(sh.sh_flags & SHF_ALLOC))
            continue;
        if (start < sh.sh_addr || stop > sh.sh_addr + sh.sh_size || sh.sh_offset > len ||
            sh.sh_size > len - sh.sh_offset)
            continue;
        *off = sh.sh_offset + (start - sh.sh_addr);
        return 0;
    }
    return -ENOENT;
}

/* The section named HU_TABLE_SECTION, for an image without a symbol table. */
static int table_section(Elf *elf, size_t len, uint64_t *off, uint64_t *size, uint64_t *vaddr)
{
    Elf_Scn *scn = NULL;
    size_t shstrndx;

    if (elf_getshdrstrndx(elf, &shstrndx))
        return -ENOENT;
    while ((scn = elf_nextscn(elf, scn))) {
        GElf_Shdr sh;
        const char *name;

        if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_PROGBITS)
            continue;
        name = elf_strptr(elf, shstrndx, sh.sh_name);
        if (!name || strcmp(name, HU_TABLE_SECTION))
            continue;
        if (sh.sh_offset > len || sh.sh_size > len - sh.sh_offset)
            return -EINVAL;
        *off = sh.sh_offset;
        *size = sh.sh_size;
        *vaddr = sh.sh_addr;
        return 0;
    }
    return -ENOENT;
}

/* Locates the table's bytes in an ELF image. */
static int elf_table(const void *buf, size_t len, struct hu_table *t, char *err, size_t errlen)
{
    uint64_t start, stop, off, size, vaddr;
    GElf_Ehdr eh;
    Elf *elf;
    int ret = 0;

    elf_version(EV_CURRENT);
    /* libelf reads a memory image in place and does not write to it in ELF_C_READ mode. */
    elf = elf_memory((char *)buf, len);
    if (!elf || elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh)) {
        ret = hu_errf(err, errlen, -EINVAL, "image: not a readable ELF file: %s", elf_errmsg(-1));
        goto out;
    }
    if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB) {
        ret = hu_errf(err, errlen, -EINVAL, "image: not a 64-bit little-endian ELF image");
        goto out;
    }
    if (!find_symbol(elf, "__start_hupcalls", &start) &&
        !find_symbol(elf, "__stop_hupcalls", &stop)) {
        if (stop < start || range_in_section(elf, len, start, stop, &off)) {
            ret = hu_errf(err, errlen, -EINVAL,
                          "image: __start_hupcalls..__stop_hupcalls (0x%llx..0x%llx) is not "
                          "inside one section with contents",
                          (unsigned long long)start, (unsigned long long)stop);
            goto out;
        }
        size = stop - start;
        vaddr = start;
    } else if ((ret = table_section(elf, len, &off, &size, &vaddr))) {
        ret = hu_errf(err, errlen, ret == -ENOENT ? -ENOENT : -EINVAL,
                      ret == -ENOENT ? "image: no hyperupcall table (no __start_hupcalls and "
                                       "__stop_hupcalls symbols, no '" HU_TABLE_SECTION "' section)"
                                     : "image: section '" HU_TABLE_SECTION
                                       "' runs past the end of the file");
        goto out;
    }
    t->bytes = (const unsigned char *)buf + off;
    t->size = size;
    t->vaddr = vaddr;
out:
    elf_end(elf);
    return ret;
}

const struct hu_table_entry *hu_table_next(const struct hu_table *t,
                                           const struct hu_table_entry *prev)
{
    size_t off = prev ? (size_t)((const unsigned char *)prev - t->bytes) + prev->entry_size : 0;

    return off < t->size ? (const void *)(t->bytes + off) : NULL;
}

const struct hu_table_entry *hu_table_find(const struct hu_table *t, const char *name)
{
    const struct hu_table_entry *e = NULL;

    while ((e = hu_table_next(t, e)))
        if (!strcmp(e->name, name))
            return e;
    return NULL;
}

/* Every entry well formed and the entries tiling the table exactly. */
static int check_entries(struct hu_table *t, char *err, size_t errlen)
{
    size_t off = 0;

    t->n_entries = 0;
    if ((uintptr_t)t->bytes % HU_TABLE_ALIGN)
        return hu_errf(err, errlen, -EINVAL, "hyperupcall table is not %d-byte aligned",
                       HU_TABLE_ALIGN);
    while (off < t->size) {
        const struct hu_table_entry *e = (const void *)(t->bytes + off);
        const char *why = hu_table_entry_invalid(e, t->size - off);

        if (why && t->size - off >= sizeof(*e) && e->magic == HU_TABLE_MAGIC &&
            e->abi_version != HU_ABI_VERSION)
            return hu_errf(err, errlen, -EINVAL,
                           "hyperupcall table entry %u at offset %zu: %s %u (this loader "
                           "reads version %d)",
                           t->n_entries, off, why, e->abi_version, HU_ABI_VERSION);
        if (why)
            return hu_errf(err, errlen, -EINVAL, "hyperupcall table entry %u at offset %zu: %s",
                           t->n_entries, off, why);
        off += e->entry_size;
        t->n_entries++;
    }
    return 0;
}

/* The host picks a hyperupcall by name: two entries of one name would make that ambiguous. */
static int check_names(const struct hu_table *t, char *err, size_t errlen)
{
    const struct hu_table_entry *e = NULL;

    while ((e = hu_table_next(t, e)))
        if (hu_table_find(t, e->name) != e)
            return hu_errf(err, errlen, -EINVAL, "hyperupcall table: two entries are named '%s'",
                           e->name);
    return 0;
}

int hu_table_open(const void *buf, size_t len, struct hu_table *t, char *err, size_t errlen)
{
    int ret;

    memset(t, 0, sizeof(*t));
    if (!buf || !len)
        return hu_errf(err, errlen, -EINVAL, "image: empty");
    if (len >= SELFMAG && !memcmp(buf, ELFMAG, SELFMAG)) {
        ret = elf_table(buf, len, t, err, errlen);
        if (ret)
            return ret;
    } else {
        t->bytes = buf;
        t->size = len;
    }
    ret = check_entries(t, err, errlen);
    if (!ret)
        ret = check_names(t, err, errlen);
    if (ret)
        memset(t, 0, sizeof(*t));
    return ret;
}

int hu_table_open_object(const struct hu_table_entry *e, struct hu_object **obj, size_t *index,
                         char *err, size_t errlen)
{
    char why[512];
    size_t i;
    int ret;

    ret = hu_object_open(hu_table_object(e), e->object_size, obj, why, sizeof(why));
    if (ret)
        return hu_errf(err, errlen, ret, "hyperupcall '%s': embedded object: %s", e->name, why);
    /* Registration's messages name the entry. */
    snprintf((*obj)->name, sizeof((*obj)->name), "%s", e->name);
    for (i = 0; i < hu_object_count(*obj); i++) {
        if (!strcmp(hu_object_name(*obj, i), e->name)) {
            if (hu_object_event(*obj, i) != e->event)
                break;
            *index = i;
            return 0;
        }
    }
    hu_object_close(*obj);
    *obj = NULL;
    if (hu_event_name(e->event))
        return hu_errf(err, errlen, -EINVAL,
                       "hyperupcall '%s': its embedded object has no such hyperupcall for event %s",
                       e->name, hu_event_name(e->event));
    return hu_errf(err, errlen, -EINVAL, "hyperupcall '%s': unknown event %u", e->name, e->event);
}

int hu_table_add_symbols(struct hu_symtab *st, const struct hu_table *t, uint64_t slide, char *err,
                         size_t errlen)
{
    const struct hu_table_entry *e = NULL;
    int added = 0;

    while ((e = hu_table_next(t, e))) {
        uint32_t i;

        for (i = 0; i < e->n_syms; i++) {
            const char *name = hu_table_sym_name(e, i);
            uint64_t addr = hu_table_syms(e)[i].addr + slide, known;
            int ret = hu_symtab_lookup(st, name, &known);

            if (ret == -ENOENT) {
                ret = hu_symtab_add(st, name, addr);
                if (ret)
                    return hu_errf(err, errlen, ret, "symbol '%s': cannot add it", name);
                added++;
            } else if (!ret && known != addr) {
                return hu_errf(err, errlen, -EINVAL,
                               "symbol '%s': the image's table says 0x%llx (with the slide), "
                               "the symbol table 0x%llx",
                               name, (unsigned long long)addr, (unsigned long long)known);
            }
        }
    }
    return added;
}

/* The table's entries (all, or opts->name's) opened into objs[] with their options. */
static int open_entries(const struct hu_table *t, const struct hu_reg_opts *opts,
                        struct hu_object **objs, struct hu_reg_opts *o, size_t *n, char *err,
                        size_t errlen)
{
    const struct hu_table_entry *e = NULL;

    while ((e = hu_table_next(t, e))) {
        size_t index;
        int ret;

        if (opts->name && strcmp(opts->name, e->name))
            continue;
        ret = hu_table_open_object(e, &objs[*n], &index, err, errlen);
        if (ret)
            return ret;
        o[*n] = *opts;
        o[*n].name = e->name;
        (*n)++;
    }
    if (opts->name && !*n)
        return hu_errf(err, errlen, -ENOENT, "no hyperupcall named '%s' in the image's table",
                       opts->name);
    return 0;
}

int hu_table_register(struct hu_vm *vm, const struct hu_table *t, const struct hu_reg_opts *opts,
                      char *err, size_t errlen)
{
    struct hu_object **objs;
    struct hu_reg_opts *o;
    size_t n = 0, i;
    int ret;

    if (!vm || !t || !opts)
        return hu_errf(err, errlen, -EINVAL, "hu_table_register: bad arguments");
    objs = calloc(t->n_entries ? t->n_entries : 1, sizeof(*objs));
    o = calloc(t->n_entries ? t->n_entries : 1, sizeof(*o));
    if (!objs || !o) {
        ret = hu_errf(err, errlen, -ENOMEM, "out of memory");
        goto out;
    }
    ret = open_entries(t, opts, objs, o, &n, err, errlen);
    if (!ret)
        ret = hu_register_all(vm, (const struct hu_object *const *)objs, o, n, err, errlen);
out:
    for (i = 0; objs && i < n; i++)
        hu_object_close(objs[i]);
    free(objs);
    free(o);
    return ret;
}
