/* SPDX-License-Identifier: MIT */
/*
 * The interpreter: RFC 9669 semantics over a program decoded once, at registration, into 16-byte
 * records (the operation resolved to one handler, immediates widened, jump displacements in
 * bytes, helper functions bound), run by threaded dispatch: every handler ends in its own
 * computed goto to the next record's handler (GCC and clang's labels as values). A verified
 * program runs with no check at all per instruction: the verifier bounds the executed
 * instructions, the call depth and every jump, and forbids reading uninitialised registers and
 * stack. A trusted program (no verifier has seen it) runs through a second dispatch table whose
 * every entry first counts a step against the budget; encodings it cannot run decode to a fault.
 * Registers live in an array of 16 so that any 4-bit register field is safe to index; stack
 * frames live on the C stack. Memory is accessed through memcpy so unaligned accesses are defined
 * behaviour.
 */
#include "interp.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "opcodes.h"

/* ---- The decoded form. */

/* The four forms of an ALU or jump operation, in this order: 64-bit immediate, 64-bit register,
 * 32-bit immediate, 32-bit register (the decoder adds the form to the first). */
#define FORMS(X, N) X(N##_K64) X(N##_X64) X(N##_K32) X(N##_X32)

/* Every handler. FAULT: an encoding no run may execute; END: past the last instruction. */
#define OPS(X)                                                                                     \
    X(FAULT)                                                                                       \
    X(END)                                                                                         \
    FORMS(X, ADD)                                                                                  \
    FORMS(X, SUB)                                                                                  \
    FORMS(X, MUL)                                                                                  \
    FORMS(X, OR)                                                                                   \
    FORMS(X, AND)                                                                                  \
    FORMS(X, XOR)                                                                                  \
    FORMS(X, LSH)                                                                                  \
    FORMS(X, RSH)                                                                                  \
    FORMS(X, ARSH)                                                                                 \
    FORMS(X, DIV)                                                                                  \
    FORMS(X, SDIV)                                                                                 \
    FORMS(X, MOD)                                                                                  \
    FORMS(X, SMOD)                                                                                 \
    FORMS(X, MOV)                                                                                  \
    X(NEG64)                                                                                       \
    X(NEG32) X(MOVSX64_8) X(MOVSX64_16) X(MOVSX64_32) X(MOVSX32_8) X(MOVSX32_16) X(ZEXT16)         \
        X(ZEXT32) X(NOP) X(BSWAP16) X(BSWAP32) X(BSWAP64) X(LDDW) X(LDXB) X(LDXH) X(LDXW) X(LDXDW) \
            X(LDXSB) X(LDXSH) X(LDXSW) X(STB) X(STH) X(STW) X(STDW) X(STXB) X(STXH) X(STXW)        \
                X(STXDW) X(ATOMIC32) X(ATOMIC64) X(JA) FORMS(X, JEQ) FORMS(X, JNE) FORMS(X, JGT)   \
                    FORMS(X, JGE) FORMS(X, JLT) FORMS(X, JLE) FORMS(X, JSGT) FORMS(X, JSGE)        \
                        FORMS(X, JSLT) FORMS(X, JSLE) FORMS(X, JSET) X(CALL) X(CALL_LOCAL)         \
                            X(CALLX) X(EXIT)

#define OP_ENUM(name) OP_##name,
enum { OPS(OP_ENUM) N_OPS };
_Static_assert(N_OPS <= 256, "an operation fits the record's byte");

/* Why an instruction decoded to OP_FAULT (its record's `why`), with the value its message shows in
 * `imm`. */
enum fault {
    F_OPCODE,  /* imm: the opcode */
    F_HELPER,  /* imm: the helper id */
    F_LDIMM,   /* imm: the ld_imm64's src */
    F_LDTRUNC, /* an ld_imm64 without its second slot */
    F_ATOMIC,  /* imm: the atomic operation */
    F_SWAP,    /* imm: the byte swap width */
};

struct dinsn {
    uint8_t op;       /* OP_* */
    uint8_t dst, src; /* register numbers, 0-15 */
    uint8_t why;      /* OP_FAULT: enum fault */
    int32_t off;      /* memory offset; jumps and BPF-to-BPF calls: bytes to the target record */
    uint64_t imm;     /* the immediate sign-extended, ld_imm64's constant, the helper function */
};
_Static_assert(sizeof(struct dinsn) == 16, "a decoded instruction is 16 bytes");

