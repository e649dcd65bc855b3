/* SPDX-License-Identifier: MIT */
#include "diag_filter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "retarget.h"

/*
 * clang compiling IR has no source manager, so it prints the pass's and the back end's
 * diagnostics as "error: FILE:LINE:COL: in function NAME TYPE: MESSAGE"; this prints them as the
 * BPF route does, "FILE:LINE:COL: error: MESSAGE". A call to an x86 stand-in that survived
 * (retarget.h) is reported as what it stands for. Other lines pass unchanged.
 */
void hucc_ir_diag_filter(const char *line, void *arg)
{
    static const char *const kinds[] = {"error: ", "warning: ", "note: "};
    const struct hucc_asm_stubs *stubs = arg;
    const char *stub = strstr(line, "'" HUCC_ASM_STUB_PREFIX);

    if (stub) {
        char *end;
        unsigned long n = strtoul(stub + 1 + strlen(HUCC_ASM_STUB_PREFIX), &end, 10);

        if (*end == '\'' && n < stubs->n) {
            fprintf(stderr, "%s\n", stubs->diags[n]);
            return;
        }
    }
    for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
        size_t n = strlen(kinds[k]);
        const char *loc = line + n, *fn, *msg;

        if (strncmp(line, kinds[k], n) || !(fn = strstr(loc, ": in function ")) ||
            !(msg = strstr(fn, "): ")))
            continue;
        fprintf(stderr, "%.*s: %.*s%s\n", (int)(fn - loc), loc, (int)n - 1, kinds[k], msg + 2);
        return;
    }
    fprintf(stderr, "%s\n", line);
}
