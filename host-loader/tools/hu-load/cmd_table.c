/* SPDX-License-Identifier: MIT */
/* hu-load and guest images' hyperupcall tables (hupcall/table.h): `hu-load list IMAGE`, and
 * `hu-load run --from-image IMAGE --name NAME`, which takes the object, its event and its guest
 * symbols from the image's table instead of an OBJ file. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Reads IMAGE and checks its table: 0, or the exit code with the message printed. `*buf` holds
 * the bytes `t` points into. */
static int open_table(const char *image, void **buf, struct hu_table *t)
{
    char err[1024];
    size_t len;

    /* The loader's file reader, with a bound far above any guest kernel image. */
    if (hu_read_file(image, buf, &len, (size_t)1 << 32, err, sizeof(err))) {
        fprintf(stderr, "hu-load: %s\n", err);
        return EXIT_USAGE;
    }
    if (hu_table_open(*buf, len, t, err, sizeof(err))) {
        fprintf(stderr, "hu-load: %s: %s\n", image, err);
        free(*buf);
        *buf = NULL;
        return EXIT_USAGE; /* malformed input */
    }
    return 0;
}

/* The same as a JSON record: {"name", "event", "object_size", "instructions", "guest_symbols"}. */
static void list_entry_json(const struct hu_table_entry *e, uint32_t insns, int first)
{
    printf("%s{\"name\":", first ? "" : ",");
    cli_json_string(e->name);
    printf(",\"event\":");
    cli_json_string(hu_event_name(e->event));
    printf(",\"object_size\":%llu,\"instructions\":%u,\"guest_symbols\":[",
           (unsigned long long)e->object_size, insns);
    for (uint32_t i = 0; i < e->n_syms; i++) {
        printf("%s", i ? "," : "");
        cli_json_string(hu_table_sym_name(e, i));
    }
    printf("]}");
}

/* One line per entry: name, event, object size, instructions, the guest symbols it references. */
static int list_entry(const struct hu_table_entry *e, int json, int first)
{
    char err[1024];
    struct hu_object *obj;
    size_t index;
    uint32_t i;

    if (hu_table_open_object(e, &obj, &index, err, sizeof(err))) {
        fprintf(stderr, "hu-load: %s\n", err);
        return EXIT_REJECTED;
    }
    if (json) {
        list_entry_json(e, hu_object_insn_count(obj, index), first);
        hu_object_close(obj);
        return 0;
    }
    printf("%-32s %-10s %8llu %6u ", e->name, hu_event_name(e->event),
           (unsigned long long)e->object_size, hu_object_insn_count(obj, index));
    for (i = 0; i < e->n_syms; i++)
        printf("%s%s", i ? "," : "", hu_table_sym_name(e, i));
    printf("%s\n", e->n_syms ? "" : "-");
    hu_object_close(obj);
    return 0;
}

int cmd_list(int argc, char **argv)
{
    const struct hu_table_entry *e = NULL;
    struct hu_table t;
    void *buf = NULL;
    int ret, json = argc == 3 && !strcmp(argv[1], "--json");
    const char *image = argv[argc - 1];

    if (argc != 2 + json || image[0] == '-')
        return cli_usage_error("list: one IMAGE expected");
    ret = open_table(image, &buf, &t);
    if (ret)
        return ret;
    if (json) {
        printf("{\"file\":");
        cli_json_string(image);
        printf(",\"table_vaddr\":\"0x%llx\",\"table_size\":%zu,\"hyperupcalls\":[",
               (unsigned long long)t.vaddr, t.size);
    } else {
        printf("%s: %u hyperupcall%s, table at %#llx (%zu bytes)\n", image, t.n_entries,
               t.n_entries == 1 ? "" : "s", (unsigned long long)t.vaddr, t.size);
        printf("%-32s %-10s %8s %6s %s\n", "name", "event", "size", "insns", "guest symbols");
    }
    for (int first = 1; !ret && (e = hu_table_next(&t, e)); first = 0)
        ret = list_entry(e, json, first);
    if (json)
        printf("]}\n");
    free(buf);
    return ret;
}

/* `len` bytes of guest memory at gva, from the image segment that holds them all: 0 or -1. */
static int read_guest(const struct hu_image *mem, uint64_t gva, void *buf, size_t len)
{
    for (size_t i = 0; i < hu_image_count(mem); i++) {
        const struct hu_image_seg *s = hu_image_seg(mem, i);

        if (gva >= s->gva && gva - s->gva <= s->size && s->size - (gva - s->gva) >= len) {
            memcpy(buf, (const char *)s->data + (gva - s->gva), len);
            return 0;
        }
    }
    return -1;
}

/* env[slot] of each variable entry e captures (hupcall/capture.h), read at its address plus the
 * slide and zero-extended, unless the command line set that slot. 0 or the exit code. */
