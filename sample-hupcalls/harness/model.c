/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include "model.h"

#include <errno.h>
#include <hupcall/abi.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* The part of the user-space canonical range the windows are placed in: far from the program,
 * its heap and its libraries, and low enough to be valid on 4-level paging. */
#define MODEL_VA_LOW 0x100000000000ull
#define MODEL_VA_HIGH 0x700000000000ull
#define MODEL_MAP_TRIES 64

int model_map(struct model *m, uint64_t size, uint64_t guest_mem, uint64_t seed, char *err,
              size_t errlen)
{
    memset(m, 0, sizeof(*m));
    m->fd = -1;
    if (size == 0 || (size & (size - 1)) != 0) {
        snprintf(err, errlen, "window size %#llx is not a power of two", (unsigned long long)size);
        return -EINVAL;
    }
    m->rng.s = seed;
    m->size = size;
    m->guest_mem = guest_mem;
    /* A 2 MiB-aligned slide, as x86-64 KASLR chooses for the kernel image. */
    m->slide = (1 + rng_below(&m->rng, 512)) << 21;

    /* Shared memory in a memfd: the window's guard can map its start again either way
     * (hu_window_wrap, or hu_window_map_fd of m->fd). */
    m->fd = memfd_create("guest-model", MFD_CLOEXEC);
    if (m->fd < 0 || ftruncate(m->fd, (off_t)(size + HU_GUARD_SIZE))) {
        int e = errno;
        snprintf(err, errlen, "guest model memory: %s", strerror(e));
        model_unmap(m);
        return -e;
    }
    for (int i = 0; i < MODEL_MAP_TRIES; i++) {
        uint64_t slots = (MODEL_VA_HIGH - MODEL_VA_LOW) / size;
        uint64_t base = MODEL_VA_LOW + rng_below(&m->rng, slots) * size;
        void *p = mmap((void *)base, size + HU_GUARD_SIZE, PROT_READ | PROT_WRITE,
                       MAP_SHARED | MAP_FIXED_NOREPLACE, m->fd, 0);

        if (p == MAP_FAILED && errno == EEXIST)
            continue;
        if (p == MAP_FAILED) {
            int e = errno;
            snprintf(err, errlen, "mmap of the guest window at %#llx: %s", (unsigned long long)base,
                     strerror(e));
            model_unmap(m);
            return -e;
        }
        if ((uint64_t)p != base) { /* a kernel without MAP_FIXED_NOREPLACE treats it as a hint */
            munmap(p, size + HU_GUARD_SIZE);
            continue;
        }
        m->base = base;
        m->mem = p;
        return 0;
    }
    snprintf(err, errlen, "no free aligned address for a %#llx-byte guest window",
             (unsigned long long)size);
    model_unmap(m);
    return -ENOMEM;
}

void model_unmap(struct model *m)
{
    free(m->priv);
    m->priv = NULL;
    if (m->mem)
        munmap(m->mem, m->size + HU_GUARD_SIZE);
    m->mem = NULL;
    if (m->fd >= 0)
        close(m->fd);
    m->fd = -1;
}

uint64_t model_alloc(struct model *m, uint64_t size, uint64_t align)
{
    uint64_t off = (m->brk + align - 1) & ~(align - 1);

    if (off + size > m->size) {
        fprintf(stderr, "guest model: %#llx bytes do not fit in the window\n",
                (unsigned long long)size);
        abort();
    }
    m->brk = off + size;
    return m->base + off;
}

void model_sym(struct model *m, const char *name, uint64_t addr, char type)
{
    struct model_sym *s;

    if (m->n_syms == MODEL_MAX_SYMS || strlen(name) >= sizeof(s->name)) {
        fprintf(stderr, "guest model: cannot add symbol %s\n", name);
        abort();
    }
    s = &m->syms[m->n_syms++];
    strcpy(s->name, name);
    s->addr = addr;
    s->type = type;
}

uint64_t model_sym_addr(const struct model *m, const char *name)
{
    for (unsigned int i = 0; i < m->n_syms; i++)
        if (strcmp(m->syms[i].name, name) == 0)
            return m->syms[i].addr;
    fprintf(stderr, "guest model: no symbol %s\n", name);
    abort();
}

static int sym_cmp(const void *a, const void *b)
{
    const struct model_sym *x = a, *y = b;

    return x->addr < y->addr ? -1 : x->addr > y->addr;
}

int model_write_sysmap(const struct model *m, FILE *f)
{
    struct model_sym sorted[MODEL_MAX_SYMS];

    memcpy(sorted, m->syms, m->n_syms * sizeof(sorted[0]));
    qsort(sorted, m->n_syms, sizeof(sorted[0]), sym_cmp);
    for (unsigned int i = 0; i < m->n_syms; i++)
        if (fprintf(f, "%016llx %c %s\n", (unsigned long long)(sorted[i].addr - m->slide),
                    sorted[i].type, sorted[i].name) < 0)
            return -EIO;
    return 0;
}

void *model_ptr(const struct model *m, uint64_t gva)
{
    if (gva < m->base || gva - m->base >= m->size) {
        fprintf(stderr, "guest model: %#llx is outside the window\n", (unsigned long long)gva);
        abort();
    }
    return (void *)(uintptr_t)gva;
}
