/* SPDX-License-Identifier: MIT */
#include "warnings.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const names[HUCC_W_COUNT] = {
    [HUCC_W_OPTIMIZATION] = "hupcall-optimization",
    [HUCC_W_ASM_REMOVED] = "hupcall-asm-removed",
    [HUCC_W_ASM_GOTO] = "hupcall-asm-goto",
    [HUCC_W_ATTRIBUTE_WARNING] = "attribute-warning",
};

const char *hucc_warning_name(enum hucc_warning id)
{
    return names[id];
}

static int lookup(const char *name)
{
    for (int i = 0; i < HUCC_W_COUNT; i++)
        if (!strcmp(name, names[i]))
            return i;
    return -1;
}

/* -W NAME, -Wno- NAME, -Werror= NAME, -Wno-error= NAME: which form, and the name's id. */
bool hucc_warning_flag(struct hucc_warnings *w, const char *arg)
{
    static const char *const forms[] = {"-Wno-error=", "-Werror=", "-Wno-", "-W"};
    int id = -1;
    size_t k;

    if (!strcmp(arg, "-Werror") || !strcmp(arg, "-Wno-error")) {
        w->werror = arg[2] == 'e';
        return false;
    }
    if (!strcmp(arg, "-w")) {
        w->silent = true;
        return false;
    }
    for (k = 0; k < sizeof(forms) / sizeof(forms[0]); k++)
        if (!strncmp(arg, forms[k], strlen(forms[k])) && (id = lookup(arg + strlen(forms[k]))) >= 0)
            break;
    if (id < 0)
        return false;
    switch (k) {
    case 0:
        w->error[id] = -1;
        break;
    case 1:
        w->error[id] = 1;
        w->off[id] = false; /* as clang: -Werror=NAME also enables it */
        break;
    default:
        w->off[id] = k == 2;
    }
    return id != HUCC_W_ATTRIBUTE_WARNING;
}

static bool is_error(const struct hucc_warnings *w, enum hucc_warning id)
{
    return w->error[id] ? w->error[id] > 0 : w->werror;
}

const char *hucc_warning_state(const struct hucc_warnings *w, enum hucc_warning id)
{
    if (w->silent || w->off[id])
        return "ignore";
    return is_error(w, id) ? "error" : "warning";
}

bool hucc_warn(const struct hucc_warnings *w, enum hucc_warning id, const char *where,
               const char *fmt, ...)
{
    bool error = is_error(w, id);
    va_list ap;

    if (w->silent || w->off[id])
        return false;
    fprintf(stderr, "%s: %s: ", where, error ? "error" : "warning");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " [%s-W%s]\n", error ? "-Werror," : "", names[id]);
    return error;
}
