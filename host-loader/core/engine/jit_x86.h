/* SPDX-License-Identifier: MIT */
/* The x86-64 JIT's internals, shared by its files: the register map, the compile state, the
 * encoder, the constant pool and the emitters of each instruction class (docs/jit.md). */
#ifndef HU_JIT_X86_H
#define HU_JIT_X86_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jit.h"
#include "opcodes.h"

enum x86_reg { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15 };

/* BPF r0-r10 onto x86. r6-r9 and the frame pointer r10 sit in callee-saved registers, so helper
 * calls keep them; r1 and r2 arrive where the SysV ABI passes the first two arguments. RCX (shift
 * counts), R10 and R11 are scratch; R12 points at the run block for the whole run. */
extern const uint8_t reg_map[BPF_NREGS];
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

/* A rel32 filled once every address is known: a jump's or call's to BPF instruction `to`, or
 * (pool) a [rip + disp32] naming constant `to` of the pool, which lies after the code. */
struct jit_patch {
    size_t at; /* offset of the rel32 */
    uint32_t to;
    bool pool;
};

struct jit_state {
    const struct hu_prog *p;
    const struct hu_verify_shape *shape; /* the verifier's, or NULL for a trusted test program */
    const struct hu_helpers *h;
    const struct hu_run *run; /* hu_jit_compile_bound's binding of h, or NULL */
    uint8_t *code;
    size_t len, cap;
    size_t *addr;              /* native offset of each BPF instruction */
    struct jit_patch *patches; /* per instruction a jump and a constant at most; the entry's call */
    uint32_t n_patches;
    bool has_callx;       /* then the code holds the helper table at table_at */
    bool has_helper_call; /* call imm or callx: the run block and RUN_REG are needed */
    bool has_local_call;  /* BPF-to-BPF calls move rbp */
    uint16_t named;       /* bit r: BPF register r is named by some instruction */
    size_t table_at;
    size_t fault_at;  /* the stub that ends a faulting run */
    bool overflow;    /* a write outside the code buffer or a short jump out of range: fails */
    bool fixed;       /* the code buffer is the caller's (hu_jit_emit_into): it never grows */
    bool pool;        /* guest constants go to the pool (HU_JIT_NO_BLINDING clears it) */
    uint64_t *consts; /* the constant pool: one per instruction at most */
    uint32_t n_consts;
    uint32_t
        *fuse; /* per instruction: FUSE_SKIP, 1 + the register an access adds, FUSE_CONST + k */
    uint16_t *live;      /* per instruction: the BPF registers live on its entry (jit_fuse.c) */
    bool live_ok;        /* `live` was computed (a verified program) */
    bool entry_inline;   /* the entry's code follows the prologue (emit_prologue) */
    uint32_t entry_end;  /* the entry function's end: its exits end the run */
    int32_t block;       /* bytes below the saved registers: the run block and padding */
    int32_t exit_unwind; /* bytes an exit of the entry function gives back to rsp */
    uint8_t saved[6];    /* callee-saved registers the entry pushes, in order */
    size_t n_saved;
    int run_base;    /* the run block's register: RUN_REG, or rsp or rbp (emit_prologue) */
    bool fp_escapes; /* r10 is read other than as the base of a load, store or atomic */
    bool fp_rsp;     /* r10 is not set: [r10 + off] is [rsp + fp_off + off] (emit_prologue) */
    int32_t fp_off;
    char *err;
    size_t errlen;
};

