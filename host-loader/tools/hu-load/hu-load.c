/* SPDX-License-Identifier: MIT */
/* hu-load: verify, disassemble and run hyperupcall objects with libhuhost. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char usage[] =
    "usage: hu-load verify [--event NAME] [--stats] OBJ\n"
    "       hu-load disasm [--kinds] OBJ\n"
    "       hu-load list IMAGE\n"
    "       hu-load run --image FILE --event NAME [--name NAME] [--arg I=V]... [--env I=V]...\n"
    "                   [--vcpu N] [--rip X] [--sym NAME=ADDR]... [--symbols FILE [--slide N]]\n"
    "                   [--window BASE:SIZE] [--guest-mem BYTES] [--reg VCPU:REG=V]...\n"
    "                   [--exit-info FIELD=V]... [--engine interp|jit] OBJ\n"
    "       hu-load run --image FILE --from-image IMAGE --name NAME [options of run]\n"
    "       hu-load mkimage -o OUT GVA[:GPA]=u64:V[,V]...|hex:BYTES|file:PATH...\n"
    "       hu-load image IMAGE\n"
    "exit status: 0 accepted, 1 rejected (reason printed), 2 usage or I/O error\n";

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
    fputs(usage, stderr);
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
        return EXIT_REJECTED;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("missing command");
    if (strcmp(argv[1], "verify") == 0)
        return cmd_verify(argc - 1, argv + 1);
    if (strcmp(argv[1], "disasm") == 0)
        return cmd_disasm(argc - 1, argv + 1);
    if (strcmp(argv[1], "run") == 0)
        return cmd_run(argc - 1, argv + 1);
    if (strcmp(argv[1], "list") == 0)
        return cmd_list(argc - 1, argv + 1);
    if (strcmp(argv[1], "mkimage") == 0)
        return cmd_mkimage(argc - 1, argv + 1);
    if (strcmp(argv[1], "image") == 0)
        return cmd_image(argc - 1, argv + 1);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    return cli_usage_error("unknown command '%s'", argv[1]);
}
