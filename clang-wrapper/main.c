/* SPDX-License-Identifier: MIT */
/*
 * hucc: the hyperupcall compiler driver. Guest-kernel C in, a verified BPF object out.
 * docs/hucc.md describes the flags, the two routes and the exit codes.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hupcall/abi.h>

#include "compile.h"
#include "embed.h"
#include "options.h"
#include "tools.h"
#include "verify.h"

#ifndef HUCC_VERSION
#define HUCC_VERSION "unknown"
#endif

static void print_version(const struct hucc_tools *t)
{
    printf("hucc (hupcall) %s, hyperupcall ABI v%d\n", HUCC_VERSION, HU_ABI_VERSION);
    printf("clang: %s\nplugin: %s\ninclude: %s\nverifier: %s\n", t->clang,
           t->plugin[0] ? t->plugin : "(not found)", t->include, "libhuhost (in-process)");
}

/* An input must be a readable file (clang would take a directory for an empty input). */
static bool readable_file(const char *path)
{
    struct stat st;

    if (stat(path, &st) || access(path, R_OK)) {
        fprintf(stderr, "hucc: error: no such file or directory: '%s'\n", path);
        return false;
    }
    if (S_ISDIR(st.st_mode)) {
        fprintf(stderr, "hucc: error: '%s' is a directory, not a source file\n", path);
        return false;
    }
    return true;
}

/* What was raised, and with -v what was dropped, before the commands. Returns 1 when a
 * warning is an error (-Werror), else 0. */
static int report_flags(const struct hucc_opts *o)
{
    int rc = 0;

    if (o->raised_from &&
        hucc_warn(&o->warn, HUCC_W_OPTIMIZATION, "hucc",
                  "%s raised to -O2: BPF code needs optimisation", o->raised_from))
        rc = 1;
    if (!o->verbose)
        return rc;
    for (size_t i = 0; i < o->dropped.n; i++)
        fprintf(stderr, "hucc: dropped host-only flag %s\n", o->dropped.v[i]);
    if (o->kernel)
        fputs("hucc: kernel mode: x86-64 front end, then BPF\n", stderr);
    return rc;
}

int main(int argc, char **argv)
{
    struct hucc_opts opts;
    struct hucc_tools tools;
    char err[PATH_MAX + 128];
    int rc = hucc_parse_args(argc, argv, &opts);

    if (rc)
        goto out;
    if (opts.help) {
        hucc_print_help(argv[0]);
        hucc_print_docs(stdout);
        goto out;
    }
    if (hucc_find_tools(&tools,
                        !opts.version && opts.action != HUCC_PREPROCESS &&
                            opts.action != HUCC_SYNTAX_ONLY,
                        err, sizeof(err))) {
        fprintf(stderr, "hucc: error: %s\n", err);
        rc = 1;
        goto out;
    }
    if (opts.version) {
        print_version(&tools);
        goto out;
    }
    rc = report_flags(&opts);
    for (size_t i = 0; i < opts.inputs.n && !rc; i++) {
        const char *in = opts.inputs.v[i];

        if (strcmp(in, "-") && !readable_file(in)) {
            rc = 2;
            break;
        }
        if (opts.embed && hucc_embed_is_object(in)) {
            rc = hucc_embed_object(&opts, &tools, in); /* hucc --embed x.o: no compile */
            continue;
        }
        rc = hucc_compile_input(&opts, &tools, in);
    }
out:
    hucc_opts_free(&opts);
    return rc;
}
