/* SPDX-License-Identifier: MIT */
/* The valid hyperupcalls chan_test registers (compiled for BPF at build time); chan_sym
 * references a guest symbol the request must carry. */
#include <hupcall/abi.h>

__attribute__((section("hupcall/reclaim"), used)) unsigned long chan_ok(struct hu_ctx *ctx)
{
    return ctx->args[0] & 1;
}

extern unsigned long jiffies;

__attribute__((section("hupcall/reclaim"), used)) unsigned long chan_sym(struct hu_ctx *ctx)
{
    return (unsigned long)&jiffies == ctx->args[0];
}
