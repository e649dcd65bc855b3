/* SPDX-License-Identifier: MIT */
/*
 * Where hucc finds clang, the pass plugin and the framework headers: relative to its own
 * executable, so the build tree (which mirrors a prefix) and an installed prefix both work.
 */
#ifndef HUCC_TOOLS_H
#define HUCC_TOOLS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct hucc_tools {
    char clang[PATH_MAX];   /* HUCC_CLANG, <bindir>/clang-22, the configured LLVM bin, PATH */
    char plugin[PATH_MAX];  /* HUCC_PLUGIN, <bindir>/../lib/HupcallPass.so */
    char include[PATH_MAX]; /* HUCC_INCLUDE, <bindir>/../include */
};

/*
 * Fills t. The plugin is only required when need_plugin (compiling, not preprocessing). Returns
 * 0, or -ENOENT with a message in err naming what is missing and the variable that overrides it.
 */
int hucc_find_tools(struct hucc_tools *t, bool need_plugin, char *err, size_t errlen);

/* Prints where hucc's manual page and documentation are, relative to its own prefix. */
void hucc_print_docs(FILE *f);

#endif /* HUCC_TOOLS_H */
