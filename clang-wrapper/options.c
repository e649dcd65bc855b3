/* SPDX-License-Identifier: MIT */
/*
 * hucc's flag parsing. Every flag hucc accepts is named here; anything else is a usage error
 * (exit 2). Host-only flags, which tune the kernel's own x86 code and mean nothing to a
 * hyperupcall, are dropped from the one table below.
 */
#include "options.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* Flags dropped wherever they appear; `prefix` entries match any flag starting with the text. */
static const struct host_only_flag {
    const char *text;
    bool prefix;
} host_only_flags[] = {
    {"-mcmodel=", true},
    {"-mno-red-zone", false},
    {"-mretpoline", true},
    {"-mindirect-branch", true},
    {"-mfunction-return=", true},
    {"-mharden-sls=", true},
    {"-mrecord-mcount", false},
    {"-mnop-mcount", false},
    {"-mfentry", false},
    {"-mstack-protector-guard", true},
    {"-mno-sse", true},
    {"-mno-mmx", false},
    {"-mno-3dnow", false},
    {"-mno-avx", true},
    {"-mno-80387", false},
    {"-mno-fp-ret-in-387", false},
    {"-mskip-rax-setup", false},
    {"-mgeneral-regs-only", false},
    {"-mpreferred-stack-boundary=", true},
    {"-mstack-alignment=", true},
    {"-mno-stack-arg-probe", false},
    {"-march=", true},
    {"-mtune=", true},
    {"-m64", false},
    {"-fcf-protection", true},
    {"-fstack-protector", true},
    {"-fno-stack-protector", false},
    {"-fstack-clash-protection", false},
    {"-fzero-call-used-regs=", true},
    {"-fpatchable-function-entry=", true},
    {"-fsanitize", true},
    {"-fno-sanitize", true},
    {"-fprofile", true},
    {"-fpic", false},
    {"-fPIC", false},
    {"-fpie", false},
    {"-fPIE", false},
    {"-fsplit-stack", false},
    {"-flto", true},
    {"-fsplit-lto-unit", false},
    {"-pg", false},
    {"-pipe", false},
    {"-Wa,", true},
    {"-Wl,", true},
    /* gcc's own code generation flags a gcc-built kernel's Kbuild passes (clang refuses them or
     * warns that it ignores them); none changes what the C means. */
    {"-fno-allow-store-data-races", false},
    {"-fallow-store-data-races", false},
    {"-fconserve-stack", false},
    {"-falign-jumps=", true},
    {"-falign-loops=", true},
    {"-falign-labels=", true},
    {"-fmin-function-alignment=", true},
    {"-fno-inline-functions-called-once", false},
    {"-fno-ipa-", true},
    {"-fno-partial-inlining", false},
    {"-fno-tree-loop-im", false},
    {"-fno-var-tracking", true},
    {"-fno-reorder-blocks", false},
    {"-femit-struct-debug-", true},
    {"-fzero-init-padding-bits=", true},
    {"-fplugin", true},
    {"-maccumulate-outgoing-args", false},
    {"-mregparm=", true},
};

/* -m flags that configure the BPF back end: they only reach a BPF clang. */
static const char *const bpf_flag_prefixes[] = {"-mcpu=", "-mlittle-endian", "-mbig-endian",
                                                "-malu32"};

/* Source-level flags that take a value, joined (-Idir) or as the next argument (-I dir). */
static const char *const pp_value_flags[] = {
    "-isystem", "-include", "-imacros", "-idirafter", "-iquote", "-I", "-D", "-U", "-x"};

/* Source-level flags without a value. */
static const char *const pp_plain_flags[] = {"-nostdinc", "-nostdlibinc", "-pedantic", "-ansi",
                                             "-ffreestanding"};

static bool is_host_only(const char *arg)
{
    for (size_t i = 0; i < sizeof(host_only_flags) / sizeof(host_only_flags[0]); i++) {
        const struct host_only_flag *f = &host_only_flags[i];

        if (f->prefix ? !strncmp(arg, f->text, strlen(f->text)) : !strcmp(arg, f->text))
            return true;
    }
    return false;
}

