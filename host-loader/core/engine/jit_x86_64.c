/* SPDX-License-Identifier: MIT */
/* x86-64 JIT for verified BPF programs (RFC 9669 semantics, the interpreter's).
 *
 * The program's structure (functions, jump targets, call depth) is the verifier's: a verified
 * program comes with its struct hu_verify_shape, and the JIT decides none of it again. One pass
 * emits code instruction by instruction and puts every jump and call on a patch list; the patch
 * pass resolves them once all addresses are known.
 * The code is written to RW memory and then made read-execute, never writable and executable.
 * docs/jit.md has the register map, the frame layout and the calling convention. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS under -std=c11 */

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>

#include <hupcall/abi.h>

#include "jit.h"
#include "opcodes.h"

enum x86_reg { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15 };

/* BPF r0-r10 onto x86. r6-r9 and the frame pointer r10 sit in callee-saved registers, so helper
 * calls keep them; r1 and r2 arrive where the SysV ABI passes the first two arguments. RCX (shift
 * counts), R10 and R11 are scratch; R12 points at the run block for the whole run. */
static const uint8_t reg_map[BPF_NREGS] = {RAX, RDI, RSI, RDX, R9, R8, RBX, R13, R14, R15, RBP};
#define RUN_REG R12

/* The run block the prologue keeps on the native stack at RUN_REG when helpers may be called. */
#define RUN_COOKIE 0 /* void *: the helpers' cookie */
#define RUN_BLOCK 8
#define N_HELPERS 16 /* entries of struct hu_helpers' fn */

/* x86 condition codes (the low nibble of Jcc). */
enum { CC_B = 0x2, CC_AE = 0x3, CC_E = 0x4, CC_NE = 0x5, CC_BE = 0x6, CC_A = 0x7 };
enum { CC_L = 0xc, CC_GE = 0xd, CC_LE = 0xe, CC_G = 0xf };

/* Worst-case bytes one BPF instruction expands to (the helper call and divisions are longest). */
#define MAX_INSN_BYTES 128

struct jit_patch {
    size_t at;     /* offset of the rel32 to fill */
    uint32_t from; /* BPF instruction that jumps or calls */
    uint32_t to;   /* its target */
    bool call;
};

struct jit_state {
    const struct hu_prog *p;
    const struct hu_verify_shape *shape; /* the verifier's, or NULL for a trusted test program */
    const struct hu_helpers *h;
    uint8_t *code;
    size_t len, cap;
    size_t *addr; /* native offset of each BPF instruction */
    struct jit_patch *patches;
    uint32_t n_patches;
    bool has_callx;       /* then the code holds the helper table at table_at */
    bool has_helper_call; /* call imm or callx: the run block and RUN_REG are needed */
    bool has_local_call;  /* BPF-to-BPF calls move rbp */
    uint16_t named;       /* bit r: BPF register r is named by some instruction */
    size_t table_at;
    size_t fault_at; /* the stub that ends a faulting run */
    bool overflow;   /* a write outside the code buffer or a short jump out of range: fails */
    bool fixed;      /* the code buffer is the caller's (hu_jit_emit_into): it never grows */
    bool blind;      /* guest constants are blinded (HU_JIT_NO_BLINDING clears it) */
    uint64_t rng;    /* the blinding keys' stream, seeded by getrandom() */
    char *err;
    size_t errlen;
};

