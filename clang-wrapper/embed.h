/* SPDX-License-Identifier: MIT */
/* `hucc --embed`: wraps a hyperupcall object (BPF ELF) into an x86-64 relocatable for the guest
 * link, one hyperupcall table entry (hupcall/table.h) per hyperupcall in it. */
#ifndef HUCC_EMBED_H
#define HUCC_EMBED_H

#include <stddef.h>

/* Runs a tool (argv[0] is its path) and returns its exit status, or -1 if it could not run. */
typedef int (*hu_embed_run_fn)(char *const argv[], void *cookie);

struct hu_embed_opts {
    const char *llvm_mc; /* the LLVM 22 assembler, found by the driver */
    hu_embed_run_fn run; /* the driver's process runner */
    void *cookie;        /* passed to run */
    int verify;          /* refuse an object the host loader's verifier rejects */
};

/* Embeds the BPF object `obj_path` into `out_path`. 0, or -errno with `err` saying why. */
int hu_embed(const char *obj_path, const char *out_path, const struct hu_embed_opts *o, char *err,
             size_t errlen);

#endif /* HUCC_EMBED_H */