static bool has_prefix(const char *arg, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strncmp(arg, list[i], strlen(list[i])))
            return true;
    return false;
}

static bool in_list(const char *arg, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(arg, list[i]))
            return true;
    return false;
}

/* -D__KERNEL__ or -D__KERNEL__=... selects kernel mode. */
static bool defines_kernel(const char *macro)
{
    size_t n = strlen("__KERNEL__");

    return !strncmp(macro, "__KERNEL__", n) && (macro[n] == '\0' || macro[n] == '=');
}

static int usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "hucc: error: %s '%s' (see hucc --help)\n", msg, arg);
    return 2;
}

/*
 * A flag with a value, joined or separate: returns the value and advances *i past it, or NULL
 * when the value is missing.
 */
static const char *flag_value(int argc, char **argv, int *i, const char *flag)
{
    const char *joined = argv[*i] + strlen(flag);

    if (*joined)
        return joined;
    if (*i + 1 >= argc)
        return NULL;
    return argv[++*i];
}

/* -I, -D, -include, ...: passed on as given, joined or separate. */
static int parse_pp_value(int argc, char **argv, int *i, struct hucc_opts *o)
{
    for (size_t k = 0; k < sizeof(pp_value_flags) / sizeof(pp_value_flags[0]); k++) {
        const char *flag = pp_value_flags[k];
        const char *val;

        if (strncmp(argv[*i], flag, strlen(flag)))
            continue;
        val = flag_value(argc, argv, i, flag);
        if (!val)
            return usage_error("missing value after", flag);
        if (!strcmp(flag, "-D") && defines_kernel(val))
            o->kernel = true;
        if (val == argv[*i]) { /* given separately: keep it so */
            strv_push(&o->pp_args, flag);
            strv_push(&o->pp_args, val);
        } else {
            strv_push(&o->pp_args, argv[*i]);
        }
        return 0;
    }
    return -1;
}

/* -MD -MMD -MP -MF -MT -MQ. */
static int parse_dep(int argc, char **argv, int *i, struct hucc_opts *o)
{
    const char *arg = argv[*i];
    const char *val;

    if (!strcmp(arg, "-MD") || !strcmp(arg, "-MMD")) {
        o->deps = true;
        strv_push(&o->dep_args, arg);
        return 0;
    }
    /* The kernel's form: -Wp,-MD,file or -Wp,-MMD,file. */
    if (!strncmp(arg, "-Wp,-MD,", 8) || !strncmp(arg, "-Wp,-MMD,", 9)) {
        const char *file = strchr(arg + 4, ',') + 1;

        o->deps = o->dep_file = true;
        strv_push(&o->dep_args, arg[5] == 'D' ? "-MD" : "-MMD");
        strv_push(&o->dep_args, "-MF");
        strv_push(&o->dep_args, file);
        return 0;
    }
    if (!strcmp(arg, "-MP")) {
        strv_push(&o->dep_args, arg);
        return 0;
    }
    if (strncmp(arg, "-MF", 3) && strncmp(arg, "-MT", 3) && strncmp(arg, "-MQ", 3))
        return -1;
    char flag[4] = {arg[0], arg[1], arg[2], '\0'};
    val = flag_value(argc, argv, i, flag);
    if (!val)
        return usage_error("missing value after", flag);
    if (flag[2] == 'F')
        o->dep_file = true;
    else
        o->dep_target = true;
    strv_push(&o->dep_args, flag);
    strv_push(&o->dep_args, val);
    return 0;
}

