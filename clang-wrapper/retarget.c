/* SPDX-License-Identifier: MIT */
/*
 * Retargeting textual LLVM IR from x86-64 to BPF. The IR comes straight from clang's front end
 * (no optimisation yet), so it is regular: one instruction per line (callbr continues on the
 * next), metadata definitions as "!N = ..." lines, attribute groups as "attributes #N = {...}".
 */
#include "retarget.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BPF_DATALAYOUT "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
#define BPF_TRIPLE "bpf"

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
    size_t jump_labels;           /* static key branches rewritten so far */
    struct hucc_asm_stubs *stubs; /* value-producing x86 code, stubbed */
    FILE *out;                    /* the BPF IR */
    FILE *decls;                  /* the stubs' declarations, appended to out at the end */
};

static int read_file(const char *path, char **out)
{
    FILE *f = fopen(path, "rb");
    size_t cap = 1 << 16, len = 0, n;
    char *buf = malloc(cap);

    if (!f || !buf) {
        if (f)
            fclose(f);
        free(buf);
        return -errno;
    }
    while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (len + 1 == cap) {
            char *bigger = realloc(buf, cap *= 2);

            if (!bigger) {
                free(buf);
                fclose(f);
                return -ENOMEM;
            }
            buf = bigger;
        }
    }
    buf[len] = '\0';
    fclose(f);
    *out = buf;
    return 0;
}

static int split_lines(struct ir *ir)
{
    size_t cap = 1024;

    ir->lines = malloc(cap * sizeof(*ir->lines));
    for (char *p = ir->buf; ir->lines && *p;) {
        char *nl = strchr(p, '\n');

        if (ir->nlines == cap) {
            char **bigger = realloc(ir->lines, (cap *= 2) * sizeof(*ir->lines));

            if (!bigger)
                return -ENOMEM;
            ir->lines = bigger;
        }
        ir->lines[ir->nlines++] = p;
        if (!nl)
            break;
        *nl = '\0';
        p = nl + 1;
    }
    return ir->lines ? 0 : -ENOMEM;
}

/* "!123 = ..." lines, indexed by number. */
static int index_metadata(struct ir *ir)
{
    size_t max = 0;

    for (size_t i = 0; i < ir->nlines; i++) {
        char *end;
        unsigned long n;

        if (ir->lines[i][0] != '!' || ir->lines[i][1] < '0' || ir->lines[i][1] > '9')
            continue;
        n = strtoul(ir->lines[i] + 1, &end, 10);
        if (!strncmp(end, " = ", 3) && n + 1 > max)
            max = n + 1;
    }
    ir->nmd = max;
    ir->md = calloc(max ? max : 1, sizeof(*ir->md));
    if (!ir->md)
        return -ENOMEM;
    for (size_t i = 0; i < ir->nlines; i++) {
        if (ir->lines[i][0] == '!' && ir->lines[i][1] >= '0' && ir->lines[i][1] <= '9') {
            char *end;
            unsigned long n = strtoul(ir->lines[i] + 1, &end, 10);

            if (!strncmp(end, " = ", 3))
                ir->md[n] = i + 1;
        }
    }
    return 0;
}

