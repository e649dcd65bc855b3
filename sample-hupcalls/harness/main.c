/* SPDX-License-Identifier: MIT */
/*
 * A sample's driver: `hu-sample-NAME MODE [options]`, MODE one of diff, hostile, demo, bench.
 * The differential and hostile modes are the ctest tests; demo and bench are `make demo` and
 * `make bench`. docs/samples.md describes them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modes.h"

static void usage(const char *argv0)
{
    fprintf(stderr,
            "usage: %s diff|hostile|concurrent|demo|bench [--seed N] [--events N] --object FILE.o\n"
            "       %s model --out DIR [--seed N] [--events N] --object FILE.o\n"
            "       %s bench --header | bench --callgrind ...\n",
            argv0, argv0, argv0);
}

static int parse_u64(const char *s, uint64_t *out)
{
    char *end;

    *out = strtoull(s, &end, 0);
    return *s && !*end ? 0 : -1;
}

int main(int argc, char **argv)
{
    struct mode_opts o = {.seed = 1, .events = 1000};
    int (*mode)(const struct sample *, const struct mode_opts *) = NULL;
    int header = 0, failed = 0;
    uint64_t v;

    if (argc < 2) {
        usage(argv[0]);
        return 2;
    }
    if (strcmp(argv[1], "diff") == 0)
        mode = mode_diff;
    else if (strcmp(argv[1], "hostile") == 0)
        mode = mode_hostile;
    else if (strcmp(argv[1], "demo") == 0)
        mode = mode_demo;
    else if (strcmp(argv[1], "bench") == 0)
        mode = mode_bench;
    else if (strcmp(argv[1], "model") == 0)
        mode = mode_model;
    else if (strcmp(argv[1], "concurrent") == 0)
        mode = mode_concurrent;
    for (int i = 2; i < argc && mode; i++) {
        if (strcmp(argv[i], "--header") == 0) {
            header = 1;
        } else if (strcmp(argv[i], "--callgrind") == 0) {
            o.callgrind = 1;
        } else if (i + 1 < argc && strcmp(argv[i], "--out") == 0) {
            o.out = argv[++i];
        } else if (i + 1 < argc && strcmp(argv[i], "--object") == 0) {
            o.object = argv[++i];
        } else if (i + 1 < argc && strcmp(argv[i], "--seed") == 0 &&
                   parse_u64(argv[i + 1], &o.seed) == 0) {
            i++;
        } else if (i + 1 < argc && strcmp(argv[i], "--events") == 0 &&
                   parse_u64(argv[i + 1], &v) == 0 && v > 0 && v < 100000000) {
            o.events = (unsigned int)v;
            i++;
        } else {
            fprintf(stderr, "%s: bad argument '%s'\n", argv[0], argv[i]);
            usage(argv[0]);
            return 2;
        }
    }
    if (!mode) {
        usage(argv[0]);
        return 2;
    }
    if (header) {
        bench_header();
        return 0;
    }
    if (!o.object || (mode == mode_model && !o.out)) {
        fprintf(stderr, "%s: --object FILE.o (and for model, --out DIR) is required\n", argv[0]);
        return 2;
    }
    for (unsigned int i = 0; i < sample_count; i++)
        failed |= mode(sample_list[i], &o) != 0;
    return failed;
}