struct hu_interp {
    hu_helper_fn fn[16]; /* callx's table */
    uint32_t n, entry;   /* entry <= n */
    bool verified;
    struct dinsn code[]; /* n + 1: instruction i, then OP_END */
};

/* The forms' base operations by BPF_OP() >> 4, 0 where the class has no such operation. */
static const uint8_t alu_base[16] = {
    [BPF_ADD >> 4] = OP_ADD_K64, [BPF_SUB >> 4] = OP_SUB_K64, [BPF_MUL >> 4] = OP_MUL_K64,
    [BPF_DIV >> 4] = OP_DIV_K64, [BPF_OR >> 4] = OP_OR_K64,   [BPF_AND >> 4] = OP_AND_K64,
    [BPF_LSH >> 4] = OP_LSH_K64, [BPF_RSH >> 4] = OP_RSH_K64, [BPF_MOD >> 4] = OP_MOD_K64,
    [BPF_XOR >> 4] = OP_XOR_K64, [BPF_MOV >> 4] = OP_MOV_K64, [BPF_ARSH >> 4] = OP_ARSH_K64,
};
static const uint8_t jmp_base[16] = {
    [BPF_JEQ >> 4] = OP_JEQ_K64,   [BPF_JGT >> 4] = OP_JGT_K64,   [BPF_JGE >> 4] = OP_JGE_K64,
    [BPF_JSET >> 4] = OP_JSET_K64, [BPF_JNE >> 4] = OP_JNE_K64,   [BPF_JSGT >> 4] = OP_JSGT_K64,
    [BPF_JSGE >> 4] = OP_JSGE_K64, [BPF_JLT >> 4] = OP_JLT_K64,   [BPF_JLE >> 4] = OP_JLE_K64,
    [BPF_JSLT >> 4] = OP_JSLT_K64, [BPF_JSLE >> 4] = OP_JSLE_K64,
};

static void fault(struct dinsn *d, enum fault why, uint64_t v)
{
    *d = (struct dinsn){.op = OP_FAULT, .why = (uint8_t)why, .imm = v};
}

/* Makes d a jump (or call) from record i to i + 1 + rel, or to OP_END when that is outside the
 * program: running off it is then the one fault. */
static void set_target(struct dinsn *d, uint32_t i, int64_t rel, uint32_t n)
{
    int64_t t = (int64_t)i + 1 + rel;
    if (t < 0 || t >= n)
        t = n;
    d->off = (int32_t)((t - (int64_t)i) * (int64_t)sizeof(*d));
}

/* An ALU or ALU64 instruction. */
static void decode_alu(struct dinsn *d, const struct hu_insn *in, bool w)
{
    uint8_t op = BPF_OP(in->code), form = (w ? 0 : 2) + (BPF_SRC(in->code) ? 1 : 0);
    static const uint8_t sx64[33] = {
        [8] = OP_MOVSX64_8, [16] = OP_MOVSX64_16, [32] = OP_MOVSX64_32};
    static const uint8_t sx32[33] = {[8] = OP_MOVSX32_8, [16] = OP_MOVSX32_16};

    if (op == BPF_NEG) {
        d->op = BPF_SRC(in->code) ? OP_FAULT : w ? OP_NEG64 : OP_NEG32;
    } else if (op == BPF_END && !(w && BPF_SRC(in->code))) {
        bool swap = w || BPF_SRC(in->code) == BPF_TO_BE;
        switch (in->imm) {
        case 16:
            d->op = swap ? OP_BSWAP16 : OP_ZEXT16;
            return;
        case 32:
            d->op = swap ? OP_BSWAP32 : OP_ZEXT32;
            return;
        case 64:
            d->op = swap ? OP_BSWAP64 : OP_NOP;
            return;
        default:
            fault(d, F_SWAP, (uint64_t)(int64_t)in->imm);
            return;
        }
    } else if (alu_base[op >> 4]) {
        d->op = (uint8_t)(alu_base[op >> 4] + form);
        /* Signed division and modulo are off 1; movsx is off 8, 16, 32 (any other a move). */
        if ((op == BPF_DIV || op == BPF_MOD) && in->off == 1)
            d->op += OP_SDIV_K64 - OP_DIV_K64;
        if (op == BPF_MOV && BPF_SRC(in->code) && in->off > 0 && in->off <= 32 &&
            (w ? sx64 : sx32)[in->off])
            d->op = (w ? sx64 : sx32)[in->off];
    } else {
        d->op = OP_FAULT;
    }
    if (d->op == OP_FAULT)
        fault(d, F_OPCODE, in->code);
}

