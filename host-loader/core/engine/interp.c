/* SPDX-License-Identifier: MIT */
/*
 * The interpreter: RFC 9669 semantics, one switch over the opcode byte, no allocation. Registers
 * live in an array of 16 so that any 4-bit register field is safe to index; stack frames live on
 * the C stack. Memory is accessed through memcpy so unaligned accesses are defined behaviour.
 */
#include "interp.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <hupcall/abi.h>

#include "errmsg.h"
#include "opcodes.h"

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

/* movsx: off 8/16/32 sign-extends that many low bits; 0 is a plain move. */
static inline uint64_t sext(uint64_t v, int16_t bits)
{
    switch (bits) {
    case 8:
        return (uint64_t)(int64_t)(int8_t)v;
    case 16:
        return (uint64_t)(int64_t)(int16_t)v;
    case 32:
        return (uint64_t)(int64_t)(int32_t)v;
    default:
        return v;
    }
}

/* BPF_END: to little endian is a truncation on this (little-endian) host; to big endian and the
 * ALU64 form swap. Returns -1 for a width other than 16, 32, 64. */
static inline int byteswap(uint64_t *v, int32_t width, int swap)
{
    switch (width) {
    case 16:
        *v = swap ? __builtin_bswap16((uint16_t)*v) : (uint16_t)*v;
        return 0;
    case 32:
        *v = swap ? __builtin_bswap32((uint32_t)*v) : (uint32_t)*v;
        return 0;
    case 64:
        *v = swap ? __builtin_bswap64(*v) : *v;
        return 0;
    default:
        return -1;
    }
}

/* One width of the atomic operations: the old value into *old, except cmpxchg, which compares
 * with *cmp and leaves the old value there. -1 for an operation RFC 9669 does not define (xchg and
 * cmpxchg exist only with BPF_FETCH). */
#define DEFINE_ATOMIC_RMW(name, T)                                                                 \
    static inline int name(T *p, int32_t op, T v, T *old, T *cmp)                                  \
    {                                                                                              \
        switch (op) {                                                                              \
        case BPF_ADD:                                                                              \
        case BPF_ADD | BPF_FETCH:                                                                  \
            *old = __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST);                                     \
            return 0;                                                                              \
        case BPF_OR:                                                                               \
        case BPF_OR | BPF_FETCH:                                                                   \
            *old = __atomic_fetch_or(p, v, __ATOMIC_SEQ_CST);                                      \
            return 0;                                                                              \
        case BPF_AND:                                                                              \
        case BPF_AND | BPF_FETCH:                                                                  \
            *old = __atomic_fetch_and(p, v, __ATOMIC_SEQ_CST);                                     \
            return 0;                                                                              \
        case BPF_XOR:                                                                              \
        case BPF_XOR | BPF_FETCH:                                                                  \
            *old = __atomic_fetch_xor(p, v, __ATOMIC_SEQ_CST);                                     \
            return 0;                                                                              \
        case BPF_XCHG:                                                                             \
            *old = __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);                                    \
            return 0;                                                                              \
        case BPF_CMPXCHG:                                                                          \
            __atomic_compare_exchange_n(p, cmp, v, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);         \
            return 0;                                                                              \
        default:                                                                                   \
            return -1;                                                                             \
        }                                                                                          \
    }
DEFINE_ATOMIC_RMW(atomic_rmw64, uint64_t)
DEFINE_ATOMIC_RMW(atomic_rmw32, uint32_t)

/* Atomic read-modify-write of 32 or 64 bits at addr rounded down to the operand size (natural
 * alignment by construction, as the JIT: no split locks; every region starts 8-byte aligned): with
 * BPF_FETCH the old value (zero-extended) goes to *src; cmpxchg compares with r0 and leaves the
 * old value in r0. */
static inline int atomic_op(uint64_t addr, int dw, int32_t op, uint64_t *src, uint64_t *r0)
{
    uint64_t old = 0;

    addr &= dw ? ~(uint64_t)7 : ~(uint64_t)3;
    if (dw) {
        if (atomic_rmw64(MEM(addr), op, *src, &old, r0))
            return -1;
    } else {
        uint32_t o = 0, cmp = (uint32_t)*r0;
        if (atomic_rmw32(MEM(addr), op, (uint32_t)*src, &o, &cmp))
            return -1;
        if (op == BPF_CMPXCHG)
            *r0 = cmp;
        old = o;
    }
    if ((op & BPF_FETCH) && op != BPF_CMPXCHG)
        *src = old;
    return 0;
}

/* Fields of the current instruction, decoded from its 64-bit slot where a case needs them. */
#define CODE ((uint8_t)raw)
#define DST ((unsigned)(raw >> 8) & 0xf)
#define SRC ((unsigned)(raw >> 12) & 0xf)
#define OFF ((int16_t)(raw >> 16))
#define IMM ((int32_t)(raw >> 32))

