/* SPDX-License-Identifier: MIT */
/*
 * Kernel mode's middle step: LLVM IR produced for x86-64 (so kernel headers saw the architecture
 * they expect) becomes IR for BPF. The triple, data layout and x86 function attributes are
 * rewritten, and x86 inline assembly is stubbed where that is sound or reported at its source
 * line where it is not (docs/hucc.md, "Kernel mode", lists the cases).
 */
#ifndef HUCC_RETARGET_H
#define HUCC_RETARGET_H

#include <stddef.h>

#include "warnings.h"

/* Prefix of the stand-ins for x86 code that produces a value; a stub's number indexes diags. */
#define HUCC_ASM_STUB_PREFIX "hupcall.x86_asm."

/*
 * x86 code that produces a value (inline assembly with outputs, x86 builtins) cannot run, but
 * it may sit on a path optimisation removes (a __builtin_constant_p branch of a kernel header).
 * Each becomes a call to an undefined stub HUCC_ASM_STUB_PREFIX "N"; diags[N] is the error to
 * print if that call survives into the object.
 */
struct hucc_asm_stubs {
    char **diags;
    size_t n;
};

/*
 * Reads the textual IR at in_path, writes the BPF IR to out_path, filling stubs. Diagnostics go
 * to stderr as "file:line:col: warning|error: ...", located by the IR's debug locations (or
 * named by function when it has none); `input` names the source for those without. Warnings
 * follow `warn`. Returns 0, or 1 when an error was reported (a warning made an error included)
 * or a file could not be read or written.
 */
int hucc_retarget_ir(const char *in_path, const char *out_path, const char *input,
                     const struct hucc_warnings *warn, struct hucc_asm_stubs *stubs);
void hucc_asm_stubs_free(struct hucc_asm_stubs *stubs);

/*
 * Prints the error of every stub still called in the BPF object at `path`. Returns 0 when none
 * survived, 1 when one did (or the object cannot be read).
 */
int hucc_check_asm_stubs(const char *path, const struct hucc_asm_stubs *stubs);

#endif /* HUCC_RETARGET_H */