/* A JMP or JMP32 instruction at i; the helper table binds call imm. */
static void decode_jmp(struct hu_interp *ip, struct dinsn *d, const struct hu_insn *in, uint32_t i,
                       bool w)
{
    uint8_t op = BPF_OP(in->code);

    if (op == BPF_JA && !BPF_SRC(in->code)) { /* ja: off; gotol (JMP32): imm */
        d->op = OP_JA;
        set_target(d, i, w ? in->off : in->imm, ip->n);
    } else if (jmp_base[op >> 4]) {
        d->op = (uint8_t)(jmp_base[op >> 4] + (w ? 0 : 2) + (BPF_SRC(in->code) ? 1 : 0));
        set_target(d, i, in->off, ip->n);
    } else if (w && op == BPF_EXIT && !BPF_SRC(in->code)) {
        d->op = OP_EXIT;
    } else if (w && op == BPF_CALL && BPF_SRC(in->code)) {
        d->op = OP_CALLX; /* the helper id in dst, as LLVM encodes it */
    } else if (w && op == BPF_CALL && in->src == BPF_PSEUDO_CALL) {
        d->op = OP_CALL_LOCAL;
        set_target(d, i, in->imm, ip->n);
    } else if (w && op == BPF_CALL && in->src == 0 && (uint32_t)in->imm < 16 && ip->fn[in->imm]) {
        d->op = OP_CALL;
        d->imm = (uint64_t)(uintptr_t)ip->fn[in->imm];
    } else if (w && op == BPF_CALL) {
        fault(d, F_HELPER, (uint32_t)in->imm);
    } else {
        fault(d, F_OPCODE, in->code);
    }
}

/* A load or store; ATOMIC's operation is checked now. */
static void decode_mem(struct dinsn *d, const struct hu_insn *in)
{
    static const uint8_t by_code[256] = {
        [BPF_LDX | BPF_MEM | BPF_B] = OP_LDXB,         [BPF_LDX | BPF_MEM | BPF_H] = OP_LDXH,
        [BPF_LDX | BPF_MEM | BPF_W] = OP_LDXW,         [BPF_LDX | BPF_MEM | BPF_DW] = OP_LDXDW,
        [BPF_LDX | BPF_MEMSX | BPF_B] = OP_LDXSB,      [BPF_LDX | BPF_MEMSX | BPF_H] = OP_LDXSH,
        [BPF_LDX | BPF_MEMSX | BPF_W] = OP_LDXSW,      [BPF_ST | BPF_MEM | BPF_B] = OP_STB,
        [BPF_ST | BPF_MEM | BPF_H] = OP_STH,           [BPF_ST | BPF_MEM | BPF_W] = OP_STW,
        [BPF_ST | BPF_MEM | BPF_DW] = OP_STDW,         [BPF_STX | BPF_MEM | BPF_B] = OP_STXB,
        [BPF_STX | BPF_MEM | BPF_H] = OP_STXH,         [BPF_STX | BPF_MEM | BPF_W] = OP_STXW,
        [BPF_STX | BPF_MEM | BPF_DW] = OP_STXDW,       [BPF_STX | BPF_ATOMIC | BPF_W] = OP_ATOMIC32,
        [BPF_STX | BPF_ATOMIC | BPF_DW] = OP_ATOMIC64,
    };
    uint32_t a = (uint32_t)in->imm & ~(uint32_t)BPF_FETCH;

    d->op = by_code[in->code];
    d->off = in->off;
    if (!d->op)
        fault(d, F_OPCODE, in->code);
    else if ((d->op == OP_ATOMIC32 || d->op == OP_ATOMIC64) && a != BPF_ADD && a != BPF_OR &&
             a != BPF_AND && a != BPF_XOR && (uint32_t)in->imm != BPF_XCHG &&
             (uint32_t)in->imm != BPF_CMPXCHG)
        fault(d, F_ATOMIC, (uint32_t)in->imm);
}

/* ld_imm64 at i: the constant of both slots; the second slot is never executed. */
static void decode_lddw(struct dinsn *d, const struct hu_prog *p, uint32_t i)
{
    if (p->insns[i].src)
        fault(d, F_LDIMM, p->insns[i].src);
    else if (i + 1 >= p->n_insns)
        fault(d, F_LDTRUNC, 0);
    else
        d->imm = (uint64_t)(uint32_t)p->insns[i].imm | (uint64_t)(uint32_t)p->insns[i + 1].imm
                                                           << 32;
}

