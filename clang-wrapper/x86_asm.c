/* SPDX-License-Identifier: MIT */
/*
 * Kernel mode: x86 inline assembly and builtins in retargeted IR (docs/hucc.md, "Kernel mode",
 * has the table). Each function writes the replacement of one instruction to ir->out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ir_text.h"

/* The assembly text of an inline asm call, IR escapes decoded, newlines as "; ", shortened. */
static void asm_text(const char *line, char *buf, size_t len)
{
    const char *p = strstr(line, " asm ");
    size_t n = 0;

    p = p ? strchr(p, '"') : NULL;
    for (p = p ? p + 1 : ""; *p && *p != '"' && n + 4 < len; p++) {
        char c = *p;

        if (c == '\\' && p[1] && p[2]) {
            char hex[3] = {p[1], p[2], '\0'};

            c = (char)strtol(hex, NULL, 16);
            p += 2;
        }
        if (c == '\n') {
            buf[n++] = ';';
            c = ' ';
        }
        buf[n++] = c == '\t' ? ' ' : c;
    }
    if (*p && *p != '"')
        buf[n++] = '.', buf[n++] = '.', buf[n++] = '.';
    buf[n] = '\0';
}

bool x86_is_inline_asm(const char *line)
{
    const char *a = strstr(line, " asm ");
    const char *q = strchr(line, '"');
    const char *c = strstr(line, "call");

    return a && c && c < a && (!q || a < q);
}

/*
 * The operands of an inline asm call: the text inside the parentheses after the constraint
 * string, split at top-level commas into at most `max` (start, length) pairs. Returns the count.
 */
static size_t asm_operands(const char *line, const char *op[], size_t len[], size_t max)
{
    const char *p = strstr(line, "\"(");
    size_t n = 0;
    int depth = 0;

    if (!p)
        return 0;
    for (op[0] = p += 2; *p && n < max; p++) {
        if (*p == '(' || *p == '[' || *p == '{' || *p == '<')
            depth++;
        else if ((*p == ')' || *p == ']' || *p == '}' || *p == '>') && depth-- == 0)
            break;
        else if (*p == ',' && depth == 0) {
            len[n] = (size_t)(p - op[n]);
            if (++n < max)
                op[n] = p + 1 + (p[1] == ' ');
        }
    }
    if (*p != ')' || n >= max)
        return 0;
    len[n] = (size_t)(p - op[n]);
    return p > op[0] ? n + 1 : 0;
}

/*
 * A static key's asm goto (x86 arch_static_branch: an entry in __jump_table naming the key and
 * the branch flag) as the branch the kernel patches in: it jumps to its label when the key's
 * `enabled` count is positive XOR the flag's branch bit (the kernel's jump_label_type()).
 * Returns false when `line` is not one.
 */
static bool rewrite_jump_label(struct ir *ir, const char *line, const char *to, const char *ind,
                               const char *dbg)
{
    const char *op[3];
    size_t len[3], n = ++ir->jump_labels;
    const char *key, *flag;

    if (!strstr(line, "__jump_table") || asm_operands(line, op, len, 3) != 2 ||
        strncmp(op[0], "ptr ", 4) || op[1][0] != 'i')
        return false;
    key = op[0] + 4;
    flag = op[1];
    fprintf(ir->out, "  %%hu.jl.%zu = load volatile i32, ptr %.*s, align 4%s\n", n,
            (int)(len[0] - 4), key, dbg);
    fprintf(ir->out, "  %%hu.jl.%zu.on = icmp sgt i32 %%hu.jl.%zu, 0\n", n, n);
    /* The flag's bit 0 is the branch; the kernel keeps other bits there (2: objtool's hack). */
    fprintf(ir->out, "  %%hu.jl.%zu.bit = and %.*s, 1\n", n, (int)len[1], flag);
    fprintf(ir->out, "  %%hu.jl.%zu.flag = icmp ne %.*s %%hu.jl.%zu.bit, 0\n", n,
            (int)strcspn(flag, " "), flag, n);
    fprintf(ir->out, "  %%hu.jl.%zu.jump = xor i1 %%hu.jl.%zu.on, %%hu.jl.%zu.flag\n", n, n, n);
    fprintf(ir->out, "  br i1 %%hu.jl.%zu.jump, label %.*s, label %.*s\n", n,
            (int)strcspn(ind, " ],"), ind, (int)strcspn(to, " ,"), to);
    return true;
}

/*
 * callbr (asm goto): a static key becomes a read of the key; any other takes its fall-through
 * label, the path where the asm jumps nowhere, with a warning.
 */
