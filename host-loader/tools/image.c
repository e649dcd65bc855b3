/* SPDX-License-Identifier: MIT */
/*
 * Guest images: ELF64 core files (ET_CORE, EM_X86_64) whose PT_LOAD segments carry guest memory,
 * p_vaddr = guest virtual address, p_paddr = guest physical, file bytes = contents - the container
 * of QEMU's dump-guest-memory and of crash. docs/image-format.md is the reference.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hupcall/huhost.h>

#include "errmsg.h"
#include "read_file.h"

#define HU_IMAGE_MAX_FILE (1ull << 32)
#define HU_IMAGE_MAX_SEGS 4096 /* hu_image_write's: e_phnum stays below PN_XNUM */
/* Read: QEMU's dump-guest-memory with paging writes one segment per mapped run of the guest's
 * page tables, tens of thousands (e_phnum = PN_XNUM, the count in section 0's sh_info); each
 * costs 56 bytes of the file, which bounds them as well. */
#define HU_IMAGE_MAX_READ_SEGS (1u << 20)
#define HU_IMAGE_ALIGN 8

struct hu_image {
    void *buf; /* the file; segments point into it */
    struct hu_image_seg *segs;
    size_t n;
};

static int write_all(int fd, const void *p, size_t len)
{
    for (size_t done = 0; done < len;) {
        ssize_t w = write(fd, (const char *)p + done, len - done);
        if (w <= 0)
            return -1;
        done += w;
    }
    return 0;
}

int hu_image_write(const char *path, const struct hu_image_seg *segs, size_t n, char *err,
                   size_t errlen)
{
    if (!path || (n && !segs) || n > HU_IMAGE_MAX_SEGS)
        return hu_errf(err, errlen, -EINVAL, "hu_image_write: bad arguments");
    Elf64_Ehdr eh = {
        .e_ident = {ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB, EV_CURRENT},
        .e_type = ET_CORE,
        .e_machine = EM_X86_64,
        .e_version = EV_CURRENT,
        .e_phoff = sizeof(Elf64_Ehdr),
        .e_ehsize = sizeof(Elf64_Ehdr),
        .e_phentsize = sizeof(Elf64_Phdr),
        .e_phnum = (uint16_t)n,
    };
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return hu_errf(err, errlen, -errno, "%s: %s", path, strerror(errno));
    uint64_t off = sizeof(eh) + n * sizeof(Elf64_Phdr);
    int bad = write_all(fd, &eh, sizeof(eh));
    for (size_t i = 0; i < n && !bad; i++) {
        off = (off + HU_IMAGE_ALIGN - 1) & ~(uint64_t)(HU_IMAGE_ALIGN - 1);
        Elf64_Phdr ph = {
            .p_type = PT_LOAD,
            .p_flags = PF_R | PF_W,
            .p_offset = off,
            .p_vaddr = segs[i].gva,
            .p_paddr = segs[i].gpa,
            .p_filesz = segs[i].size,
            .p_memsz = segs[i].size,
            .p_align = HU_IMAGE_ALIGN,
        };
        bad = write_all(fd, &ph, sizeof(ph));
        off += segs[i].size;
    }
    off = sizeof(eh) + n * sizeof(Elf64_Phdr);
    for (size_t i = 0; i < n && !bad; i++) {
        static const uint8_t zeros[HU_IMAGE_ALIGN];
        uint64_t pad = ((off + HU_IMAGE_ALIGN - 1) & ~(uint64_t)(HU_IMAGE_ALIGN - 1)) - off;
        bad = write_all(fd, zeros, pad) || write_all(fd, segs[i].data, segs[i].size);
        off += pad + segs[i].size;
    }
    if (close(fd) || bad)
        return hu_errf(err, errlen, -EIO, "%s: write failed", path);
    return 0;
}

static int cmp_gva(const void *a, const void *b)
{
    const struct hu_image_seg *x = *(const struct hu_image_seg *const *)a,
                              *y = *(const struct hu_image_seg *const *)b;
    return x->gva < y->gva ? -1 : x->gva > y->gva;
}

/* No two segments with data share a guest virtual address (the same guest-physical memory at
 * several virtual addresses is fine): sorted by address, each ends before the next begins. */
static int check_overlaps(const struct hu_image *img, const char *path, char *err, size_t errlen)
{
    const struct hu_image_seg **by = malloc((img->n ? img->n : 1) * sizeof(*by));
    size_t k = 0;
    int ret = 0;
    if (!by)
        return -ENOMEM;
    for (size_t i = 0; i < img->n; i++)
        if (img->segs[i].size)
            by[k++] = &img->segs[i];
    qsort(by, k, sizeof(*by), cmp_gva);
    for (size_t i = 1; i < k && !ret; i++)
        if (by[i - 1]->gva + by[i - 1]->size > by[i]->gva)
            ret = hu_errf(err, errlen, -EINVAL,
                          "%s: segments %zu and %zu overlap at guest address %#llx", path,
                          (size_t)(by[i - 1] - img->segs), (size_t)(by[i] - img->segs),
                          (unsigned long long)by[i]->gva);
    free(by);
    return ret;
}

/* The number of program headers: e_phnum, or for PN_XNUM section 0's sh_info (libelf reads it). */
static int program_headers(Elf *e, const Elf64_Ehdr *eh, size_t *n)
{
    *n = eh->e_phnum;
    return eh->e_phnum == PN_XNUM && elf_getphdrnum(e, n) ? -1 : 0;
}

