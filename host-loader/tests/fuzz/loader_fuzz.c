/* SPDX-License-Identifier: MIT */
/*
 * Hostile objects: every valid input object is truncated at every length, has every byte replaced
 * by several values, has every field of its ELF header, section headers, symbols and relocations
 * set to extreme values, and is mixed with random bytes. Each result must either open (and then
 * verify, clone and disassemble without trouble) or fail with a non-empty, printable message -
 * never crash. Built against the ASan+UBSan copy of the library, so a memory error fails the test.
 *
 * Guest images (ELF core files) get the same treatment: truncations and extreme header and program
 * header fields, and whatever opens is mapped into a window.
 *
 * usage: loader_fuzz OBJ...
 */
#define _DEFAULT_SOURCE /* mkstemp */
#include <ctype.h>
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hupcall/huhost.h>

#include "disasm.h"
#include "object.h"
#include "xorshift.h"

struct stats {
    unsigned long tried, opened, rejected, bad_msg;
};

/* One candidate: open, and exercise what an opened object offers. */
static void try_object(const uint8_t *buf, size_t len, struct stats *st)
{
    struct hu_object *obj = NULL;
    char err[1024] = "";
    st->tried++;
    int ret = hu_object_open(buf, len, &obj, err, sizeof(err));
    if (ret) {
        int printable = err[0] != '\0';
        for (const char *c = err; *c; c++)
            printable &= isprint((unsigned char)*c) != 0;
        if (!printable || obj) {
            st->bad_msg++;
            fprintf(stderr, "bad error (ret %d): '%s'\n", ret, err);
        }
        st->rejected++;
        return;
    }
    st->opened++;
    hu_object_verify(obj, err, sizeof(err));
    for (size_t i = 0; i < hu_object_count(obj); i++) {
        const struct hu_prog *p = hu_object_prog(obj, i);
        struct hu_prog copy;
        char text[160];
        for (uint32_t pc = 0; pc < p->n_insns;)
            pc += hu_disasm_insn(p->insns, p->n_insns, pc, text, sizeof(text));
        for (uint32_t k = 0; k < p->n_insns; k++)
            hu_prog_line(p, k);
        if (hu_prog_clone(&copy, p) == 0)
            hu_prog_release(&copy);
    }
    hu_object_close(obj);
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
    return xorshift64(&rng_state);
}

/* Writes v into the n-byte field at off of a copy of buf, and tries it. */
static void try_field(const uint8_t *buf, size_t len, size_t off, size_t n, uint64_t v,
                      uint8_t *scratch, struct stats *st)
{
    if (off + n > len)
        return;
    memcpy(scratch, buf, len);
    memcpy(scratch + off, &v, n);
    try_object(scratch, len, st);
}

static const uint64_t extremes[] = {
    0, 1, 7, 0x40, 0x7fff, 0xffff, 0x7fffffff, 0xffffffff, 0x8000000000000000ull, UINT64_MAX};

/* Every field of a struct of `fields` (offset, size) at `base`, `count` times `stride`. */
static void try_table(const uint8_t *buf, size_t len, size_t base, size_t count, size_t stride,
                      const size_t (*fields)[2], size_t nfields, uint8_t *scratch, struct stats *st)
{
    for (size_t i = 0; i < count && base + (i + 1) * stride <= len; i++)
        for (size_t f = 0; f < nfields; f++)
            for (size_t e = 0; e < sizeof(extremes) / sizeof(extremes[0]); e++)
                try_field(buf, len, base + i * stride + fields[f][0], fields[f][1], extremes[e],
                          scratch, st);
    /* Also the file's own size and size - 1 where a size or offset is expected. */
    for (size_t i = 0; i < count && base + (i + 1) * stride <= len; i++)
        for (size_t f = 0; f < nfields; f++)
            for (uint64_t v = len - 1; v <= len; v++)
                try_field(buf, len, base + i * stride + fields[f][0], fields[f][1], v, scratch, st);
}

