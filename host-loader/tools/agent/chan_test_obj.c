/* SPDX-License-Identifier: MIT */
/* The valid hyperupcall chan_test registers (compiled for BPF at build time). */
#include <hupcall/abi.h>

__attribute__((section("hupcall/reclaim"), used)) unsigned long chan_ok(struct hu_ctx *ctx)
{
    return ctx->args[0] & 1;
}
