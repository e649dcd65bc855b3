/* SPDX-License-Identifier: MIT */
/*
 * Objects crafted against the loader's structural checks, each built from a real object (llvm-mc
 * or clang output) with one field changed here: every one must be refused by hu_object_open with
 * a message naming the problem, both directly and from a guest image's table, before anything
 * indexes or patches instructions. Built against the ASan+UBSan library: a read or write outside
 * the object, or a wild pointer, fails the test even where the plain build happens to survive.
 * Last, a guest image's table is registered all or nothing.
 *
 * usage: hostile_objects SPLIT_SYMBOL.o SPLIT_CALL.o COMPILED.o RUNTIME.o
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hupcall/huhost.h>

static int failures;
static char err[1024];

#define CHECK(c)                                                                                   \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            fprintf(stderr, "%s:%d: CHECK failed: %s (err: %s)\n", __FILE__, __LINE__, #c, err);   \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

struct buf {
    uint8_t *p;
    size_t len;
};

static struct buf slurp(const char *path)
{
    struct buf b = {0};
    FILE *f = fopen(path, "rb");
    if (!f || fseek(f, 0, SEEK_END) || (b.len = ftell(f)) == 0 || fseek(f, 0, SEEK_SET) ||
        !(b.p = malloc(b.len)) || fread(b.p, 1, b.len, f) != b.len) {
        fprintf(stderr, "%s: cannot read\n", path);
        exit(2);
    }
    fclose(f);
    return b;
}

/* The header of section `name` in our own (trusted) object. */
static Elf64_Shdr *section(struct buf b, const char *name)
{
    Elf64_Ehdr *eh = (Elf64_Ehdr *)b.p;
    Elf64_Shdr *sh = (Elf64_Shdr *)(b.p + eh->e_shoff);
    const char *names = (const char *)b.p + sh[eh->e_shstrndx].sh_offset;
    for (unsigned i = 0; i < eh->e_shnum; i++)
        if (strcmp(names + sh[i].sh_name, name) == 0)
            return &sh[i];
    fprintf(stderr, "no section %s\n", name);
    exit(2);
}

/* A VM with a window and `counter` defined, to register whatever opens (what a hostile object
 * would reach if the loader let it through). */
struct host {
    struct hu_vm *vm;
    struct hu_window *w;
    struct hu_symtab *st;
};

static void host_init(struct host *h)
{
    struct hu_vm_opts vo = {.guest_mem_size = 1ull << 30, .n_vcpus = 1};
    h->st = hu_symtab_new();
    if (!h->st || hu_symtab_add(h->st, "counter", 0xffffffff81234568ull) ||
        hu_window_alloc(0, 0x10000, &h->w, err, sizeof(err)) ||
        hu_vm_create(&vo, &h->vm, err, sizeof(err))) {
        fprintf(stderr, "host setup: %s\n", err);
        exit(2);
    }
}

static void host_fini(struct host *h)
{
    hu_vm_destroy(h->vm);
    hu_window_free(h->w);
    hu_symtab_free(h->st);
}

/* Opens `b`; it must be refused with a message containing `want`. Should it open, it is
 * registered, the step the hostile object aims at. */
static void expect_refused(struct host *h, const char *what, struct buf b, const char *want)
{
    struct hu_object *obj = NULL;
    err[0] = '\0';
    int ret = hu_object_open(b.p, b.len, &obj, err, sizeof(err));
    if (ret == 0) {
        struct hu_reg_opts o = {.window = h->w, .symtab = h->st};
        fprintf(stderr, "%s: opened; registering it\n", what);
        hu_register(h->vm, obj, &o, err, sizeof(err));
        hu_object_close(obj);
    }
    printf("%-40s %d %s\n", what, ret, err);
    CHECK(ret == -EINVAL && strstr(err, want));
}

/* One entry of a guest image's table: object `b`'s hyperupcall `name` for `event`. */
struct entry {
    const char *name;
    uint32_t event;
    struct buf b;
};

static size_t entry_size(const struct entry *e)
{
    return (HU_TABLE_ENTRY_SIZE + e->b.len + HU_TABLE_ALIGN - 1) / HU_TABLE_ALIGN * HU_TABLE_ALIGN;
}

/* A table of the n entries, as `hucc --embed` lays it out: the route of
 * `hu-load run --from-image`. Registers it and returns hu_table_register's result. */
static int table_register(struct host *h, const struct entry *ents, size_t n)
{
    size_t size = 0, off = 0;
    for (size_t i = 0; i < n; i++)
        size += entry_size(&ents[i]);
    uint8_t *bytes = calloc(1, size);
    if (!bytes)
        exit(2);
    for (size_t i = 0; i < n; i++) {
        struct hu_table_entry *e = (struct hu_table_entry *)(bytes + off);
        *e = (struct hu_table_entry){.magic = HU_TABLE_MAGIC,
                                     .abi_version = HU_ABI_VERSION,
                                     .header_size = HU_TABLE_ENTRY_SIZE,
                                     .event = ents[i].event,
                                     .entry_size = entry_size(&ents[i]),
                                     .syms_offset = HU_TABLE_ENTRY_SIZE,
                                     .object_offset = HU_TABLE_ENTRY_SIZE,
                                     .object_size = ents[i].b.len};
        snprintf(e->name, sizeof(e->name), "%s", ents[i].name);
        memcpy(bytes + off + HU_TABLE_ENTRY_SIZE, ents[i].b.p, ents[i].b.len);
        off += e->entry_size;
    }
    struct hu_table t;
    CHECK(hu_table_open(bytes, size, &t, err, sizeof(err)) == 0);
    struct hu_reg_opts o = {.window = h->w, .symtab = h->st};
    err[0] = '\0';
    int ret = hu_table_register(h->vm, &t, &o, err, sizeof(err));
    free(bytes);
    return ret;
}