static void decode(struct hu_interp *ip, const struct hu_prog *p, uint32_t i)
{
    const struct hu_insn *in = &p->insns[i];
    struct dinsn *d = &ip->code[i];

    *d = (struct dinsn){.dst = in->dst, .src = in->src, .imm = (uint64_t)(int64_t)in->imm};
    switch (BPF_CLASS(in->code)) {
    case BPF_ALU:
    case BPF_ALU64:
        decode_alu(d, in, BPF_CLASS(in->code) == BPF_ALU64);
        break;
    case BPF_JMP:
    case BPF_JMP32:
        decode_jmp(ip, d, in, i, BPF_CLASS(in->code) == BPF_JMP);
        break;
    case BPF_LD:
        if (in->code == BPF_LD_IMM64) {
            d->op = OP_LDDW;
            decode_lddw(d, p, i);
        } else {
            fault(d, F_OPCODE, in->code);
        }
        break;
    default:
        decode_mem(d, in);
        break;
    }
}

int hu_interp_prepare(const struct hu_prog *p, const struct hu_verify_shape *shape,
                      const struct hu_helpers *h, struct hu_interp **out, char *err, size_t errlen)
{
    struct hu_interp *ip;

    *out = NULL;
    if (shape && shape->n_insns != p->n_insns)
        return hu_errf(err, errlen, -EINVAL,
                       "interp: the verifier's shape has %u instructions, the program %u",
                       shape->n_insns, p->n_insns);
    ip = calloc(1, sizeof(*ip) + ((size_t)p->n_insns + 1) * sizeof(struct dinsn));
    if (!ip)
        return hu_errf(err, errlen, -ENOMEM, "interp: out of memory");
    if (h)
        memcpy(ip->fn, h->fn, sizeof(ip->fn));
    ip->n = p->n_insns;
    ip->entry = p->entry < p->n_insns ? p->entry : p->n_insns;
    ip->verified = shape != NULL;
    for (uint32_t i = 0; i < p->n_insns; i++)
        decode(ip, p, i);
    /* A verified program's second ld_imm64 slots are the verifier's to name (no jump lands there).
     */
    for (uint32_t i = 0; shape && i < p->n_insns; i++)
        if (shape->insn[i] & HU_SHAPE_LDIMM_HI)
            fault(&ip->code[i], F_OPCODE, p->insns[i].code);
    ip->code[p->n_insns].op = OP_END;
    *out = ip;
    return 0;
}

void hu_interp_free(struct hu_interp *in)
{
    free(in);
}

/* ---- Running. */

#define MEM(p) ((void *)(uintptr_t)(p))

static inline uint64_t ld8(uint64_t a)
{
    uint8_t v;
    memcpy(&v, MEM(a), 1);
    return v;
}
static inline uint64_t ld16(uint64_t a)
{
    uint16_t v;
    memcpy(&v, MEM(a), 2);
    return v;
}
static inline uint64_t ld32(uint64_t a)
{
    uint32_t v;
    memcpy(&v, MEM(a), 4);
    return v;
}
static inline uint64_t ld64(uint64_t a)
{
    uint64_t v;
    memcpy(&v, MEM(a), 8);
    return v;
}
static inline void st8(uint64_t a, uint64_t v)
{
    uint8_t x = (uint8_t)v;
    memcpy(MEM(a), &x, 1);
}
static inline void st16(uint64_t a, uint64_t v)
{
    uint16_t x = (uint16_t)v;
    memcpy(MEM(a), &x, 2);
}
static inline void st32(uint64_t a, uint64_t v)
{
    uint32_t x = (uint32_t)v;
    memcpy(MEM(a), &x, 4);
}
static inline void st64(uint64_t a, uint64_t v)
{
    memcpy(MEM(a), &v, 8);
}

