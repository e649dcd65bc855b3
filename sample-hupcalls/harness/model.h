/* SPDX-License-Identifier: MIT */
/*
 * A guest model: the guest kernel structures a sample reads, laid out in a window mapped at the
 * guest's own virtual address (a randomised, KASLR-like base), plus the guest's symbol table.
 *
 * The window is mapped in this process at exactly its guest address (MAP_FIXED_NOREPLACE in the
 * user-space canonical range), so the natively compiled sample dereferences guest pointers
 * directly and reads the same bytes at the same addresses as the hyperupcall does through its
 * masked window. A guest pointer stored in the model is therefore also a valid host pointer.
 */
#ifndef SAMPLE_MODEL_H
#define SAMPLE_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rng.h"

#define MODEL_MAX_SYMS 32

struct model_sym {
    char name[48];
    uint64_t addr; /* the running guest's address (link address + slide) */
    char type;     /* System.map type letter: T text, D data, B bss */
};

struct model {
    uint64_t base;      /* guest virtual address of the window; aligned to size */
    uint64_t size;      /* a power of two */
    uint8_t *mem;       /* == (uint8_t *)base: the window, followed by HU_GUARD_SIZE of guard */
    int fd;             /* the memfd mem maps */
    uint64_t guest_mem; /* the guest's memory size in bytes (a global window is <= 2% of it) */
    uint64_t slide;     /* KASLR slide: System.map addresses are addr - slide */
    uint64_t brk;       /* bump allocator: next free window offset */
    struct model_sym syms[MODEL_MAX_SYMS];
    unsigned int n_syms;
    struct rng rng; /* the model's own generator, seeded once */
    void *priv;     /* the generator's bookkeeping (ground truth), malloc'd; model_unmap frees it */
};

/* Maps a zeroed window of `size` bytes (+ guard) at a random aligned address derived from `seed`.
 * 0 or -errno with `err` filled. */
int model_map(struct model *m, uint64_t size, uint64_t guest_mem, uint64_t seed, char *err,
              size_t errlen);
/* Unmaps the window and frees `priv`. */
void model_unmap(struct model *m);

/* Reserves `size` bytes aligned to `align` in the window and returns their guest address; aborts
 * when the model does not fit, which is a bug in a generator, not a runtime condition. */
uint64_t model_alloc(struct model *m, uint64_t size, uint64_t align);

/* Adds a guest symbol; aborts on overflow (a generator bug). */
void model_sym(struct model *m, const char *name, uint64_t addr, char type);
/* The address of a symbol added before; aborts if absent. */
uint64_t model_sym_addr(const struct model *m, const char *name);

/* Writes the symbol table in System.map format ("%016lx T name", link addresses, sorted). */
int model_write_sysmap(const struct model *m, FILE *f);

/* Host pointer of a guest address inside the window (the identity, checked). */
void *model_ptr(const struct model *m, uint64_t gva);

#endif /* SAMPLE_MODEL_H */
