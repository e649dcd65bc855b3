/* SPDX-License-Identifier: MIT */
#include "relayout.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "block_order.h"
#include "run.h"

/* The intermediate files: optimised IR, with names, with its blocks ordered. */
struct relayout_temps {
    char ir[PATH_MAX], named[PATH_MAX], ordered[PATH_MAX];
};

static int make_temps(struct relayout_temps *tmp)
{
    const char *dir = getenv("TMPDIR");
    char *all[] = {tmp->ir, tmp->named, tmp->ordered};

    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        int fd;

        snprintf(all[i], PATH_MAX, "%s/hucc-relayout-XXXXXX", dir && *dir ? dir : "/tmp");
        fd = mkstemp(all[i]);
        if (fd < 0) {
            fprintf(stderr, "hucc: error: cannot create a temporary file: %s\n", strerror(errno));
            all[i][0] = '\0';
            return 1;
        }
        close(fd);
    }
    return 0;
}

static void remove_temps(struct relayout_temps *tmp)
{
    const char *all[] = {tmp->ir, tmp->named, tmp->ordered};

    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        if (all[i][0])
            unlink(all[i]);
}

static int run(const struct hucc_opts *o, struct strv *cmd)
{
    int rc;

    if (o->verbose)
        hucc_print_command(stderr, cmd->v);
    rc = hucc_run(cmd->v);
    strv_free(cmd);
    return rc;
}

/* llc's spelling of hucc's BPF flags: -mllvm X is X, the endianness picks the arch. */
static void push_llc_args(struct strv *cmd, const struct hucc_opts *o)
{
    const char *arch = "bpf";

    for (size_t i = 0; i < o->bpf_args.n; i++) {
        const char *a = o->bpf_args.v[i];

        if (!strcmp(a, "-mllvm") && i + 1 < o->bpf_args.n)
            strv_push(cmd, o->bpf_args.v[++i]);
        else if (!strcmp(a, "-mlittle-endian"))
            arch = "bpfel";
        else if (!strcmp(a, "-mbig-endian"))
            arch = "bpfeb";
        else if (!strcmp(a, "-malu32"))
            strv_push(cmd, "-mattr=+alu32");
        else
            strv_push(cmd, a); /* -mcpu= */
    }
    strv_pushf(cmd, "-march=%s", arch);
    /* llc knows -O0..-O3; -Os and -Oz shaped the IR already. */
    strv_push(cmd, strcmp(o->opt_level, "-O3") ? "-O2" : "-O3");
}

int hucc_relayout(const struct hucc_opts *o, const struct hucc_tools *t, struct strv *ir_cmd,
                  const char *object)
{
    struct relayout_temps tmp = {{0}, {0}, {0}};
    struct strv cmd = {0};
    char opt[PATH_MAX], llc[PATH_MAX], err[PATH_MAX + 64];
    int rc = hucc_llvm_tool(t, "opt", opt, sizeof(opt), err, sizeof(err)) ||
             hucc_llvm_tool(t, "llc", llc, sizeof(llc), err, sizeof(err));

    if (rc) {
        fprintf(stderr, "hucc: error: %s\n", err);
        strv_free(ir_cmd);
        return 1;
    }
    if (o->verbose)
        fputs("hucc: backward jump: relaying the blocks out in reverse post-order\n", stderr);
    rc = make_temps(&tmp);
    if (!rc) {
        strv_push(ir_cmd, tmp.ir);
        rc = run(o, ir_cmd);
    }
    strv_free(ir_cmd);
    if (!rc) {
        strv_push(&cmd, opt);
        strv_push(&cmd, "-passes=instnamer");
        strv_push(&cmd, "-S");
        strv_push(&cmd, tmp.ir);
        strv_push(&cmd, "-o");
        strv_push(&cmd, tmp.named);
        rc = run(o, &cmd);
    }
    if (!rc)
        rc = hucc_order_blocks(tmp.named, tmp.ordered);
    if (!rc) {
        strv_push(&cmd, llc);
        push_llc_args(&cmd, o);
        strv_push(&cmd, "-filetype=obj");
        strv_push(&cmd, tmp.ordered);
        strv_push(&cmd, "-o");
        strv_push(&cmd, object);
        rc = run(o, &cmd);
    }
    remove_temps(&tmp);
    return rc ? 1 : 0;
}
