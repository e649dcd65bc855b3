/* SPDX-License-Identifier: MIT */
/* Comparing the two runs of one event: r0, the vCPU helper calls and the guest memory. */
#ifndef SAMPLE_COMPARE_H
#define SAMPLE_COMPARE_H

#include <hupcall/huhost.h>
#include <stdio.h>

#include "native.h"

/* The memory helpers are plain C in native mode and leave no record there; their effect is in
 * the memory comparison. Every other helper call must match in order, arguments and result. */
int compare_calls(const struct native_run *nat, const struct hu_recorder *rec, FILE *why);

/* 0 when equal; else prints the first differing bytes' guest address. */
int compare_memory(const struct model *m, const uint8_t *expect, FILE *why);

#endif /* SAMPLE_COMPARE_H */