static int read_segments(struct hu_image *img, Elf *e, size_t n, size_t len, const char *path,
                         char *err, size_t errlen)
{
    if (n > HU_IMAGE_MAX_READ_SEGS)
        return hu_errf(err, errlen, -EINVAL, "%s: bad program header table", path);
    img->segs = calloc(n ? n : 1, sizeof(*img->segs));
    if (!img->segs)
        return -ENOMEM;
    for (size_t i = 0; i < n; i++) {
        GElf_Phdr ph;
        if (!gelf_getphdr(e, i, &ph))
            return hu_errf(err, errlen, -EINVAL, "%s: program header %zu unreadable", path, i);
        if (ph.p_type != PT_LOAD)
            continue;
        if (ph.p_offset > len || ph.p_filesz > len - ph.p_offset)
            return hu_errf(err, errlen, -EINVAL, "%s: segment %zu runs past the end of the file",
                           path, i);
        if (ph.p_vaddr + ph.p_filesz < ph.p_vaddr)
            return hu_errf(err, errlen, -EINVAL, "%s: segment %zu wraps the address space", path,
                           i);
        img->segs[img->n++] = (struct hu_image_seg){ph.p_vaddr, ph.p_paddr, ph.p_filesz,
                                                    (const uint8_t *)img->buf + ph.p_offset};
    }
    return check_overlaps(img, path, err, errlen);
}

int hu_image_open(const char *path, struct hu_image **out, char *err, size_t errlen)
{
    struct hu_image *img = calloc(1, sizeof(*img));
    size_t len;
    int ret;
    if (!img)
        return -ENOMEM;
    *out = NULL;
    if ((ret = hu_read_file(path, &img->buf, &len, HU_IMAGE_MAX_FILE, err, errlen))) {
        free(img);
        return ret;
    }
    const unsigned char *b = img->buf;
    if (len < sizeof(Elf64_Ehdr) || memcmp(b, ELFMAG, SELFMAG) || b[EI_CLASS] != ELFCLASS64 ||
        b[EI_DATA] != ELFDATA2LSB) {
        hu_image_close(img);
        return hu_errf(err, errlen, -EINVAL, "%s: not a little-endian ELF64 file", path);
    }
    elf_version(EV_CURRENT);
    Elf *e = elf_memory(img->buf, len);
    Elf64_Ehdr *eh = e ? elf64_getehdr(e) : NULL;
    size_t nph = 0;
    if (!eh)
        ret = hu_errf(err, errlen, -EINVAL, "%s: %s", path, elf_errmsg(-1));
    else if (eh->e_type != ET_CORE || eh->e_machine != EM_X86_64)
        ret = hu_errf(err, errlen, -EINVAL, "%s: not an x86-64 core file (type %u, machine %u)",
                      path, eh->e_type, eh->e_machine);
    else if (program_headers(e, eh, &nph) ||
             (nph && (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phoff > len ||
                      (len - eh->e_phoff) / sizeof(Elf64_Phdr) < nph)))
        ret = hu_errf(err, errlen, -EINVAL, "%s: program header table outside the file", path);
    else
        ret = read_segments(img, e, nph, len, path, err, errlen);
    if (e)
        elf_end(e);
    if (ret) {
        hu_image_close(img);
        return ret;
    }
    *out = img;
    return 0;
}

void hu_image_close(struct hu_image *img)
{
    if (!img)
        return;
    free(img->segs);
    free(img->buf);
    free(img);
}

size_t hu_image_count(const struct hu_image *img)
{
    return img ? img->n : 0;
}

const struct hu_image_seg *hu_image_seg(const struct hu_image *img, size_t i)
{
    return img && i < img->n ? &img->segs[i] : NULL;
}

int hu_image_span(const struct hu_image *img, uint64_t *base, uint64_t *size)
{
    uint64_t lo = UINT64_MAX, hi = 0;
    for (size_t i = 0; img && i < img->n; i++) {
        if (!img->segs[i].size)
            continue;
        if (img->segs[i].gva < lo)
            lo = img->segs[i].gva;
        if (img->segs[i].gva + img->segs[i].size > hi)
            hi = img->segs[i].gva + img->segs[i].size;
    }
    if (lo >= hi)
        return -ENOENT;
    /* Smallest power of two s of at least a page (a window's minimum) with
     * lo & ~(s - 1) + s >= hi. */
    uint64_t s = (uint64_t)sysconf(_SC_PAGESIZE);
    while (s && (lo & ~(s - 1)) + s < hi)
        s <<= 1;
    if (!s)
        return -ERANGE;
    *base = lo & ~(s - 1);
    *size = s;
    return 0;
}

int hu_image_window(const struct hu_image *img, uint64_t base, uint64_t size,
                    struct hu_window **out, char *err, size_t errlen)
{
    int ret;
    if (!img)
        return hu_errf(err, errlen, -EINVAL, "hu_image_window: no image");
    if (!size && (ret = hu_image_span(img, &base, &size)))
        return hu_errf(err, errlen, -EINVAL,
                       ret == -ENOENT ? "image has no guest memory to map"
                                      : "image segments span too much of the address space");
    if ((ret = hu_window_alloc(base, size, out, err, errlen)))
        return ret;
    for (size_t i = 0; i < img->n; i++) {
        const struct hu_image_seg *s = &img->segs[i];
        if (hu_window_write(*out, s->gva, s->data, s->size)) {
            hu_window_free(*out);
            *out = NULL;
            return hu_errf(err, errlen, -ERANGE,
                           "segment at %#llx (%#llx bytes) lies outside the window %#llx+%#llx",
                           (unsigned long long)s->gva, (unsigned long long)s->size,
                           (unsigned long long)base, (unsigned long long)size);
        }
    }
    return 0;
}