/* Division as RFC 9669 defines it: x / 0 = 0, x % 0 = x, INT_MIN / -1 wraps, INT_MIN % -1 = 0. */
static inline uint64_t div64(uint64_t a, uint64_t b, int sgn)
{
    if (!b)
        return 0;
    if (!sgn)
        return a / b;
    if ((int64_t)b == -1)
        return 0 - a;
    return (uint64_t)((int64_t)a / (int64_t)b);
}
static inline uint64_t mod64(uint64_t a, uint64_t b, int sgn)
{
    if (!b)
        return a;
    if (!sgn)
        return a % b;
    if ((int64_t)b == -1)
        return 0;
    return (uint64_t)((int64_t)a % (int64_t)b);
}
static inline uint32_t div32(uint32_t a, uint32_t b, int sgn)
{
    if (!b)
        return 0;
    if (!sgn)
        return a / b;
    if ((int32_t)b == -1)
        return 0 - a;
    return (uint32_t)((int32_t)a / (int32_t)b);
}
static inline uint32_t mod32(uint32_t a, uint32_t b, int sgn)
{
    if (!b)
        return a;
    if (!sgn)
        return a % b;
    if ((int32_t)b == -1)
        return 0;
    return (uint32_t)((int32_t)a % (int32_t)b);
}

/* One width of the atomic operations (decoded: `op` is one RFC 9669 defines): the old value into
 * *old, except cmpxchg, which compares with *cmp and leaves the old value there. */
#define DEFINE_ATOMIC_RMW(name, T)                                                                 \
    static inline void name(T *p, int32_t op, T v, T *old, T *cmp)                                 \
    {                                                                                              \
        switch (op & ~BPF_FETCH) {                                                                 \
        case BPF_ADD:                                                                              \
            *old = __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST);                                     \
            break;                                                                                 \
        case BPF_OR:                                                                               \
            *old = __atomic_fetch_or(p, v, __ATOMIC_SEQ_CST);                                      \
            break;                                                                                 \
        case BPF_AND:                                                                              \
            *old = __atomic_fetch_and(p, v, __ATOMIC_SEQ_CST);                                     \
            break;                                                                                 \
        case BPF_XOR:                                                                              \
            *old = __atomic_fetch_xor(p, v, __ATOMIC_SEQ_CST);                                     \
            break;                                                                                 \
        case BPF_XCHG & ~BPF_FETCH:                                                                \
            *old = __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);                                    \
            break;                                                                                 \
        default: /* BPF_CMPXCHG */                                                                 \
            __atomic_compare_exchange_n(p, cmp, v, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);         \
            break;                                                                                 \
        }                                                                                          \
    }
DEFINE_ATOMIC_RMW(atomic_rmw64, uint64_t)
DEFINE_ATOMIC_RMW(atomic_rmw32, uint32_t)

/* Atomic read-modify-write of 32 or 64 bits at addr rounded down to the operand size (natural
 * alignment by construction, as the JIT: no split locks; every region starts 8-byte aligned): with
 * BPF_FETCH the old value (zero-extended) goes to *src; cmpxchg compares with r0 and leaves the
 * old value in r0. */
static void atomic_op(uint64_t addr, int dw, int32_t op, uint64_t *src, uint64_t *r0)
{
    uint64_t old = 0;

    addr &= dw ? ~(uint64_t)7 : ~(uint64_t)3;
    if (dw) {
        atomic_rmw64(MEM(addr), op, *src, &old, r0);
    } else {
        uint32_t o = 0, cmp = (uint32_t)*r0;
        atomic_rmw32(MEM(addr), op, (uint32_t)*src, &o, &cmp);
        if (op == BPF_CMPXCHG)
            *r0 = cmp;
        old = o;
    }
    if ((op & BPF_FETCH) && op != BPF_CMPXCHG)
        *src = old;
}

/* The message of a fault at record `pc` of `in`. */
static int fault_message(const struct hu_interp *in, uint32_t pc, char *err, size_t errlen)
{
    const struct dinsn *d = &in->code[pc];
    unsigned long long v = d->imm;

    if (d->op == OP_END)
        return hu_errf(err, errlen, -EINVAL, "pc outside the program (%u instructions)", in->n);
    switch (d->why) {
    case F_HELPER:
        return hu_errf(err, errlen, -EINVAL, "insn %u: call to unknown helper %llu", pc, v);
    case F_LDIMM:
        return hu_errf(err, errlen, -EINVAL, "insn %u: unresolved ld_imm64 (src=%llu)", pc, v);
    case F_LDTRUNC:
        return hu_errf(err, errlen, -EINVAL, "insn %u: ld_imm64 without its second slot", pc);
    case F_ATOMIC:
        return hu_errf(err, errlen, -EINVAL, "insn %u: unknown atomic operation %#llx", pc, v);
    case F_SWAP:
        return hu_errf(err, errlen, -EINVAL, "insn %u: byte swap width %d", pc, (int)(int64_t)v);
    default:
        return hu_errf(err, errlen, -EINVAL, "insn %u: unknown opcode %#04llx", pc, v);
    }
}

