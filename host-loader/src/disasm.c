/* SPDX-License-Identifier: MIT */
/* The disassembler behind `hu-load disasm`: LLVM's BPF syntax (r = 64-bit, w = 32-bit). */
#include "disasm.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <hupcall/huhost.h>

static const char *const alu_ops[16] = {"+=", "-=", "*=", "/=", "|=",   "&=", "<<=", ">>=",
                                        NULL, "%=", "^=", "=",  "s>>=", NULL, NULL,  NULL};
static const char *const jmp_ops[16] = {
    NULL, "==", ">", ">=", "&", "!=", "s>", "s>=", NULL, NULL, "<", "<=", "s<", "s<=", NULL, NULL};
static const char *const sizes[4] = {"u32", "u16", "u8", "u64"};

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
    int wide = (in->code & 7) == 0x07, x = in->code & 0x08;
    unsigned op = in->code >> 4;
    char r = wide ? 'r' : 'w', v[32];
    if (op == 0x8 && !x)
        return snprintf(buf, len, "%c%u = -%c%u", r, in->dst, r, in->dst);
    if (op == 0xd) {
        const char *kind = wide ? "bswap" : x ? "be" : "le";
        return snprintf(buf, len, "r%u = %s%d r%u", in->dst, kind, in->imm, in->dst);
    }
    if (!alu_ops[op])
        return -1;
    if (op == 0xb && x && in->off)
        return snprintf(buf, len, "%c%u = (s%d)%c%u", r, in->dst, in->off, r, in->src);
    const char *sym = alu_ops[op];
    if ((op == 0x3 || op == 0x9) && in->off == 1)
        sym = op == 0x3 ? "s/=" : "s%=";
    if (x)
        return snprintf(buf, len, "%c%u %s %c%u", r, in->dst, sym, r, in->src);
    hex(v, sizeof(v), in->imm);
    return snprintf(buf, len, "%c%u %s %s", r, in->dst, sym, v);
}

static int jmp(const struct hu_insn *in, uint32_t pc, char *buf, size_t len)
{
    int j32 = (in->code & 7) == 0x06, x = in->code & 0x08;
    unsigned op = in->code >> 4;
    char r = j32 ? 'w' : 'r', v[32];
    if (in->code == 0x05)
        return snprintf(buf, len, "goto %+d <%u>", in->off, pc + 1 + in->off);
    if (in->code == 0x06)
        return snprintf(buf, len, "gotol %+d <%u>", in->imm, pc + 1 + in->imm);
    if (in->code == 0x95)
        return snprintf(buf, len, "exit");
    if (in->code == 0x85 && in->src == 1)
        return snprintf(buf, len, "call %+d <%u>", in->imm, pc + 1 + in->imm);
    if (in->code == 0x85 && in->src == 0) {
        const char *name = hu_helper_name((uint32_t)in->imm);
        return snprintf(buf, len, "call %#x%s%s", in->imm, name ? " # " : "", name ? name : "");
    }
    if (in->code == 0x8d)
        return snprintf(buf, len, "callx r%u", in->dst);
    if (!jmp_ops[op])
        return -1;
    if (x)
        return snprintf(buf, len, "if %c%u %s %c%u goto %+d <%u>", r, in->dst, jmp_ops[op], r,
                        in->src, in->off, pc + 1 + in->off);
    hex(v, sizeof(v), in->imm);
    return snprintf(buf, len, "if %c%u %s %s goto %+d <%u>", r, in->dst, jmp_ops[op], v, in->off,
                    pc + 1 + in->off);
}

static int atomic(const struct hu_insn *in, char *buf, size_t len)
{
    int dw = (in->code & 0x18) == 0x18;
    char r = dw ? 'r' : 'w', a[48];
    const char *sz = dw ? "u64" : "u32";
    static const char *const names[16] = {
        [0x0] = "add", [0x4] = "or", [0x5] = "and", [0xa] = "xor"};
    addr(a, sizeof(a), in->dst, in->off);
    if (in->imm == 0xe1)
        return snprintf(buf, len, "%c%u = xchg%s_%s(%s, %c%u)", r, in->src, dw ? "" : "32",
                        dw ? "64" : "32", a, r, in->src);
    if (in->imm == 0xf1)
        return snprintf(buf, len, "%c0 = cmpxchg%s_%s(%s, %c0, %c%u)", r, dw ? "" : "32",
                        dw ? "64" : "32", a, r, r, in->src);
    if (in->imm & ~0xf1 || !names[(in->imm >> 4) & 0xf])
        return -1;
    const char *op = names[(in->imm >> 4) & 0xf];
    if (in->imm & 1)
        return snprintf(buf, len, "%c%u = atomic_fetch_%s((%s *)(%s), %c%u)", r, in->src, op, sz, a,
                        r, in->src);
    static const char *const sym[16] = {[0x0] = "+=", [0x4] = "|=", [0x5] = "&=", [0xa] = "^="};
    return snprintf(buf, len, "lock *(%s *)(%s) %s %c%u", sz, a, sym[(in->imm >> 4) & 0xf], r,
                    in->src);
}

static int mem(const struct hu_insn *in, char *buf, size_t len)
{
    unsigned cls = in->code & 7, size = (in->code >> 3) & 3, mode = in->code & 0xe0;
    char a[48], v[32];
    const char *sz = sizes[size];
    char r = size == 3 ? 'r' : 'w';
    if (cls == 0x03 && mode == 0xc0)
        return atomic(in, buf, len);
    if (cls == 0x01 && mode == 0x60) { /* narrow loads zero-extend: LLVM writes them as w */
        addr(a, sizeof(a), in->src, in->off);
        return snprintf(buf, len, "%c%u = *(%s *)(%s)", r, in->dst, sz, a);
    }
    if (cls == 0x01 && mode == 0x80 && size != 3) {
        addr(a, sizeof(a), in->src, in->off);
        return snprintf(buf, len, "r%u = *(s%s *)(%s)", in->dst, sz + 1, a);
    }
    if (cls == 0x02 && mode == 0x60) {
        addr(a, sizeof(a), in->dst, in->off);
        hex(v, sizeof(v), in->imm);
        return snprintf(buf, len, "*(%s *)(%s) = %s", sz, a, v);
    }
    if (cls == 0x03 && mode == 0x60) {
        addr(a, sizeof(a), in->dst, in->off);
        return snprintf(buf, len, "*(%s *)(%s) = %c%u", sz, a, r, in->src);
    }
    return -1;
}

uint32_t hu_disasm_insn(const struct hu_insn *insns, uint32_t n, uint32_t pc, char *buf, size_t len)
{
    const struct hu_insn *in = &insns[pc];
    int ret;
    if (in->code == 0x18 && pc + 1 < n) {
        uint64_t v = (uint64_t)(uint32_t)in->imm | (uint64_t)(uint32_t)insns[pc + 1].imm << 32;
        snprintf(buf, len, "r%u = %#" PRIx64 " ll", in->dst, v);
        if (v == 0)
            snprintf(buf, len, "r%u = 0x0 ll", in->dst);
        return 2;
    }
    switch (in->code & 7) {
    case 0x04:
    case 0x07:
        ret = alu(in, buf, len);
        break;
    case 0x05:
    case 0x06:
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
