/* SPDX-License-Identifier: MIT */
/* The disassembler behind `hu-load disasm`: LLVM's BPF syntax (r = 64-bit, w = 32-bit). */
#include "disasm.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <hupcall/huhost.h>

#include "opcodes.h"
#include "prog.h"

/* Indexed by operation code >> 4 and size >> 3. */
static const char *const alu_ops[16] = {
    [BPF_ADD >> 4] = "+=", [BPF_SUB >> 4] = "-=", [BPF_MUL >> 4] = "*=",  [BPF_DIV >> 4] = "/=",
    [BPF_OR >> 4] = "|=",  [BPF_AND >> 4] = "&=", [BPF_LSH >> 4] = "<<=", [BPF_RSH >> 4] = ">>=",
    [BPF_MOD >> 4] = "%=", [BPF_XOR >> 4] = "^=", [BPF_MOV >> 4] = "=",   [BPF_ARSH >> 4] = "s>>="};
static const char *const jmp_ops[16] = {
    [BPF_JEQ >> 4] = "==", [BPF_JGT >> 4] = ">",   [BPF_JGE >> 4] = ">=",   [BPF_JSET >> 4] = "&",
    [BPF_JNE >> 4] = "!=", [BPF_JSGT >> 4] = "s>", [BPF_JSGE >> 4] = "s>=", [BPF_JLT >> 4] = "<",
    [BPF_JLE >> 4] = "<=", [BPF_JSLT >> 4] = "s<", [BPF_JSLE >> 4] = "s<="};
static const char *const sizes[4] = {
    [BPF_W >> 3] = "u32", [BPF_H >> 3] = "u16", [BPF_B >> 3] = "u8", [BPF_DW >> 3] = "u64"};

/* "0x2a", "-0x8": LLVM prints immediates in hex. */
static void hex(char *buf, size_t len, int64_t v)
{
    if (v < 0)
        snprintf(buf, len, "-%#" PRIx64, (uint64_t)0 - (uint64_t)v);
    else
        snprintf(buf, len, "%#" PRIx64, (uint64_t)v);
    if (v == 0)
        snprintf(buf, len, "0x0");
}

/* "(r1 + 0x8)" / "(r10 - 0x8)" */
static void addr(char *buf, size_t len, unsigned reg, int16_t off)
{
    snprintf(buf, len, "r%u %c %#x", reg, off < 0 ? '-' : '+', off < 0 ? -(int)off : off);
    if (off == 0)
        snprintf(buf, len, "r%u + 0x0", reg);
}

static int alu(const struct hu_insn *in, char *buf, size_t len)
{
    int wide = BPF_CLASS(in->code) == BPF_ALU64, x = BPF_SRC(in->code) == BPF_X;
    unsigned op = BPF_OP(in->code);
    char r = wide ? 'r' : 'w', v[32];
    if (op == BPF_NEG && !x)
        return snprintf(buf, len, "%c%u = -%c%u", r, in->dst, r, in->dst);
    if (op == BPF_END) {
        const char *kind = wide ? "bswap" : x ? "be" : "le";
        return snprintf(buf, len, "r%u = %s%d r%u", in->dst, kind, in->imm, in->dst);
    }
    if (!alu_ops[op >> 4])
        return -1;
    if (op == BPF_MOV && x && in->off)
        return snprintf(buf, len, "%c%u = (s%d)%c%u", r, in->dst, in->off, r, in->src);
    const char *sym = alu_ops[op >> 4];
    if ((op == BPF_DIV || op == BPF_MOD) && in->off == 1)
        sym = op == BPF_DIV ? "s/=" : "s%=";
    if (x)
        return snprintf(buf, len, "%c%u %s %c%u", r, in->dst, sym, r, in->src);
    hex(v, sizeof(v), in->imm);
    return snprintf(buf, len, "%c%u %s %s", r, in->dst, sym, v);
}

static int jmp(const struct hu_insn *in, uint32_t pc, char *buf, size_t len)
{
    int j32 = BPF_CLASS(in->code) == BPF_JMP32, x = BPF_SRC(in->code) == BPF_X;
    const char *sym = jmp_ops[BPF_OP(in->code) >> 4];
    char r = j32 ? 'w' : 'r', v[32];
    if (in->code == (BPF_JMP | BPF_JA))
        return snprintf(buf, len, "goto %+d <%u>", in->off, pc + 1 + in->off);
    if (in->code == (BPF_JMP32 | BPF_JA))
        return snprintf(buf, len, "gotol %+d <%u>", in->imm, pc + 1 + in->imm);
    if (in->code == (BPF_JMP | BPF_EXIT))
        return snprintf(buf, len, "exit");
    if (in->code == (BPF_JMP | BPF_CALL) && in->src == BPF_PSEUDO_CALL)
        return snprintf(buf, len, "call %+d <%u>", in->imm, pc + 1 + in->imm);
    if (in->code == (BPF_JMP | BPF_CALL) && in->src == 0) {
        const char *name = hu_helper_name((uint32_t)in->imm);
        return snprintf(buf, len, "call %#x%s%s", in->imm, name ? " # " : "", name ? name : "");
    }
    if (in->code == (BPF_JMP | BPF_CALL | BPF_X))
        return snprintf(buf, len, "callx r%u", in->dst);
    if (!sym)
        return -1;
    if (x)
        return snprintf(buf, len, "if %c%u %s %c%u goto %+d <%u>", r, in->dst, sym, r, in->src,
                        in->off, pc + 1 + in->off);
    hex(v, sizeof(v), in->imm);
    return snprintf(buf, len, "if %c%u %s %s goto %+d <%u>", r, in->dst, sym, v, in->off,
                    pc + 1 + in->off);
}

