/* SPDX-License-Identifier: MIT */
/*
 * The fallback when the verifier finds a backward jump in an acyclic function (docs/hucc.md,
 * "Known limits"): the optimised IR again, its blocks in reverse post-order (block_order.h), and
 * llc for the code.
 */
#ifndef HUCC_RELAYOUT_H
#define HUCC_RELAYOUT_H

#include "options.h"
#include "strv.h"
#include "tools.h"

/*
 * ir_cmd is the route's last clang command, writing optimised textual IR to the end of it
 * (hucc appends the IR file's name); the new code replaces `object`. Consumes ir_cmd. Returns 0
 * or 1 after a message.
 */
int hucc_relayout(const struct hucc_opts *o, const struct hucc_tools *t, struct strv *ir_cmd,
                  const char *object);

#endif /* HUCC_RELAYOUT_H */