/* -O0..3, -Os, -Oz, -O: BPF needs optimisation, so -O0/-O1 become -O2 with a warning. */
static int parse_opt_level(const char *arg, struct hucc_opts *o)
{
    static const char *const levels[] = {"-O", "-O0", "-O1", "-O2", "-O3", "-Os", "-Oz", "-Og"};

    if (!in_list(arg, levels, sizeof(levels) / sizeof(levels[0])))
        return usage_error("unknown optimisation level", arg);
    if (!strcmp(arg, "-O0") || !strcmp(arg, "-O1") || !strcmp(arg, "-Og") || !strcmp(arg, "-O")) {
        o->raised_from = arg;
        o->opt_level = "-O2";
    } else {
        o->raised_from = NULL;
        o->opt_level = arg;
    }
    return 0;
}

/* hucc's own flags, and the ones that pick the action. */
static int parse_driver_flag(const char *arg, struct hucc_opts *o)
{
    static const struct {
        const char *text;
        size_t field;
    } toggles[] = {
        {"-v", offsetof(struct hucc_opts, verbose)},
        {"-###", offsetof(struct hucc_opts, dry_run)},
        {"--kernel", offsetof(struct hucc_opts, kernel)},
        {"--embed", offsetof(struct hucc_opts, embed)},
        {"-fsyntax-only", offsetof(struct hucc_opts, syntax_only)},
        {"--help", offsetof(struct hucc_opts, help)},
        {"--version", offsetof(struct hucc_opts, version)},
    };

    for (size_t k = 0; k < sizeof(toggles) / sizeof(toggles[0]); k++) {
        if (!strcmp(arg, toggles[k].text)) {
            *(bool *)((char *)o + toggles[k].field) = true;
            return 0;
        }
    }
    if (!strcmp(arg, "--no-verify"))
        o->verify = false;
    else if (!strcmp(arg, "-c"))
        o->action = HUCC_OBJECT;
    else if (!strcmp(arg, "-S"))
        o->action = HUCC_ASSEMBLY;
    else if (!strcmp(arg, "-E"))
        o->action = HUCC_PREPROCESS;
    else
        return -1;
    return 0;
}

/* -g (default), -g0, -gdwarf-N, -gbtf, ...; -g0 turns debug info (and line info) off. */
static void parse_debug(const char *arg, struct hucc_opts *o)
{
    if (!strcmp(arg, "-g0")) {
        o->debug = false;
        return;
    }
    o->debug = true;
    if (strcmp(arg, "-g"))
        strv_push(&o->cc_args, arg);
}

static int parse_one(int argc, char **argv, int *i, struct hucc_opts *o)
{
    const char *arg = argv[*i];
    int rc;

    if (arg[0] != '-' || !strcmp(arg, "-")) {
        strv_push(&o->inputs, arg);
        return 0;
    }
    if (is_host_only(arg)) {
        strv_push(&o->dropped, arg);
        return 0;
    }
    if ((rc = parse_driver_flag(arg, o)) >= 0 || (rc = parse_dep(argc, argv, i, o)) >= 0 ||
        (rc = parse_pp_value(argc, argv, i, o)) >= 0)
        return rc;
    if (!strncmp(arg, "-o", 2)) {
        o->output = flag_value(argc, argv, i, "-o");
        return o->output ? 0 : usage_error("missing value after", "-o");
    }
    if (!strncmp(arg, "-O", 2))
        return parse_opt_level(arg, o);
    if (!strncmp(arg, "-g", 2)) {
        parse_debug(arg, o);
        return 0;
    }
    if (!strncmp(arg, "-std=", 5) || !strncmp(arg, "-Wp,", 4) ||
        in_list(arg, pp_plain_flags, sizeof(pp_plain_flags) / sizeof(pp_plain_flags[0]))) {
        strv_push(&o->pp_args, arg);
        return 0;
    }
    if (!strcmp(arg, "-mllvm")) {
        if (*i + 1 >= argc)
            return usage_error("missing value after", arg);
        strv_push(&o->bpf_args, arg);
        strv_push(&o->bpf_args, argv[++*i]);
        return 0;
    }
    if (has_prefix(arg, bpf_flag_prefixes,
                   sizeof(bpf_flag_prefixes) / sizeof(bpf_flag_prefixes[0]))) {
        strv_push(&o->bpf_args, arg);
        return 0;
    }
    /* -W*, -w, -f* and the remaining -m* go to clang, which knows them. */
    if ((!strncmp(arg, "-W", 2) && arg[2]) || !strcmp(arg, "-w") ||
        (!strncmp(arg, "-f", 2) && arg[2]) || (!strncmp(arg, "-m", 2) && arg[2])) {
        if (!hucc_warning_flag(&o->warn, arg)) /* hucc's own warning names stay here */
            strv_push(&o->cc_args, arg);
        return 0;
    }
    return usage_error("unknown flag", arg);
}

