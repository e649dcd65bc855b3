/* SPDX-License-Identifier: MIT */
#include "compile.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "embed.h"
#include "output.h"
#include "run.h"
#include "verify.h"

#define HOST_TRIPLE "x86_64-unknown-linux-gnu"
#define HUCC_DEFAULT_MCPU "v4"

/* Temporary files of one compile, removed at the end whatever happens. */
struct temps {
    struct hucc_output out; /* the object: moved into place once verified (output.h) */
    char x86_ir[PATH_MAX];  /* kernel route: the front end's bitcode */
};

static void remove_temps(struct temps *tmp)
{
    if (tmp->out.tmp[0])
        unlink(tmp->out.tmp);
    if (tmp->x86_ir[0])
        unlink(tmp->x86_ir);
}

/* The output clang would pick: -o, or the input's base name with `ext` in the current dir. */
static void output_name(const struct hucc_opts *o, const char *input, char *buf, size_t len)
{
    const char *base = strrchr(input, '/');
    const char *dot;

    if (o->output) {
        snprintf(buf, len, "%s", o->output);
        return;
    }
    base = base ? base + 1 : input;
    dot = strrchr(base, '.');
    snprintf(buf, len, "%.*s%s", (int)(dot && dot != base ? dot - base : (long)strlen(base)), base,
             o->action == HUCC_ASSEMBLY ? ".s" : ".o");
}

/* -MD/-MMD with the file and target make expects for `output`, since clang sees a temporary. */
static void push_dep_args(struct strv *cmd, const struct hucc_opts *o, const char *output,
                          const char *input)
{
    strv_extend(cmd, &o->dep_args);
    if (!o->deps)
        return;
    if (!o->dep_file) {
        const char *name = strcmp(output, "-") ? output : input;
        const char *slash = strrchr(name, '/');
        const char *dot = strrchr(slash ? slash : name, '.');

        strv_push(cmd, "-MF");
        strv_pushf(cmd, "%.*s.d", (int)(dot ? dot - name : (long)strlen(name)), name);
    }
    if (!o->dep_target) {
        strv_push(cmd, "-MQ");
        strv_push(cmd, output);
    }
}

/* What every clang command of hucc starts with. */
static void push_common(struct strv *cmd, const struct hucc_tools *t, const char *triple)
{
    strv_push(cmd, t->clang);
    strv_pushf(cmd, "--target=%s", triple);
}

/* Flags of the stage that reads the source: the framework headers, the user's flags. */
static void push_source_args(struct strv *cmd, const struct hucc_opts *o,
                             const struct hucc_tools *t, bool bpf)
{
    if (o->debug)
        strv_push(cmd, "-g");
    /* The host's C library headers are x86's: for BPF only clang's own (stdint.h, limits.h,
     * ...) work, and they fall back to glibc's unless the system directories are left out. */
    if (bpf)
        strv_push(cmd, "-nostdlibinc");
    /* No jump tables or switch lookup tables: the loader maps no data sections. */
    strv_push(cmd, "-fno-jump-tables");
    strv_extend(cmd, &o->pp_args);
    strv_extend(cmd, &o->cc_args);
    strv_push(cmd, "-D__HUPCALL__=1");
    strv_push(cmd, "-isystem");
    strv_push(cmd, t->include);
    /* The framework's own headers are not system headers: -MMD lists them, so a build that
     * tracks dependencies (Kbuild's fixdep) rebuilds when the framework changes. */
    strv_push(cmd, "--no-system-header-prefix=hupcall/");
}

/* Flags of the stage that generates BPF: the plugin and full unrolling of bounded loops. */
static void push_bpf_codegen_args(struct strv *cmd, const struct hucc_opts *o,
                                  const struct hucc_tools *t)
{
    /* v4 by default (the user's -mcpu comes after and wins): signed division and modulo,
     * sign-extending loads and moves; docs/hucc.md weighs it against v3. */
    strv_push(cmd, "-mcpu=" HUCC_DEFAULT_MCPU);
    strv_extend(cmd, &o->bpf_args);
    strv_pushf(cmd, "-fpass-plugin=%s", t->plugin);
    strv_push(cmd, "-mllvm");
    strv_pushf(cmd, "-unroll-max-upperbound=%d", HUCC_UNROLL_MAX_UPPERBOUND);
    strv_push(cmd, "-mllvm");
    strv_pushf(cmd, "-pragma-unroll-threshold=%u", HUCC_PRAGMA_UNROLL_THRESHOLD);
    strv_push(cmd, o->action == HUCC_ASSEMBLY ? "-S" : "-c");
}

