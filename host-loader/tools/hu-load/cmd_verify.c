/* SPDX-License-Identifier: MIT */
/* hu-load verify [--event NAME] [--stats] OBJ */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* The source line of instruction `insn` under a rejection's message, with a caret at the column,
 * as clang shows it; nothing without line info or when the file cannot be read here. */
static void print_source_line(const struct hu_object *obj, size_t i, int64_t insn)
{
    struct hu_source_line l;
    char line[1024];

    if (insn < 0 || hu_object_source_line(obj, i, (uint32_t)insn, &l) ||
        cli_source_line(l.file, l.line, line, sizeof(line)))
        return;
    fprintf(stderr, "%5u | %s\n      | ", l.line, line);
    for (uint32_t c = 1; c < l.col && line[c - 1]; c++)
        fputc(line[c - 1] == '\t' ? '\t' : ' ', stderr);
    fputs("^\n", stderr);
}

struct verify_args {
    uint32_t event; /* 0: each hyperupcall's own */
    int stats, json;
    size_t accepted, reported; /* reported: JSON records printed */
};

/* One JSON record: {"object":..., "name":..., "event":..., "instructions":N, "accepted":bool,
 * "error":... (rejected), "verify_us":X (--stats)}. */
static void json_record(struct verify_args *a, const char *shown, const struct hu_object *obj,
                        size_t i, uint32_t event, const char *error, double us)
{
    printf("%s{\"object\":", a->reported++ ? "," : "");
    cli_json_string(shown);
    printf(",\"name\":");
    cli_json_string(hu_object_name(obj, i));
    printf(",\"event\":");
    cli_json_string(hu_event_name(event));
    printf(",\"instructions\":%u,\"accepted\":%s", hu_object_insn_count(obj, i),
           error ? "false" : "true");
    if (error) {
        printf(",\"error\":");
        cli_json_string(error);
    } else if (a->stats) {
        printf(",\"verify_us\":%.1f", us);
    }
    putchar('}');
}

/* Verifies hyperupcall i of obj under `event`'s rules; with stats, times the verification (mean of
 * enough runs to last a few milliseconds). `shown` names the object in messages. */
static int verify_one(struct verify_args *a, const char *shown, const struct hu_object *obj,
                      size_t i, uint32_t event)
{
    struct hu_verify_opts vo = {.event = event, .name = shown};
    struct hu_verify_result res;
    char err[1024];
    double t0 = now_us();
    int runs = 0, ret;
    do {
        ret = hu_object_verify_prog(obj, i, &vo, &res, err, sizeof(err));
        runs++;
    } while (a->stats && ret == 0 && now_us() - t0 < 2000 && runs < 100000);
    double us = (now_us() - t0) / runs;
    if (ret) {
        if (a->json)
            json_record(a, shown, obj, i, event, err, 0);
        else
            fprintf(stderr, "%s\n", err);
        if (!a->json && ret == -EACCES)
            print_source_line(obj, i, res.insn);
        return ret == -EACCES ? EXIT_REJECTED : EXIT_USAGE;
    }
    if (a->json)
        json_record(a, shown, obj, i, event, NULL, us);
    else if (a->stats)
        printf("%s: %s: %u instructions, verified in %.1f us (mean of %d runs)\n", shown,
               hu_object_name(obj, i), hu_object_insn_count(obj, i), us, runs);
    return EXIT_ACCEPTED;
}

/* Every hyperupcall of obj, or only hyperupcall `index` (a table entry's). */
static int verify_object(struct hu_object *obj, long index, const char *shown, void *arg)
{
    struct verify_args *a = arg;
    int ret = 0;

    for (size_t i = 0; i < hu_object_count(obj) && !ret; i++) {
        if (index >= 0 && (size_t)index != i)
            continue;
        ret = verify_one(a, shown, obj, i, a->event ? a->event : hu_object_event(obj, i));
        a->accepted += !ret;
    }
    return ret;
}

int cmd_verify(int argc, char **argv)
{
    struct verify_args a = {0};
    const char *path = NULL;
    int ret;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--stats") == 0) {
            a.stats = 1;
        } else if (strcmp(argv[i], "--json") == 0) {
            a.json = 1;
        } else if (strcmp(argv[i], "--event") == 0 && i + 1 < argc) {
            a.event = hu_event_from_name(argv[++i]);
            if (!a.event)
                return cli_usage_error("unknown event '%s'", argv[i]);
        } else if (argv[i][0] == '-' || path) {
            return cli_usage_error("verify: unexpected argument '%s'", argv[i]);
        } else {
            path = argv[i];
        }
    }
    if (!path)
        return cli_usage_error("verify: missing OBJ");
    if (a.json) {
        printf("{\"file\":");
        cli_json_string(path);
        printf(",\"hyperupcalls\":[");
    }
    ret = cli_for_each_object(path, verify_object, &a);
    if (a.json)
        printf("],\"accepted\":%s,\"exit\":%d}\n", ret ? "false" : "true", ret);
    else if (!ret)
        printf("%s: accepted (%zu hyperupcall%s)\n", path, a.accepted, a.accepted == 1 ? "" : "s");
    return ret;
}
