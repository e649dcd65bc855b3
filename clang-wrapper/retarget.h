/* SPDX-License-Identifier: MIT */
/*
 * Kernel mode's middle step: LLVM IR produced for x86-64 (so kernel headers saw the architecture
 * they expect) becomes IR for BPF. The triple, data layout and x86 function attributes are
 * rewritten, and x86 inline assembly is stubbed where that is sound or reported at its source
 * line where it is not (docs/hucc.md, "Kernel mode", lists the cases).
 */
#ifndef HUCC_RETARGET_H
#define HUCC_RETARGET_H

#include <stdbool.h>

/*
 * Reads the textual IR at in_path, writes the BPF IR to out_path. Diagnostics go to stderr as
 * "file:line:col: warning|error: ...", located by the IR's debug locations (or named by
 * function when it has none); `input` names the source for those without. Returns 0, or 1 when
 * an error was reported or a file could not be read or written.
 */
int hucc_retarget_ir(const char *in_path, const char *out_path, const char *input);

#endif /* HUCC_RETARGET_H */
