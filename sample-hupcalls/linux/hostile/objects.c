/* SPDX-License-Identifier: MIT */
/*
 * The hostile test module's hyperupcalls, compiled with plain clang for the BPF target (not hucc:
 * a hostile guest uses whatever compiler it likes). FLOOD_N small valid programs for the flood and
 * the window checks, and one the host's verifier must reject, with its source line.
 */
#include <hupcall/abi.h>

#define SEC(s) __attribute__((section(s), used))

#define FLOOD(n)                                                                                   \
    SEC("hupcall/preempt") unsigned long flood_##n(struct hu_ctx *ctx)                             \
    {                                                                                              \
        return ctx->args[0] + n;                                                                   \
    }
FLOOD(0) FLOOD(1) FLOOD(2) FLOOD(3) FLOOD(4) FLOOD(5) FLOOD(6) FLOOD(7) FLOOD(8) FLOOD(9)
FLOOD(10) FLOOD(11) FLOOD(12) FLOOD(13) FLOOD(14) FLOOD(15) FLOOD(16) FLOOD(17) FLOOD(18)
FLOOD(19) FLOOD(20) FLOOD(21) FLOOD(22) FLOOD(23)

/* Follows a guest-supplied number as a pointer: no translation, no mask. */
SEC("hupcall/preempt") unsigned long wild_read(struct hu_ctx *ctx)
{
    return *(volatile unsigned long *)ctx->args[0];
}