static int fail(struct jit_state *s, int64_t insn, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(struct jit_state *s, int64_t insn, const char *fmt, ...)
{
    va_list ap;
    int n = 0;

    if (!s->errlen)
        return -EINVAL;
    if (insn >= 0)
        n = snprintf(s->err, s->errlen, "jit: insn %lld: ", (long long)insn);
    else
        n = snprintf(s->err, s->errlen, "jit: ");
    if (n >= 0 && (size_t)n < s->errlen) {
        va_start(ap, fmt);
        vsnprintf(s->err + n, s->errlen - n, fmt, ap);
        va_end(ap);
    }
    return -EINVAL;
}

/* ---- x86-64 encoding ---------------------------------------------------------------------- */

/* Every byte reaches the code buffer here or in write_at(): a write past its end is dropped and
 * fails the compile (emit_program checks `overflow`), whatever an emitter's size estimate said. */
static void emit1(struct jit_state *s, uint8_t x)
{
    if (s->len >= s->cap) {
        s->overflow = true;
        return;
    }
    s->code[s->len++] = x;
}

/* Overwrites `n` bytes already emitted at `at` (rel8 and rel32 fix-ups). */
static void write_at(struct jit_state *s, size_t at, const void *v, size_t n)
{
    if (at > s->len || n > s->len - at) {
        s->overflow = true;
        return;
    }
    memcpy(s->code + at, v, n);
}

static void emit4(struct jit_state *s, uint32_t x)
{
    for (int i = 0; i < 4; i++)
        emit1(s, (uint8_t)(x >> (8 * i)));
}

static void emit8(struct jit_state *s, uint64_t x)
{
    emit4(s, (uint32_t)x);
    emit4(s, (uint32_t)(x >> 32));
}

/* REX for ModRM reg `r` and rm/base `b`; `force` selects spl..dil for byte registers 4-7. */
static void emit_rex(struct jit_state *s, bool w, int r, int b, bool force)
{
    uint8_t rex = 0x40 | (w << 3) | ((r >> 3) << 2) | (b >> 3);

    if (rex != 0x40 || force)
        emit1(s, rex);
}

static void emit_modrm(struct jit_state *s, int mod, int reg, int rm)
{
    emit1(s, (uint8_t)((mod << 6) | ((reg & 7) << 3) | (rm & 7)));
}

/* ModRM (and SIB) for [base + disp]; always with a displacement so rbp/r13 need no special case. */
static void emit_mem(struct jit_state *s, int reg, int base, int32_t disp)
{
    bool d8 = disp >= -128 && disp <= 127;

    emit_modrm(s, d8 ? 1 : 2, reg, base);
    if ((base & 7) == RSP)
        emit1(s, 0x24); /* SIB: base only, no index */
    if (d8)
        emit1(s, (uint8_t)disp);
    else
        emit4(s, (uint32_t)disp);
}

/* `op r/m, reg` with both operands registers, e.g. add/or/and/sub/xor/cmp/test/mov. */
static void emit_rr(struct jit_state *s, uint8_t op, bool w, int rm, int reg)
{
    emit_rex(s, w, reg, rm, false);
    emit1(s, op);
    emit_modrm(s, 3, reg, rm);
}

/* `op /ext r/m` on a register, e.g. neg, div, shifts, group-1 with an immediate. */
static void emit_ext(struct jit_state *s, uint8_t op, int ext, bool w, int rm)
{
    emit_rex(s, w, 0, rm, false);
    emit1(s, op);
    emit_modrm(s, 3, ext, rm);
}

/* Two-byte opcode 0F `op` with reg = dst, rm = src register (imul, movzx, movsx). */
static void emit_0f_rr(struct jit_state *s, uint8_t op, bool w, int dst, int src, bool byte_src)
{
    emit_rex(s, w, dst, src, byte_src && src >= 4);
    emit1(s, 0x0f);
    emit1(s, op);
    emit_modrm(s, 3, dst, src);
}

static bool fits_s8(int64_t v)
{
    return v >= -128 && v <= 127;
}

/* Group-1 ALU with an immediate: ext 0 add, 1 or, 4 and, 5 sub, 6 xor, 7 cmp. */
static void emit_alu_imm(struct jit_state *s, int ext, bool w, int dst, int32_t imm)
{
    if (fits_s8(imm)) {
        emit_ext(s, 0x83, ext, w, dst);
        emit1(s, (uint8_t)imm);
    } else {
        emit_ext(s, 0x81, ext, w, dst);
        emit4(s, (uint32_t)imm);
    }
}

static void emit_mov(struct jit_state *s, bool w, int dst, int src)
{
    emit_rr(s, 0x89, w, dst, src);
}

static void emit_zero(struct jit_state *s, int dst)
{
    emit_rr(s, 0x31, false, dst, dst); /* xor r32, r32 clears all 64 bits */
}

/* dst = imm64 in the shortest form: mov r32 zero-extends, mov r/m64 imm32 sign-extends. */
static void emit_load_imm(struct jit_state *s, int dst, uint64_t imm)
{
    if (imm == 0) {
        emit_zero(s, dst);
    } else if (imm <= UINT32_MAX) {
        emit_rex(s, false, 0, dst, false);
        emit1(s, (uint8_t)(0xb8 + (dst & 7)));
        emit4(s, (uint32_t)imm);
    } else if ((int64_t)imm >= INT32_MIN && (int64_t)imm < 0) {
        emit_ext(s, 0xc7, 0, true, dst);
        emit4(s, (uint32_t)imm);
    } else {
        emit_rex(s, true, 0, dst, false);
        emit1(s, (uint8_t)(0xb8 + (dst & 7)));
        emit8(s, imm);
    }
}

/* The next blinding key: splitmix64 over the compile's random seed, never 0. */
static uint32_t blind_key(struct jit_state *s)
{
    uint64_t z;

    do {
        z = (s->rng += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        z ^= z >> 31;
    } while ((uint32_t)z == 0);
    return (uint32_t)z;
}

/* dst = a guest-chosen 32-bit constant, sign-extended (w) or zero-extended. Blinded, as Linux's
 * bpf_jit_harden does, the code holds imm ^ key and key, never imm: a guest cannot plant
 * instruction bytes (a `syscall; ret`) in executable memory through its immediates. */
static void emit_guest_imm(struct jit_state *s, int dst, int32_t imm, bool w)
{
    uint32_t key;

    if (!s->blind || imm == 0) {
        emit_load_imm(s, dst, w ? (uint64_t)(int64_t)imm : (uint32_t)imm);
        return;
    }
    key = blind_key(s);
    if (w) {
        emit_ext(s, 0xc7, 0, true, dst); /* mov r64, simm32 */
    } else {
        emit_rex(s, false, 0, dst, false);
        emit1(s, (uint8_t)(0xb8 + (dst & 7))); /* mov r32, imm32 */
    }
    emit4(s, (uint32_t)imm ^ key);
    emit_ext(s, 0x81, 6, w, dst); /* xor with the key, extended the same way */
    emit4(s, key);
}

/* dst = a guest-chosen 64-bit constant (ld_imm64: guest symbols are guest-chosen too). */
static void emit_guest_imm64(struct jit_state *s, int dst, uint64_t v)
{
    uint64_t key;

    if (v <= UINT32_MAX || (int64_t)v == (int32_t)v) {
        emit_guest_imm(s, dst, (int32_t)(uint32_t)v, v > UINT32_MAX);
        return;
    }
    if (!s->blind) {
        emit_load_imm(s, dst, v);
        return;
    }
    key = (uint64_t)blind_key(s) << 32 | blind_key(s);
    emit_load_imm(s, dst, v ^ key);
    emit_load_imm(s, R11, key);
    emit_rr(s, 0x31, true, dst, R11);
}

static void emit_push(struct jit_state *s, int r)
{
    emit_rex(s, false, 0, r, false);
    emit1(s, (uint8_t)(0x50 + (r & 7)));
}

static void emit_pop(struct jit_state *s, int r)
{
    emit_rex(s, false, 0, r, false);
    emit1(s, (uint8_t)(0x58 + (r & 7)));
}

/* A short forward or backward jump inside one instruction's expansion; returns the rel8 offset. */
static size_t emit_jcc8(struct jit_state *s, int cc)
{
    emit1(s, (uint8_t)(0x70 + cc));
    emit1(s, 0);
    return s->len - 1;
}

static size_t emit_jmp8(struct jit_state *s)
{
    emit1(s, 0xeb);
    emit1(s, 0);
    return s->len - 1;
}

/* Points the rel8 at `at` to the current position. */
static void land8(struct jit_state *s, size_t at)
{
    uint8_t rel = (uint8_t)(s->len - (at + 1));

    if (s->len - (at + 1) > 127)
        s->overflow = true;
    write_at(s, at, &rel, 1);
}

/* A jump, conditional jump (cc >= 0) or call to BPF instruction `to`, resolved by patch(). */
static void emit_branch(struct jit_state *s, uint8_t op, int cc, uint32_t from, uint32_t to,
                        bool call)
{
    if (cc >= 0) {
        emit1(s, 0x0f);
        emit1(s, (uint8_t)(0x80 + cc));
    } else {
        emit1(s, op);
    }
    s->patches[s->n_patches++] = (struct jit_patch){s->len, from, to, call};
    emit4(s, 0);
}

/* ---- BPF instructions ----------------------------------------------------------------------- */

static int bpf_reg(struct jit_state *s, uint32_t i, unsigned r)
{
    if (r >= BPF_NREGS)
        return fail(s, i, "register r%u does not exist", r);
    return reg_map[r];
}

/* dst op= src (or imm) for one of the shift ops; x86 masks the count exactly as the ISA does. */
static void emit_shift(struct jit_state *s, int ext, bool w, bool x, int dst, int src, int32_t imm)
{
    int32_t count = imm & (w ? 63 : 31);

    if (!x && s->blind && count) {
        emit_guest_imm(s, RCX, count, false);
        emit_ext(s, 0xd3, ext, w, dst);
    } else if (x) {
        emit_mov(s, false, RCX, src);
        emit_ext(s, 0xd3, ext, w, dst);
    } else {
        emit_ext(s, 0xc1, ext, w, dst);
        emit1(s, (uint8_t)count);
    }
}

/* Division and modulo with the ISA's results where x86 would fault: by zero the quotient is 0 and
 * the remainder the dividend; signed INT_MIN / -1 is INT_MIN (negation) with remainder 0. div and
 * idiv use rax:rdx (BPF r0 and r3), so those are saved in R10 and RCX around the operation. */
static void emit_divmod(struct jit_state *s, bool w, bool x, int dst, int src, int32_t imm,
                        bool mod, bool sgn)
{
    size_t to_zero = 0, to_neg = 0, to_done[2];

    if (!x && imm == 0) {
        if (!mod)
            emit_zero(s, dst);
        else if (!w)
            emit_mov(s, false, dst, dst);
        return;
    }
    if (!x && sgn && imm == -1) {
        if (mod)
            emit_zero(s, dst);
        else
            emit_ext(s, 0xf7, 3, w, dst);
        return;
    }
    emit_mov(s, true, R10, RAX);
    emit_mov(s, true, RCX, RDX);
    if (x)
        emit_mov(s, w, R11, src);
    else
        emit_guest_imm(s, R11, imm, w);
    if (dst != RAX)
        emit_mov(s, true, RAX, dst);
    if (x) {
        emit_rr(s, 0x85, w, R11, R11);
        to_zero = emit_jcc8(s, CC_E);
        if (sgn) {
            emit_alu_imm(s, 7, w, R11, -1);
            to_neg = emit_jcc8(s, CC_E);
        }
    }
    if (sgn) {
        if (w)
            emit1(s, 0x48);
        emit1(s, 0x99); /* cqo / cdq */
    } else {
        emit_zero(s, RDX);
    }
    emit_ext(s, 0xf7, sgn ? 7 : 6, w, R11);
    emit_mov(s, w, R11, mod ? RDX : RAX);
    if (x) {
        to_done[0] = emit_jmp8(s);
        land8(s, to_zero);
        if (mod)
            emit_mov(s, w, R11, RAX);
        else
            emit_zero(s, R11);
        if (sgn) {
            to_done[1] = emit_jmp8(s);
            land8(s, to_neg);
            if (mod) {
                emit_zero(s, R11);
            } else {
                emit_mov(s, w, R11, RAX);
                emit_ext(s, 0xf7, 3, w, R11);
            }
            land8(s, to_done[1]);
        }
        land8(s, to_done[0]);
    }
    emit_mov(s, true, RAX, R10);
    emit_mov(s, true, RDX, RCX);
    emit_mov(s, true, dst, R11);
}

/* le (to little endian: truncate on x86), be and bswap (byte swap) over 16, 32 or 64 bits. */
static int emit_end(struct jit_state *s, uint32_t i, int dst, int32_t width, bool swap)
{
    if (width != 16 && width != 32 && width != 64)
        return fail(s, i, "byte swap width %d is not 16, 32 or 64", width);
    if (swap && width == 16) {
        emit1(s, 0x66);
        emit_ext(s, 0xc1, 0, false, dst);
        emit1(s, 8); /* rol r16, 8 */
    } else if (swap) {
        emit_rex(s, width == 64, 0, dst, false);
        emit1(s, 0x0f);
        emit1(s, (uint8_t)(0xc8 + (dst & 7)));
        return 0;
    }
    if (width == 16)
        emit_0f_rr(s, 0xb7, false, dst, dst, false); /* movzx r32, r16 */
    else if (width == 32)
        emit_mov(s, false, dst, dst);
    return 0;
}

/* mov and movsx (off 8, 16, 32 sign-extends the source's low bits). */
static int emit_mov_op(struct jit_state *s, uint32_t i, const struct hu_insn *in, bool w, int dst,
                       int src)
{
    bool x = in->code & BPF_X;

    if (!x) {
        if (in->off)
            return fail(s, i, "mov with an immediate has offset %d", in->off);
        emit_guest_imm(s, dst, in->imm, w);
        return 0;
    }
    switch (in->off) {
    case 0:
        if (!w || dst != src)
            emit_mov(s, w, dst, src);
        return 0;
    case 8:
        emit_0f_rr(s, 0xbe, w, dst, src, true);
        return 0;
    case 16:
        emit_0f_rr(s, 0xbf, w, dst, src, false);
        return 0;
    case 32:
        if (!w)
            break;
        emit_rex(s, true, dst, src, false);
        emit1(s, 0x63); /* movsxd r64, r/m32 */
        emit_modrm(s, 3, dst, src);
        return 0;
    }
    return fail(s, i, "movsx with offset %d", in->off);
}

static int emit_alu(struct jit_state *s, uint32_t i, const struct hu_insn *in)
{
    static const struct {
        uint8_t rr;  /* `op r/m, r` opcode */
        uint8_t ext; /* group-1 /ext for the immediate form */
    } simple[16] = {
        [BPF_ADD >> 4] = {0x01, 0}, [BPF_SUB >> 4] = {0x29, 5}, [BPF_OR >> 4] = {0x09, 1},
        [BPF_AND >> 4] = {0x21, 4}, [BPF_XOR >> 4] = {0x31, 6},
    };
    bool w = BPF_CLASS(in->code) == BPF_ALU64, x = in->code & BPF_X;
    uint8_t op = BPF_OP(in->code);
    int dst = bpf_reg(s, i, in->dst), src = bpf_reg(s, i, in->src);

    if (dst < 0 || src < 0)
        return -EINVAL;
    if (in->dst == 10)
        return fail(s, i, "writes r10, the read-only frame pointer");
    if (in->off && op != BPF_MOV && op != BPF_DIV && op != BPF_MOD)
        return fail(s, i, "ALU operation 0x%02x has offset %d", in->code, in->off);
    switch (op) {
    case BPF_ADD:
    case BPF_SUB:
    case BPF_OR:
    case BPF_AND:
    case BPF_XOR:
        if (!x && s->blind && in->imm) {
            emit_guest_imm(s, R11, in->imm, w);
            src = R11;
            x = true;
        }
        if (x)
            emit_rr(s, simple[op >> 4].rr, w, dst, src);
        else
            emit_alu_imm(s, simple[op >> 4].ext, w, dst, in->imm);
        return 0;
    case BPF_MUL:
        if (!x && s->blind && in->imm) {
            emit_guest_imm(s, R11, in->imm, w);
            src = R11;
            x = true;
        }
        if (x) {
            emit_0f_rr(s, 0xaf, w, dst, src, false);
        } else {
            emit_rex(s, w, dst, dst, false);
            emit1(s, 0x69); /* imul r, r/m, imm32 */
            emit_modrm(s, 3, dst, dst);
            emit4(s, (uint32_t)in->imm);
        }
        return 0;
    case BPF_LSH:
        emit_shift(s, 4, w, x, dst, src, in->imm);
        return 0;
    case BPF_RSH:
        emit_shift(s, 5, w, x, dst, src, in->imm);
        return 0;
    case BPF_ARSH:
        emit_shift(s, 7, w, x, dst, src, in->imm);
        return 0;
    case BPF_NEG:
        if (x)
            return fail(s, i, "neg with a register source");
        emit_ext(s, 0xf7, 3, w, dst);
        return 0;
    case BPF_DIV:
    case BPF_MOD:
        if (in->off != 0 && in->off != 1)
            return fail(s, i, "div/mod with offset %d (0 unsigned, 1 signed)", in->off);
        emit_divmod(s, w, x, dst, src, in->imm, op == BPF_MOD, in->off == 1);
        return 0;
    case BPF_MOV:
        return emit_mov_op(s, i, in, w, dst, src);
    case BPF_END:
        if (w && x)
            return fail(s, i, "bswap with the to-big-endian bit set");
        return emit_end(s, i, dst, in->imm, w || x);
    }
    return fail(s, i, "unknown ALU opcode 0x%02x", in->code);
}

/* ModRM, SIB and displacement for [base + index + disp] (index is never rsp). */
static void emit_mem_index(struct jit_state *s, int reg, int base, int index, int32_t disp)
{
    bool d8 = fits_s8(disp);

    emit_modrm(s, d8 ? 1 : 2, reg, RSP); /* rm = rsp: a SIB follows */
    emit1(s, (uint8_t)(((index & 7) << 3) | (base & 7)));
    if (d8)
        emit1(s, (uint8_t)disp);
    else
        emit4(s, (uint32_t)disp);
}

/* Loads and sign-extending loads from [base + off], or [base + index + off] when index >= 0:
 * movzx/mov zero-extend, movsx/movsxd sign-extend. */
static int emit_load(struct jit_state *s, uint32_t i, const struct hu_insn *in, int base, int index)
{
    int dst = bpf_reg(s, i, in->dst);
    bool sx = BPF_MODE(in->code) == BPF_MEMSX, w = sx || BPF_SIZE(in->code) == BPF_DW;
    bool narrow = BPF_SIZE(in->code) == BPF_B || BPF_SIZE(in->code) == BPF_H;

    if (dst < 0 || base < 0)
        return -EINVAL;
    if (in->dst == 10)
        return fail(s, i, "writes r10, the read-only frame pointer");
    if (sx && BPF_SIZE(in->code) == BPF_DW)
        return fail(s, i, "sign-extending 64-bit load");
    if (index < 0) {
        emit_rex(s, w, dst, base, false);
    } else {
        uint8_t rex =
            (uint8_t)(0x40 | (w << 3) | ((dst >> 3) << 2) | ((index >> 3) << 1) | (base >> 3));
        if (rex != 0x40)
            emit1(s, rex);
    }
    if (narrow) {
        emit1(s, 0x0f);
        emit1(s, (uint8_t)((sx ? 0xbe : 0xb6) + (BPF_SIZE(in->code) == BPF_H)));
    } else {
        emit1(s, sx ? 0x63 : 0x8b);
    }
    if (index < 0)
        emit_mem(s, dst, base, in->off);
    else
        emit_mem_index(s, dst, base, index, in->off);
    return 0;
}

/* The guest access the compiler emits, `rX &= rM; rX += rH; rX = *(rX + off)` (mask, add the
 * window's hva, load), when neither of the last two is a jump target: one `and` and one load from
 * [rH + rX + off]. rX's sum is overwritten by the load, so nothing else sees it. Verified programs
 * only (the shape says where jumps land). */
static bool fusable_access(const struct jit_state *s, uint32_t i)
{
    const struct hu_insn *in = &s->p->insns[i];

    if (!s->shape || i + 2 >= s->p->n_insns ||
        ((s->shape->insn[i + 1] | s->shape->insn[i + 2]) & HU_SHAPE_JUMP_TARGET))
        return false;
    return in[0].code == (BPF_ALU64 | BPF_AND | BPF_X) && in[0].dst < BPF_FP &&
           in[0].src < BPF_NREGS && in[1].code == (BPF_ALU64 | BPF_ADD | BPF_X) &&
           in[1].dst == in[0].dst && in[1].src != in[0].dst && in[1].src < BPF_NREGS &&
           in[1].off == 0 && in[0].off == 0 && BPF_CLASS(in[2].code) == BPF_LDX &&
           (BPF_MODE(in[2].code) == BPF_MEM || BPF_MODE(in[2].code) == BPF_MEMSX) &&
           in[2].src == in[0].dst && in[2].dst == in[0].dst;
}

static int emit_insn(struct jit_state *s, uint32_t i);

/* Emits the access fusable_access() found at i (its three instructions). */
static int emit_fused_access(struct jit_state *s, uint32_t i)
{
    const struct hu_insn *in = &s->p->insns[i];
    int x = reg_map[in[0].dst];
    int err = emit_insn(s, i); /* the and */

    if (err)
        return err;
    s->addr[i + 1] = s->addr[i + 2] = s->len;
    return emit_load(s, i + 2, &in[2], reg_map[in[1].src], x);
}

/* Stores of a register (STX) or an immediate (ST) of 1, 2, 4 or 8 bytes. */
static int emit_store(struct jit_state *s, uint32_t i, const struct hu_insn *in)
{
    int base = bpf_reg(s, i, in->dst), src = bpf_reg(s, i, in->src);
    bool imm = BPF_CLASS(in->code) == BPF_ST;
    unsigned size = BPF_SIZE(in->code);

    if (base < 0 || src < 0)
        return -EINVAL;
    if (imm && s->blind && in->imm) {
        emit_guest_imm(s, R11, in->imm, true);
        src = R11;
        imm = false;
    }
    if (size == BPF_H)
        emit1(s, 0x66);
    if (imm) {
        emit_rex(s, size == BPF_DW, 0, base, false);
        emit1(s, size == BPF_B ? 0xc6 : 0xc7);
        emit_mem(s, 0, base, in->off);
        if (size == BPF_B)
            emit1(s, (uint8_t)in->imm);
        else if (size == BPF_H)
            emit1(s, (uint8_t)in->imm), emit1(s, (uint8_t)(in->imm >> 8));
        else
            emit4(s, (uint32_t)in->imm);
    } else {
        emit_rex(s, size == BPF_DW, src, base, size == BPF_B && src >= 4);
        emit1(s, size == BPF_B ? 0x88 : 0x89);
        emit_mem(s, src, base, in->off);
    }
    return 0;
}

/* r11 = base + off rounded down to the operand size. Atomics are naturally aligned by
 * construction: the verifier proves addresses, not alignment, and a misaligned locked operation is
 * a split lock (hundreds of times slower, a SIGBUS on hosts with split_lock_detect=fatal). Each
 * region (window, stack, context) starts 8-byte aligned, so rounding down stays inside it. */
static void emit_atomic_addr(struct jit_state *s, bool w, int base, int16_t off)
{
    emit_rex(s, true, R11, base, false);
    emit1(s, 0x8d); /* lea r11, [base + off] */
    emit_mem(s, R11, base, off);
    emit_alu_imm(s, 4, true, R11, w ? -8 : -4);
}

/* Atomic and/or/xor with fetch on [r11]: x86 has no fetching form, so a lock cmpxchg loop. */
static void emit_fetch_loop(struct jit_state *s, uint8_t rr, bool w, int src)
{
    int val = src == RAX ? R10 : src;
    size_t again;

    emit_mov(s, true, R10, RAX);
    emit_rex(s, w, RAX, R11, false);
    emit1(s, 0x8b);
    emit_mem(s, RAX, R11, 0);
    again = s->len;
    emit_mov(s, w, RCX, RAX);
    emit_rr(s, rr, w, RCX, val);
    emit1(s, 0xf0);
    emit_rex(s, w, RCX, R11, false);
    emit1(s, 0x0f);
    emit1(s, 0xb1);
    emit_mem(s, RCX, R11, 0);
    emit1(s, 0x75); /* jnz again */
    emit1(s, (uint8_t)(again - (s->len + 1)));
    emit_mov(s, w, src, RAX);
    if (src != RAX)
        emit_mov(s, true, RAX, R10);
}

static int emit_atomic(struct jit_state *s, uint32_t i, const struct hu_insn *in)
{
    int base = bpf_reg(s, i, in->dst), src = bpf_reg(s, i, in->src);
    bool w = BPF_SIZE(in->code) == BPF_DW;
    uint8_t rr;

    if (base < 0 || src < 0)
        return -EINVAL;
    if (!w && BPF_SIZE(in->code) != BPF_W)
        return fail(s, i, "atomic operation on %s bytes", BPF_SIZE(in->code) == BPF_B ? "1" : "2");
    if ((in->imm & BPF_FETCH) && in->src == 10)
        return fail(s, i, "atomic fetch writes r10, the read-only frame pointer");
    switch (in->imm & ~BPF_FETCH) {
    case BPF_ADD:
        rr = 0x01;
        break;
    case BPF_OR:
        rr = 0x09;
        break;
    case BPF_AND:
        rr = 0x21;
        break;
    case BPF_XOR:
        rr = 0x31;
        break;
    case BPF_XCHG & ~BPF_FETCH:
    case BPF_CMPXCHG & ~BPF_FETCH:
        if (!(in->imm & BPF_FETCH))
            return fail(s, i, "unknown atomic operation 0x%x", in->imm);
        emit_atomic_addr(s, w, base, in->off);
        if (in->imm == BPF_CMPXCHG)
            emit1(s, 0xf0);
        emit_rex(s, w, src, R11, false);
        if (in->imm == BPF_XCHG) {
            emit1(s, 0x87); /* xchg is locked by itself */
        } else {
            emit1(s, 0x0f);
            emit1(s, 0xb1);
        }
        emit_mem(s, src, R11, 0);
        if (in->imm == BPF_CMPXCHG && !w)
            emit_mov(s, false, RAX, RAX); /* r0 = the old value, zero-extended */
        return 0;
    default:
        return fail(s, i, "unknown atomic operation 0x%x", in->imm);
    }
    emit_atomic_addr(s, w, base, in->off);
    if (!(in->imm & BPF_FETCH)) {
        emit1(s, 0xf0);
        emit_rex(s, w, src, R11, false);
        emit1(s, rr);
        emit_mem(s, src, R11, 0);
    } else if (rr == 0x01) {
        emit1(s, 0xf0);
        emit_rex(s, w, src, R11, false);
        emit1(s, 0x0f);
        emit1(s, 0xc1); /* xadd: src = old value */
        emit_mem(s, src, R11, 0);
    } else {
        emit_fetch_loop(s, rr, w, src);
    }
    return 0;
}

/* Helper arguments: BPF r1-r5 (rdi, rsi, rdx, r9, r8) become a1-a5 (rsi, rdx, rcx, r8, r9) after
 * the cookie (rdi). Uses R11; R10 is left alone. */
static void emit_helper_args(struct jit_state *s)
{
    emit_mov(s, true, RCX, RDX);
    emit_mov(s, true, RDX, RSI);
    emit_mov(s, true, RSI, RDI);
    emit_mov(s, true, R11, R8);
    emit_mov(s, true, R8, R9);
    emit_mov(s, true, R9, R11);
    emit_rex(s, true, RDI, RUN_REG, false);
    emit1(s, 0x8b);
    emit_mem(s, RDI, RUN_REG, RUN_COOKIE);
}

/* call *fn; then, in a trusted program, r1-r5 (which a call clobbers) are zeroed so that no host
 * value the helper left behind is visible to it; the verifier forbids reading them. */
static void emit_helper_call(struct jit_state *s, int fn)
{
    emit_ext(s, 0xff, 2, false, fn);
    if (s->shape)
        return; /* verified: the program reads none of r1-r5 before writing it again */
    for (int r = 1; r <= 5; r++)
        emit_zero(s, reg_map[r]);
}

/* Ends the run with a fault at instruction i: the entry returns i in rdx (struct hu_jit_ret's
 * fault) through the fault stub, from any call depth. */
static void emit_fault(struct jit_state *s, uint32_t i)
{
    emit_load_imm(s, RDX, i);
    emit1(s, 0xe9);
    emit4(s, (uint32_t)(int32_t)(s->fault_at - (s->len + 4)));
}

/* call imm: the helper's address is bound into the code. A helper id without a function faults
 * when the call is reached, as in the interpreter: the verifier does not look at dead code. */
static void emit_call_imm(struct jit_state *s, uint32_t i, int32_t id)
{
    if (id < 0 || id >= N_HELPERS || !s->h || !s->h->fn[id]) {
        emit_fault(s, i);
        return;
    }
    emit_helper_args(s);
    emit_rex(s, true, 0, R11, false);
    emit1(s, (uint8_t)(0xb8 + (R11 & 7)));
    emit8(s, (uint64_t)(uintptr_t)s->h->fn[id]);
    emit_helper_call(s, R11);
}

/* callx: the helper id is in dst at run time (as LLVM encodes it), so this is the one check the JIT
 * makes at run time: an id without a helper faults, as in the interpreter. */
static void emit_callx(struct jit_state *s, uint32_t i, int id)
{
    size_t too_big, missing, done;
    int32_t rel;

    emit_mov(s, true, R11, id);
    emit_alu_imm(s, 7, true, R11, N_HELPERS);
    too_big = emit_jcc8(s, CC_AE);
    rel = (int32_t)(s->table_at - (s->len + 7));
    emit1(s, 0x4c); /* lea r10, [rip + table] */
    emit1(s, 0x8d);
    emit1(s, 0x15);
    emit4(s, (uint32_t)rel);
    emit1(s, 0x4f); /* mov r10, [r10 + r11 * 8] */
    emit1(s, 0x8b);
    emit1(s, 0x14);
    emit1(s, 0xda);
    emit_rr(s, 0x85, true, R10, R10);
    missing = emit_jcc8(s, CC_E);
    emit_helper_args(s);
    emit_helper_call(s, R10);
    done = emit_jmp8(s);
    land8(s, too_big);
    land8(s, missing);
    emit_fault(s, i);
    land8(s, done);
}

_Static_assert(offsetof(struct hu_verify_func, start) == 0, "hu_count_below's key");

/* Bytes of native frame below rbp for the function starting at `start`: what the verifier found
 * it touches, a multiple of 16 so that rsp stays aligned; all of HU_STACK_SIZE for a trusted
 * program, which has no shape. */
static int32_t frame_bytes(const struct jit_state *s, uint32_t start)
{
    const struct hu_verify_shape *sh = s->shape;
    uint32_t k;

    if (!sh)
        return HU_STACK_SIZE;
    k = hu_count_below(sh->funcs, sh->n_funcs, sizeof(*sh->funcs), start);
    if (k == sh->n_funcs || sh->funcs[k].start != start)
        return HU_STACK_SIZE;
    return (int32_t)((sh->funcs[k].stack_bytes + 15) & ~15u);
}

/* rsp -= n (add with `ext` 5) or rsp += n (`ext` 0), nothing for 0. */
static void emit_rsp(struct jit_state *s, int ext, int32_t n)
{
    if (n)
        emit_alu_imm(s, ext, true, RSP, n);
}

/* BPF-to-BPF call: the caller keeps r6-r9 and r10 on the native stack and gives the callee a new
 * frame below them; the callee's exit is a plain ret. Keeps rsp 16-byte aligned. */
static void emit_local_call(struct jit_state *s, uint32_t i, uint32_t target)
{
    static const uint8_t saved[] = {RBX, R13, R14, R15, RBP};
    int32_t frame = frame_bytes(s, target);

    for (size_t k = 0; k < sizeof(saved); k++)
        emit_push(s, saved[k]);
    emit_mov(s, true, RBP, RSP);
    emit_rsp(s, 5, frame);
    emit_branch(s, 0xe8, -1, i, target, true);
    emit_rsp(s, 0, frame);
    for (size_t k = sizeof(saved); k-- > 0;)
        emit_pop(s, saved[k]);
}

static int emit_jmp(struct jit_state *s, uint32_t i, const struct hu_insn *in)
{
    static const int8_t cc[16] = {
        [BPF_JEQ >> 4] = CC_E,   [BPF_JGT >> 4] = CC_A,   [BPF_JGE >> 4] = CC_AE,
        [BPF_JSET >> 4] = CC_NE, [BPF_JNE >> 4] = CC_NE,  [BPF_JSGT >> 4] = CC_G,
        [BPF_JSGE >> 4] = CC_GE, [BPF_JLT >> 4] = CC_B,   [BPF_JLE >> 4] = CC_BE,
        [BPF_JSLT >> 4] = CC_L,  [BPF_JSLE >> 4] = CC_LE,
    };
    bool w = BPF_CLASS(in->code) == BPF_JMP, x = in->code & BPF_X;
    uint8_t op = BPF_OP(in->code);
    int dst = bpf_reg(s, i, in->dst), src = bpf_reg(s, i, in->src);
    int64_t target = (int64_t)i + 1 + in->off;

    if (dst < 0 || src < 0)
        return -EINVAL;
    switch (op) {
    case BPF_JA:
        if (x)
            break;
        if (!w)
            target = (int64_t)i + 1 + in->imm;
        if (target < 0 || target >= s->p->n_insns)
            return fail(s, i, "jump to %lld, outside the program", (long long)target);
        emit_branch(s, 0xe9, -1, i, (uint32_t)target, false);
        return 0;
    case BPF_CALL:
        if (!w)
            break;
        if (x) {
            emit_callx(s, i, dst);
            return 0;
        }
        if (in->src == BPF_PSEUDO_CALL) {
            target = (int64_t)i + 1 + in->imm;
            if (target < 0 || target >= s->p->n_insns)
                return fail(s, i, "call to %lld, outside the program", (long long)target);
            emit_local_call(s, i, (uint32_t)target);
            return 0;
        }
        if (in->src != 0)
            return fail(s, i, "call kind %u is not supported", in->src);
        emit_call_imm(s, i, in->imm);
        return 0;
    case BPF_EXIT:
        if (!w || x)
            break;
        emit1(s, 0xc3); /* ret: every function, the entry too, is entered by a native call */
        return 0;
    default:
        if (!cc[op >> 4])
            break;
        if (!x && s->blind && in->imm) {
            emit_guest_imm(s, R11, in->imm, w);
            src = R11;
            x = true;
        }
        if (x)
            emit_rr(s, op == BPF_JSET ? 0x85 : 0x39, w, dst, src);
        else if (op == BPF_JSET)
            emit_ext(s, 0xf7, 0, w, dst), emit4(s, (uint32_t)in->imm);
        else
            emit_alu_imm(s, 7, w, dst, in->imm);
        if (target < 0 || target >= s->p->n_insns)
            return fail(s, i, "jump to %lld, outside the program", (long long)target);
        emit_branch(s, 0, cc[op >> 4], i, (uint32_t)target, false);
        return 0;
    }
    return fail(s, i, "unknown jump opcode 0x%02x", in->code);
}

static int emit_insn(struct jit_state *s, uint32_t i)
{
    const struct hu_insn *in = &s->p->insns[i];
    int dst;

    switch (BPF_CLASS(in->code)) {
    case BPF_ALU:
    case BPF_ALU64:
        return emit_alu(s, i, in);
    case BPF_JMP:
    case BPF_JMP32:
        return emit_jmp(s, i, in);
    case BPF_LD:
        if (in->code != (BPF_LD | BPF_IMM | BPF_DW))
            break;
        if (in->src != 0)
            return fail(s, i, "ld_imm64 of kind %u (only plain 64-bit constants)", in->src);
        if (i + 1 >= s->p->n_insns || s->p->insns[i + 1].code != 0)
            return fail(s, i, "ld_imm64 without its second slot");
        if ((dst = bpf_reg(s, i, in->dst)) < 0)
            return -EINVAL;
        if (in->dst == 10)
            return fail(s, i, "writes r10, the read-only frame pointer");
        emit_guest_imm64(s, dst,
                         (uint32_t)in->imm | (uint64_t)(uint32_t)s->p->insns[i + 1].imm << 32);
        return 0;
    case BPF_LDX:
        if (BPF_MODE(in->code) != BPF_MEM && BPF_MODE(in->code) != BPF_MEMSX)
            break;
        return emit_load(s, i, in, bpf_reg(s, i, in->src), -1);
    case BPF_ST:
    case BPF_STX:
        if (BPF_MODE(in->code) == BPF_MEM)
            return emit_store(s, i, in);
        if (BPF_MODE(in->code) == BPF_ATOMIC && BPF_CLASS(in->code) == BPF_STX)
            return emit_atomic(s, i, in);
        break;
    }
    return fail(s, i, "unknown opcode 0x%02x", in->code);
}

/* ---- program use of registers ------------------------------------------------------------ */

/* Which BPF registers the instructions name and which kinds of call they make: what the entry must
 * save and zero. Structure (functions, targets, depth) is not decided here but by the verifier. */
static void scan_uses(struct jit_state *s)
{
    const struct hu_prog *p = s->p;

    for (uint32_t i = 0; i < p->n_insns; i++) {
        const struct hu_insn *in = &p->insns[i];

        s->named |= (uint16_t)((1u << (in->dst & 0xf)) | (1u << (in->src & 0xf)));
        if (in->code == (BPF_LD | BPF_IMM | BPF_DW))
            i++;
        else if (in->code == (BPF_JMP | BPF_CALL | BPF_X))
            s->has_callx = s->has_helper_call = true;
        else if (in->code == (BPF_JMP | BPF_CALL) && in->src == BPF_PSEUDO_CALL)
            s->has_local_call = true;
        else if (in->code == (BPF_JMP | BPF_CALL))
            s->has_helper_call = true;
    }
    /* A helper call reads r1-r5 and writes r0; exit returns r0. */
    s->named |= (uint16_t)(s->has_helper_call ? 0x3f : 0x1);
}

/* Fills every rel32 once all addresses are known (emission checked each target's range). */
static void patch(struct jit_state *s)
{
    for (uint32_t k = 0; k < s->n_patches; k++) {
        const struct jit_patch *pt = &s->patches[k];
        int32_t rel = (int32_t)(s->addr[pt->to] - (pt->at + 4));

        write_at(s, pt->at, &rel, 4);
    }
}

/* Whether the native entry must save x86 register `x`: the ones BPF r6-r10 live in when the
 * program names them (BPF-to-BPF calls move rbp), and RUN_REG when helpers may be called. */
static bool entry_saves(const struct jit_state *s, int x)
{
    if (x == RUN_REG)
        return s->has_helper_call;
    if (x == RBP && s->has_local_call)
        return true;
    for (int r = 6; r < BPF_NREGS; r++)
        if (reg_map[r] == x)
            return s->named & (1u << r);
    return false;
}

/* Native entry: struct hu_jit_ret (*)(r1, r2, cookie). Saves the callee-saved registers the code
 * uses, sets up the run block if helpers may be called, zeroes the BPF registers that start
 * undefined and that the program names (no host value reaches the program; an unnamed register
 * cannot be read), gives the entry its 512-byte frame if it has a frame pointer, and calls it.
 * Then the fault stub, which leaves from any call depth, and the helper table when callx needs
 * it. rsp stays 16-byte aligned at every call the code makes. */
static void emit_prologue(struct jit_state *s)
{
    static const uint8_t callee_saved[] = {RBP, RBX, R12, R13, R14, R15};
    uint8_t saved[sizeof(callee_saved)];
    size_t n_saved = 0, tail;
    bool frame = (s->named & (1u << BPF_FP)) || s->has_local_call;
    int32_t frame_size = frame_bytes(s, s->p->entry);
    int32_t block = s->has_helper_call ? RUN_BLOCK : 0;

    for (size_t k = 0; k < sizeof(callee_saved); k++)
        if (entry_saves(s, callee_saved[k]))
            saved[n_saved++] = callee_saved[k];
    if ((n_saved * 8 + (size_t)block) % 16) /* with the return address: keep rsp aligned */
        block += 8;
    emit1(s, 0xf3); /* endbr64: a valid target of the indirect call from hu_jit_run under IBT */
    emit1(s, 0x0f);
    emit1(s, 0x1e);
    emit1(s, 0xfa);
    for (size_t k = 0; k < n_saved; k++)
        emit_push(s, saved[k]);
    if (block)
        emit_alu_imm(s, 5, true, RSP, block);
    if (s->has_helper_call) {
        emit_rex(s, true, RDX, RSP, false);
        emit1(s, 0x89);
        emit_mem(s, RDX, RSP, RUN_COOKIE);
        emit_mov(s, true, RUN_REG, RSP);
    }
    for (int r = 0; r <= 9 && !s->shape; r++) /* a verified program reads none unwritten */
        if (r != 1 && r != 2 && (s->named & (1u << r)))
            emit_zero(s, reg_map[r]);
    if (frame) {
        emit_mov(s, true, RBP, RSP);
        emit_rsp(s, 5, frame_size);
    }
    emit_branch(s, 0xe8, -1, s->p->entry, s->p->entry, true);
    if (frame)
        emit_rsp(s, 0, frame_size);
    emit_load_imm(s, RDX, HU_JIT_NO_FAULT);
    tail = s->len;
    if (block)
        emit_alu_imm(s, 0, true, RSP, block);
    for (size_t k = n_saved; k-- > 0;)
        emit_pop(s, saved[k]);
    emit1(s, 0xc3);
    if (!s->has_helper_call)
        return; /* only helper calls fault, and only callx needs the table */
    s->fault_at = s->len;
    emit_mov(s, true, RSP, RUN_REG);
    emit1(s, 0xeb);
    emit1(s, (uint8_t)(tail - (s->len + 1)));
    if (!s->has_callx)
        return;
    while (s->len % 8 && !s->overflow) /* a full buffer stops the padding */
        emit1(s, 0xcc);
    s->table_at = s->len;
    for (int k = 0; k < N_HELPERS; k++)
        emit8(s, s->h ? (uint64_t)(uintptr_t)s->h->fn[k] : 0);
}

static int grow(struct jit_state *s)
{
    uint8_t *code;
    size_t cap = s->cap * 2;

    if (s->fixed || s->cap - s->len >= MAX_INSN_BYTES)
        return 0;
    code = realloc(s->code, cap);
    if (!code)
        return -ENOMEM;
    s->code = code;
    s->cap = cap;
    return 0;
}

static int emit_program(struct jit_state *s)
{
    const struct hu_prog *p = s->p;
    int err;

    if (!p->n_insns || p->entry >= p->n_insns)
        return fail(s, -1, "entry %u outside a program of %u instructions", p->entry, p->n_insns);
    if (s->shape && s->shape->n_insns != p->n_insns)
        return fail(s, -1, "the verifier's shape has %u instructions, the program %u",
                    s->shape->n_insns, p->n_insns);
    scan_uses(s);
    emit_prologue(s);
    for (uint32_t i = 0; i < p->n_insns; i++) {
        s->addr[i] = s->len;
        if ((err = grow(s)))
            return err;
        if (fusable_access(s, i)) {
            if ((err = emit_fused_access(s, i)))
                return err;
            i += 2;
            continue;
        }
        if ((err = emit_insn(s, i)))
            return err;
        if (p->insns[i].code == (BPF_LD | BPF_IMM | BPF_DW))
            s->addr[++i] = s->len; /* the second slot: the verifier lets no jump land here */
    }
    patch(s);
    if (s->overflow)
        return fail(s, -1, "internal error: code outside its buffer or a short jump too long");
    return 0;
}

/* int3 bytes always left after the code: decoders that read ahead of the last instruction
 * (valgrind's, when the code fills its last page exactly) stay inside the mapping. */
#define TAIL_BYTES 64

/* Copies the code into its own mapping and makes it read-execute. */
static int publish(struct jit_state *s, struct hu_jit *j)
{
    long page = sysconf(_SC_PAGESIZE);
    size_t size = (s->len + TAIL_BYTES + (size_t)page - 1) / (size_t)page * (size_t)page;
    void *mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (mem == MAP_FAILED)
        return -ENOMEM;
    memset(mem, 0xcc, size); /* int3 after the code */
    memcpy(mem, s->code, s->len);
    if (mprotect(mem, size, PROT_READ | PROT_EXEC)) {
        munmap(mem, size);
        return fail(s, -1, "mprotect: %s", strerror(errno));
    }
    j->code = mem;
    j->map_size = size;
    j->code_size = s->len;
    return 0;
}

/* Seeds the blinding keys, then emits the program into s->code with its own address and patch
 * arrays. */
static int emit_all(struct jit_state *s, unsigned flags)
{
    size_t n = s->p->n_insns;
    int ret = -ENOMEM;

    if (s->errlen)
        s->err[0] = '\0';
    s->blind = !(flags & HU_JIT_NO_BLINDING);
    if (s->blind && getrandom(&s->rng, sizeof(s->rng), 0) != sizeof(s->rng))
        return fail(s, -1, "no random seed for constant blinding: %s", strerror(errno));
    s->addr = calloc(n + 1, sizeof(*s->addr));
    s->patches = calloc(n + 1, sizeof(*s->patches));
    if (s->addr && s->patches)
        ret = emit_program(s);
    if (ret == -ENOMEM && s->errlen && !s->err[0])
        snprintf(s->err, s->errlen, "jit: out of memory");
    free(s->addr);
    free(s->patches);
    return ret;
}

int hu_jit_emit_into(const struct hu_prog *p, const struct hu_verify_shape *shape,
                     const struct hu_helpers *h, unsigned flags, uint8_t *buf, size_t cap,
                     size_t *len, char *err, size_t errlen)
{
    struct jit_state s = {.p = p,
                          .shape = shape,
                          .h = h,
                          .code = buf,
                          .cap = cap,
                          .fixed = true,
                          .err = err,
                          .errlen = errlen};
    int ret = emit_all(&s, flags);

    *len = s.len;
    return ret;
}

int hu_jit_compile_flags(const struct hu_prog *p, const struct hu_verify_shape *shape,
                         const struct hu_helpers *h, unsigned flags, struct hu_jit **out, char *err,
                         size_t errlen)
{
    struct jit_state s = {.p = p, .shape = shape, .h = h, .err = err, .errlen = errlen};
    struct hu_jit *j = calloc(1, sizeof(*j));
    int ret = -ENOMEM;

    *out = NULL;
    s.cap = (size_t)p->n_insns * 16 + 4 * MAX_INSN_BYTES;
    s.code = malloc(s.cap);
    if (j && s.code) {
        ret = emit_all(&s, flags);
        if (!ret)
            ret = publish(&s, j);
    } else if (errlen) {
        snprintf(err, errlen, "jit: out of memory");
    }
    free(s.code);
    if (ret) {
        free(j);
        return ret;
    }
    *out = j;
    return 0;
}

void hu_jit_fault(uint64_t insn, char *err, size_t errlen)
{
    if (errlen)
        snprintf(err, errlen, "jit: insn %llu: call to an unknown helper",
                 (unsigned long long)insn);
}

int hu_jit_compile(const struct hu_prog *p, const struct hu_helpers *h, struct hu_jit **out,
                   char *err, size_t errlen)
{
    return hu_jit_compile_flags(p, NULL, h, 0, out, err, errlen);
}

const void *hu_jit_code(const struct hu_jit *j, size_t *size)
{
    *size = j->code_size;
    return j->code;
}

void hu_jit_free(struct hu_jit *j)
{
    if (!j)
        return;
    munmap(j->code, j->map_size);
    free(j);
}
