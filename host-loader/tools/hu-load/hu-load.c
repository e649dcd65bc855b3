/* SPDX-License-Identifier: MIT */
/* hu-load: verify, disassemble and run hyperupcall objects with libhuhost. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#ifndef HU_LOAD_VERSION
#define HU_LOAD_VERSION "unknown"
#endif

/* One subcommand: its entry point and its usage, printed by `hu-load CMD --help`. */
static const struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *usage;
} commands[] = {
    {"verify", cmd_verify, "hu-load verify [--event NAME] [--stats] [--json] OBJ\n"},
    {"disasm", cmd_disasm, "hu-load disasm [--kinds] OBJ\n"},
    {"list", cmd_list, "hu-load list [--json] IMAGE\n"},
    {"run", cmd_run,
     "hu-load run --image FILE --event NAME [--name NAME] [--arg I=V]... [--env I=V]...\n"
     "            [--vcpu N] [--rip X] [--sym NAME=ADDR]... [--symbols FILE [--slide N]]\n"
     "            [--window BASE:SIZE] [--guest-mem BYTES] [--reg VCPU:REG=V]...\n"
     "            [--exit-info FIELD=V]... [--engine interp|jit] [--json] OBJ\n"
     "hu-load run --image FILE --from-image IMAGE --name NAME [options of run]\n"},
    {"mkimage", cmd_mkimage,
     "hu-load mkimage -o OUT GVA[:GPA]=u64:V[,V]...|hex:BYTES|file:PATH...\n"},
    {"image", cmd_image, "hu-load image [--json] IMAGE\n"},
};

static const char exit_codes[] =
    "exit status: 0 accepted, 1 rejected (the reason printed), 2 usage error or malformed input\n";

/* Each line of `text` after "usage: " (the first line printed) or aligned under it. */
static void print_lines(FILE *f, const char *text, int *first)
{
    for (const char *l = text; *l; l += strcspn(l, "\n") + 1) {
        fprintf(f, "%s%.*s\n", *first ? "usage: " : "       ", (int)strcspn(l, "\n"), l);
        *first = 0;
    }
}

static void print_usage(FILE *f)
{
    int first = 1;

    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        print_lines(f, commands[i].usage, &first);
    print_lines(f, "hu-load CMD --help | --version\n", &first);
    fputs("OBJ is a hyperupcall object or what carries its table: a .hu.o, a guest image, a .ko\n",
          f);
    fputs(exit_codes, f);
}

/* `hu-load CMD ... --help ...`: that command's usage. */
static int wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return 1;
    return 0;
}

int cli_number(const char *s, uint64_t *v)
{
    char *end;
    if (!s || !*s)
        return -1;
    *v = s[0] == '-' ? (uint64_t)strtoll(s, &end, 0) : strtoull(s, &end, 0);
    return *end ? -1 : 0;
}

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    fputs("hu-load: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\n", stderr);
    print_usage(stderr);
    return EXIT_USAGE;
}

int cli_open_object(const char *path, struct hu_object **obj)
{
    char err[1024];
    if (access(path, R_OK) != 0) {
        fprintf(stderr, "hu-load: %s: cannot read the file\n", path);
        return EXIT_USAGE;
    }
    if (hu_object_open_file(path, obj, err, sizeof(err))) {
        fprintf(stderr, "hu-load: %s\n", err);
        return EXIT_USAGE; /* malformed input */
    }
    return 0;
}

void cli_json_string(const char *s)
{
    putchar('"');
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

int cli_source_line(const char *file, uint32_t line, char *buf, size_t len)
{
    FILE *f = file && line ? fopen(file, "r") : NULL;
    char *text = NULL;
    size_t cap = 0;
    ssize_t n = 0;

    if (!f)
        return -1;
    for (uint32_t i = 0; i < line && (n = getline(&text, &cap, f)) > 0; i++)
        ;
    if (n > 0)
        snprintf(buf, len, "%.*s", (int)strcspn(text, "\n"), text);
    free(text);
    fclose(f);
    return n > 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("missing command");
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        print_usage(stdout);
        return EXIT_ACCEPTED;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("hu-load (hupcall) %s, hyperupcall ABI v%d\n", HU_LOAD_VERSION, HU_ABI_VERSION);
        return EXIT_ACCEPTED;
    }
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        if (strcmp(argv[1], commands[i].name))
            continue;
        if (wants_help(argc - 1, argv + 1)) {
            int first = 1;

            print_lines(stdout, commands[i].usage, &first);
            fputs(exit_codes, stdout);
            return EXIT_ACCEPTED;
        }
        return commands[i].fn(argc - 1, argv + 1);
    }
    return cli_usage_error("unknown command '%s'", argv[1]);
}