/* The four forms of a binary ALU operation E(a, b). */
#define ALU(OP, E)                                                                                 \
    case BPF_ALU64 | BPF_K | OP: {                                                                 \
        uint64_t a = reg[DST], b = (uint64_t)(int64_t)IMM;                                         \
        reg[DST] = (E);                                                                            \
        break;                                                                                     \
    }                                                                                              \
    case BPF_ALU64 | BPF_X | OP: {                                                                 \
        uint64_t a = reg[DST], b = reg[SRC];                                                       \
        reg[DST] = (E);                                                                            \
        break;                                                                                     \
    }                                                                                              \
    case BPF_ALU | BPF_K | OP: {                                                                   \
        uint32_t a = (uint32_t)reg[DST], b = (uint32_t)IMM;                                        \
        reg[DST] = (uint32_t)(E);                                                                  \
        break;                                                                                     \
    }                                                                                              \
    case BPF_ALU | BPF_X | OP: {                                                                   \
        uint32_t a = (uint32_t)reg[DST], b = (uint32_t)reg[SRC];                                   \
        reg[DST] = (uint32_t)(E);                                                                  \
        break;                                                                                     \
    }

/* The four forms of a conditional jump: 64-bit values as T64, 32-bit ones as T32. */
#define JCC(OP, CMP, T64, T32)                                                                     \
    case BPF_JMP | BPF_K | OP:                                                                     \
        if ((T64)reg[DST] CMP(T64)(int64_t) IMM)                                                   \
            pc += OFF;                                                                             \
        break;                                                                                     \
    case BPF_JMP | BPF_X | OP:                                                                     \
        if ((T64)reg[DST] CMP(T64) reg[SRC])                                                       \
            pc += OFF;                                                                             \
        break;                                                                                     \
    case BPF_JMP32 | BPF_K | OP:                                                                   \
        if ((T32)(uint32_t)reg[DST] CMP(T32)(uint32_t) IMM)                                        \
            pc += OFF;                                                                             \
        break;                                                                                     \
    case BPF_JMP32 | BPF_X | OP:                                                                   \
        if ((T32)(uint32_t)reg[DST] CMP(T32)(uint32_t) reg[SRC])                                   \
            pc += OFF;                                                                             \
        break;

#define FAIL(...)                                                                                  \
    do {                                                                                           \
        ret = hu_errf(err, errlen, -EINVAL, __VA_ARGS__);                                          \
        goto out;                                                                                  \
    } while (0)

struct frame {
    uint32_t ret_pc;
    uint64_t saved[4]; /* r6-r9 */
};

/* The interpreter loop. `verified` (a constant in each caller, so each gets its own copy): the
 * program passed hu_verify, whose static bound on executed instructions replaces the step budget
 * and whose ban on reading uninitialised stack makes zeroing the frames unnecessary. */
