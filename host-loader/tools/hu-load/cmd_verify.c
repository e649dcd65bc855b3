/* SPDX-License-Identifier: MIT */
/* hu-load verify [--event NAME] [--stats] OBJ */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "object.h"
#include "verifier.h"

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* Verifies `p` under `event`'s rules; with stats, times the verification (mean of enough runs to
 * last a few milliseconds). */
static int verify_one(const struct hu_object *obj, const struct hu_prog *p, uint32_t event,
                      int stats)
{
    struct hu_verify_limits lim = {event, hu_event_default_max_insns(event)};
    struct hu_verify_report rep = {.insn = -1};
    char err[1024];
    double t0 = now_us();
    int runs = 0, ret;
    do {
        memset(&rep, 0, sizeof(rep));
        rep.insn = -1;
        ret = hu_verify(p, &lim, &rep);
        runs++;
    } while (stats && ret == 0 && now_us() - t0 < 2000 && runs < 100000);
    double us = (now_us() - t0) / runs;
    if (ret) {
        hu_verify_format(obj->name, p, &rep, ret, err, sizeof(err));
        fprintf(stderr, "%s\n", err);
        return EXIT_REJECTED;
    }
    if (stats)
        printf("%s: %s: %u instructions, verified in %.1f us (mean of %d runs)\n", obj->name,
               p->name, p->n_insns, us, runs);
    return EXIT_ACCEPTED;
}

int cmd_verify(int argc, char **argv)
{
    const char *path = NULL;
    uint32_t event = 0;
    int stats = 0, ret;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--stats") == 0) {
            stats = 1;
        } else if (strcmp(argv[i], "--event") == 0 && i + 1 < argc) {
            event = hu_event_from_name(argv[++i]);
            if (!event)
                return cli_usage_error("unknown event '%s'", argv[i]);
        } else if (argv[i][0] == '-' || path) {
            return cli_usage_error("verify: unexpected argument '%s'", argv[i]);
        } else {
            path = argv[i];
        }
    }
    if (!path)
        return cli_usage_error("verify: missing OBJ");
    struct hu_object *obj;
    if ((ret = cli_open_object(path, &obj)))
        return ret;
    for (size_t i = 0; i < hu_object_count(obj) && !ret; i++) {
        const struct hu_prog *p = hu_object_prog(obj, i);
        ret = verify_one(obj, p, event ? event : p->event, stats);
    }
    if (!ret)
        printf("%s: accepted (%zu hyperupcall%s)\n", path, hu_object_count(obj),
               hu_object_count(obj) == 1 ? "" : "s");
    hu_object_close(obj);
    return ret;
}