int jit_fail(struct jit_state *s, int64_t insn, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int bpf_reg(struct jit_state *s, uint32_t i, unsigned r);

/* The x86 encoder (jit_encode.c). */
void emit1(struct jit_state *s, uint8_t x);
void write_at(struct jit_state *s, size_t at, const void *v, size_t n);
void emit4(struct jit_state *s, uint32_t x);
void emit8(struct jit_state *s, uint64_t x);
void emit_rex(struct jit_state *s, bool w, int r, int b, bool force);
void emit_modrm(struct jit_state *s, int mod, int reg, int rm);
void emit_mem(struct jit_state *s, int reg, int base, int32_t disp);
void emit_rex_addr(struct jit_state *s, bool w, int reg, int base, int index, bool force);
void emit_addr(struct jit_state *s, int reg, int base, int index, int32_t disp);
void emit_rr(struct jit_state *s, uint8_t op, bool w, int rm, int reg);
void emit_ext(struct jit_state *s, uint8_t op, int ext, bool w, int rm);
void emit_0f_rr(struct jit_state *s, uint8_t op, bool w, int dst, int src, bool byte_src);
bool fits_s8(int64_t v);
void emit_alu_imm(struct jit_state *s, int ext, bool w, int dst, int32_t imm);
void emit_mov(struct jit_state *s, bool w, int dst, int src);
void emit_zero(struct jit_state *s, int dst);
void emit_load_imm(struct jit_state *s, int dst, uint64_t imm);
/* Guest-chosen constants (docs/jit.md "Guest constants"): read from the read-only pool next to
 * the code, never bytes of the code. */
void emit_const_operand(struct jit_state *s, int reg, uint64_t v);
void emit_const_op(struct jit_state *s, uint16_t op, bool w, int reg, uint64_t v);
void emit_guest_imm(struct jit_state *s, int dst, uint64_t v, bool w);
void emit_push(struct jit_state *s, int r);
void emit_pop(struct jit_state *s, int r);
size_t emit_jcc8(struct jit_state *s, int cc);
size_t emit_jmp8(struct jit_state *s);
void land8(struct jit_state *s, size_t at);
void emit_branch(struct jit_state *s, uint8_t op, int cc, uint32_t to);

/* One emitter per instruction class. */
int emit_alu(struct jit_state *s, uint32_t i, const struct hu_insn *in); /* jit_alu.c */
int emit_jmp(struct jit_state *s, uint32_t i, const struct hu_insn *in); /* jit_jump.c */
int emit_load(struct jit_state *s, uint32_t i, const struct hu_insn *in, int base,
              int index); /* jit_mem.c */
int emit_store(struct jit_state *s, uint32_t i, const struct hu_insn *in, int base,
               int index);                                                  /* jit_mem.c */
int emit_atomic(struct jit_state *s, uint32_t i, const struct hu_insn *in); /* jit_mem.c */
int emit_insn(struct jit_state *s, uint32_t i);                             /* jit_x86_64.c */

/* Guest accesses without the hva add, constants without their register (jit_fuse.c): fills s->fuse
 * and s->live for a verified program. An add or ld_imm64 marked FUSE_SKIP emits nothing; a load or
 * store marked 1 + r addresses [reg_map[r] + base + off]; an ALU or jump marked FUSE_CONST + k
 * reads its source, the ld_imm64 at k, from the pool (fused_const gives its value). */
#define FUSE_SKIP UINT32_MAX
#define FUSE_CONST 16
int plan_accesses(struct jit_state *s);
bool fused_const(const struct jit_state *s, uint32_t i, uint64_t *v);

/* Calls and the entry (jit_call.c). */
void emit_call_imm(struct jit_state *s, uint32_t i, int32_t id);
void emit_callx(struct jit_state *s, uint32_t i, int id);
void emit_local_call(struct jit_state *s, uint32_t i, uint32_t target);
void emit_prologue(struct jit_state *s);
void emit_load_cookie(struct jit_state *s, int dst); /* dst = the run's cookie (run block) */
void emit_entry_exit(struct jit_state *s); /* exit in the entry function, when entry_inline */
void emit_fault_stub(struct jit_state *s); /* after the program, when entry_inline */
/* A helper call bound at registration, inline or straight to the backend (jit_inline_helpers.c):
 * false when helper `id` must be called through the table. */
bool emit_bound_helper(struct jit_state *s, int32_t id);

#endif /* HU_JIT_X86_H */
