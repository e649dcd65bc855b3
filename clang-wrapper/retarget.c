/* SPDX-License-Identifier: MIT */
/*
 * Retargeting textual LLVM IR from x86-64 to BPF. The IR comes straight from clang's front end
 * (no optimisation yet), so it is regular: one instruction per line (callbr continues on the
 * next), metadata definitions as "!N = ..." lines, attribute groups as "attributes #N = {...}".
 */
#include "retarget.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ir_text.h"

#define BPF_DATALAYOUT "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
#define BPF_TRIPLE "bpf"

/* Drops ` "key"="value"` from an attribute group line, in place. */
static void strip_attr(char *line, const char *key)
{
    char *p = strstr(line, key);
    char *end;

    if (!p)
        return;
    end = strchr(p + strlen(key), '"');
    if (!end)
        return;
    if (p > line && p[-1] == ' ')
        p--;
    memmove(p, end + 1, strlen(end + 1) + 1);
}

static void track_function(struct ir *ir, const char *line)
{
    const char *at = strchr(line, '@');

    if (at) {
        ir->func = at + 1;
        ir->func_len = strcspn(at + 1, "(");
    }
}

static void rewrite(struct ir *ir)
{
    size_t module_asm = 0;

    for (size_t i = 0; i < ir->nlines; i++) {
        char *line = ir->lines[i];

        if (!strncmp(line, "target datalayout = ", 20)) {
            fputs("target datalayout = \"" BPF_DATALAYOUT "\"\n", ir->out);
            continue;
        }
        if (!strncmp(line, "target triple = ", 16)) {
            fputs("target triple = \"" BPF_TRIPLE "\"\n", ir->out);
            continue;
        }
        if (!strncmp(line, "module asm ", 11)) {
            /* One warning for all of it: each line of the assembly is a `module asm` line. */
            if (!module_asm++)
                ir_warn(ir, NULL, HUCC_W_ASM_REMOVED, "top-level inline assembly removed");
            continue;
        }
        if (!strncmp(line, "define ", 7))
            track_function(ir, line);
        if (!strncmp(line, "attributes #", 12)) {
            strip_attr(line, "\"target-cpu\"=\"");
            strip_attr(line, "\"target-features\"=\"");
            strip_attr(line, "\"tune-cpu\"=\"");
        } else if (x86_is_inline_asm(line)) {
            if (strstr(line, "callbr "))
                i += x86_rewrite_callbr(ir, i);
            else
                x86_rewrite_call_asm(ir, line);
            continue;
        } else if (strstr(line, "call ") && strstr(line, " @llvm.x86.")) {
            x86_rewrite_builtin(ir, line);
            continue;
        }
        fputs(line, ir->out);
        fputc('\n', ir->out);
    }
}

/* Rewrites into ir->out, then appends the stub declarations. */
static int write_module(struct ir *ir)
{
    char *decls = NULL;
    size_t len = 0;

    ir->decls = open_memstream(&decls, &len);
    if (!ir->decls)
        return -errno;
    rewrite(ir);
    fclose(ir->decls);
    fputs(decls, ir->out);
    free(decls);
    return 0;
}

int hucc_retarget_ir(const char *in_path, const char *out_path, const char *input,
                     const struct hucc_warnings *warn, struct hucc_asm_stubs *stubs)
{
    struct ir ir = {.input = input, .warn = warn, .stubs = stubs};
    int rc = ir_load(&ir, in_path);

    if (!rc && !(ir.out = fopen(out_path, "w")))
        rc = -errno;
    if (!rc)
        rc = write_module(&ir);
    if (ir.out && fclose(ir.out) && !rc)
        rc = -errno;
    if (rc)
        fprintf(stderr, "hucc: error: retargeting %s to BPF: %s\n", in_path, strerror(-rc));
    ir_free(&ir);
    return rc || ir.errors ? 1 : 0;
}

void hucc_asm_stubs_free(struct hucc_asm_stubs *stubs)
{
    for (size_t i = 0; i < stubs->n; i++)
        free(stubs->diags[i]);
    free(stubs->diags);
    stubs->diags = NULL;
    stubs->n = 0;
}
