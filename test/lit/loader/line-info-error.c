// A rejected hyperupcall compiled with -g: the error names the source position from .BTF.ext
// (FILE:LINE:COL: error: rule: details), both from hu-load verify and in hu-load disasm --kinds.
// REQUIRES: hu-load
// RUN: %clang --target=bpf -O2 -g -I %hupcall_include -c %s -o %t.o
// RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
// RUN: not %hu-load disasm --kinds %t.o | FileCheck %s
// Without -g the instruction index is given instead.
// RUN: %clang --target=bpf -O2 -I %hupcall_include -c %s -o %t.nog.o
// RUN: not %hu-load verify %t.nog.o 2>&1 | FileCheck %s --check-prefix=NOG
// NOG: nog.o:insn {{[0-9]+}}: error: {{[a-z-]+}}:
#include <hupcall/abi.h>

// CHECK: line-info-error.c:[[@LINE+3]]:{{[0-9]+}}: error: {{[a-z-]+}}: {{.+}}
__attribute__((section("hupcall/reclaim"))) unsigned long prog(struct hu_ctx *ctx)
{
    return *(unsigned long *)ctx->args[0];
}