/* The current record's fields. */
#define DST reg[ip->dst]
#define SRC reg[ip->src]
#define IMM ip->imm

/* Handler of the record at ip, and of the next one. */
#define DISPATCH goto *tbl[ip->op]
#define NEXT                                                                                       \
    do {                                                                                           \
        ip++;                                                                                      \
        DISPATCH;                                                                                  \
    } while (0)
/* To the jump's target when `cond` holds, else to the next record. */
#define JUMP_IF(cond)                                                                              \
    do {                                                                                           \
        if (cond) {                                                                                \
            ip = (const struct dinsn *)(const void *)((const char *)ip + ip->off);                 \
            DISPATCH;                                                                              \
        }                                                                                          \
        NEXT;                                                                                      \
    } while (0)

/* The four forms of a binary ALU operation E(a, b). */
#define ALU(N, E)                                                                                  \
    L_##N##_K64:                                                                                   \
    {                                                                                              \
        uint64_t a = DST, b = IMM;                                                                 \
        DST = (E);                                                                                 \
        NEXT;                                                                                      \
    }                                                                                              \
    L_##N##_X64:                                                                                   \
    {                                                                                              \
        uint64_t a = DST, b = SRC;                                                                 \
        DST = (E);                                                                                 \
        NEXT;                                                                                      \
    }                                                                                              \
    L_##N##_K32:                                                                                   \
    {                                                                                              \
        uint32_t a = (uint32_t)DST, b = (uint32_t)IMM;                                             \
        DST = (uint32_t)(E);                                                                       \
        NEXT;                                                                                      \
    }                                                                                              \
    L_##N##_X32:                                                                                   \
    {                                                                                              \
        uint32_t a = (uint32_t)DST, b = (uint32_t)SRC;                                             \
        DST = (uint32_t)(E);                                                                       \
        NEXT;                                                                                      \
    }

/* The four forms of a conditional jump: 64-bit values as T64, 32-bit ones as T32. */
#define JCC(N, CMP, T64, T32)                                                                      \
    L_##N##_K64 : JUMP_IF((T64)DST CMP(T64) IMM);                                                  \
    L_##N##_X64 : JUMP_IF((T64)DST CMP(T64) SRC);                                                  \
    L_##N##_K32 : JUMP_IF((T32)(uint32_t)DST CMP(T32)(uint32_t) IMM);                              \
    L_##N##_X32 : JUMP_IF((T32)(uint32_t)DST CMP(T32)(uint32_t) SRC);

struct frame {
    const struct dinsn *ret;
    uint64_t saved[4]; /* r6-r9 */
};

#define LABEL(name) &&L_##name,

