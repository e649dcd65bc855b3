/* SPDX-License-Identifier: MIT */
/*
 * `hucc --embed`: wraps a hyperupcall object (BPF ELF) into an x86-64 relocatable for the guest
 * link, one hyperupcall table entry (hupcall/table.h) per hyperupcall in it, for
 * linker-scripts/hupcalls.lds to gather. docs/guest-integration.md describes the table.
 */
#ifndef HUCC_EMBED_H
#define HUCC_EMBED_H

#include <stdbool.h>

#include "options.h"
#include "tools.h"

/*
 * Embeds the BPF object `object` (verified already when hucc verifies) into `output`, with the
 * llvm-mc beside t->clang. Returns hucc's exit code: 0, or 1 after printing "hucc: error: ...",
 * leaving no output behind.
 */
int hucc_embed(const struct hucc_opts *o, const struct hucc_tools *t, const char *object,
               const char *output);

/* True when `input` is an ELF file: `hucc --embed x.o` embeds it without compiling. */
bool hucc_embed_is_object(const char *input);

/* `hucc --embed [-o OUT] x.o`: verifies (unless --no-verify) and embeds an existing object into
 * OUT (default x.hu.o). Returns hucc's exit code. */
int hucc_embed_object(const struct hucc_opts *o, const struct hucc_tools *t, const char *input);

#endif /* HUCC_EMBED_H */
