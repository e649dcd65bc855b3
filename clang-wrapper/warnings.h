/* SPDX-License-Identifier: MIT */
/*
 * hucc's own warnings (the ones clang does not print; the kernel-mode ones are printed by the
 * plugin's hupcall-retarget, which hucc tells their state): each has a name and follows the flags
 * clang's warnings follow. -Werror makes them errors (exit 1, no output), -Wno-error=NAME keeps
 * one a warning, -Werror=NAME makes one an error, -Wno-NAME or -w silences it; the last flag
 * about a name wins. The NAME flags are hucc's and never reach clang; -Werror, -Wno-error and -w
 * reach clang as well.
 */
#ifndef HUCC_WARNINGS_H
#define HUCC_WARNINGS_H

#include <stdbool.h>

enum hucc_warning {
    HUCC_W_OPTIMIZATION, /* -O0/-O1/-Og raised to -O2 */
    HUCC_W_ASM_REMOVED,  /* kernel mode: x86 asm statement, top-level asm or void builtin removed */
    HUCC_W_ASM_GOTO,     /* kernel mode: asm goto replaced by its fall-through path */
    /* clang's own, which kernel mode's plugin prints at the user's line: its flags reach clang */
    HUCC_W_ATTRIBUTE_WARNING,
    HUCC_W_COUNT,
};

struct hucc_warnings {
    bool werror;                     /* -Werror, unless a later -Wno-error */
    bool silent;                     /* -w */
    bool off[HUCC_W_COUNT];          /* -Wno-NAME */
    signed char error[HUCC_W_COUNT]; /* 1 -Werror=NAME, -1 -Wno-error=NAME, 0 as -Werror says */
};

/* The name of a warning, as in -W<name>. */
const char *hucc_warning_name(enum hucc_warning id);

/*
 * Records a -W flag. Returns true when it names one of hucc's warnings (the flag is hucc's and
 * must not reach clang), false for any other flag (-Werror, -Wno-error, -w and clang's
 * attribute-warning are recorded too).
 */
bool hucc_warning_flag(struct hucc_warnings *w, const char *arg);

/* "ignore", "warning" or "error": what the flags make of a warning. */
const char *hucc_warning_state(const struct hucc_warnings *w, enum hucc_warning id);

/*
 * Prints "where: warning: MESSAGE [-WNAME]", or "where: error: MESSAGE [-Werror,-WNAME]" when
 * the flags make it an error, or nothing when they silence it. Returns true for an error.
 */
bool hucc_warn(const struct hucc_warnings *w, enum hucc_warning id, const char *where,
               const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif /* HUCC_WARNINGS_H */