static void fuzz_headers(const uint8_t *buf, size_t len, uint8_t *scratch, struct stats *st)
{
    static const size_t ehdr[][2] = {
        {offsetof(Elf64_Ehdr, e_shoff), 8},    {offsetof(Elf64_Ehdr, e_shnum), 2},
        {offsetof(Elf64_Ehdr, e_shstrndx), 2}, {offsetof(Elf64_Ehdr, e_shentsize), 2},
        {offsetof(Elf64_Ehdr, e_phoff), 8},    {offsetof(Elf64_Ehdr, e_phnum), 2},
        {offsetof(Elf64_Ehdr, e_type), 2},     {offsetof(Elf64_Ehdr, e_machine), 2},
    };
    static const size_t shdr[][2] = {
        {offsetof(Elf64_Shdr, sh_name), 4},  {offsetof(Elf64_Shdr, sh_type), 4},
        {offsetof(Elf64_Shdr, sh_flags), 8}, {offsetof(Elf64_Shdr, sh_offset), 8},
        {offsetof(Elf64_Shdr, sh_size), 8},  {offsetof(Elf64_Shdr, sh_link), 4},
        {offsetof(Elf64_Shdr, sh_info), 4},  {offsetof(Elf64_Shdr, sh_entsize), 8},
    };
    static const size_t sym[][2] = {
        {offsetof(Elf64_Sym, st_name), 4},
        {offsetof(Elf64_Sym, st_info), 1},
        {offsetof(Elf64_Sym, st_shndx), 2},
        {offsetof(Elf64_Sym, st_value), 8},
    };
    static const size_t rel[][2] = {{offsetof(Elf64_Rel, r_offset), 8},
                                    {offsetof(Elf64_Rel, r_info), 8},
                                    {offsetof(Elf64_Rel, r_info), 4},
                                    {offsetof(Elf64_Rel, r_info) + 4, 4}};
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)buf;
    try_table(buf, len, 0, 1, sizeof(Elf64_Ehdr), ehdr, sizeof(ehdr) / sizeof(ehdr[0]), scratch,
              st);
    try_table(buf, len, eh->e_shoff, eh->e_shnum, sizeof(Elf64_Shdr), shdr,
              sizeof(shdr) / sizeof(shdr[0]), scratch, st);
    for (size_t i = 0; i < eh->e_shnum; i++) {
        const Elf64_Shdr *sh = (const Elf64_Shdr *)(buf + eh->e_shoff) + i;
        if (sh->sh_type == SHT_SYMTAB)
            try_table(buf, len, sh->sh_offset, sh->sh_size / sizeof(Elf64_Sym), sizeof(Elf64_Sym),
                      sym, sizeof(sym) / sizeof(sym[0]), scratch, st);
        if (sh->sh_type == SHT_REL)
            try_table(buf, len, sh->sh_offset, sh->sh_size / sizeof(Elf64_Rel), sizeof(Elf64_Rel),
                      rel, sizeof(rel) / sizeof(rel[0]), scratch, st);
    }
}

static int fuzz_file(const char *path, struct stats *st)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = malloc(1 << 20), *scratch = malloc(1 << 20);
    size_t len = f && buf ? fread(buf, 1, 1 << 20, f) : 0;
    if (f)
        fclose(f);
    struct hu_object *obj;
    char err[1024];
    if (!len || !scratch || hu_object_open(buf, len, &obj, err, sizeof(err))) {
        fprintf(stderr, "%s: not a valid starting object: %s\n", path, err);
        free(buf);
        free(scratch);
        return -1;
    }
    hu_object_close(obj);
    /* Truncated at every length: from the empty file to one byte short. */
    for (size_t n = 0; n < len; n++) {
        memcpy(scratch, buf, n);
        try_object(scratch, n, st);
    }
    /* Every byte replaced by a few values. */
    for (size_t i = 0; i < len; i++) {
        const uint8_t vals[] = {0x00, 0xff, (uint8_t)(buf[i] ^ 0x01), (uint8_t)(buf[i] ^ 0x80),
                                (uint8_t)(buf[i] + 1)};
        for (size_t v = 0; v < sizeof(vals); v++) {
            if (vals[v] == buf[i])
                continue;
            memcpy(scratch, buf, len);
            scratch[i] = vals[v];
            try_object(scratch, len, st);
        }
    }
    fuzz_headers(buf, len, scratch, st);
    /* Several random bytes changed at once, and pure noise behind a valid ELF identification. */
    for (int k = 0; k < 3000; k++) {
        memcpy(scratch, buf, len);
        for (int m = 1 + rng() % 8; m > 0; m--)
            scratch[rng() % len] = (uint8_t)rng();
        try_object(scratch, len, st);
    }
    for (int k = 0; k < 1000; k++) {
        size_t n = rng() % 2048;
        for (size_t i = 0; i < n; i++)
            scratch[i] = (uint8_t)rng();
        if (n >= 16 && k % 2)
            memcpy(scratch, buf, 16);
        try_object(scratch, n, st);
    }
    free(buf);
    free(scratch);
    return 0;
}

