/* SPDX-License-Identifier: MIT */
/* The x86-64 JIT: helper calls, BPF-to-BPF calls and the native entry (docs/jit.md "Frames and
 * calls"). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <hupcall/abi.h>

#include "jit_x86.h"
#include "opcodes.h"

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
    emit_load_cookie(s, RDI);
}

void emit_load_cookie(struct jit_state *s, int dst)
{
    emit_rex(s, true, dst, s->run_base, false);
    emit1(s, 0x8b);
    emit_mem(s, dst, s->run_base, RUN_COOKIE);
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
    if (s->entry_inline) { /* the stub follows the program: patched like a jump past its end */
        emit_branch(s, 0xe9, -1, s->p->n_insns);
        return;
    }
    emit1(s, 0xe9);
    emit4(s, (uint32_t)(int32_t)(s->fault_at - (s->len + 4)));
}

/* call imm: the helper's address is bound into the code. A helper id without a function faults
 * when the call is reached, as in the interpreter: the verifier does not look at dead code. */
void emit_call_imm(struct jit_state *s, uint32_t i, int32_t id)
{
    if (id < 0 || id >= N_HELPERS || !s->h || !s->h->fn[id]) {
        emit_fault(s, i);
        return;
    }
    if (emit_bound_helper(s, id))
        return;
    emit_helper_args(s);
    emit_rex(s, true, 0, R11, false);
    emit1(s, (uint8_t)(0xb8 + (R11 & 7)));
    emit8(s, (uint64_t)(uintptr_t)s->h->fn[id]);
    emit_helper_call(s, R11);
}

/* callx: the helper id is in dst at run time (as LLVM encodes it), so this is the one check the JIT
 * makes at run time: an id without a helper faults, as in the interpreter. */
void emit_callx(struct jit_state *s, uint32_t i, int id)
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
    emit4(s, 0xda148b4f); /* mov r10, [r10 + r11 * 8]: 4f 8b 14 da */
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

/* The verifier's function starting at `start`, or NULL (a trusted program has no shape). */
static const struct hu_verify_func *func_at(const struct jit_state *s, uint32_t start)
{
    const struct hu_verify_shape *sh = s->shape;
    uint32_t k;

    if (!sh)
        return NULL;
    k = hu_count_below(sh->funcs, sh->n_funcs, sizeof(*sh->funcs), start);
    return k < sh->n_funcs && sh->funcs[k].start == start ? &sh->funcs[k] : NULL;
}

/* Bytes of native frame below rbp for the function starting at `start`: what the verifier found
 * it touches, a multiple of 16 so that rsp stays aligned; all of HU_STACK_SIZE for a trusted
 * program, which has no shape. */
static int32_t frame_bytes(const struct jit_state *s, uint32_t start)
{
    const struct hu_verify_func *f = func_at(s, start);

    return f ? (int32_t)((f->stack_bytes + 15) & ~15u) : HU_STACK_SIZE;
}

/* rsp -= n (add with `ext` 5) or rsp += n (`ext` 0), nothing for 0. */
static void emit_rsp(struct jit_state *s, int ext, int32_t n)
{
    if (n)
        emit_alu_imm(s, ext, true, RSP, n);
}

/* Whether the function starting at `start` names r10 (then it needs rbp at a frame of its own),
 * and whether it calls anything (then rsp must be 16-byte aligned in it); both true when the
 * shape does not say where it ends. */
static void callee_needs(const struct jit_state *s, uint32_t start, bool *fp, bool *calls)
{
    const struct hu_verify_func *f = func_at(s, start);

    *fp = *calls = !f;
    for (uint32_t k = f ? f->start : 0; f && k < f->end && k < s->p->n_insns; k++) {
        const struct hu_insn *in = &s->p->insns[k];

        *fp |= in->dst == BPF_FP || in->src == BPF_FP;
        *calls |=
            (in->code & ~BPF_X) == (BPF_JMP | BPF_CALL) && !(s->shape->insn[k] & HU_SHAPE_LDIMM_HI);
    }
}

/* BPF-to-BPF call: the caller keeps on the native stack those of r6-r9 it reads after the call
 * (all of them in a trusted program) and, when the callee needs a frame (it names r10), r10, and
 * gives the callee its frame below them; the callee's exit is a plain ret. Keeps rsp 16-byte
 * aligned in a callee that calls anything: function bodies then run with rsp 16-byte aligned, as
 * at a helper call. */
void emit_local_call(struct jit_state *s, uint32_t i, uint32_t target)
{
    uint8_t saved[5];
    size_t n = 0;
    bool frame, calls;
    int32_t below;

    callee_needs(s, target, &frame, &calls);
    below = frame ? frame_bytes(s, target) : 0;

    for (int r = 6; r <= 9; r++)
        if (!s->live_ok || (s->live[i + 1] & (1u << r)))
            saved[n++] = reg_map[r];
    if (frame)
        saved[n++] = RBP;
    if (calls && n % 2 == 0) /* with the return address: keep rsp aligned for its calls */
        below += 8;
    for (size_t k = 0; k < n; k++)
        emit_push(s, saved[k]);
    if (frame)
        emit_mov(s, true, RBP, RSP);
    emit_rsp(s, 5, below);
    emit_branch(s, 0xe8, -1, target);
    emit_rsp(s, 0, below);
    for (size_t k = n; k-- > 0;)
        emit_pop(s, saved[k]);
}

/* Whether the native entry must save x86 register `x`: the ones BPF r6-r10 live in when the
 * program names them (BPF-to-BPF calls move rbp), and RUN_REG when helpers may be called. */