/* Prints (-v, -###) and runs cmd. */
static int run_or_print(const struct hucc_opts *o, struct strv *cmd)
{
    int rc = 0;

    if (o->verbose || o->dry_run)
        hucc_print_command(stderr, cmd->v);
    if (!o->dry_run)
        rc = hucc_run(cmd->v);
    strv_free(cmd);
    return rc;
}

/* -E and -fsyntax-only: the front end alone, with the route's target; -E writes -o (or standard
 * output), -fsyntax-only writes nothing (an existing -o file is left as it is). */
static int front_end_only(const struct hucc_opts *o, const struct hucc_tools *t, const char *input)
{
    struct strv cmd = {0};
    bool pp = o->action == HUCC_PREPROCESS;

    push_common(&cmd, t, o->kernel ? HOST_TRIPLE : "bpf");
    push_source_args(&cmd, o, t, !o->kernel);
    strv_extend(&cmd, &o->dep_args);
    strv_push(&cmd, pp ? "-E" : "-fsyntax-only");
    strv_push(&cmd, input);
    if (pp && o->output) {
        strv_push(&cmd, "-o");
        strv_push(&cmd, o->output);
    }
    return run_or_print(o, &cmd);
}

static int bpf_route(const struct hucc_opts *o, const struct hucc_tools *t, const char *input,
                     const char *output, const char *temp)
{
    struct strv cmd = {0};

    push_common(&cmd, t, "bpf");
    strv_push(&cmd, o->opt_level);
    push_source_args(&cmd, o, t, true);
    push_dep_args(&cmd, o, output, input);
    push_bpf_codegen_args(&cmd, o, t);
    strv_push(&cmd, input);
    strv_push(&cmd, "-o");
    strv_push(&cmd, temp);
    return run_or_print(o, &cmd);
}

/* Kernel mode, step 1: the x86-64 front end writes unoptimised IR (bitcode). */
static int kernel_front_end(const struct hucc_opts *o, const struct hucc_tools *t,
                            const char *input, const char *output, const struct temps *tmp)
{
    struct strv cmd = {0};

    push_common(&cmd, t, HOST_TRIPLE);
    strv_push(&cmd, o->opt_level);
    /* IR as the front end wrote it: optimisation happens once, for BPF, with the plugin. */
    strv_push(&cmd, "-Xclang");
    strv_push(&cmd, "-disable-llvm-passes");
    push_source_args(&cmd, o, t, false);
    /* x86 defaults to unwind tables; a hyperupcall object has no data sections (.eh_frame). */
    strv_push(&cmd, "-fno-asynchronous-unwind-tables");
    strv_push(&cmd, "-fno-unwind-tables");
    push_dep_args(&cmd, o, output, input);
    strv_push(&cmd, "-c");
    strv_push(&cmd, "-emit-llvm");
    strv_push(&cmd, input);
    strv_push(&cmd, "-o");
    strv_push(&cmd, tmp->x86_ir);
    return run_or_print(o, &cmd);
}

/*
 * Kernel mode, step 2: BPF code from the x86 IR. The plugin's hupcall-retarget runs first
 * (triple, data layout, x86 assembly) with hucc's kernel-mode warnings as the flags say, and
 * hupcall-retarget-check last; clang's warning that the IR's x86 triple is overridden is theirs.
 */
