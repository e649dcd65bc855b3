/* SPDX-License-Identifier: MIT */
/* The verifier: proves a program safe under DESIGN.md's rules in one linear pass. Internal. */
#ifndef HU_VERIFIER_H
#define HU_VERIFIER_H

#include <stddef.h>
#include <stdint.h>

#include "prog.h"

struct hu_verify_limits {
    uint32_t event;       /* selects the helper allowlist */
    uint32_t max_insns;   /* HU_MAX_INSNS_GLOBAL for global events */
};

struct hu_verify_report {
    int64_t insn;         /* failing instruction index, -1 for whole-program errors */
    const char *rule;     /* short rule name, e.g. "back-edge", "guest-access-unmasked" */
    char msg[512];        /* rule, reason and register state, for people */
};

/* 0 when `p` is safe; -EACCES (rejected, `rep` says why) or -EINVAL. */
int hu_verify(const struct hu_prog *p, const struct hu_verify_limits *lim,
              struct hu_verify_report *rep);

#endif /* HU_VERIFIER_H */