static bool entry_saves(const struct jit_state *s, int x)
{
    if (x == RUN_REG)
        return s->has_helper_call && s->run_base == RUN_REG;
    if (x == RBP && ((s->has_local_call && !s->shape) || s->fp_rsp))
        return !s->fp_rsp; /* a verified callee moves rbp only when it names r10 */
    for (int r = 6; r < BPF_NREGS; r++)
        if (reg_map[r] == x)
            return s->named & (1u << r);
    return false;
}

/* The end of a run from the entry function's own code: rsp back above the frame and the run
 * block, the saved registers restored, and a return to hu_jit_run. */
static void emit_unwind(struct jit_state *s, int32_t bytes)
{
    emit_rsp(s, 0, bytes);
    for (size_t k = s->n_saved; k-- > 0;)
        emit_pop(s, s->saved[k]);
    emit1(s, 0xc3);
}

void emit_entry_exit(struct jit_state *s)
{
    emit_load_imm(s, RDX, HU_JIT_NO_FAULT);
    emit_unwind(s, s->exit_unwind);
}

void emit_fault_stub(struct jit_state *s)
{
    s->addr[s->p->n_insns] = s->len;
    if (s->run_base != RUN_REG) { /* faults come from the entry's own code: rsp is its body's */
        emit_unwind(s, s->exit_unwind);
        return;
    }
    emit_mov(s, true, RSP, RUN_REG);
    emit_unwind(s, s->block);
}

/* Native entry: struct hu_jit_ret (*)(r1, r2, cookie). Saves the callee-saved registers the code
 * uses, sets up the run block if helpers may be called, zeroes the BPF registers that start
 * undefined and that the program names (no host value reaches the program; an unnamed register
 * cannot be read), gives the entry its frame if it has a frame pointer, and calls it; then the
 * fault stub, which leaves from any call depth, and the helper table when callx needs it. In a
 * verified program that starts with its entry function and has no callx, the entry's code
 * follows instead of a call, its exits end the run themselves and the fault stub follows the
 * program (emit_fault_stub). Function bodies run with rsp 16-byte aligned, as at a call. */
void emit_prologue(struct jit_state *s)
{
    static const uint8_t callee_saved[] = {RBP, RBX, R12, R13, R14, R15};
    size_t tail;
    bool frame = (s->named & (1u << BPF_FP)) || (s->has_local_call && !s->shape), on_rsp;
    int32_t frame_size = frame_bytes(s, s->p->entry);
    const struct hu_verify_func *f = func_at(s, s->p->entry);
    size_t pad = s->has_helper_call || s->has_local_call ? 8 : 0; /* rsp % 16 in the body */

    s->entry_inline = f && s->p->entry == 0 && !s->has_callx;
    s->entry_end = f ? f->end : 0;
    /* When only the entry's code calls helpers, they run with its body's rsp: the run block is at
     * rsp (or rbp, when r10 is more than a base of accesses: fp_rsp) and needs no register. */
    on_rsp = s->entry_inline;
    for (uint32_t k = s->entry_end; k < s->p->n_insns; k++)
        on_rsp &= s->p->insns[k].code != (BPF_JMP | BPF_CALL) || s->p->insns[k].src != 0;
    s->fp_rsp = s->entry_inline && !s->has_local_call && frame && !s->fp_escapes;
    s->run_base = on_rsp ? (frame && !s->fp_rsp ? RBP : RSP) : RUN_REG;
    s->block = s->has_helper_call ? RUN_BLOCK : 0;
    for (size_t k = 0; k < sizeof(callee_saved); k++)
        if (entry_saves(s, callee_saved[k]))
            s->saved[s->n_saved++] = callee_saved[k];
    if (!s->entry_inline && (s->n_saved * 8 + (size_t)s->block) % 16) /* a call follows */
        s->block += 8;
    else if (s->entry_inline && pad && (s->n_saved * 8 + (size_t)s->block) % 16 != pad)
        s->block += 8; /* with hu_jit_run's return address */
    if (s->fp_rsp)     /* r10 = rsp + fp_off: the frame lies between the run block and the saves */
        s->block += frame_size, s->fp_off = s->block, frame = false;
    s->exit_unwind = (frame ? frame_size : 0) + s->block;
    emit4(s, 0xfa1e0ff3); /* endbr64 (f3 0f 1e fa): a target of hu_jit_run's call under IBT */
    for (size_t k = 0; k < s->n_saved; k++)
        emit_push(s, s->saved[k]);
    emit_rsp(s, 5, s->block - (s->has_helper_call ? 8 : 0));
    if (s->has_helper_call) {
        emit_push(s, RDX); /* the cookie, at [rsp + RUN_COOKIE] */
        if (s->run_base == RUN_REG)
            emit_mov(s, true, RUN_REG, RSP);
    }
    for (int r = 0; r <= 9 && !s->shape; r++) /* a verified program reads none unwritten */
        if (r != 1 && r != 2 && (s->named & (1u << r)))
            emit_zero(s, reg_map[r]);
    if (frame) {
        emit_mov(s, true, RBP, RSP);
        emit_rsp(s, 5, frame_size);
    }
    if (s->entry_inline)
        return; /* the entry's code follows */
    emit_branch(s, 0xe8, -1, s->p->entry);
    if (frame)
        emit_rsp(s, 0, frame_size);
    emit_load_imm(s, RDX, HU_JIT_NO_FAULT);
    tail = s->len;
    emit_unwind(s, s->block);
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
