/* SPDX-License-Identifier: MIT */
#include "block_order.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ir_text.h"

struct block {
    size_t first, end; /* its lines: [first, end) */
    const char *name;  /* label, NUL-terminated copy; "" for an unlabelled entry */
    size_t *succ;      /* successor block indices */
    size_t nsucc;
    bool seen;
};

struct function {
    struct block *blocks;
    size_t n;
};

/* A label line ("name:" at column 0, then spaces or a comment) gives the block's name. */
static char *label_of(const char *line)
{
    size_t n = strcspn(line, ": ;\"");

    if (!n || line[n] != ':' || line[0] == ' ' || line[0] == '}')
        return NULL;
    return strndup(line, n);
}

static size_t find_block(const struct function *f, const char *name, size_t len)
{
    for (size_t i = 0; i < f->n; i++)
        if (strlen(f->blocks[i].name) == len && !strncmp(f->blocks[i].name, name, len))
            return i;
    return f->n;
}

/* Successors: every "label %name" in the block (br and switch name their targets so). */
static int add_successors(struct function *f, struct block *b, char **lines)
{
    for (size_t l = b->first; l < b->end; l++) {
        for (const char *p = strstr(lines[l], "label %"); p; p = strstr(p + 1, "label %")) {
            const char *name = p + strlen("label %");
            size_t len = strcspn(name, " ,]\n"), to = find_block(f, name, len);
            size_t *succ;

            if (to == f->n)
                continue;
            succ = realloc(b->succ, (b->nsucc + 1) * sizeof(*succ));
            if (!succ)
                return -ENOMEM;
            b->succ = succ;
            b->succ[b->nsucc++] = to;
        }
    }
    return 0;
}

/* Post-order from the entry, iteratively: `order` receives block indices. */
static int post_order(struct function *f, size_t *order, size_t *count)
{
    size_t *stack = malloc(f->n * sizeof(*stack)), *next = calloc(f->n, sizeof(*next));
    size_t depth = 0;

    if (!stack || !next) {
        free(stack);
        free(next);
        return -ENOMEM;
    }
    f->blocks[0].seen = true;
    stack[depth++] = 0;
    while (depth) {
        size_t top = stack[depth - 1];
        struct block *b = &f->blocks[top];

        if (next[top] < b->nsucc) {
            size_t s = b->succ[next[top]++];

            if (!f->blocks[s].seen) {
                f->blocks[s].seen = true;
                stack[depth++] = s;
            }
            continue;
        }
        order[(*count)++] = top;
        depth--;
    }
    free(stack);
    free(next);
    return 0;
}

static void free_function(struct function *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free((char *)f->blocks[i].name);
        free(f->blocks[i].succ);
    }
    free(f->blocks);
}

/* Splits the body [first, end) into blocks. */
static int split_blocks(struct function *f, char **lines, size_t first, size_t end)
{
    f->blocks = calloc(end - first + 1, sizeof(*f->blocks));
    if (!f->blocks)
        return -ENOMEM;
    for (size_t l = first; l < end; l++) {
        char *name = label_of(lines[l]);

        if (!name && f->n)
            continue;
        if (f->n)
            f->blocks[f->n - 1].end = l;
        f->blocks[f->n].first = l;
        f->blocks[f->n++].name = name ? name : strdup("");
        if (!f->blocks[f->n - 1].name)
            return -ENOMEM;
    }
    if (f->n)
        f->blocks[f->n - 1].end = end;
    for (size_t i = 0; i < f->n; i++) {
        int rc = add_successors(f, &f->blocks[i], lines);

        if (rc)
            return rc;
    }
    return 0;
}

/* Writes the body [first, end) with its blocks in reverse post-order. */
static int write_body(FILE *out, char **lines, size_t first, size_t end)
{
    struct function f = {0};
    size_t *order = NULL, count = 0;
    int rc = split_blocks(&f, lines, first, end);

    if (!rc && f.n && !(order = malloc(f.n * sizeof(*order))))
        rc = -ENOMEM;
    if (!rc && f.n)
        rc = post_order(&f, order, &count);
    for (size_t i = count; !rc && i-- > 0;)
        for (size_t l = f.blocks[order[i]].first; l < f.blocks[order[i]].end; l++)
            fprintf(out, "%s\n", lines[l]);
    for (size_t b = 0; !rc && b < f.n; b++)
        for (size_t l = f.blocks[b].first; !f.blocks[b].seen && l < f.blocks[b].end; l++)
            fprintf(out, "%s\n", lines[l]);
    free(order);
    free_function(&f);
    return rc;
}

int hucc_order_blocks(const char *in_path, const char *out_path)
{
    struct ir ir = {.input = in_path};
    FILE *out = NULL;
    int rc = ir_load(&ir, in_path);

    if (!rc && !(out = fopen(out_path, "w")))
        rc = -errno;
    for (size_t i = 0; !rc && i < ir.nlines; i++) {
        size_t end = i + 1;

        fprintf(out, "%s\n", ir.lines[i]);
        if (strncmp(ir.lines[i], "define ", 7) || !strchr(ir.lines[i], '{'))
            continue;
        while (end < ir.nlines && strcmp(ir.lines[end], "}"))
            end++;
        rc = write_body(out, ir.lines, i + 1, end);
        i = end - 1;
    }
    if (out && fclose(out) && !rc)
        rc = -errno;
    if (rc)
        fprintf(stderr, "hucc: error: ordering the blocks of %s: %s\n", in_path, strerror(-rc));
    ir_free(&ir);
    return rc ? 1 : 0;
}
