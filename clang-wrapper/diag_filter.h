/* SPDX-License-Identifier: MIT */
/* Kernel mode: clang's diagnostics for the retargeted IR, printed as for C source. */
#ifndef HUCC_DIAG_FILTER_H
#define HUCC_DIAG_FILTER_H

/*
 * A hucc_run_filtered filter for the clang run that compiles retargeted IR; `arg` is that IR's
 * struct hucc_asm_stubs (retarget.h). Prints `line` to stderr, rewritten.
 */
void hucc_ir_diag_filter(const char *line, void *arg);

#endif /* HUCC_DIAG_FILTER_H */
