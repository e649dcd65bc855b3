/* SPDX-License-Identifier: MIT */
/*
 * Textual LLVM IR for kernel mode's retargeting (retarget.c) and its x86 rewrites (x86_asm.c):
 * the lines of one module, its metadata index, and diagnostics at source locations.
 */
#ifndef HUCC_IR_TEXT_H
#define HUCC_IR_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "retarget.h"
#include "warnings.h"

struct ir {
    char *buf;    /* the file, with each '\n' turned into '\0' */
    char **lines; /* the lines of buf */
    size_t nlines;
    size_t *md; /* md[N]: 1 + the line defining !N, 0 when none */
    size_t nmd;
    const char *input; /* source name for diagnostics without a location */
    const char *func;  /* the function being rewritten, for the same */
    size_t func_len;
    int errors;
    const struct hucc_warnings *warn; /* which warnings print, and which are errors */
    size_t jump_labels;               /* static key branches rewritten so far */
    struct hucc_asm_stubs *stubs;     /* value-producing x86 code, stubbed */
    FILE *out;                        /* the BPF IR */
    FILE *decls;                      /* the stubs' declarations, appended to out at the end */
};

/* Reads and indexes the IR at path. Returns 0 or a negative errno. */
int ir_load(struct ir *ir, const char *path);
void ir_free(struct ir *ir);

/* "file:line:col" of the instruction on `line` (its !dbg), or "input: in function 'f'". */
void ir_locate(const struct ir *ir, const char *line, char *buf, size_t len);
/* Prints "where: error: ..." for the instruction on `line` and counts it. */
void ir_error(struct ir *ir, const char *line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Warning `id` at the instruction on `line` (NULL: the input), as the flags say (warnings.h);
 * counted when they make it an error. */
void ir_warn(struct ir *ir, const char *line, enum hucc_warning id, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* True when `line` calls inline assembly. */
bool x86_is_inline_asm(const char *line);
/* asm goto at line i: returns how many continuation lines it consumed. */
size_t x86_rewrite_callbr(struct ir *ir, size_t i);
/* call asm on `line`. */
void x86_rewrite_call_asm(struct ir *ir, const char *line);
/* A call of an llvm.x86.* intrinsic on `line`. */
void x86_rewrite_builtin(struct ir *ir, const char *line);

#endif /* HUCC_IR_TEXT_H */
