// Stack and context accesses cost nothing: a hyperupcall that touches no
// guest memory compiles to the same instructions with and without the plugin
// (no mask, no hva, not even the two context loads).
// REQUIRES: plugin
// RUN: %clang --target=bpf -O2 -fpass-plugin=%plugin -I %hupcall_include -c -o %t.with.o %s
// RUN: %clang --target=bpf -O2 -I %hupcall_include -c -o %t.without.o %s
// RUN: llvm-objdump -d --no-show-raw-insn %t.with.o | sed 1,3d > %t.with.s
// RUN: llvm-objdump -d --no-show-raw-insn %t.without.o | sed 1,3d > %t.without.s
// RUN: diff %t.with.s %t.without.s
// RUN: FileCheck %s < %t.with.s
// CHECK: <local_only>:
// CHECK: (r10 -
// CHECK-NOT: &= r

#include <hupcall/abi.h>
#define HUPCALL(ev) __attribute__((section("hupcall/" #ev), used))

static __attribute__((noinline)) long mix(long a, long b)
{
    return a * 31 + b;
}

HUPCALL(interrupt) long local_only(const struct hu_ctx *ctx)
{
    volatile long scratch[4];
    scratch[0] = (long)ctx->args[0];
    scratch[1] = (long)ctx->args[1];
    scratch[2] = (long)ctx->vcpu_id;
    scratch[3] = (long)ctx->env[HU_ENV_KASLR_SLIDE];
    return mix(scratch[0] + scratch[1], scratch[2] ^ scratch[3]);
}
