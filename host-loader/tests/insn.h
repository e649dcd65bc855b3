/* SPDX-License-Identifier: MIT */
/* The tests' one instruction builder: struct hu_insn initialisers by mnemonic (RFC 9669 fields). */
#ifndef HU_TEST_INSN_H
#define HU_TEST_INSN_H

#include "opcodes.h"
#include "prog.h"

#define I(c, d, s, o, i)                                                                           \
    {                                                                                              \
        .code = (c), .dst = (d), .src = (s), .off = (o), .imm = (i)                                \
    }
#define MOVI(d, i) I(BPF_ALU64 | BPF_MOV, d, 0, 0, i)
#define MOV(d, s) I(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define MOV32(d, s) I(BPF_ALU | BPF_MOV | BPF_X, d, s, 0, 0)
#define ALUI(op, d, i) I(BPF_ALU64 | (op), d, 0, 0, i)
#define ALU(op, d, s) I(BPF_ALU64 | (op) | BPF_X, d, s, 0, 0)
#define ALU32(op, d, s) I(BPF_ALU | (op) | BPF_X, d, s, 0, 0)
#define LDX(sz, d, s, o) I(BPF_LDX | BPF_MEM | (sz), d, s, o, 0)
#define LDXSX(sz, d, s, o) I(BPF_LDX | BPF_MEMSX | (sz), d, s, o, 0)
#define STX(sz, d, s, o) I(BPF_STX | BPF_MEM | (sz), d, s, o, 0)
#define ST(sz, d, o, i) I(BPF_ST | BPF_MEM | (sz), d, 0, o, i)
#define ATOMIC(sz, d, s, o, op) I(BPF_STX | BPF_ATOMIC | (sz), d, s, o, op)
#define JA(o) I(BPF_JMP | BPF_JA, 0, 0, o, 0)
#define JEQI(d, i, o) I(BPF_JMP | BPF_JEQ, d, 0, o, i)
#define JEQ(d, s, o) I(BPF_JMP | BPF_JEQ | BPF_X, d, s, o, 0)
#define CALL(id) I(BPF_JMP | BPF_CALL, 0, 0, 0, id)
#define CALL_LOCAL(rel) I(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, rel)
#define EXIT() I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)
#define LD64(d, v) I(BPF_LD_IMM64, d, 0, 0, v), I(0, 0, 0, 0, 0)
/* A 64-bit constant from its high and low halves. */
#define LD64_HL(d, hi, lo) I(BPF_LD_IMM64, d, 0, 0, (int32_t)(lo)), I(0, 0, 0, 0, (int32_t)(hi))
#define CALLX(d) I(BPF_JMP | BPF_CALL | BPF_X, d, 0, 0, 0)
/* r2 = hva, r3 = mask, r4 = args[0]: the prologue translated code starts with. */

#endif /* HU_TEST_INSN_H */