static int read_captures(const struct from_image *fi, const struct hu_table_entry *e,
                         uint64_t env[HU_CTX_NENV])
{
    const struct hu_table_sym *syms = hu_table_syms(e);

    for (uint32_t i = 0; i < e->n_syms; i++) {
        uint64_t v = 0, gva = syms[i].addr + fi->slide;

        if (!syms[i].env_slot || fi->env_given & 1u << syms[i].env_slot)
            continue;
        if (read_guest(fi->mem, gva, &v, syms[i].env_size)) {
            fprintf(stderr,
                    "hu-load: %s: captured variable '%s' (%u bytes at %#llx) is not in the "
                    "guest image\n",
                    fi->path, hu_table_sym_name(e, i), syms[i].env_size, (unsigned long long)gva);
            return EXIT_REJECTED;
        }
        env[syms[i].env_slot] = v; /* little endian: the low bytes */
    }
    return 0;
}

int cli_open_from_image(const struct from_image *fi, struct hu_symtab *syms, struct hu_object **obj,
                        uint32_t *event, uint64_t env[HU_CTX_NENV])
{
    const struct hu_table_entry *e;
    struct hu_table t;
    char err[1024];
    void *buf = NULL;
    size_t index;
    int ret;

    if (!fi->name)
        return cli_usage_error("run: --from-image needs --name NAME");
    ret = open_table(fi->path, &buf, &t);
    if (ret)
        return ret;
    e = hu_table_find(&t, fi->name);
    if (!e) {
        fprintf(stderr, "hu-load: %s: no hyperupcall named '%s' in the table\n", fi->path,
                fi->name);
        ret = EXIT_REJECTED;
    } else if (*event && *event != e->event) {
        fprintf(stderr, "hu-load: %s: '%s' is a hyperupcall for event %s, not %s\n", fi->path,
                fi->name, hu_event_name(e->event), hu_event_name(*event));
        ret = EXIT_REJECTED;
    } else if (hu_table_add_symbols(syms, &t, fi->slide, err, sizeof(err)) < 0 ||
               hu_table_open_object(e, obj, &index, err, sizeof(err))) {
        fprintf(stderr, "hu-load: %s: %s\n", fi->path, err);
        ret = EXIT_REJECTED;
    } else {
        *event = e->event;
        ret = read_captures(fi, e, env);
    }
    free(buf);
    return ret;
}

/* An ELF64 file for a machine other than BPF (e_machine in the file's byte order). */
static int is_foreign_elf(const char *path)
{
    unsigned char h[20];
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(h, 1, sizeof(h), f) : 0;

    if (f)
        fclose(f);
    if (n != sizeof(h) || memcmp(h, "\177ELF", 4) || h[4] != 2 /* ELFCLASS64 */)
        return 0;
    return (h[5] == 2 ? h[18] << 8 | h[19] : h[18] | h[19] << 8) != 247 /* EM_BPF */;
}

/* fn for each entry of the table t (of the file `path`). */
static int each_entry(const char *path, const struct hu_table *t,
                      int (*fn)(struct hu_object *obj, long index, const char *shown, void *arg),
                      void *arg)
{
    const struct hu_table_entry *e = NULL;
    char err[1024], shown[1200];
    struct hu_object *obj;
    size_t index;
    int ret, worst = 0;

    while ((e = hu_table_next(t, e))) {
        snprintf(shown, sizeof(shown), "%s(%s)", path, e->name);
        if (hu_table_open_object(e, &obj, &index, err, sizeof(err))) {
            fprintf(stderr, "hu-load: %s: %s\n", shown, err);
            ret = EXIT_USAGE;
        } else {
            ret = fn(obj, (long)index, shown, arg);
            hu_object_close(obj);
        }
        worst = ret > worst ? ret : worst;
    }
    return worst;
}

int cli_for_each_object(const char *path,
                        int (*fn)(struct hu_object *obj, long index, const char *shown, void *arg),
                        void *arg)
{
    struct hu_object *obj;
    struct hu_table t;
    char err[1024];
    void *buf = NULL;
    size_t len;
    int ret = -ENOENT;

    /* A .hu.o, a guest image or a .ko carries a table; an ELF file without one is refused by the
     * object loader below, which names its machine. */
    if (is_foreign_elf(path) &&
        !hu_read_file(path, &buf, &len, (size_t)1 << 32, err, sizeof(err))) {
        ret = hu_table_open(buf, len, &t, err, sizeof(err));
        if (!ret)
            ret = each_entry(path, &t, fn, arg);
        else if (ret != -ENOENT)
            fprintf(stderr, "hu-load: %s: %s\n", path, err);
        free(buf);
        if (ret != -ENOENT)
            return ret < 0 ? EXIT_USAGE : ret;
    }
    if ((ret = cli_open_object(path, &obj)))
        return ret;
    ret = fn(obj, -1, path, arg);
    hu_object_close(obj);
    return ret;
}
