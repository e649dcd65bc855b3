/* SPDX-License-Identifier: MIT */
/* hu-load disasm [--kinds] OBJ: each hyperupcall as linked (entry first, then its callees), with
 * source lines and, with --kinds, the verifier's register kinds at each instruction. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "disasm.h"

struct kinds {
    char **at; /* per instruction, NULL where the verifier did not reach */
    uint32_t n;
};

static void collect_kinds(void *arg, uint32_t insn, const char *kinds)
{
    struct kinds *k = arg;
    if (insn < k->n && !k->at[insn])
        k->at[insn] = strdup(kinds);
}

static int is_func_start(const struct hu_prog_code *c, uint32_t pc)
{
    for (uint32_t i = 0; i < c->n_funcs; i++)
        if (c->funcs[i] == pc)
            return 1;
    return 0;
}

/* Instruction pc, with the guest symbol its ld_imm64 loads, if any. */
static void print_insn(const struct hu_object *obj, size_t i, uint32_t pc, const char *text)
{
    int64_t add = 0;
    const char *sym = hu_object_guest_symbol(obj, i, pc, &add);

    if (sym && add)
        printf("%6u: %s ; %s%c%#llx\n", pc, text, sym, add < 0 ? '-' : '+',
               (unsigned long long)(add < 0 ? -(uint64_t)add : (uint64_t)add));
    else if (sym)
        printf("%6u: %s ; %s\n", pc, text, sym);
    else
        printf("%6u: %s\n", pc, text);
}

/* The source location of pc where a line record starts, and the source text once per line, as
 * llvm-objdump -S shows it. `last` is the previous location shown. */
static void print_source(const struct hu_source_line *l, const struct hu_source_line *last)
{
    char src[1024];

    printf("; %s:%u:%u\n", l->file, l->line, l->col);
    if ((!last || last->line != l->line || !last->file || !l->file ||
         strcmp(last->file, l->file)) &&
        !cli_source_line(l->file, l->line, src, sizeof(src)))
        printf(";   %s\n", src);
}

static int disasm_prog(const char *shown, const struct hu_object *obj, size_t i, int with_kinds)
{
    struct hu_prog_code c;
    hu_object_code(obj, i, &c);
    struct kinds k = {calloc(c.n_insns + 1, sizeof(char *)), c.n_insns};
    struct hu_verify_opts vo = {.name = shown, .kinds_fn = collect_kinds, .kinds_arg = &k};
    struct hu_source_line l, last;
    int ret = 0, have_last = 0;
    char text[160], err[1024];
    if (!k.at)
        return EXIT_USAGE;
    if (with_kinds)
        ret = hu_object_verify_prog(obj, i, &vo, NULL, err, sizeof(err));
    uint32_t event = hu_object_event(obj, i);
    printf("%s (%s%s, %u instructions):\n", hu_object_name(obj, i), HU_SECTION_PREFIX,
           hu_event_name(event), c.n_insns);
    for (uint32_t pc = 0; pc < c.n_insns;) {
        int have = !hu_object_source_line(obj, i, pc, &l);
        if (pc == c.entry)
            printf("<%s>:\n", hu_object_name(obj, i));
        else if (is_func_start(&c, pc))
            printf("<fn@%u>:\n", pc);
        if (have && l.insn == pc && (!have_last || last.insn != l.insn))
            print_source(&l, have_last ? &last : NULL);
        if (have) {
            last = l;
            have_last = 1;
        }
        uint32_t len = hu_disasm_insn(c.insns, c.n_insns, pc, text, sizeof(text));
        print_insn(obj, i, pc, text);
        if (with_kinds && k.at[pc])
            printf("        ; %s\n", k.at[pc][0] ? k.at[pc] : "-");
        pc += len;
    }
    if (with_kinds && ret == -EACCES)
        printf("%s\n", err);
    for (uint32_t n = 0; n < k.n; n++)
        free(k.at[n]);
    free(k.at);
    return with_kinds && ret ? EXIT_REJECTED : EXIT_ACCEPTED;
}

/* Every hyperupcall of obj, or only hyperupcall `index` (a table entry's). */
static int disasm_object(struct hu_object *obj, long index, const char *shown, void *arg)
{
    int worst = 0;

    for (size_t i = 0; i < hu_object_count(obj); i++) {
        if (index >= 0 && (size_t)index != i)
            continue;
        int ret = disasm_prog(shown, obj, i, *(int *)arg);
        worst = ret > worst ? ret : worst;
    }
    return worst;
}

int cmd_disasm(int argc, char **argv)
{
    const char *path = NULL;
    int kinds = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--kinds") == 0)
            kinds = 1;
        else if (argv[i][0] == '-' || path)
            return cli_usage_error("disasm: unexpected argument '%s'", argv[i]);
        else
            path = argv[i];
    }
    if (!path)
        return cli_usage_error("disasm: missing OBJ");
    return cli_for_each_object(path, disasm_object, &kinds);
}
