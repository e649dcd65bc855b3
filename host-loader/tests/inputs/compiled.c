/* SPDX-License-Identifier: MIT */
/* A clang-built hyperupcall object for loader_fuzz.c: .BTF/.BTF.ext line info, DWARF and its
 * relocations, a guest symbol, calls into .text and a static callee. */
#include <hupcall/abi.h>

extern unsigned long __per_cpu_offset[];

static __attribute__((noinline)) unsigned long scale(unsigned long x)
{
    return x * 3 + 1;
}

__attribute__((noinline)) unsigned long pick(unsigned long a, unsigned long b)
{
    return a > b ? a : b;
}

__attribute__((section("hupcall/reclaim"))) unsigned long reclaim(struct hu_ctx *ctx)
{
    return pick(scale(ctx->args[0]), (unsigned long)&__per_cpu_offset[1]);
}

__attribute__((section("hupcall/preempt"))) unsigned long preempt(struct hu_ctx *ctx)
{
    return scale(ctx->env[1]) ^ ctx->rip;
}
