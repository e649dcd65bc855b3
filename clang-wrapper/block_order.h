/* SPDX-License-Identifier: MIT */
/*
 * The fallback for the verifier's forward-jumps-only rule (docs/hucc.md, "Known limits"): lays
 * out each function's basic blocks in reverse post-order, so that in an acyclic CFG every branch
 * goes forward, before llc generates the code again.
 */
#ifndef HUCC_BLOCK_ORDER_H
#define HUCC_BLOCK_ORDER_H

/*
 * Reads textual IR whose blocks all have names (opt -passes=instnamer) from in_path and writes
 * it to out_path with every function's blocks in reverse post-order from the entry (blocks no
 * path reaches keep their order, last). Returns 0, or 1 after a message.
 */
int hucc_order_blocks(const char *in_path, const char *out_path);

#endif /* HUCC_BLOCK_ORDER_H */
