// A pointer that is a stack pointer on one path and a guest pointer on the
// other is an error at the access through it (and at a call that passes it),
// with no follow-on noise: the module is left untranslated and the compile
// fails.
// REQUIRES: plugin
// RUN: not %clang --target=bpf -O2 -g -fpass-plugin=%plugin -I %hupcall_include -c -o %t.o %s 2>&1 | FileCheck %s --implicit-check-not=error:

#include <hupcall/abi.h>
#define HUPCALL(ev) __attribute__((section("hupcall/" #ev), used))

static __attribute__((noinline)) long get(long *p)
{
    return *p;
}

HUPCALL(exit) long mixed(const struct hu_ctx *ctx)
{
    long local[2];
    local[0] = (long)ctx->args[4];
    local[1] = (long)ctx->args[5];
    long *p = ctx->args[0] ? local : (long *)ctx->args[1];
    long *q = ctx->args[2] ? local + 1 : (long *)ctx->args[3];
    // CHECK-DAG: diagnostics-mixed.c:[[@LINE+2]]:12: error: hupcall: pointer may point to guest memory or to the stack/context (a phi or select mixes them)
    // CHECK-DAG: diagnostics-mixed.c:[[@LINE+1]]:17: error: hupcall: pointer may point to guest memory or to the stack/context
    return *p + get(q);
}
// CHECK: 2 errors generated.
