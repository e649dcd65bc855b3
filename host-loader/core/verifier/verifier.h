/* SPDX-License-Identifier: MIT */
/* The verifier: proves a program safe in linear passes over its instructions (structure, the
 * run-time bound, register kinds). Internal. docs/verifier.md lists the rules, the register kinds
 * and the per-event helper allowlists. */
#ifndef HU_VERIFIER_H
#define HU_VERIFIER_H

#include <stddef.h>
#include <stdint.h>

#include <hupcall/abi.h>

#include "prog.h"

/* Frames on the deepest BPF-to-BPF call chain, the entry function's included. */
#define HU_VERIFY_MAX_CALL_DEPTH HU_MAX_CALL_FRAMES
/* Jump targets whose merged state waits at once (about 2 KB each): compiled code keeps a few
 * dozen; the limit bounds verification memory to about 2 MB at any program size. */
#define HU_VERIFY_MAX_PENDING 1024

struct hu_verify_limits {
    uint32_t event;     /* HU_EVENT_*: selects the helper allowlist */
    uint32_t max_insns; /* instruction slots; 0 = HU_MAX_INSNS_GLOBAL or _LOCAL_DEFAULT by event */
};

/* What the verifier decided about a program's structure, for the engines to use instead of their
 * own scans (filled by hu_verify when hu_verify_report.shape is set and the program is accepted).
 * Every instruction is reachable from the entry; jumps go forward and stay in their function; a
 * function is entered only by a call (its last reachable instruction is exit or ja); no call chain
 * is deeper than HU_VERIFY_MAX_CALL_DEPTH frames, the entry's included; a run executes at most
 * max_insns instructions and its memcpy/memset calls touch at most max_helper_bytes bytes, so
 * engines need no step budget. */
enum {
    HU_SHAPE_LDIMM_HI = 1,    /* the second slot of an ld_imm64: not an instruction */
    HU_SHAPE_JUMP_TARGET = 2, /* some jump lands here */
    HU_SHAPE_FUNC_START = 4,  /* the entry or a BPF-to-BPF call target */
};

struct hu_verify_func {
    uint32_t start, end;       /* [start, end) */
    uint32_t frames;           /* frames on the deepest call chain from here, its own included */
    uint32_t stack_bytes;      /* bytes of its HU_STACK_SIZE frame it touches, from fp down */
    uint64_t max_insns;        /* instructions executed on its longest path, callees included */
    uint64_t max_helper_bytes; /* guest bytes memcpy/memset may touch, by the same measure */
};

struct hu_verify_shape {
    uint8_t *insn; /* per instruction slot: HU_SHAPE_* bits */
    uint32_t n_insns;
    struct hu_verify_func *funcs; /* sorted by start; each is called from the entry */
    uint32_t n_funcs;
    uint32_t entry_func; /* index of the entry's function */
    uint64_t max_insns;  /* the entry's figures: the whole run */
    uint64_t max_helper_bytes;
    uint32_t max_frames;
};

/* Frees what hu_verify put in `s` (not `s` itself); `s` may be zeroed or already freed. */
void hu_verify_shape_release(struct hu_verify_shape *s);

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
    struct hu_verify_shape *shape; /* filled on success; release with hu_verify_shape_release */
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
