// Through clang, every construct the verifier would reject is an error at its
// source line and column, and the compile fails.
// REQUIRES: plugin
// RUN: not %clang --target=bpf -O2 -g -fpass-plugin=%plugin -I %hupcall_include -c -o %t.o %s 2>&1 | FileCheck %s
// Without -g clang still names the function's line.
// RUN: not %clang --target=bpf -O2 -fpass-plugin=%plugin -I %hupcall_include -c -o %t.o %s 2>&1 | FileCheck %s --check-prefix=NODEBUG
// NODEBUG: diagnostics.c:{{[0-9]+}}:{{[0-9]+}}: error: hupcall: loop survives optimisation

#include <hupcall/abi.h>
#define HUPCALL(ev) __attribute__((section("hupcall/" #ev), used))

struct node {
    long val;
    struct node *next;
};
static long counter;
long (*hook)(long);

HUPCALL(exit) long bad(const struct hu_ctx *ctx)
{
    struct node *n = (struct node *)ctx->args[0];
    long s = 0;
    while (n) { // CHECK-DAG: diagnostics.c:[[@LINE]]:5: error: hupcall: loop survives optimisation (back edge)
        s += n->val;
        n = n->next;
    }
    counter++; // CHECK-DAG: diagnostics.c:[[@LINE]]:12: error: hupcall: writable global or static variable 'counter'
    asm volatile("r0 = 0"); // CHECK-DAG: diagnostics.c:[[@LINE]]:5: error: hupcall: inline assembly is not allowed
    return s + hook(s); // CHECK-DAG: diagnostics.c:[[@LINE]]:16: error: hupcall: indirect call through a function pointer
}

HUPCALL(aging) long copy(const struct hu_ctx *ctx)
{
    char buf[64];
    // CHECK-DAG: diagnostics.c:[[@LINE+1]]:5: error: hupcall: a variable-length copy between guest memory and the stack
    __builtin_memcpy(buf, (void *)ctx->args[0], ctx->args[1]);
    return buf[0];
}

HUPCALL(preempt) long big(const struct hu_ctx *ctx)
{
    // CHECK-DAG: error: hupcall: stack frame of about 600 bytes (an estimate from the local variables) exceeds the 512-byte BPF stack
    volatile char frame[600];
    frame[0] = (char)ctx->args[0];
    return frame[ctx->args[1] % 600]; // CHECK-DAG: diagnostics.c:[[@LINE]]:12: error: hupcall: stack array indexed by a variable
}

HUPCALL(entry) long ctx_index(const struct hu_ctx *ctx)
{
    return ctx->args[ctx->vcpu_id % 6]; // CHECK-DAG: diagnostics.c:[[@LINE]]:12: error: hupcall: context indexed by a variable
}

extern long guest_function(long);

HUPCALL(interrupt) long call_out(const struct hu_ctx *ctx)
{
    return guest_function(1); // CHECK-DAG: diagnostics.c:[[@LINE]]:12: error: hupcall: call to 'guest_function', which is not defined here
}

// CHECK-DAG: diagnostics.c:[[@LINE+2]]:1: error: hupcall: a hyperupcall entry takes one argument, const struct hu_ctx *
HUPCALL(map) long two(const struct hu_ctx *ctx, long extra)
{
    return (long)ctx + extra;
}
// CHECK: errors generated.