/* The table holding `b` as its one entry `name` must be refused, naming the entry. */
static void expect_table_refused(struct host *h, const char *name, struct buf b, const char *want)
{
    struct entry e = {name, HU_EVENT_RECLAIM, b};
    int ret = table_register(h, &e, 1);
    printf("table entry %-28s %d %s\n", name, ret, err);
    CHECK(ret == -EINVAL && strstr(err, name) && strstr(err, want));
}

/* A table whose second entry cannot be registered (its guest symbol is unknown): the first,
 * which alone would register, must not be either, and the error names the second. */
static void expect_table_all_or_nothing(struct host *h, struct buf runtime, struct buf compiled)
{
    struct entry ents[2] = {{"read_counter", HU_EVENT_RECLAIM, runtime},
                            {"reclaim", HU_EVENT_RECLAIM, compiled}};
    struct hu_event_args ev = {0};
    uint64_t r0;
    CHECK(table_register(h, ents, 1) == 1);
    CHECK(hu_fire(h->vm, HU_EVENT_RECLAIM, &ev, &r0) == 1);
    CHECK(hu_unregister(h->vm, "read_counter") == 1);
    int ret = table_register(h, ents, 2);
    printf("table of a good and a bad entry       %d %s\n", ret, err);
    CHECK(ret == -ENOENT && strstr(err, "reclaim: unresolved guest symbol __per_cpu_offset"));
    CHECK(hu_fire(h->vm, HU_EVENT_RECLAIM, &ev, &r0) == 0);
    CHECK(hu_unregister(h->vm, "read_counter") == -ENOENT);
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: %s SPLIT_SYMBOL.o SPLIT_CALL.o COMPILED.o RUNTIME.o\n", argv[0]);
        return 2;
    }
    struct host h;
    host_init(&h);

    /* A function symbol on an ld_imm64's second slot: the pair would be split across functions
     * and resolving `counter` would write past the copied instructions. */
    struct buf split_sym = slurp(argv[1]);
    expect_refused(&h, "symbol on an ld_imm64's second slot", split_sym, "second slot");
    expect_table_refused(&h, "split_symbol", split_sym, "second slot");

    /* A call landing on the second slot splits the pair the same way. */
    struct buf split_call = slurp(argv[2]);
    expect_refused(&h, "call into an ld_imm64's second slot", split_call, "second slot");
    expect_table_refused(&h, "split_call", split_call, "second slot");

    /* An ld_imm64 cut off by the end of its section. */
    Elf64_Shdr *code = section(split_call, "hupcall/reclaim");
    code->sh_size = 2 * 8;
    expect_refused(&h, "ld_imm64 at the end of its section", split_call, "second slot");

    /* .BTF and .BTF.ext are found by name: typed SHT_NULL, they must still lie inside the file.
     * First far outside it; then a header appended to the file whose 64 bytes of strings (.BTF)
     * or line records (.BTF.ext) lie past its end. */
    struct buf compiled = slurp(argv[3]);
    const size_t compiled_len = compiled.len;
    const uint32_t tail[6] = {0xeb9f | 1u << 16, 24, 0, 0, 0, 64};
    if (!(compiled.p = realloc(compiled.p, compiled_len + sizeof(tail))))
        return 2;
    memcpy(compiled.p + compiled_len, tail, sizeof(tail));
    const char *btf_names[] = {".BTF", ".BTF.ext"};
    for (int i = 0; i < 2; i++) {
        Elf64_Shdr *sh = section(compiled, btf_names[i]), saved = *sh;
        char what[64];
        sh->sh_type = SHT_NULL;
        sh->sh_offset = 0x7fff00000000ull;
        snprintf(what, sizeof(what), "%s typed SHT_NULL, far outside", btf_names[i]);
        expect_refused(&h, what, compiled, "past the end of the file");
        sh->sh_offset = compiled_len;
        sh->sh_size = sizeof(tail) + 64;
        compiled.len = compiled_len + sizeof(tail);
        snprintf(what, sizeof(what), "%s typed SHT_NULL, past the end", btf_names[i]);
        expect_refused(&h, what, compiled, "past the end of the file");
        compiled.len = compiled_len;
        /* Inside the file but not PROGBITS: not BTF. */
        *sh = saved;
        sh->sh_type = SHT_NOTE;
        snprintf(what, sizeof(what), "%s typed SHT_NOTE", btf_names[i]);
        expect_refused(&h, what, compiled, "expected PROGBITS");
        *sh = saved;
    }

    /* An empty code section at a wild offset: no pointer is ever formed from it. */
    struct buf runtime = slurp(argv[4]);
    code = section(runtime, "hupcall/reclaim");
    code->sh_size = 0;
    code->sh_offset = 0xfffffffffffff000ull;
    expect_refused(&h, "empty code section at a wild offset", runtime, "past the end of the file");

    /* Read again: the cases above patched these copies. */
    free(runtime.p);
    free(compiled.p);
    runtime = slurp(argv[4]);
    compiled = slurp(argv[3]);
    expect_table_all_or_nothing(&h, runtime, compiled);

    host_fini(&h);
    free(split_sym.p);
    free(split_call.p);
    free(compiled.p);
    free(runtime.p);
    if (failures)
        fprintf(stderr, "hostile_objects: %d failure(s)\n", failures);
    return failures != 0;
}
