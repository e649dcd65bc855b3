/* SPDX-License-Identifier: MIT */
/* .BTF.ext line_info: per section, records {insn byte offset, file name, source line, line << 10 |
 * column}, with names in .BTF's string table. Layout as in the kernel's uapi btf.h. */
#include "btf_lines.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"

#define BTF_MAGIC 0xeB9F
#define BTF_HDR_LEN 24
#define BTF_EXT_HDR_LEN 24 /* up to line_info_len; later fields (CO-RE) are optional */
#define LINE_REC_MIN 16

#define EINVALF(...) hu_errf(err, errlen, -EINVAL, __VA_ARGS__)

static uint32_t rd32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof(v));
    return v;
}

static uint16_t rd16(const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, sizeof(v));
    return v;
}

/* [off, off + len) inside [0, total)? */
static int in_range(uint64_t off, uint64_t len, uint64_t total)
{
    return off <= total && len <= total - off;
}

struct btf_strs {
    const char *s;
    uint32_t len;
};

/* The string at `off`: the table ends with a NUL (checked once), so every offset inside it is a
 * terminated string and no lookup scans. */
static const char *btf_str(const struct btf_strs *t, uint32_t off)
{
    return off < t->len ? t->s + off : NULL;
}

static int read_strings(struct btf_strs *t, const uint8_t *btf, size_t len, char *err,
                        size_t errlen)
{
    if (len < BTF_HDR_LEN || rd16(btf) != BTF_MAGIC)
        return EINVALF(".BTF: bad header");
    uint32_t hdr = rd32(btf + 4), str_off = rd32(btf + 16), str_len = rd32(btf + 20);
    if (hdr < BTF_HDR_LEN || !in_range(hdr, 0, len) ||
        !in_range((uint64_t)hdr + str_off, str_len, len))
        return EINVALF(".BTF: string table outside the section");
    t->s = (const char *)btf + hdr + str_off;
    t->len = str_len;
    if (str_len == 0 || str_len > HU_BTF_MAX_STRINGS || t->s[str_len - 1] != '\0')
        return EINVALF(".BTF: string table of %u bytes is empty, over %u bytes or unterminated",
                       str_len, HU_BTF_MAX_STRINGS);
    return 0;
}

static struct hu_elf_sec *find_code_section(struct hu_elf *m, const char *name)
{
    for (size_t i = 0; i < m->n_secs; i++)
        if (m->secs[i].kind != HU_SEC_OTHER && strcmp(m->secs[i].name, name) == 0)
            return &m->secs[i];
    return NULL;
}

static int cmp_line(const void *a, const void *b)
{
    const struct hu_elf_line *x = a, *y = b;
    return x->insn < y->insn ? -1 : x->insn > y->insn;
}

/* One section's block of records. */
static int read_block(struct hu_elf_sec *s, const struct btf_strs *strs, const uint8_t *p,
                      uint32_t n, uint32_t rec, char *err, size_t errlen)
{
    if ((uint64_t)s->n_lines + n > s->cap_lines) {
        uint64_t cap = s->cap_lines ? s->cap_lines : 16;
        while (cap < (uint64_t)s->n_lines + n)
            cap *= 2;
        if (cap > UINT32_MAX)
            return EINVALF(".BTF.ext: too many line records for section %s", s->name);
        struct hu_elf_line *grown = realloc(s->lines, cap * sizeof(*grown));
        if (!grown)
            return -ENOMEM;
        s->lines = grown;
        s->cap_lines = (uint32_t)cap;
    }
    struct hu_elf_line *l = s->lines;
    for (uint32_t i = 0; i < n; i++, p += rec) {
        uint32_t off = rd32(p), col = rd32(p + 12);
        const char *file = btf_str(strs, rd32(p + 4));
        if (off % sizeof(struct hu_insn) || off / sizeof(struct hu_insn) >= s->n_insns)
            return EINVALF(".BTF.ext: line info offset %#x outside section %s", off, s->name);
        if (!file)
            return EINVALF(".BTF.ext: bad file name offset in section %s", s->name);
        l[s->n_lines++] =
            (struct hu_elf_line){off / sizeof(struct hu_insn), col >> 10, col & 0x3ff, file};
    }
    return 0;
}

int hu_btf_read_lines(struct hu_elf *m, const uint8_t *btf, size_t btf_len, const uint8_t *ext,
                      size_t ext_len, char *err, size_t errlen)
{
    struct btf_strs strs = {0};
    int ret = read_strings(&strs, btf, btf_len, err, errlen);
    if (ret)
        return ret;
    m->btf_strs = strs.s;
    m->btf_strs_len = strs.len;
    if (ext_len < BTF_EXT_HDR_LEN || rd16(ext) != BTF_MAGIC)
        return EINVALF(".BTF.ext: bad header");
    uint32_t hdr = rd32(ext + 4), li_off = rd32(ext + 16), li_len = rd32(ext + 20);
    if (hdr < BTF_EXT_HDR_LEN || !in_range(hdr, 0, ext_len))
        return EINVALF(".BTF.ext: bad header length %u", hdr);
    /* CO-RE relocations would rewrite field offsets: nothing here performs them. */
    if (hdr >= BTF_EXT_HDR_LEN + 8 && in_range(28, 4, ext_len) && rd32(ext + 28) != 0)
        return EINVALF(".BTF.ext: CO-RE relocations are not supported");
    if (li_len == 0)
        return 0;
    if (!in_range((uint64_t)hdr + li_off, li_len, ext_len) || li_len < 4)
        return EINVALF(".BTF.ext: line info outside the section");
    const uint8_t *p = ext + hdr + li_off, *end = p + li_len;
    uint32_t rec = rd32(p);
    if (rec < LINE_REC_MIN || rec % 4)
        return EINVALF(".BTF.ext: line info record size %u", rec);
    for (p += 4; p < end;) {
        if (end - p < 8)
            return EINVALF(".BTF.ext: truncated line info");
        const char *name = btf_str(&strs, rd32(p));
        uint32_t n = rd32(p + 4);
        p += 8;
        if (!name)
            return EINVALF(".BTF.ext: bad section name offset");
        if ((uint64_t)n * rec > (uint64_t)(end - p))
            return EINVALF(".BTF.ext: %u line records of section %s run past the end", n, name);
        struct hu_elf_sec *s = find_code_section(m, name);
        if (s && (ret = read_block(s, &strs, p, n, rec, err, errlen)))
            return ret;
        p += (size_t)n * rec;
    }
    /* Sorted once, after every block: a section may have several. */
    for (size_t i = 0; i < m->n_secs; i++)
        if (m->secs[i].n_lines)
            qsort(m->secs[i].lines, m->secs[i].n_lines, sizeof(*m->secs[i].lines), cmp_line);
    return 0;
}