static inline __attribute__((always_inline)) int interp(const struct hu_prog *p, uint64_t r1,
                                                        uint64_t r2, const struct hu_helpers *h,
                                                        uint64_t max_steps, uint64_t *steps,
                                                        uint64_t *r0, char *err, size_t errlen,
                                                        const bool verified)
{
    _Alignas(16) uint8_t stack[HU_INTERP_MAX_FRAMES][HU_STACK_SIZE];
    struct frame frames[HU_INTERP_MAX_FRAMES];
    uint64_t reg[16] = {0};
    const struct hu_insn *insns = p->insns;
    const uint32_t n = p->n_insns;
    const uint64_t limit = max_steps ? max_steps : UINT64_MAX;
    uint64_t budget = limit;
    uint32_t pc = p->entry, depth = 0;
    int ret = 0;

    /* The verifier forbids reading uninitialised stack; for other programs zeroing keeps host
     * data out regardless. */
    if (!verified)
        memset(stack[0], 0, HU_STACK_SIZE);
    reg[1] = r1;
    reg[2] = r2;
    reg[10] = (uint64_t)(uintptr_t)(stack[0] + HU_STACK_SIZE);

    for (;;) {
        if (pc >= n)
            FAIL("pc %u outside the program (%u instructions)", pc, n);
        if (!verified) {
            if (budget == 0)
                FAIL("insn %u: step budget of %llu instructions exhausted", pc,
                     (unsigned long long)limit);
            budget--;
        }
        uint64_t raw;
        memcpy(&raw, &insns[pc++], sizeof(raw));
        switch (CODE) {
            ALU(BPF_ADD, a + b)
            ALU(BPF_SUB, a - b)
            ALU(BPF_MUL, a * b)
            ALU(BPF_OR, a | b)
            ALU(BPF_AND, a & b)
            ALU(BPF_XOR, a ^ b)
            ALU(BPF_LSH, a << (b & (sizeof(a) * 8 - 1)))
            ALU(BPF_RSH, a >> (b & (sizeof(a) * 8 - 1)))
            ALU(BPF_DIV, sizeof(a) == 8 ? div64(a, b, OFF == 1) : div32(a, b, OFF == 1))
            ALU(BPF_MOD, sizeof(a) == 8 ? mod64(a, b, OFF == 1) : mod32(a, b, OFF == 1))

        case BPF_ALU64 | BPF_K | BPF_ARSH:
            reg[DST] = (uint64_t)((int64_t)reg[DST] >> (IMM & 63));
            break;
        case BPF_ALU64 | BPF_X | BPF_ARSH:
            reg[DST] = (uint64_t)((int64_t)reg[DST] >> (reg[SRC] & 63));
            break;
        case BPF_ALU | BPF_K | BPF_ARSH:
            reg[DST] = (uint32_t)((int32_t)reg[DST] >> (IMM & 31));
            break;
        case BPF_ALU | BPF_X | BPF_ARSH:
            reg[DST] = (uint32_t)((int32_t)reg[DST] >> (reg[SRC] & 31));
            break;
        case BPF_ALU64 | BPF_K | BPF_NEG:
            reg[DST] = 0 - reg[DST];
            break;
        case BPF_ALU | BPF_K | BPF_NEG:
            reg[DST] = (uint32_t)(0 - (uint32_t)reg[DST]);
            break;
        case BPF_ALU64 | BPF_K | BPF_MOV:
            reg[DST] = (uint64_t)(int64_t)IMM;
            break;
        case BPF_ALU64 | BPF_X | BPF_MOV:
            reg[DST] = sext(reg[SRC], OFF);
            break;
        case BPF_ALU | BPF_K | BPF_MOV:
            reg[DST] = (uint32_t)IMM;
            break;
        case BPF_ALU | BPF_X | BPF_MOV:
            reg[DST] = (uint32_t)sext(reg[SRC], OFF);
            break;
        case BPF_ALU | BPF_TO_LE | BPF_END:
        case BPF_ALU | BPF_TO_BE | BPF_END:
        case BPF_ALU64 | BPF_K | BPF_END: /* unconditional swap */
            if (byteswap(&reg[DST], IMM, CODE != (BPF_ALU | BPF_TO_LE | BPF_END)))
                FAIL("insn %u: byte swap width %d", pc - 1, IMM);
            break;

        case BPF_LD | BPF_DW | BPF_IMM:
            if (SRC != 0)
                FAIL("insn %u: unresolved ld_imm64 (src=%u)", pc - 1, SRC);
            if (pc >= n)
                FAIL("insn %u: ld_imm64 without its second slot", pc - 1);
            reg[DST] = (uint64_t)(uint32_t)IMM | (uint64_t)(uint32_t)insns[pc].imm << 32;
            pc++;
            break;

        case BPF_LDX | BPF_MEM | BPF_B:
            reg[DST] = ld8(reg[SRC] + OFF);
            break;
        case BPF_LDX | BPF_MEM | BPF_H:
            reg[DST] = ld16(reg[SRC] + OFF);
            break;
        case BPF_LDX | BPF_MEM | BPF_W:
            reg[DST] = ld32(reg[SRC] + OFF);
            break;
        case BPF_LDX | BPF_MEM | BPF_DW:
            reg[DST] = ld64(reg[SRC] + OFF);
            break;
        case BPF_LDX | BPF_MEMSX | BPF_B:
            reg[DST] = sext(ld8(reg[SRC] + OFF), 8);
            break;
        case BPF_LDX | BPF_MEMSX | BPF_H:
            reg[DST] = sext(ld16(reg[SRC] + OFF), 16);
            break;
        case BPF_LDX | BPF_MEMSX | BPF_W:
            reg[DST] = sext(ld32(reg[SRC] + OFF), 32);
            break;
        case BPF_ST | BPF_MEM | BPF_B:
            st8(reg[DST] + OFF, (uint64_t)(int64_t)IMM);
            break;
        case BPF_ST | BPF_MEM | BPF_H:
            st16(reg[DST] + OFF, (uint64_t)(int64_t)IMM);
            break;
        case BPF_ST | BPF_MEM | BPF_W:
            st32(reg[DST] + OFF, (uint64_t)(int64_t)IMM);
            break;
        case BPF_ST | BPF_MEM | BPF_DW:
            st64(reg[DST] + OFF, (uint64_t)(int64_t)IMM);
            break;
        case BPF_STX | BPF_MEM | BPF_B:
            st8(reg[DST] + OFF, reg[SRC]);
            break;
        case BPF_STX | BPF_MEM | BPF_H:
            st16(reg[DST] + OFF, reg[SRC]);
            break;
        case BPF_STX | BPF_MEM | BPF_W:
            st32(reg[DST] + OFF, reg[SRC]);
            break;
        case BPF_STX | BPF_MEM | BPF_DW:
            st64(reg[DST] + OFF, reg[SRC]);
            break;
        case BPF_STX | BPF_ATOMIC | BPF_W:
        case BPF_STX | BPF_ATOMIC | BPF_DW:
            if (atomic_op(reg[DST] + OFF, CODE == (BPF_STX | BPF_ATOMIC | BPF_DW), IMM, &reg[SRC],
                          &reg[0]))
                FAIL("insn %u: unknown atomic operation %#x", pc - 1, IMM);
            break;

        case BPF_JMP | BPF_JA:
            pc += OFF;
            break;
        case BPF_JMP32 | BPF_JA: /* gotol: the offset is the 32-bit immediate */
            pc += IMM;
            break;
            JCC(BPF_JEQ, ==, uint64_t, uint32_t)
            JCC(BPF_JNE, !=, uint64_t, uint32_t)
            JCC(BPF_JGT, >, uint64_t, uint32_t)
            JCC(BPF_JGE, >=, uint64_t, uint32_t)
            JCC(BPF_JLT, <, uint64_t, uint32_t)
            JCC(BPF_JLE, <=, uint64_t, uint32_t)
            JCC(BPF_JSGT, >, int64_t, int32_t)
            JCC(BPF_JSGE, >=, int64_t, int32_t)
            JCC(BPF_JSLT, <, int64_t, int32_t)
            JCC(BPF_JSLE, <=, int64_t, int32_t)
            JCC(BPF_JSET, &, uint64_t, uint32_t)

        case BPF_JMP | BPF_K | BPF_CALL:
        case BPF_JMP | BPF_X | BPF_CALL: {
            if (CODE == (BPF_JMP | BPF_K | BPF_CALL) && SRC == 1) {
                if (depth + 1 >= HU_INTERP_MAX_FRAMES)
                    FAIL("insn %u: BPF-to-BPF calls nested deeper than %d frames", pc - 1,
                         HU_INTERP_MAX_FRAMES);
                frames[depth].ret_pc = pc;
                memcpy(frames[depth].saved, &reg[6], sizeof(frames[depth].saved));
                depth++;
                if (!verified)
                    memset(stack[depth], 0, HU_STACK_SIZE);
                reg[10] = (uint64_t)(uintptr_t)(stack[depth] + HU_STACK_SIZE);
                pc += IMM;
                break;
            }
            /* callx (register form) names the helper in dst, as LLVM encodes it. */
            uint64_t id = CODE == (BPF_JMP | BPF_X | BPF_CALL) ? reg[DST] : (uint32_t)IMM;
            if ((CODE == (BPF_JMP | BPF_K | BPF_CALL) && SRC != 0) || !h ||
                id >= sizeof(h->fn) / sizeof(h->fn[0]) || !h->fn[id])
                FAIL("insn %u: call to unknown helper %llu", pc - 1, (unsigned long long)id);
            reg[0] = h->fn[id](h->cookie, reg[1], reg[2], reg[3], reg[4], reg[5]);
            break;
        }
        case BPF_JMP | BPF_EXIT:
            if (depth == 0) {
                *r0 = reg[0];
                goto out;
            }
            depth--;
            pc = frames[depth].ret_pc;
            memcpy(&reg[6], frames[depth].saved, sizeof(frames[depth].saved));
            reg[10] = (uint64_t)(uintptr_t)(stack[depth] + HU_STACK_SIZE);
            break;

        default:
            FAIL("insn %u: unknown opcode %#04x", pc - 1, CODE);
        }
    }
out:
    if (steps)
        *steps = limit - budget;
    return ret;
}

int hu_interp_exec(const struct hu_prog *p, uint64_t r1, uint64_t r2, const struct hu_helpers *h,
                   uint64_t max_steps, uint64_t *steps, uint64_t *r0, char *err, size_t errlen)
{
    return interp(p, r1, r2, h, max_steps, steps, r0, err, errlen, false);
}

int hu_interp_run_verified(const struct hu_prog *p, uint64_t r1, uint64_t r2,
                           const struct hu_helpers *h, uint64_t *r0, char *err, size_t errlen)
{
    return interp(p, r1, r2, h, 0, NULL, r0, err, errlen, true);
}

int hu_interp_run(const struct hu_prog *p, uint64_t r1, uint64_t r2, const struct hu_helpers *h,
                  uint64_t *r0, char *err, size_t errlen)
{
    return hu_interp_exec(p, r1, r2, h, HU_INTERP_DEFAULT_MAX_STEPS, NULL, r0, err, errlen);
}
