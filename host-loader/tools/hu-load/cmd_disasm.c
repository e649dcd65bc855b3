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
#include "object.h"
#include "verifier.h"

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

static int is_func_start(const struct hu_prog *p, uint32_t pc)
{
    for (uint32_t i = 0; i < p->n_funcs; i++)
        if (p->funcs[i] == pc)
            return 1;
    return 0;
}

/* The guest symbol the ld_imm64 at pc loads, or NULL. */
static const struct hu_sym_ref *sym_at(const struct hu_prog *p, uint32_t pc)
{
    for (uint32_t i = 0; i < p->n_syms; i++)
        if (p->syms[i].insn == pc)
            return &p->syms[i];
    return NULL;
}

static int disasm_prog(const char *shown, const struct hu_prog *p, int with_kinds)
{
    struct kinds k = {calloc(p->n_insns + 1, sizeof(char *)), p->n_insns};
    struct hu_verify_report rep = {.insn = -1, .kinds_fn = collect_kinds, .kinds_arg = &k};
    int ret = 0;
    char text[160], err[1024];
    if (!k.at)
        return EXIT_USAGE;
    if (with_kinds) {
        struct hu_verify_limits lim = {p->event, hu_event_default_max_insns(p->event)};
        ret = hu_verify(p, &lim, &rep);
    }
    printf("%s (%s%s, %u instructions):\n", p->name, HU_SECTION_PREFIX, hu_event_name(p->event),
           p->n_insns);
    const struct hu_line *last = NULL;
    for (uint32_t pc = 0; pc < p->n_insns;) {
        const struct hu_line *l = hu_prog_line(p, pc);
        if (pc == p->entry)
            printf("<%s>:\n", p->name);
        else if (is_func_start(p, pc))
            printf("<fn@%u>:\n", pc);
        if (l && l != last && l->insn == pc) {
            char src[1024];

            printf("; %s:%u:%u\n", l->file, l->line, l->col);
            /* The source text once per line, as llvm-objdump -S shows it. */
            if ((!last || last->line != l->line || !last->file || !l->file ||
                 strcmp(last->file, l->file)) &&
                !cli_source_line(l->file, l->line, src, sizeof(src)))
                printf(";   %s\n", src);
        }
        last = l ? l : last;
        uint32_t len = hu_disasm_insn(p->insns, p->n_insns, pc, text, sizeof(text));
        const struct hu_sym_ref *sym = sym_at(p, pc);
        if (sym && sym->addend)
            printf("%6u: %s ; %s%c%#llx\n", pc, text, sym->name, sym->addend < 0 ? '-' : '+',
                   (unsigned long long)(sym->addend < 0 ? -(uint64_t)sym->addend
                                                        : (uint64_t)sym->addend));
        else if (sym)
            printf("%6u: %s ; %s\n", pc, text, sym->name);
        else
            printf("%6u: %s\n", pc, text);
        if (with_kinds && k.at[pc])
            printf("        ; %s\n", k.at[pc][0] ? k.at[pc] : "-");
        pc += len;
    }
    if (with_kinds && ret == -EACCES) {
        hu_verify_format(shown, p, &rep, ret, err, sizeof(err));
        printf("%s\n", err);
    }
    for (uint32_t i = 0; i < k.n; i++)
        free(k.at[i]);
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
        int ret = disasm_prog(shown, hu_object_prog(obj, i), *(int *)arg);
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
