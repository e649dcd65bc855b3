/* SPDX-License-Identifier: MIT */
/* `hucc --embed`: wraps a hyperupcall object (BPF ELF) into an x86-64 relocatable for the guest
 * link, one hyperupcall table entry (hupcall/table.h) per hyperupcall in it. */
#ifndef HUCC_EMBED_H
#define HUCC_EMBED_H

#include <stdbool.h>
#include <stddef.h>

struct hu_embed_opts {
    const char *clang; /* the clang hucc found: llvm-mc is the one beside it (HUCC_LLVM_MC) */
    bool verify;       /* refuse an object the host loader's verifier rejects */
    bool verbose;      /* print the assembler's command line (-v) */
};

/* Embeds the BPF object `obj_path` into `out_path`. 0, or -errno with `err` saying why; no
 * output is left behind on error. */
int hu_embed(const char *obj_path, const char *out_path, const struct hu_embed_opts *o, char *err,
             size_t errlen);

#endif /* HUCC_EMBED_H */