/* One guest image candidate, through a file as hu_image_open takes it. */
static void try_image(const char *path, const uint8_t *buf, size_t len, struct stats *st)
{
    FILE *f = fopen(path, "wb");
    struct hu_image *img;
    char err[1024] = "";
    uint64_t base, size;
    if (!f || fwrite(buf, 1, len, f) != len) {
        if (f)
            fclose(f);
        st->bad_msg++;
        return;
    }
    fclose(f);
    st->tried++;
    if (hu_image_open(path, &img, err, sizeof(err))) {
        st->rejected++;
        st->bad_msg += err[0] == '\0';
        return;
    }
    st->opened++;
    /* Map what a hostile image describes when it is small enough for a test machine. */
    if (hu_image_span(img, &base, &size) == 0 && size <= (16u << 20)) {
        struct hu_window *w;
        if (hu_image_window(img, 0, 0, &w, err, sizeof(err)) == 0)
            hu_window_free(w);
    }
    hu_image_close(img);
}

/* Guest images: a valid three-segment image, truncated and with header fields at extremes. */
static int fuzz_images(struct stats *st)
{
    char path[] = "/tmp/hu-fuzz-image-XXXXXX";
    int fd = mkstemp(path);
    uint64_t a[4] = {1, 2, 3, 4}, b = 5;
    struct hu_image_seg segs[3] = {{0xffff888000001000ull, 0x1000, sizeof(a), a},
                                   {0xffff888000003000ull, 0x3000, sizeof(b), &b},
                                   {0xffff888000002000ull, 0x2000, 0, NULL}};
    uint8_t buf[4096], scratch[4096];
    char err[256];
    if (fd < 0)
        return -1;
    close(fd);
    if (hu_image_write(path, segs, 3, err, sizeof(err)))
        return -1;
    FILE *f = fopen(path, "rb");
    size_t len = f ? fread(buf, 1, sizeof(buf), f) : 0;
    if (f)
        fclose(f);
    static const size_t phdr[][2] = {
        {offsetof(Elf64_Phdr, p_type), 4},  {offsetof(Elf64_Phdr, p_offset), 8},
        {offsetof(Elf64_Phdr, p_vaddr), 8}, {offsetof(Elf64_Phdr, p_filesz), 8},
        {offsetof(Elf64_Phdr, p_memsz), 8},
    };
    static const size_t ehdr[][2] = {
        {offsetof(Elf64_Ehdr, e_phoff), 8},     {offsetof(Elf64_Ehdr, e_phnum), 2},
        {offsetof(Elf64_Ehdr, e_phentsize), 2}, {offsetof(Elf64_Ehdr, e_type), 2},
        {offsetof(Elf64_Ehdr, e_machine), 2},   {offsetof(Elf64_Ehdr, e_shoff), 8},
        {offsetof(Elf64_Ehdr, e_shnum), 2},
    };
    for (size_t n = 0; n < len; n += 3)
        try_image(path, buf, n, st);
    for (int t = 0; t < 2; t++) {
        size_t base = t ? sizeof(Elf64_Ehdr) : 0, count = t ? 3 : 1;
        size_t stride = t ? sizeof(Elf64_Phdr) : sizeof(Elf64_Ehdr);
        const size_t(*fields)[2] = t ? phdr : ehdr;
        size_t nf = t ? sizeof(phdr) / sizeof(phdr[0]) : sizeof(ehdr) / sizeof(ehdr[0]);
        for (size_t i = 0; i < count; i++)
            for (size_t k = 0; k < nf; k++)
                for (size_t e = 0; e < sizeof(extremes) / sizeof(extremes[0]); e++) {
                    memcpy(scratch, buf, len);
                    memcpy(scratch + base + i * stride + fields[k][0], &extremes[e], fields[k][1]);
                    try_image(path, scratch, len, st);
                }
    }
    unlink(path);
    return 0;
}

int main(int argc, char **argv)
{
    struct stats st = {0};
    if (argc < 2) {
        fprintf(stderr, "usage: loader_fuzz OBJ...\n");
        return 2;
    }
    for (int i = 1; i < argc; i++)
        if (fuzz_file(argv[i], &st))
            return 1;
    if (fuzz_images(&st))
        return 1;
    printf("loader_fuzz: %lu objects tried, %lu opened, %lu rejected, %lu bad messages\n", st.tried,
           st.opened, st.rejected, st.bad_msg);
    return st.bad_msg ? 1 : 0;
}
