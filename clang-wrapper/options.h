/* SPDX-License-Identifier: MIT */
/* hucc's command line: what a kernel build passes to a C compiler, sorted by where it goes. */
#ifndef HUCC_OPTIONS_H
#define HUCC_OPTIONS_H

#include <stdbool.h>

#include "strv.h"
#include "warnings.h"

enum hucc_action {
    HUCC_OBJECT,      /* -c (the default): a verified BPF object */
    HUCC_ASSEMBLY,    /* -S: BPF assembly, not verified */
    HUCC_PREPROCESS,  /* -E: preprocessed source */
    HUCC_SYNTAX_ONLY, /* -fsyntax-only: the front end's checks, nothing written */
};

struct hucc_opts {
    enum hucc_action action;
    const char *output;        /* -o, or NULL */
    struct strv inputs;        /* source files; "-" is standard input */
    struct strv pp_args;       /* source-level flags (-I -D -U -include -std -x ...): the stage that
                                  reads the source */
    struct strv cc_args;       /* -W* -f*: every clang stage */
    struct strv dep_args;      /* -MD -MMD -MP -MF -MT -MQ: the stage that preprocesses */
    struct strv bpf_args;      /* -mcpu= and friends: only where the target is BPF */
    struct strv dropped;       /* host-only flags removed; -v lists them */
    const char *opt_level;     /* "-O2" unless -O3/-Os/-Oz; -O0/-O1 are raised */
    const char *raised_from;   /* the -O0/-O1 that was raised, for the warning */
    bool debug;                /* -g (default) unless -g0 */
    bool deps;                 /* -MD or -MMD seen */
    bool dep_file, dep_target; /* -MF seen; -MT or -MQ seen */
    bool kernel;               /* --kernel or -D__KERNEL__: host triple first, then BPF */
    bool verify;               /* verify the object in-process (not with --no-verify) */
    bool verbose;              /* -v: print the commands and the dropped flags */
    bool dry_run;              /* -###: print the commands, run nothing */
    bool embed;                /* --embed: hand the object to the embed step (embed.c) */
    bool syntax_only;          /* -fsyntax-only (the action, unless -E) */
    bool help, version;
    struct hucc_warnings warn; /* hucc's own warnings: -Werror, -Wno-error=NAME, ... */
};

/*
 * Parses argv into opts. Returns 0, or 2 (the usage exit code) after printing a message naming
 * the bad flag on stderr.
 */
int hucc_parse_args(int argc, char **argv, struct hucc_opts *opts);
void hucc_opts_free(struct hucc_opts *opts);
void hucc_print_help(const char *argv0);

#endif /* HUCC_OPTIONS_H */
