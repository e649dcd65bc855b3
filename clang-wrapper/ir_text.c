/* SPDX-License-Identifier: MIT */
/* Textual LLVM IR as hucc reads it: lines, the metadata index, source locations. */
#include "ir_text.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
void ir_locate(const struct ir *ir, const char *line, char *buf, size_t len)
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

void ir_error(struct ir *ir, const char *line, const char *fmt, ...)
{
    char where[640];
    va_list ap;

    ir_locate(ir, line, where, sizeof(where));
    fprintf(stderr, "%s: error: ", where);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    ir->errors++;
}

void ir_warn(struct ir *ir, const char *line, enum hucc_warning id, const char *fmt, ...)
{
    char where[640];
    va_list ap;

    if (line)
        ir_locate(ir, line, where, sizeof(where));
    else
        snprintf(where, sizeof(where), "%s", ir->input);
    va_start(ap, fmt);
    if (hucc_vwarn(ir->warn, id, where, fmt, ap))
        ir->errors++;
    va_end(ap);
}

int ir_load(struct ir *ir, const char *path)
{
    int rc = read_file(path, &ir->buf);

    if (!rc)
        rc = split_lines(ir);
    if (!rc)
        rc = index_metadata(ir);
    return rc;
}

void ir_free(struct ir *ir)
{
    free(ir->md);
    free(ir->lines);
    free(ir->buf);
}
