/* SPDX-License-Identifier: MIT */
/* Encoding rules of RFC 9669: which opcodes exist and which fields must be zero. Only the base,
 * 32/64-bit, sign-extension and atomic conformance groups are accepted; packet access (ABS/IND),
 * map and BTF pseudo sources and BTF helper calls are not part of a hyperupcall. */
#include "internal.h"

int vi_size_bytes(uint8_t code)
{
    static const int bytes[4] = {4, 2, 1, 8};
    return bytes[BPF_SIZE(code) >> 3];
}

static const char *check_alu(const struct hu_insn *in)
{
    uint8_t op = BPF_OP(in->code);
    bool is64 = BPF_CLASS(in->code) == BPF_ALU64;
    bool x = BPF_SRC(in->code);

    if (op > BPF_END)
        return "unknown ALU operation";
    if (op == BPF_NEG)
        return x || in->src || in->off || in->imm ? "neg with non-zero reserved fields" : NULL;
    if (op == BPF_END) {
        if (is64 && x)
            return "64-bit byte swap must use the K source";
        if (in->src || in->off)
            return "byte swap with non-zero reserved fields";
        return in->imm == 16 || in->imm == 32 || in->imm == 64 ? NULL
                                                               : "byte swap width not 16/32/64";
    }
    if (x ? in->imm != 0 : in->src != 0)
        return x ? "register-source ALU with non-zero imm" : "immediate ALU with non-zero src";
    if (op == BPF_MOV && x)
        return in->off == 0 || in->off == 8 || in->off == 16 || (is64 && in->off == 32)
                   ? NULL
                   : "mov with an invalid sign-extension offset";
    if (op == BPF_DIV || op == BPF_MOD)
        return in->off == 0 || in->off == 1 ? NULL : "div/mod offset not 0 or 1";
    return in->off ? "ALU with non-zero offset" : NULL;
}

static const char *check_jmp(const struct hu_insn *in)
{
    uint8_t op = BPF_OP(in->code);
    bool is32 = BPF_CLASS(in->code) == BPF_JMP32;
    bool x = BPF_SRC(in->code);

    if (op > BPF_JSLE)
        return "unknown jump operation";
    if (op == BPF_JA) {
        if (x || in->src || in->dst)
            return "ja with non-zero reserved fields";
        return (is32 ? in->off : in->imm) ? "ja with non-zero reserved fields" : NULL;
    }
    if (op == BPF_CALL) {
        if (is32 || x || in->dst || in->off)
            return "call with non-zero reserved fields";
        return in->src <= BPF_PSEUDO_CALL ? NULL : "call by BTF id is not supported";
    }
    if (op == BPF_EXIT)
        return is32 || x || in->src || in->dst || in->off || in->imm
                   ? "exit with non-zero reserved fields"
                   : NULL;
    if (x ? in->imm != 0 : in->src != 0)
        return x ? "register-source jump with non-zero imm" : "immediate jump with non-zero src";
    return NULL;
}

static const char *check_ldimm64(const struct hu_insn *in, const struct hu_insn *next)
{
    if (in->src)
        return "ld_imm64 pseudo source (map, BTF or function reference) is not allowed";
    if (in->off)
        return "ld_imm64 with non-zero offset";
    if (!next)
        return "ld_imm64 is missing its second slot";
    if (next->code || next->dst || next->src || next->off)
        return "ld_imm64 second slot with non-zero reserved fields";
    return NULL;
}

static const char *check_atomic(const struct hu_insn *in)
{
    int op = in->imm & ~BPF_FETCH;

    if (BPF_SIZE(in->code) != BPF_W && BPF_SIZE(in->code) != BPF_DW)
        return "atomic width not 32 or 64 bits";
    if (in->imm == BPF_XCHG || in->imm == BPF_CMPXCHG)
        return NULL;
    if ((unsigned)in->imm > 0xff ||
        (op != BPF_ADD && op != BPF_OR && op != BPF_AND && op != BPF_XOR))
        return "unknown atomic operation";
    return NULL;
}

/* NULL when `in` is a defined instruction; `next` is the following slot or NULL at the end. */
const char *vi_check_encoding(const struct hu_insn *in, const struct hu_insn *next)
{
    uint8_t mode = BPF_MODE(in->code);

    if (in->dst >= BPF_NREGS || in->src >= BPF_NREGS)
        return "register number above r10";
    switch (BPF_CLASS(in->code)) {
    case BPF_ALU:
    case BPF_ALU64:
        return check_alu(in);
    case BPF_JMP:
    case BPF_JMP32:
        return check_jmp(in);
    case BPF_LD:
        return in->code == BPF_LD_IMM64 ? check_ldimm64(in, next)
                                        : "legacy packet access (ABS/IND) is not allowed";
    case BPF_LDX:
        if (mode != BPF_MEM && (mode != BPF_MEMSX || BPF_SIZE(in->code) == BPF_DW))
            return "unknown load mode";
        return in->imm ? "load with non-zero imm" : NULL;
    case BPF_ST:
        if (mode != BPF_MEM)
            return "unknown store mode";
        return in->src ? "store-immediate with non-zero src" : NULL;
    default: /* BPF_STX */
        if (mode == BPF_ATOMIC)
            return check_atomic(in);
        if (mode != BPF_MEM)
            return "unknown store mode";
        return in->imm ? "register store with non-zero imm" : NULL;
    }
}

bool vi_writes_reg(const struct hu_insn *in, int reg)
{
    switch (BPF_CLASS(in->code)) {
    case BPF_ALU:
    case BPF_ALU64:
    case BPF_LD:
    case BPF_LDX:
        return in->dst == reg;
    case BPF_STX:
        if (BPF_MODE(in->code) != BPF_ATOMIC)
            return false;
        if (in->imm == BPF_CMPXCHG)
            return reg == 0;
        return (in->imm & BPF_FETCH) && in->src == reg;
    case BPF_JMP:
        return BPF_OP(in->code) == BPF_CALL && reg <= 5; /* r0 result, r1-r5 clobbered */
    default:
        return false;
    }
}
