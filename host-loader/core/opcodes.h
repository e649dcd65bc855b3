/* SPDX-License-Identifier: MIT */
/* The BPF instruction encoding (RFC 9669, section 3), named as the RFC names it: the one
 * vocabulary of the loader, verifier, interpreter, JIT and disassembler. Internal to libhuhost.
 *
 * The opcode byte holds the class in its low 3 bits. Arithmetic and jump classes put the source
 * (K: immediate, X: register) in bit 3 and the operation code in the high 4 bits; load and store
 * classes put the size in bits 3-4 and the mode in the high 3. */
#ifndef HU_OPCODES_H
#define HU_OPCODES_H

#define BPF_CLASS(code) ((code)&0x07)
#define BPF_SRC(code) ((code)&0x08)
#define BPF_OP(code) ((code)&0xf0)
#define BPF_SIZE(code) ((code)&0x18)
#define BPF_MODE(code) ((code)&0xe0)

/* Classes. */
enum { BPF_LD, BPF_LDX, BPF_ST, BPF_STX, BPF_ALU, BPF_JMP, BPF_JMP32, BPF_ALU64 };

/* Source: the immediate or the src register. For BPF_END it is the byte order: BPF_TO_LE (K)
 * or BPF_TO_BE (X); the ALU64 form swaps unconditionally. */
enum { BPF_K = 0x00, BPF_X = 0x08 };
enum { BPF_TO_LE = BPF_K, BPF_TO_BE = BPF_X };

/* Arithmetic operation codes (ALU, ALU64). */
enum {
    BPF_ADD = 0x00,
    BPF_SUB = 0x10,
    BPF_MUL = 0x20,
    BPF_DIV = 0x30,
    BPF_OR = 0x40,
    BPF_AND = 0x50,
    BPF_LSH = 0x60,
    BPF_RSH = 0x70,
    BPF_NEG = 0x80,
    BPF_MOD = 0x90,
    BPF_XOR = 0xa0,
    BPF_MOV = 0xb0,
    BPF_ARSH = 0xc0,
    BPF_END = 0xd0,
};

/* Jump operation codes (JMP, JMP32). */
enum {
    BPF_JA = 0x00,
    BPF_JEQ = 0x10,
    BPF_JGT = 0x20,
    BPF_JGE = 0x30,
    BPF_JSET = 0x40,
    BPF_JNE = 0x50,
    BPF_JSGT = 0x60,
    BPF_JSGE = 0x70,
    BPF_CALL = 0x80,
    BPF_EXIT = 0x90,
    BPF_JLT = 0xa0,
    BPF_JLE = 0xb0,
    BPF_JSLT = 0xc0,
    BPF_JSLE = 0xd0,
};

/* Load and store sizes and modes. */
enum { BPF_W = 0x00, BPF_H = 0x08, BPF_B = 0x10, BPF_DW = 0x18 };
enum { BPF_IMM = 0x00, BPF_ABS = 0x20, BPF_IND = 0x40, BPF_MEM = 0x60, BPF_MEMSX = 0x80 };
enum { BPF_ATOMIC = 0xc0 };

/* Atomic operations, in the immediate of STX | ATOMIC: BPF_ADD, BPF_OR, BPF_AND, BPF_XOR with or
 * without BPF_FETCH, and the two that always fetch. */
enum { BPF_FETCH = 0x01, BPF_XCHG = 0xe0 | BPF_FETCH, BPF_CMPXCHG = 0xf0 | BPF_FETCH };

/* ld_imm64: two slots, the constant's high half in the second slot's immediate. */
#define BPF_LD_IMM64 (BPF_LD | BPF_IMM | BPF_DW)
/* The src field of a call: 0 a helper by id, BPF_PSEUDO_CALL a BPF-to-BPF call (pc-relative). */
#define BPF_PSEUDO_CALL 1

/* Registers r0-r10; r10 is the read-only frame pointer. */
#define BPF_NREGS 11
#define BPF_FP 10

#endif /* HU_OPCODES_H */
