/* SPDX-License-Identifier: MIT */
/* A loaded hyperupcall program: what the ELF loader produces and the verifier and engines consume.
 * Internal to libhuhost. */
#ifndef HU_PROG_H
#define HU_PROG_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* One BPF instruction slot, in the wire encoding (RFC 9669, little endian). */
struct hu_insn {
    uint8_t code;
    uint8_t dst : 4;
    uint8_t src : 4;
    int16_t off;
    int32_t imm;
};
_Static_assert(sizeof(struct hu_insn) == 8, "one BPF instruction slot is 8 bytes");

/* Source position of an instruction, from the object's .BTF.ext line info. */
struct hu_line {
    uint32_t insn; /* first instruction index it applies to; first: the hu_count_below key */
    uint32_t line;
    uint32_t col;
    const char *file; /* owned by the program */
};

/* An ld_imm64 that names a guest symbol: patched with the symbol's guest address at registration.
 */
struct hu_sym_ref {
    uint32_t insn;    /* index of the ld_imm64's first slot */
    const char *name; /* owned by the program */
    int64_t addend;
};

struct hu_prog {
    char name[64];         /* the entry function's name */
    uint32_t event;        /* HU_EVENT_* from the section name */
    struct hu_insn *insns; /* the entry function, then each function it calls (copied once),
                            * BPF-to-BPF call immediates fixed to this layout */
    uint32_t n_insns;
    uint32_t entry;        /* index of the entry function's first instruction (the loader: 0) */
    struct hu_line *lines; /* sorted by insn; may be empty */
    uint32_t n_lines;
    struct hu_sym_ref *syms; /* unresolved guest symbols */
    uint32_t n_syms;
    uint32_t *funcs; /* first instruction of each function, ascending, funcs[0] = entry;
                      * a function ends where the next begins (or at n_insns) */
    uint32_t n_funcs;
    char *strings; /* owns every string the lines and syms point to */
    size_t strings_len;
};

/* How many of the `n` records at `base`, each `stride` bytes and sorted by the uint32_t at its
 * offset 0 (an instruction index), have that key below `key`: a binary search shared by every
 * table sorted by instruction. `key` is 64-bit so that "at or before insn" is key insn + 1. */
static inline uint32_t hu_count_below(const void *base, uint32_t n, size_t stride, uint64_t key)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2, at;
        memcpy(&at, (const char *)base + (size_t)mid * stride, sizeof(at));
        if (at < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The source line of instruction `insn`, or NULL without line info. */
const struct hu_line *hu_prog_line(const struct hu_prog *p, uint32_t insn);

/* Frees what `p` owns (not `p` itself). */
void hu_prog_release(struct hu_prog *p);
/* A deep copy of `src` into `dst`; 0 or -ENOMEM. */
int hu_prog_clone(struct hu_prog *dst, const struct hu_prog *src);

#endif /* HU_PROG_H */
