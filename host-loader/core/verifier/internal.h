/* SPDX-License-Identifier: MIT */
/* Shared by the verifier's files: instruction decoding, the CFG facts and the abstract state. */
#ifndef HU_VERIFY_INTERNAL_H
#define HU_VERIFY_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hupcall/abi.h>

#include "opcodes.h"
#include "verifier.h"

/* encoding.c: encoding rules, independent of any state. */
const char *vi_check_encoding(const struct hu_insn *in, const struct hu_insn *next);
int vi_size_bytes(uint8_t code);
/* True for ja and the conditional jumps (not call or exit); *target is the landing index.
 * Inline: every pass asks it of every instruction. */
static inline bool vi_jump_target(const struct hu_insn *in, int64_t pc, int64_t *target)
{
    uint8_t cls = BPF_CLASS(in->code), op = BPF_OP(in->code);

    if ((cls != BPF_JMP && cls != BPF_JMP32) || op == BPF_CALL || op == BPF_EXIT)
        return false;
    /* gotol (JMP32 ja) carries its offset in imm. */
    *target = pc + 1 + (cls == BPF_JMP32 && op == BPF_JA ? in->imm : in->off);
    return true;
}

static inline bool vi_is_local_call(const struct hu_insn *in)
{
    return in->code == (BPF_JMP | BPF_CALL) && in->src == BPF_PSEUDO_CALL;
}

bool vi_writes_reg(const struct hu_insn *in, int reg);

/* Per-instruction facts found by the CFG pass: the bits of hu_verify_shape.insn, and one of the
 * pass's own. */
enum {
    VF_LDIMM_HI = HU_SHAPE_LDIMM_HI,
    VF_TARGET = HU_SHAPE_JUMP_TARGET,
    VF_FUNC_START = HU_SHAPE_FUNC_START,
    VF_REACHED = 0x80, /* some path from the function's start gets here */
};

struct vfunc {
    uint32_t start, end; /* [start, end); start first: the hu_count_below key */
    int depth;           /* frames on the deepest chain from here; 0 = not yet known */
    int color;           /* DFS: 0 white, 1 on the path, 2 done */
    bool seeded;         /* some caller has joined its arguments into vctx.args */
    uint32_t stack;      /* bytes of its frame it touches, from fp down */
    uint64_t max_insns;  /* executed on its longest path, callees included (bound.c) */
    uint64_t max_bytes;  /* helper bytes on its longest path by that measure */
};

/* Register kinds (docs/verifier.md). Host pointers: VK_CTX, VK_STACK, VK_WIN. */
enum vkind {
    VK_UNINIT, /* never written on some path */
    VK_MIXED,  /* kinds disagreed at a merge point: unusable */
    VK_SCALAR, /* a guest-visible value; `known` with constant lo */
    VK_MASK,   /* exactly ctx->guest_mask, loaded whole from ctx+24 */
    VK_MOFF,   /* (x & mask) + c, c in [lo, hi] */
    VK_CTX,    /* ctx + lo */
    VK_STACK,  /* r10 + lo, in the current frame */
    VK_WIN,    /* hva + (masked ? x & mask : 0) + c, c in [lo, hi] */
};

struct vreg {
    int64_t lo, hi;
    uint8_t kind;
    bool known;  /* VK_SCALAR: the value is lo */
    bool masked; /* VK_WIN: a masked offset has been added */
};

#define V_STACK_SLOTS (HU_STACK_SIZE / 8)

/* The abstract machine state at one program point. Stack byte i is r10 - 512 + i. */
struct vstate {
    struct vreg r[BPF_NREGS];
    uint64_t stk_init[HU_STACK_SIZE / 64]; /* byte written */
    uint64_t stk_ptr[HU_STACK_SIZE / 64];  /* byte holds bits of a spilled host pointer */
    uint64_t slot_valid;                   /* slot[i] holds the register spilled there */
    struct vreg slot[V_STACK_SLOTS];
};

struct vctx {
    const struct hu_prog *p;
    const struct hu_insn *in;
    uint32_t n;
    uint32_t event;
    uint32_t max_insns; /* the event's limit: slots, and instructions executed per run */
    struct hu_verify_report *rep;
    uint8_t *flags;      /* VF_* per instruction */
    struct vfunc *funcs; /* sorted by start */
    uint32_t n_funcs;
    uint32_t *order; /* reachable functions, callers before callees */
    uint32_t n_order;
    struct vreg (*args)[5];  /* per function: join of r1-r5 over its call sites */
    int32_t *state_of;       /* per instruction: index into pending, -1 if not a jump target */
    struct vstate **pending; /* per target: the join so far, NULL until a jump reaches it */
    uint32_t n_targets;
    uint32_t n_live;   /* pending states allocated and not yet consumed */
    struct vfunc *cur; /* the function being walked */
};

/* verifier.c */
int verr(struct vctx *v, int64_t insn, const char *rule, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int vfunc_of(const struct vctx *v, uint32_t pc);

/* structure.c */
int vcfg_build(struct vctx *v);

/* bound.c */
int vbound_check(struct vctx *v);

/* state.c */
bool vk_is_host_ptr(const struct vreg *r);
void vk_describe(const struct vreg *r, char *buf, size_t len);
void vk_join_reg(struct vreg *a, const struct vreg *b);
void vk_join_state(struct vstate *a, const struct vstate *b);
void vk_format_state(const struct vstate *s, char *buf, size_t len);
void vk_scalar(struct vreg *r);
void vk_const(struct vreg *r, int64_t val);

/* memory.c */
int vm_load(struct vctx *v, struct vstate *s, uint32_t pc);
int vm_store(struct vctx *v, struct vstate *s, uint32_t pc);

/* alu.c */
int va_alu(struct vctx *v, struct vstate *s, uint32_t pc);

/* helper_args.c */
int vh_call(struct vctx *v, struct vstate *s, uint32_t pc);

/* kinds.c */
int vk_run(struct vctx *v);
int vk_need(struct vctx *v, const struct vstate *s, uint32_t pc, int reg);
void vk_call_clobber(struct vstate *s);

#endif /* HU_VERIFY_INTERNAL_H */
