// Compiled C: a static callee and a global one in .text are copied after each entry, once per
// program, with the call immediates fixed; line info (BTF.ext) labels the disassembly.
// REQUIRES: hu-load
// RUN: %clang --target=bpf -O2 -g -I %hupcall_include -c %s -o %t.o
// RUN: %hu-load disasm %t.o | FileCheck %s
// RUN: %hu-load verify %t.o | FileCheck %s --check-prefix=OK
// RUN: %hu-load mkimage -o %t.img 0x100000=u64:0
// RUN: %hu-load run --image %t.img --event reclaim --arg 0=5 --arg 1=1 %t.o \
// RUN:   | FileCheck %s --check-prefix=EXEC
// RUN: %hu-load run --image %t.img --event aging --arg 0=5 %t.o \
// RUN:   | FileCheck %s --check-prefix=EXEC2
// OK: accepted (2 hyperupcalls)
// EXEC: r0 = 0xe
// EXEC2: r0 = 0x8
#include <hupcall/abi.h>

static __attribute__((noinline)) unsigned long twice(unsigned long x)
{
    return x * 2;
}

__attribute__((noinline)) unsigned long add3(unsigned long x)
{
    return x + 3;
}

// CHECK-LABEL: prog (hupcall/reclaim,
// CHECK: <prog>:
// CHECK: ; {{.*}}calls.c:[[@LINE+5]]:
// CHECK: call +{{[0-9]+}} <[[F1:[0-9]+]]>
// CHECK: <fn@[[F1]]>:
__attribute__((section("hupcall/reclaim"))) unsigned long prog(struct hu_ctx *ctx)
{
    return twice(ctx->args[0]) + add3(ctx->args[1]);
}

// CHECK-LABEL: other (hupcall/aging,
// CHECK: <other>:
// CHECK: call +{{[0-9]+}} <[[F2:[0-9]+]]>
// CHECK: <fn@[[F2]]>:
// CHECK-NEXT: ; {{.*}}calls.c:[[@LINE-19]]:
__attribute__((section("hupcall/aging"))) unsigned long other(struct hu_ctx *ctx)
{
    return add3(ctx->args[0]);
}