size_t x86_rewrite_callbr(struct ir *ir, size_t i)
{
    const char *cont = i + 1 < ir->nlines ? ir->lines[i + 1] : "";
    const char *to = strstr(ir->lines[i], "to label %");
    const char *at, *ind, *dbg;
    char text[64], dbgbuf[32] = "";
    size_t skip = 0;

    if (!to) {
        to = strstr(cont, "to label %");
        skip = 1;
    }
    at = skip ? cont : ir->lines[i];
    asm_text(ir->lines[i], text, sizeof(text));
    if (!to || ir->lines[i][strspn(ir->lines[i], " ")] == '%') {
        ir_error(ir, at, "asm goto with outputs cannot run in a hyperupcall: \"%s\"", text);
        return skip;
    }
    to += strlen("to label ");
    ind = strstr(to, "[label ");
    dbg = strstr(at, ", !dbg !");
    if (dbg)
        snprintf(dbgbuf, sizeof(dbgbuf), "%.*s", (int)strcspn(dbg + 8, ",") + 8, dbg);
    if (ind && rewrite_jump_label(ir, ir->lines[i], to, ind + strlen("[label "), dbgbuf))
        return skip;
    ir_warn(ir, at, HUCC_W_ASM_GOTO,
            "asm goto replaced by its fall-through path (the jump is never taken): \"%s\"", text);
    fprintf(ir->out, "  br label %.*s\n", (int)strcspn(to, " ,"), to);
    return skip;
}

/*
 * Replaces the value-producing x86 call on `line` (result type between "call " and `callee`)
 * with a call to a fresh stub, and records the error to print if the stub survives.
 */
static void stub_call(struct ir *ir, const char *line, const char *callee, const char *msg)
{
    const char *result = line + strspn(line, " ");
    const char *call = strstr(line, "call ");
    const char *dbg = strstr(line, ", !dbg !");
    size_t n = ir->stubs->n;
    char where[640], *diag;
    char **diags;
    int len;

    ir_locate(ir, line, where, sizeof(where));
    len = snprintf(NULL, 0, "%s: error: %s (in '%.*s')", where, msg, (int)ir->func_len,
                   ir->func ? ir->func : "?");
    diags = realloc(ir->stubs->diags, (n + 1) * sizeof(*diags));
    diag = malloc((size_t)len + 1);
    if (!diags || !diag) {
        free(diag);
        if (diags)
            ir->stubs->diags = diags;
        fputs("hucc: error: out of memory\n", stderr);
        ir->errors++;
        return;
    }
    snprintf(diag, (size_t)len + 1, "%s: error: %s (in '%.*s')", where, msg, (int)ir->func_len,
             ir->func ? ir->func : "?");
    ir->stubs->diags = diags;
    diags[ir->stubs->n++] = diag;
    call += strlen("call ");
    fprintf(ir->out, "  %.*s = call %.*s @" HUCC_ASM_STUB_PREFIX "%zu()%.*s\n",
            (int)strcspn(result, " "), result, (int)(callee - call), call, n,
            dbg ? (int)strcspn(dbg + 8, ",") + 8 : 0, dbg ? dbg : "");
    fprintf(ir->decls,
            "declare %.*s @" HUCC_ASM_STUB_PREFIX "%zu() nounwind willreturn memory(none)\n",
            (int)(callee - call), call, n);
}

/* call asm: barriers become a compiler fence, other statements are removed with a warning, and
 * asm that produces a value becomes a stub (an error if it survives optimisation). */
void x86_rewrite_call_asm(struct ir *ir, const char *line)
{
    char text[64], msg[256];

    asm_text(line, text, sizeof(text));
    if (line[strspn(line, " ")] == '%') {
        if (strstr(text, "%gs:"))
            snprintf(msg, sizeof(msg),
                     "per-CPU access through %%gs cannot run in a hyperupcall: name the CPU with "
                     "per_cpu(var, cpu) (hu_per_cpu in <hupcall/percpu.h>): \"%s\"",
                     text);
        else
            snprintf(msg, sizeof(msg),
                     "x86 inline assembly with outputs cannot run in a hyperupcall: \"%s\"", text);
        stub_call(ir, line, strstr(line, " asm "), msg);
        return;
    }
    if (!text[0]) {
        if (strstr(line, "~{memory}"))
            fputs("  fence syncscope(\"singlethread\") seq_cst\n", ir->out);
        return;
    }
    ir_warn(ir, line, HUCC_W_ASM_REMOVED, "x86 inline assembly removed: \"%s\"", text);
}

/* A call of an x86 intrinsic: removed with a warning when it has no result, a stub otherwise. */
void x86_rewrite_builtin(struct ir *ir, const char *line)
{
    const char *name = strstr(line, " @llvm.x86.");
    char msg[160];

    snprintf(msg, sizeof(msg), "x86 builtin '%.*s' has no BPF equivalent",
             (int)strcspn(name + 2, "("), name + 2);
    if (line[strspn(line, " ")] == '%')
        stub_call(ir, line, name, msg);
    else
        ir_warn(ir, line, HUCC_W_ASM_REMOVED, "%s: removed", msg);
}