int hucc_parse_args(int argc, char **argv, struct hucc_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->action = HUCC_OBJECT;
    o->opt_level = "-O2";
    o->debug = true;
    o->verify = true;

    for (int i = 1; i < argc; i++) {
        int rc = parse_one(argc, argv, &i, o);

        if (rc)
            return rc;
    }
    /* As in clang, -fsyntax-only wins over -c and -S wherever it is; -E wins over it. */
    if (o->syntax_only && o->action != HUCC_PREPROCESS)
        o->action = HUCC_SYNTAX_ONLY;
    if (o->help || o->version)
        return 0;
    /* A kernel's -W options are gcc's: clang does not know some (-Wimplicit-fallthrough=5,
     * -Wno-maybe-uninitialized, ...) and would say so for every file, as gcc never does. */
    strv_push(&o->cc_args, "-Wno-unknown-warning-option");
    if (!o->inputs.n) {
        fputs("hucc: error: no input files\n", stderr);
        return 2;
    }
    if (o->output && o->inputs.n > 1) {
        fputs("hucc: error: cannot specify -o with several input files\n", stderr);
        return 2;
    }
    return 0;
}

void hucc_opts_free(struct hucc_opts *o)
{
    strv_free(&o->inputs);
    strv_free(&o->pp_args);
    strv_free(&o->cc_args);
    strv_free(&o->dep_args);
    strv_free(&o->bpf_args);
    strv_free(&o->dropped);
}

void hucc_print_help(const char *argv0)
{
    printf("usage: %s [options] file...\n"
           "Compiles guest-kernel C into a verified hyperupcall object (BPF ELF).\n\n"
           "  -c, -S, -E          object (default), BPF assembly, preprocessed source\n"
           "  -fsyntax-only       check the source only; nothing is written\n"
           "  -o FILE             output (one input); '-' is standard output\n"
           "  -I -isystem -iquote -idirafter -include -imacros -D -U -x -std= -nostdinc\n"
           "  -O2 -O3 -Os -Oz     optimisation; -O0/-O1 are raised to -O2 (BPF needs it)\n"
           "  -g (default), -g0   debug info: line info for diagnostics, BTF\n"
           "  -W* -w -f* -m*      passed to clang; host-only flags are dropped (-v lists them)\n"
           "  -Werror, -Wno-error=NAME, -Werror=NAME, -Wno-NAME, -w\n"
           "                      also for hucc's own warnings: hupcall-optimization,\n"
           "                      hupcall-asm-removed, hupcall-asm-goto\n"
           "  -mllvm X            an LLVM option for the BPF code generation stage\n"
           "  -MD -MMD -MF -MT -MQ -MP  make dependencies\n"
           "  --kernel            kernel mode (also -D__KERNEL__): host triple to IR, x86\n"
           "                      inline assembly stubbed or reported, then BPF\n"
           "  --no-verify         do not verify the object with the host verifier\n"
           "  --embed             embed the object for the guest image (see docs/hucc.md)\n"
           "  -v, -###            print the commands (and run them / do not run them)\n"
           "  --version, --help\n\n"
           "Environment: HUCC_CLANG, HUCC_PLUGIN, HUCC_INCLUDE override the tools hucc finds\n"
           "next to itself. Exit status: 0 success, 1 compile or verification error, 2 usage.\n",
           argv0);
}