static int kernel_back_end(const struct hucc_opts *o, const struct hucc_tools *t,
                           const struct temps *tmp)
{
    static const enum hucc_warning warnings[] = {HUCC_W_ASM_REMOVED, HUCC_W_ASM_GOTO,
                                                 HUCC_W_ATTRIBUTE_WARNING};
    struct strv cmd = {0};

    push_common(&cmd, t, "bpf");
    strv_push(&cmd, o->opt_level);
    strv_extend(&cmd, &o->cc_args);
    strv_push(&cmd, "-Wno-unused-command-line-argument");
    strv_push(&cmd, "-Wno-override-module");
    strv_push(&cmd, "-mllvm");
    strv_push(&cmd, "-hupcall-retarget");
    for (size_t i = 0; i < sizeof(warnings) / sizeof(warnings[0]); i++) {
        strv_push(&cmd, "-mllvm");
        const char *name = hucc_warning_name(warnings[i]);

        /* The plugin's options all start hupcall-, clang's attribute-warning too. */
        strv_pushf(&cmd, "-%s%s=%s", strncmp(name, "hupcall-", 8) ? "hupcall-" : "", name,
                   hucc_warning_state(&o->warn, warnings[i]));
    }
    push_bpf_codegen_args(&cmd, o, t);
    strv_push(&cmd, "-x");
    strv_push(&cmd, "ir");
    strv_push(&cmd, tmp->x86_ir);
    strv_push(&cmd, "-o");
    strv_push(&cmd, tmp->out.tmp);
    return run_or_print(o, &cmd);
}

static int kernel_route(const struct hucc_opts *o, const struct hucc_tools *t, const char *input,
                        const char *output, const struct temps *tmp)
{
    int rc = kernel_front_end(o, t, input, output, tmp);

    return rc ? rc : kernel_back_end(o, t, tmp);
}

/* Verifies (objects, unless --no-verify), then moves the temporary into place. */
static int finish(const struct hucc_opts *o, const struct hucc_tools *t, const char *output,
                  struct temps *tmp)
{
    if (o->action == HUCC_OBJECT && o->verify) {
        if (o->verbose || o->dry_run)
            fprintf(stderr, "hucc: verify %s (libhuhost, in-process)\n", output);
        if (!o->dry_run && hucc_verify_object(tmp->out.tmp, output))
            return 1;
    }
    if (o->dry_run)
        return 0;
    if (o->embed)
        return hucc_embed(o, t, tmp->out.tmp, output);
    return hucc_output_commit(&tmp->out);
}

static int make_temps(const struct hucc_opts *o, const char *output, struct temps *tmp)
{
    char prefix[PATH_MAX];
    int rc;

    if (hucc_output_open(&tmp->out, output))
        return 1;
    if (!o->kernel)
        return 0;
    snprintf(prefix, sizeof(prefix), "%s/hucc-x86-", hucc_tmpdir());
    rc = hucc_make_temp(tmp->x86_ir, sizeof(tmp->x86_ir), prefix);
    if (rc)
        fprintf(stderr, "hucc: error: cannot create a temporary file in %s: %s\n", hucc_tmpdir(),
                strerror(-rc));
    return rc ? 1 : 0;
}

int hucc_compile_input(const struct hucc_opts *o, const struct hucc_tools *t, const char *input)
{
    struct temps tmp;
    char output[PATH_MAX];
    int rc;

    memset(&tmp, 0, sizeof(tmp));
    if (o->action == HUCC_PREPROCESS || o->action == HUCC_SYNTAX_ONLY)
        return front_end_only(o, t, input);
    output_name(o, input, output, sizeof(output));
    if (o->dry_run) {
        /* Names only, to print: nothing is created. */
        hucc_output_name(&tmp.out, output);
        strcpy(tmp.x86_ir, "TMPDIR/hucc-x86-XXXXXX");
    } else if (make_temps(o, output, &tmp)) {
        return 1;
    }
    rc = o->kernel ? kernel_route(o, t, input, output, &tmp)
                   : bpf_route(o, t, input, output, tmp.out.tmp);
    if (!rc)
        rc = finish(o, t, output, &tmp);
    if (!o->dry_run) {
        if (rc)
            hucc_output_discard(&tmp.out); /* no stale or partial output after a failure */
        remove_temps(&tmp);
    }
    return rc;
}