/* The number after `key` in s ("scope: !12" with key "scope: !"), or -1. */
static long field_num(const char *s, const char *key)
{
    const char *p = s ? strstr(s, key) : NULL;

    return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

static const char *md_line(const struct ir *ir, long n)
{
    return n >= 0 && (size_t)n < ir->nmd && ir->md[n] ? ir->lines[ir->md[n] - 1] : NULL;
}

/* The filename of a scope's DIFile, copied into buf (IR string escapes are kept as written). */
static bool scope_file(const struct ir *ir, long scope, char *buf, size_t len)
{
    const char *file = md_line(ir, field_num(md_line(ir, scope), "file: !"));
    const char *name = file ? strstr(file, "filename: \"") : NULL;
    const char *end;

    if (!name)
        return false;
    name += strlen("filename: \"");
    end = strchr(name, '"');
    if (!end)
        return false;
    snprintf(buf, len, "%.*s", (int)(end - name), name);
    return true;
}

/* "file:line:col" of the instruction on `line` (its !dbg), or "input: in function 'f'". */
static void locate(const struct ir *ir, const char *line, char *buf, size_t len)
{
    const char *loc = md_line(ir, field_num(line, "!dbg !"));
    char file[512];

    if (loc && scope_file(ir, field_num(loc, "scope: !"), file, sizeof(file))) {
        snprintf(buf, len, "%s:%ld:%ld", file, field_num(loc, "line: "),
                 field_num(loc, "column: "));
        return;
    }
    snprintf(buf, len, "%s: in function '%.*s'", ir->input, (int)ir->func_len,
             ir->func ? ir->func : "?");
}

static void diag(struct ir *ir, const char *line, bool error, const char *fmt, ...)
{
    char where[640];
    va_list ap;

    locate(ir, line, where, sizeof(where));
    fprintf(stderr, "%s: %s: ", where, error ? "error" : "warning");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (error)
        ir->errors++;
}

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

static bool is_inline_asm(const char *line)
{
    const char *a = strstr(line, " asm ");
    const char *q = strchr(line, '"');
    const char *c = strstr(line, "call");

    return a && c && c < a && (!q || a < q);
}

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
static size_t rewrite_callbr(struct ir *ir, size_t i)
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
        diag(ir, at, true, "asm goto with outputs cannot run in a hyperupcall: \"%s\"", text);
        return skip;
    }
    to += strlen("to label ");
    ind = strstr(to, "[label ");
    dbg = strstr(at, ", !dbg !");
    if (dbg)
        snprintf(dbgbuf, sizeof(dbgbuf), "%.*s", (int)strcspn(dbg + 8, ",") + 8, dbg);
    if (ind && rewrite_jump_label(ir, ir->lines[i], to, ind + strlen("[label "), dbgbuf))
        return skip;
    diag(ir, at, false,
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

    locate(ir, line, where, sizeof(where));
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
static void rewrite_call_asm(struct ir *ir, const char *line)
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
    diag(ir, line, false, "x86 inline assembly removed: \"%s\"", text);
}

/* A call of an x86 intrinsic: removed with a warning when it has no result, a stub otherwise. */
static void rewrite_x86_builtin(struct ir *ir, const char *line)
{
    const char *name = strstr(line, " @llvm.x86.");
    char msg[160];

    snprintf(msg, sizeof(msg), "x86 builtin '%.*s' has no BPF equivalent",
             (int)strcspn(name + 2, "("), name + 2);
    if (line[strspn(line, " ")] == '%')
        stub_call(ir, line, name, msg);
    else
        diag(ir, line, false, "%s: removed", msg);
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
            fprintf(stderr, "%s: warning: top-level inline assembly removed\n", ir->input);
            continue;
        }
        if (!strncmp(line, "define ", 7))
            track_function(ir, line);
        if (!strncmp(line, "attributes #", 12)) {
            strip_attr(line, "\"target-cpu\"=\"");
            strip_attr(line, "\"target-features\"=\"");
            strip_attr(line, "\"tune-cpu\"=\"");
        } else if (is_inline_asm(line)) {
            if (strstr(line, "callbr "))
                i += rewrite_callbr(ir, i);
            else
                rewrite_call_asm(ir, line);
            continue;
        } else if (strstr(line, "call ") && strstr(line, " @llvm.x86.")) {
            rewrite_x86_builtin(ir, line);
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
                     struct hucc_asm_stubs *stubs)
{
    struct ir ir = {.input = input, .stubs = stubs};
    int rc = read_file(in_path, &ir.buf);

    if (!rc)
        rc = split_lines(&ir);
    if (!rc)
        rc = index_metadata(&ir);
    if (!rc && !(ir.out = fopen(out_path, "w")))
        rc = -errno;
    if (!rc)
        rc = write_module(&ir);
    if (ir.out && fclose(ir.out) && !rc)
        rc = -errno;
    if (rc)
        fprintf(stderr, "hucc: error: retargeting %s to BPF: %s\n", in_path, strerror(-rc));
    free(ir.md);
    free(ir.lines);
    free(ir.buf);
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