static int atomic(const struct hu_insn *in, char *buf, size_t len)
{
    int dw = BPF_SIZE(in->code) == BPF_DW;
    char r = dw ? 'r' : 'w', a[48];
    const char *sz = dw ? "u64" : "u32";
    static const char *const names[16] = {[BPF_ADD >> 4] = "add",
                                          [BPF_OR >> 4] = "or",
                                          [BPF_AND >> 4] = "and",
                                          [BPF_XOR >> 4] = "xor"};
    addr(a, sizeof(a), in->dst, in->off);
    if (in->imm == BPF_XCHG)
        return snprintf(buf, len, "%c%u = xchg%s_%s(%s, %c%u)", r, in->src, dw ? "" : "32",
                        dw ? "64" : "32", a, r, in->src);
    if (in->imm == BPF_CMPXCHG)
        return snprintf(buf, len, "%c0 = cmpxchg%s_%s(%s, %c0, %c%u)", r, dw ? "" : "32",
                        dw ? "64" : "32", a, r, r, in->src);
    if (in->imm & ~(0xf0 | BPF_FETCH) || !names[(in->imm >> 4) & 0xf])
        return -1;
    const char *op = names[(in->imm >> 4) & 0xf];
    if (in->imm & BPF_FETCH)
        return snprintf(buf, len, "%c%u = atomic_fetch_%s((%s *)(%s), %c%u)", r, in->src, op, sz, a,
                        r, in->src);
    static const char *const sym[16] = {
        [BPF_ADD >> 4] = "+=", [BPF_OR >> 4] = "|=", [BPF_AND >> 4] = "&=", [BPF_XOR >> 4] = "^="};
    return snprintf(buf, len, "lock *(%s *)(%s) %s %c%u", sz, a, sym[(in->imm >> 4) & 0xf], r,
                    in->src);
}

static int mem(const struct hu_insn *in, char *buf, size_t len)
{
    unsigned cls = BPF_CLASS(in->code), size = BPF_SIZE(in->code), mode = BPF_MODE(in->code);
    char a[48], v[32];
    const char *sz = sizes[size >> 3];
    char r = size == BPF_DW ? 'r' : 'w';
    if (cls == BPF_STX && mode == BPF_ATOMIC)
        return atomic(in, buf, len);
    if (cls == BPF_LDX && mode == BPF_MEM) { /* narrow loads zero-extend: LLVM writes them as w */
        addr(a, sizeof(a), in->src, in->off);
        return snprintf(buf, len, "%c%u = *(%s *)(%s)", r, in->dst, sz, a);
    }
    if (cls == BPF_LDX && mode == BPF_MEMSX && size != BPF_DW) {
        addr(a, sizeof(a), in->src, in->off);
        return snprintf(buf, len, "r%u = *(s%s *)(%s)", in->dst, sz + 1, a);
    }
    if (cls == BPF_ST && mode == BPF_MEM) {
        addr(a, sizeof(a), in->dst, in->off);
        hex(v, sizeof(v), in->imm);
        return snprintf(buf, len, "*(%s *)(%s) = %s", sz, a, v);
    }
    if (cls == BPF_STX && mode == BPF_MEM) {
        addr(a, sizeof(a), in->dst, in->off);
        return snprintf(buf, len, "*(%s *)(%s) = %c%u", sz, a, r, in->src);
    }
    return -1;
}

uint32_t hu_disasm_insn(const void *code, uint32_t n, uint32_t pc, char *buf, size_t len)
{
    const struct hu_insn *insns = code, *in = &insns[pc];
    int ret;
    if (in->code == BPF_LD_IMM64 && pc + 1 < n) {
        uint64_t v = (uint64_t)(uint32_t)in->imm | (uint64_t)(uint32_t)insns[pc + 1].imm << 32;
        snprintf(buf, len, "r%u = %#" PRIx64 " ll", in->dst, v);
        if (v == 0)
            snprintf(buf, len, "r%u = 0x0 ll", in->dst);
        return 2;
    }
    switch (BPF_CLASS(in->code)) {
    case BPF_ALU:
    case BPF_ALU64:
        ret = alu(in, buf, len);
        break;
    case BPF_JMP:
    case BPF_JMP32:
        ret = jmp(in, pc, buf, len);
        break;
    default:
        ret = mem(in, buf, len);
        break;
    }
    if (ret < 0) {
        uint64_t raw;
        memcpy(&raw, in, sizeof(raw));
        snprintf(buf, len, ".insn %#018" PRIx64, raw);
    }
    return 1;
}
