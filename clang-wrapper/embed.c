/* SPDX-License-Identifier: MIT */
/*
 * `hucc --embed`: the hyperupcall object is parsed with the host loader (so an object the host
 * would not load is refused here, at guest build time), then a small x86-64 assembly file
 * describes one table entry per hyperupcall, `.incbin`s the object and is assembled with llvm-mc
 * into the relocatable the guest links with linker-scripts/hupcalls.lds. Guest symbols the object
 * references become `.quad sym` relocations, so the guest link fills in their addresses and fails,
 * naming the symbol, if the guest does not define one. Captured variables (hupcall/capture.h),
 * which the compiler recorded in the object's HU_CAPTURE_SECTION, become symbol references too,
 * marked with their env slot, so the guest's registration code finds them and reads their values.
 */
#include "embed.h"

#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hupcall/capture.h>
#include <hupcall/huhost.h>
#include <hupcall/table.h>

#include "output.h"
#include "run.h"
#include "verify.h"

/* Prints "hucc: error: ..." and returns hucc's exit code for it. */
static int embed_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int embed_err(const char *fmt, ...)
{
    va_list ap;

    fputs("hucc: error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return 1;
}

/* A guest symbol of the table entry: referenced by the code (env_slot 0) or captured. */
struct embed_sym {
    char *name;
    uint16_t env_slot;
    uint16_t env_size;
};

static void free_syms(struct embed_sym *syms, uint32_t n)
{
    while (n)
        free(syms[--n].name);
    free(syms);
}

/* A symbol name the assembler takes as is: C identifiers and the dots compilers add. */
static int plain_symbol(const char *s)
{
    if (!*s || (*s >= '0' && *s <= '9'))
        return 0;
    for (; *s; s++)
        if (!(*s == '_' || *s == '.' || *s == '$' || (*s >= 'a' && *s <= 'z') ||
              (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
            return 0;
    return 1;
}

/* Bytes as `.byte` lines: no escaping to get wrong, whatever the string holds. */
static void emit_bytes(FILE *f, const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        fprintf(f, "%s%u%s", i % 16 ? ", " : "\t.byte ", (unsigned char)s[i],
                i % 16 == 15 || i == n - 1 ? "\n" : "");
}

/* The object being embedded: its hyperupcalls (from the host loader) and guest symbols. */
struct embed_input {
    const char *path;   /* the object, for messages */
    const char *incbin; /* its copy without DWARF, which the table includes */
    const struct hu_object *obj;
    struct embed_sym *syms;
    uint32_t n_syms;
};

static void emit_header(FILE *f, size_t k, const struct embed_input *in)
{
    char name[HU_TABLE_NAME_MAX] = {0};

    /* The loader refuses names of HU_TABLE_NAME_MAX bytes and more: this never truncates. */
    snprintf(name, sizeof(name), "%s", hu_object_name(in->obj, k));
    fprintf(f, "\t.balign %d\n.Lhu_e%zu:\n", HU_TABLE_ALIGN, k);
    fprintf(f, "\t.long 0x%x\n\t.short %d, %d\n\t.long %u, %u\n", HU_TABLE_MAGIC, HU_ABI_VERSION,
            HU_TABLE_ENTRY_SIZE, hu_object_event(in->obj, k), in->n_syms);
    fprintf(f, "\t.quad .Lhu_end%zu - .Lhu_e%zu\n", k, k);
    fprintf(f, "\t.quad .Lhu_syms%zu - .Lhu_e%zu\n", k, k);
    fprintf(f, "\t.quad .Lhu_obj%zu - .Lhu_e%zu\n", k, k);
    fprintf(f, "\t.quad .Lhu_objend%zu - .Lhu_obj%zu\n", k, k);
    emit_bytes(f, name, sizeof(name));
}

/* `.quad sym`: the guest link fills in the address, or fails naming the symbol. */
static void emit_syms(FILE *f, size_t k, const struct embed_input *in)
{
    uint32_t i;

    fprintf(f, ".Lhu_syms%zu:\n", k);
    for (i = 0; i < in->n_syms; i++)
        fprintf(f, "\t.quad %s\n\t.long .Lhu_s%zu_%u - .Lhu_e%zu\n\t.short %u, %u\n",
                in->syms[i].name, k, i, k, in->syms[i].env_slot, in->syms[i].env_size);
    for (i = 0; i < in->n_syms; i++) {
        fprintf(f, ".Lhu_s%zu_%u:\n", k, i);
        emit_bytes(f, in->syms[i].name, strlen(in->syms[i].name) + 1);
    }
}

/* One table entry per hyperupcall, each carrying the whole object (the host picks its program by
 * name), the object bytes included from the file itself. */
static int write_asm(FILE *f, const struct embed_input *in)
{
    size_t k, n = hu_object_count(in->obj);
    const char *c;

    fprintf(f, "\t.section " HU_TABLE_SECTION ",\"a\",@progbits\n");
    for (k = 0; k < n; k++) {
        emit_header(f, k, in);
        emit_syms(f, k, in);
        fprintf(f, "\t.balign %d\n.Lhu_obj%zu:\n\t.incbin \"", HU_TABLE_ALIGN, k);
        for (c = in->incbin; *c; c++)
            fprintf(f, *c == '"' || *c == '\\' ? "\\%c" : "%c", *c);
        fprintf(f, "\"\n.Lhu_objend%zu:\n\t.balign %d\n.Lhu_end%zu:\n", k, HU_TABLE_ALIGN, k);
    }
    /* The table is data: no executable stack for GNU ld to warn about. */
    fprintf(f, "\t.section .note.GNU-stack,\"\",@progbits\n");
    return ferror(f) ? -EIO : 0;
}

/* Appends a symbol reference; 0, or 1 after an error message. */
static int add_sym(struct embed_input *in, const char *name, uint16_t env_slot, uint16_t env_size)
{
    struct embed_sym *grown;
    uint32_t i;

    if (!plain_symbol(name))
        return embed_err("%s: guest symbol '%s' is not a plain name", in->path, name);
    for (i = 0; i < in->n_syms; i++)
        if (!strcmp(in->syms[i].name, name))
            return embed_err("%s: guest symbol '%s' is both referenced and captured", in->path,
                             name);
    grown = realloc(in->syms, (in->n_syms + 1) * sizeof(*grown));
    if (!grown)
        return embed_err("out of memory");
    in->syms = grown;
    grown[in->n_syms] = (struct embed_sym){strdup(name), env_slot, env_size};
    if (!grown[in->n_syms].name)
        return embed_err("out of memory");
    in->n_syms++;
    return 0;
}

/* The guest symbols the object's code references: its named undefined symbols (the host loader
 * has already refused any other kind of undefined reference). */
static int undefined_symbols(Elf *elf, Elf_Scn *scn, const GElf_Shdr *sh, struct embed_input *in)
{
    Elf_Data *data = elf_getdata(scn, 0);
    GElf_Sym sym;
    size_t i;

    for (i = 1; data && gelf_getsym(data, (int)i, &sym); i++) {
        const char *s = elf_strptr(elf, sh->sh_link, sym.st_name);

        if (sym.st_shndx != SHN_UNDEF || !s || !*s)
            continue;
        if (add_sym(in, s, 0, 0))
            return 1;
    }
    return 0;
}

/* The captured variables the compiler recorded (struct hu_capture_record[]), checked here as
 * the guest and the host check the table entry they become. */
static int captured_variables(Elf_Scn *scn, const GElf_Shdr *sh, struct embed_input *in)
{
    Elf_Data *data = elf_getdata(scn, 0);
    size_t i;

    if (!data || sh->sh_type != SHT_PROGBITS || data->d_size != sh->sh_size ||
        sh->sh_size % HU_CAPTURE_RECORD_SIZE)
        return embed_err("%s: section %s is not an array of capture records", in->path,
                         HU_CAPTURE_SECTION);
    for (i = 0; i < sh->sh_size / HU_CAPTURE_RECORD_SIZE; i++) {
        struct hu_capture_record r;

        memcpy(&r, (const char *)data->d_buf + i * HU_CAPTURE_RECORD_SIZE, sizeof(r));
        if (!memchr(r.name, 0, sizeof(r.name)) || r.env_slot == HU_ENV_KASLR_SLIDE ||
            r.env_slot >= HU_CTX_NENV ||
            (r.env_size != 1 && r.env_size != 2 && r.env_size != 4 && r.env_size != 8))
            return embed_err("%s: capture record %zu is malformed", in->path, i);
        if (add_sym(in, r.name, r.env_slot, r.env_size))
            return 1;
    }
    return 0;
}

/* The table entry's symbol references: the code's guest symbols, then the captured variables.
 * 0, or 1 after an error message. */
static int guest_symbols(const void *buf, size_t len, struct embed_input *in)
{
    Elf_Scn *scn = NULL;
    Elf *elf;
    size_t shstrndx;
    int rc = 0;

    elf_version(EV_CURRENT);
    elf = elf_memory((char *)buf, len); /* read only: libelf does not write a memory image */
    if (!elf || elf_getshdrstrndx(elf, &shstrndx))
        rc = embed_err("%s: %s", in->path, elf_errmsg(-1));
    while (!rc && (scn = elf_nextscn(elf, scn))) {
        GElf_Shdr sh;
        const char *name;

        if (!gelf_getshdr(scn, &sh))
            continue;
        name = elf_strptr(elf, shstrndx, sh.sh_name);
        if (sh.sh_type == SHT_SYMTAB)
            rc = undefined_symbols(elf, scn, &sh, in);
        else if (name && !strcmp(name, HU_CAPTURE_SECTION))
            rc = captured_variables(scn, &sh, in);
    }
    elf_end(elf);
    return rc;
}

/* An LLVM tool beside the clang hucc found (clang-22 -> llvm-mc-22, clang -> llvm-mc), so it
 * comes from the same LLVM 22; the environment variable `env` overrides. */
static int find_llvm_tool(const char *clang, const char *tool, const char *env_name, char *out,
                          size_t len)
{
    const char *env = getenv(env_name);
    const char *slash = strrchr(clang, '/');
    const char *dash = strrchr(slash ? slash : clang, '-');
    int dir = slash ? (int)(slash - clang + 1) : 0;

    if (env && *env) {
        snprintf(out, len, "%s", env);
        if (!access(out, X_OK))
            return 0;
        return embed_err("%s=%s is not an executable", env_name, env);
    }
    if (dash && (size_t)snprintf(out, len, "%.*s%s%s", dir, clang, tool, dash) < len &&
        !access(out, X_OK))
        return 0;
    if ((size_t)snprintf(out, len, "%.*s%s", dir, clang, tool) < len && !access(out, X_OK))
        return 0;
    return embed_err("%s not found next to %s (set %s)", tool, clang, env_name);
}

/*
 * The copy the table carries: the object without DWARF (llvm-objcopy --strip-debug), written to
 * a temporary named in `stripped`. The host needs BTF and its line info (.BTF, .BTF.ext:
 * diagnostics at source lines), which stay; the DWARF of the kernel headers would make each
 * table entry several times larger and the host never reads it.
 */
static int strip_dwarf(const struct hucc_opts *o, const struct hucc_tools *t, const char *object,
                       char *stripped, size_t len)
{
    char tool[PATH_MAX], prefix[PATH_MAX];
    char *argv[] = {tool, "--strip-debug", (char *)object, stripped, NULL};
    int rc;

    if (find_llvm_tool(t->clang, "llvm-objcopy", "HUCC_LLVM_OBJCOPY", tool, sizeof(tool)))
        return 1;
    snprintf(prefix, sizeof(prefix), "%s/hucc-embed-", hucc_tmpdir());
    rc = hucc_make_temp(stripped, len, prefix);
    if (rc)
        return embed_err("cannot create a temporary file: %s", strerror(-rc));
    if (o->verbose)
        hucc_print_command(stderr, argv);
    if (hucc_run(argv))
        return embed_err("%s failed removing the DWARF of %s", tool, object);
    return 0;
}

/* Writes the assembly file and assembles it into `output` (a temporary). */
static int assemble(const struct hucc_opts *o, const struct hucc_tools *t,
                    const struct embed_input *in, const char *output)
{
    char tmp[PATH_MAX], mc[PATH_MAX];
    char *argv[7];
    FILE *f = NULL;
    int fd, rc;

    if (find_llvm_tool(t->clang, "llvm-mc", "HUCC_LLVM_MC", mc, sizeof(mc)))
        return 1;
    snprintf(tmp, sizeof(tmp), "%s/hucc-embed-XXXXXX.s", hucc_tmpdir());
    fd = mkstemps(tmp, 2);
    if (fd < 0 || !(f = fdopen(fd, "w"))) {
        rc = embed_err("cannot create a temporary file: %s", strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        return rc;
    }
    rc = write_asm(f, in);
    if (fclose(f) || rc) {
        unlink(tmp);
        return embed_err("%s: cannot write", tmp);
    }
    argv[0] = mc;
    argv[1] = "-triple=x86_64-unknown-linux-gnu";
    argv[2] = "-filetype=obj";
    argv[3] = "-o";
    argv[4] = (char *)output;
    argv[5] = tmp;
    argv[6] = NULL;
    if (o->verbose)
        hucc_print_command(stderr, argv);
    rc = hucc_run(argv);
    unlink(tmp);
    if (rc)
        return embed_err("%s failed embedding %s", mc, in->path);
    return 0;
}

static int read_file(const char *path, void **buf, size_t *len)
{
    FILE *f = fopen(path, "rb");
    long size;

    if (!f)
        return embed_err("%s: %s", path, strerror(errno));
    if (fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
        fclose(f);
        return embed_err("%s: cannot read it", path);
    }
    *len = (size_t)size;
    *buf = malloc(*len ? *len : 1);
    if (!*buf || fread(*buf, 1, *len, f) != *len) {
        free(*buf);
        fclose(f);
        return embed_err("%s: cannot read it", path);
    }
    fclose(f);
    return 0;
}

/* Size of the section `name` of the ELF file in buf, 0 when it has none. */
static size_t section_size(const void *buf, size_t len, const char *name)
{
    Elf *elf = elf_memory((char *)buf, len);
    Elf_Scn *scn = NULL;
    size_t shstrndx, size = 0;
    GElf_Shdr sh;

    if (elf && !elf_getshdrstrndx(elf, &shstrndx)) {
        while (!size && (scn = elf_nextscn(elf, scn))) {
            const char *s = gelf_getshdr(scn, &sh) ? elf_strptr(elf, shstrndx, sh.sh_name) : NULL;

            if (s && !strcmp(s, name))
                size = sh.sh_size;
        }
    }
    elf_end(elf);
    return size;
}

/* -v: what the guest image carries for this object, and why it is that big. */
static void report_sizes(const char *object, const char *output, const void *buf, size_t len,
                         size_t count)
{
    void *table = NULL;
    size_t table_len = 0, orig_len = 0;
    void *orig = NULL;

    if (!read_file(object, &orig, &orig_len) && !read_file(output, &table, &table_len))
        fprintf(stderr,
                "hucc: embed sizes: object %zu bytes, %zu without DWARF (BTF %zu, BTF.ext %zu); "
                "table %zu bytes for %zu hyperupcall%s (each entry carries the object)\n",
                orig_len, len, section_size(buf, len, ".BTF"), section_size(buf, len, ".BTF.ext"),
                section_size(table, table_len, HU_TABLE_SECTION), count, count == 1 ? "" : "s");
    free(orig);
    free(table);
}

int hucc_embed(const struct hucc_opts *o, const struct hucc_tools *t, const char *object,
               const char *output)
{
    struct embed_input in = {.path = object};
    struct hucc_output out = {0};
    struct hu_object *obj = NULL;
    char why[512], stripped[PATH_MAX] = "";
    void *buf = NULL;
    size_t len = 0;
    int rc;

    if (o->action != HUCC_OBJECT)
        return embed_err("--embed makes an object for the guest link: not with -S");
    rc = strip_dwarf(o, t, object, stripped, sizeof(stripped));
    in.incbin = stripped;
    if (rc || read_file(stripped, &buf, &len)) {
        rc = 1;
        goto out;
    }
    if (hu_object_open(buf, len, &obj, why, sizeof(why))) {
        rc = embed_err("%s: %s", output, why);
        goto out;
    }
    in.obj = obj;
    if (o->verbose)
        fprintf(stderr, "hucc: embed %s -> %s (%zu hyperupcalls)\n", object, output,
                hu_object_count(obj));
    rc = guest_symbols(buf, len, &in);
    if (!rc && !(rc = hucc_output_open(&out, output))) {
        rc = assemble(o, t, &in, out.tmp);
        if (!rc && o->verbose)
            report_sizes(object, out.tmp, buf, len, hu_object_count(obj));
        if (rc)
            hucc_output_discard(&out);
        else
            rc = hucc_output_commit(&out);
    }
out:
    if (stripped[0])
        unlink(stripped);
    free_syms(in.syms, in.n_syms);
    hu_object_close(obj);
    free(buf);
    return rc;
}

bool hucc_embed_is_object(const char *input)
{
    FILE *f = strcmp(input, "-") ? fopen(input, "rb") : NULL;
    char magic[SELFMAG];
    bool is_elf = f && fread(magic, 1, SELFMAG, f) == SELFMAG && !memcmp(magic, ELFMAG, SELFMAG);

    if (f)
        fclose(f);
    return is_elf;
}

int hucc_embed_object(const struct hucc_opts *o, const struct hucc_tools *t, const char *input)
{
    char output[PATH_MAX];
    const char *slash = strrchr(input, '/');
    const char *dot = strrchr(slash ? slash : input, '.');

    if (o->output)
        snprintf(output, sizeof(output), "%s", o->output);
    else
        snprintf(output, sizeof(output), "%.*s.hu.o", dot ? (int)(dot - input) : (int)strlen(input),
                 input);
    if (o->dry_run) {
        fprintf(stderr, "hucc: embed %s -> %s\n", input, output);
        return 0;
    }
    if (o->verify && hucc_verify_object(input, input))
        return 1;
    return hucc_embed(o, t, input, output);
}
