/* SPDX-License-Identifier: MIT */
/* The verifier: proves a program safe under DESIGN.md's rules in one linear pass. Internal.
 * docs/verifier.md lists the rules, the register kinds and the per-event helper allowlists. */
#ifndef HU_VERIFIER_H
#define HU_VERIFIER_H

#include <stddef.h>
#include <stdint.h>

#include <hupcall/abi.h>

#include "prog.h"

/* Frames on the deepest BPF-to-BPF call chain, the entry function's included. */
#define HU_VERIFY_MAX_CALL_DEPTH HU_MAX_CALL_FRAMES

struct hu_verify_limits {
    uint32_t event;     /* HU_EVENT_*: selects the helper allowlist */
    uint32_t max_insns; /* instruction slots; 0 = HU_MAX_INSNS_GLOBAL or _LOCAL_DEFAULT by event */
};

/* Called once per reachable instruction, in program order, with the register kinds at its entry,
 * e.g. "r1=ctx r2=hva r3=mask r6=hva+(x&mask)+[0,8] r10=fp fp-8:hva" (for `disasm --kinds`). */
typedef void (*hu_verify_kinds_fn)(void *arg, uint32_t insn, const char *kinds);

struct hu_verify_report {
    /* out */
    int64_t insn;      /* failing instruction index, -1 for whole-program errors */
    const char *rule;  /* short rule name, e.g. "back-edge", "guest-access-unmasked"; NULL if ok
                        * or for -EINVAL/-ENOMEM */
    char details[480]; /* "r3 is scalar, expected ..." (the rule and instruction are not in it) */
    uint32_t n_states; /* states kept at merge points (a measure of the work done) */
    /* in, optional: zero them when unused */
    hu_verify_kinds_fn kinds_fn;
    void *kinds_arg;
};

/* 0 when `p` is safe; -EACCES (rejected, `rep` says why), -EINVAL (bad limits or event) or
 * -ENOMEM. */
int hu_verify(const struct hu_prog *p, const struct hu_verify_limits *lim,
              struct hu_verify_report *rep);

/* hu_verify()'s result `ret` for program `p` of object `objname` as one diagnostic in err:
 * "FILE:LINE:COL: error: RULE: DETAILS" (line info), "OBJ:insn N: error: RULE: DETAILS",
 * "OBJ: error: RULE: DETAILS" (whole program), or "OBJ: PROG: verifier error: DETAILS" when
 * ret is not -EACCES. Returns ret. */
int hu_verify_format(const char *objname, const struct hu_prog *p,
                     const struct hu_verify_report *rep, int ret, char *err, size_t errlen);

#endif /* HU_VERIFIER_H */