int hu_interp_call(const struct hu_interp *in, uint64_t r1, uint64_t r2, void *cookie,
                   uint64_t max_steps, uint64_t *steps, uint64_t *r0, char *err, size_t errlen)
{
    static const void *const handler[N_OPS] = {OPS(LABEL)};
    /* A trusted program's dispatch: every operation counts a step first. */
    static const void *const counted[N_OPS] = {[0 ... N_OPS - 1] = &&L_count};
    _Alignas(16) uint8_t stack[HU_INTERP_MAX_FRAMES][HU_STACK_SIZE];
    struct frame frames[HU_INTERP_MAX_FRAMES];
    uint64_t reg[16];
    const bool checked = !in->verified;
    const void *const *tbl = checked ? counted : handler;
    const uint64_t limit = checked && max_steps ? max_steps : UINT64_MAX;
    uint64_t budget = limit;
    const struct dinsn *ip = &in->code[in->entry];
    uint32_t depth = 0;
    int ret = 0;

    /* A verified program reads no register or stack slot before writing it; a trusted one gets
     * zeros, never host data. */
    if (checked) {
        memset(reg, 0, sizeof(reg));
        memset(stack[0], 0, HU_STACK_SIZE);
    }
    reg[1] = r1;
    reg[2] = r2;
    reg[10] = (uint64_t)(uintptr_t)(stack[0] + HU_STACK_SIZE);
    DISPATCH;

L_count:
    if (budget == 0) {
        ret = hu_errf(err, errlen, -EINVAL, "insn %u: step budget of %llu instructions exhausted",
                      (uint32_t)(ip - in->code), (unsigned long long)limit);
        goto out;
    }
    budget--;
    goto *handler[ip->op];

    ALU(ADD, a + b)
    ALU(SUB, a - b)
    ALU(MUL, a * b)
    ALU(OR, a | b)
    ALU(AND, a & b)
    ALU(XOR, a ^ b)
    ALU(LSH, a << (b & (sizeof(a) * 8 - 1)))
    ALU(RSH, a >> (b & (sizeof(a) * 8 - 1)))
    ALU(DIV, sizeof(a) == 8 ? div64(a, b, 0) : div32((uint32_t)a, (uint32_t)b, 0))
    ALU(SDIV, sizeof(a) == 8 ? div64(a, b, 1) : div32((uint32_t)a, (uint32_t)b, 1))
    ALU(MOD, sizeof(a) == 8 ? mod64(a, b, 0) : mod32((uint32_t)a, (uint32_t)b, 0))
    ALU(SMOD, sizeof(a) == 8 ? mod64(a, b, 1) : mod32((uint32_t)a, (uint32_t)b, 1))
    ALU(MOV, ((void)a, b))
L_ARSH_K64:
    DST = (uint64_t)((int64_t)DST >> (IMM & 63));
    NEXT;
L_ARSH_X64:
    DST = (uint64_t)((int64_t)DST >> (SRC & 63));
    NEXT;
L_ARSH_K32:
    DST = (uint32_t)((int32_t)DST >> (IMM & 31));
    NEXT;
L_ARSH_X32:
    DST = (uint32_t)((int32_t)DST >> (SRC & 31));
    NEXT;
L_NEG64:
    DST = 0 - DST;
    NEXT;
L_NEG32:
    DST = (uint32_t)(0 - (uint32_t)DST);
    NEXT;
L_MOVSX64_8:
    DST = (uint64_t)(int64_t)(int8_t)SRC;
    NEXT;
L_MOVSX64_16:
    DST = (uint64_t)(int64_t)(int16_t)SRC;
    NEXT;
L_MOVSX64_32:
    DST = (uint64_t)(int64_t)(int32_t)SRC;
    NEXT;
L_MOVSX32_8:
    DST = (uint32_t)(int32_t)(int8_t)SRC;
    NEXT;
L_MOVSX32_16:
    DST = (uint32_t)(int32_t)(int16_t)SRC;
    NEXT;
L_ZEXT16: /* to little endian, on this little-endian host: a truncation */
    DST = (uint16_t)DST;
    NEXT;
L_ZEXT32:
    DST = (uint32_t)DST;
    NEXT;
L_NOP:
    NEXT;
L_BSWAP16:
    DST = __builtin_bswap16((uint16_t)DST);
    NEXT;
L_BSWAP32:
    DST = __builtin_bswap32((uint32_t)DST);
    NEXT;
L_BSWAP64:
    DST = __builtin_bswap64(DST);
    NEXT;
L_LDDW:
    DST = IMM;
    ip += 2;
    DISPATCH;

L_LDXB:
    DST = ld8(SRC + (uint64_t)(int64_t)ip->off);
    NEXT;
L_LDXH:
    DST = ld16(SRC + (uint64_t)(int64_t)ip->off);
    NEXT;
L_LDXW:
    DST = ld32(SRC + (uint64_t)(int64_t)ip->off);
    NEXT;
L_LDXDW:
    DST = ld64(SRC + (uint64_t)(int64_t)ip->off);
    NEXT;
L_LDXSB:
    DST = (uint64_t)(int64_t)(int8_t)ld8(SRC + (uint64_t)(int64_t)ip->off);
    NEXT;
L_LDXSH:
    DST = (uint64_t)(int64_t)(int16_t)ld16(SRC + (uint64_t)(int64_t)ip->off);
    NEXT;
L_LDXSW:
    DST = (uint64_t)(int64_t)(int32_t)ld32(SRC + (uint64_t)(int64_t)ip->off);
    NEXT;
L_STB:
    st8(DST + (uint64_t)(int64_t)ip->off, IMM);
    NEXT;
L_STH:
    st16(DST + (uint64_t)(int64_t)ip->off, IMM);
    NEXT;
L_STW:
    st32(DST + (uint64_t)(int64_t)ip->off, IMM);
    NEXT;
L_STDW:
    st64(DST + (uint64_t)(int64_t)ip->off, IMM);
    NEXT;
L_STXB:
    st8(DST + (uint64_t)(int64_t)ip->off, SRC);
    NEXT;
L_STXH:
    st16(DST + (uint64_t)(int64_t)ip->off, SRC);
    NEXT;
L_STXW:
    st32(DST + (uint64_t)(int64_t)ip->off, SRC);
    NEXT;
L_STXDW:
    st64(DST + (uint64_t)(int64_t)ip->off, SRC);
    NEXT;
L_ATOMIC32:
    atomic_op(DST + (uint64_t)(int64_t)ip->off, 0, (int32_t)IMM, &SRC, &reg[0]);
    NEXT;
L_ATOMIC64:
    atomic_op(DST + (uint64_t)(int64_t)ip->off, 1, (int32_t)IMM, &SRC, &reg[0]);
    NEXT;

L_JA:
    JUMP_IF(1);
    JCC(JEQ, ==, uint64_t, uint32_t)
    JCC(JNE, !=, uint64_t, uint32_t)
    JCC(JGT, >, uint64_t, uint32_t)
    JCC(JGE, >=, uint64_t, uint32_t)
    JCC(JLT, <, uint64_t, uint32_t)
    JCC(JLE, <=, uint64_t, uint32_t)
    JCC(JSGT, >, int64_t, int32_t)
    JCC(JSGE, >=, int64_t, int32_t)
    JCC(JSLT, <, int64_t, int32_t)
    JCC(JSLE, <=, int64_t, int32_t)
    JCC(JSET, &, uint64_t, uint32_t)

L_CALL:
    reg[0] = ((hu_helper_fn)(uintptr_t)IMM)(cookie, reg[1], reg[2], reg[3], reg[4], reg[5]);
    NEXT;
L_CALLX:
    if (DST >= 16 || !in->fn[DST]) {
        ret = hu_errf(err, errlen, -EINVAL, "insn %u: call to unknown helper %llu",
                      (uint32_t)(ip - in->code), (unsigned long long)DST);
        goto out;
    }
    reg[0] = in->fn[DST](cookie, reg[1], reg[2], reg[3], reg[4], reg[5]);
    NEXT;
L_CALL_LOCAL:
    if (depth + 1 >= HU_INTERP_MAX_FRAMES) {
        ret =
            hu_errf(err, errlen, -EINVAL, "insn %u: BPF-to-BPF calls nested deeper than %d frames",
                    (uint32_t)(ip - in->code), HU_INTERP_MAX_FRAMES);
        goto out;
    }
    frames[depth].ret = ip + 1;
    memcpy(frames[depth].saved, &reg[6], sizeof(frames[depth].saved));
    depth++;
    if (checked)
        memset(stack[depth], 0, HU_STACK_SIZE);
    reg[10] = (uint64_t)(uintptr_t)(stack[depth] + HU_STACK_SIZE);
    JUMP_IF(1);
L_EXIT:
    if (depth == 0) {
        *r0 = reg[0];
        goto out;
    }
    depth--;
    ip = frames[depth].ret;
    memcpy(&reg[6], frames[depth].saved, sizeof(frames[depth].saved));
    reg[10] = (uint64_t)(uintptr_t)(stack[depth] + HU_STACK_SIZE);
    DISPATCH;

L_FAULT:
L_END:
    ret = fault_message(in, (uint32_t)(ip - in->code), err, errlen);
out:
    if (steps && checked)
        *steps = limit - budget;
    return ret;
}

int hu_interp_exec(const struct hu_prog *p, uint64_t r1, uint64_t r2, const struct hu_helpers *h,
                   uint64_t max_steps, uint64_t *steps, uint64_t *r0, char *err, size_t errlen)
{
    struct hu_interp *in;
    int ret = hu_interp_prepare(p, NULL, h, &in, err, errlen);

    if (ret)
        return ret;
    ret = hu_interp_call(in, r1, r2, h ? h->cookie : NULL, max_steps, steps, r0, err, errlen);
    hu_interp_free(in);
    return ret;
}

int hu_interp_run(const struct hu_prog *p, uint64_t r1, uint64_t r2, const struct hu_helpers *h,
                  uint64_t *r0, char *err, size_t errlen)
{
    return hu_interp_exec(p, r1, r2, h, HU_INTERP_DEFAULT_MAX_STEPS, NULL, r0, err, errlen);
}
