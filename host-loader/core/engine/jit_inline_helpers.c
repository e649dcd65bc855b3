/* SPDX-License-Identifier: MIT */
/* The x86-64 JIT: helper calls bound at registration (docs/jit.md "Helpers bound at
 * registration"). When the backend has no trace callback, the library's guest-memory helpers are
 * compiled inline with helpers.c's semantics bit for bit, and the vCPU helpers call the backend's
 * callback directly, with its priv and the run's vCPU. Each sequence writes only registers a
 * helper call clobbers (BPF r0-r5, rcx, r10, r11), as a call would. */
#include <errno.h>
#include <stddef.h>

#include <hupcall/abi.h>

#include "helper_info.h"
#include "jit_x86.h"
#include "run.h"
#include "window.h"

/* lea dst, [base + index + disp] (index below r8). */
static void emit_lea_index(struct jit_state *s, int dst, int base, int index, int32_t disp)
{
    emit_rex(s, true, dst, base, false);
    emit1(s, 0x8d);
    emit_addr(s, dst, base, index, disp);
}

/* `reg` (a guest address) &= the window's mask, as compiled code masks; r11 holds the mask. */
static void emit_mask(struct jit_state *s, int reg)
{
    emit_rr(s, 0x21, true, reg, R11);
}

/* helpers.c's masked(): with r11 the window's size and `off` a masked offset, jumps (the rel8
 * returned) when [off, off + rdx) leaves the window. rdx <= HU_HELPER_MAX_LEN: no sum wraps. */
static size_t emit_outside(struct jit_state *s, int off)
{
    emit_lea_index(s, RCX, off, RDX, 0);
    emit_rr(s, 0x39, true, RCX, R11); /* cmp rcx, r11 */
    return emit_jcc8(s, CC_A);
}

/* The start of memcpy and memset: rax = -EINVAL, a jump (the rel8 returned) when the length in
 * rdx exceeds HU_HELPER_MAX_LEN, r11 = the window's mask. */
static size_t emit_bulk_start(struct jit_state *s, const struct hu_window *w)
{
    size_t too_long;

    emit_load_imm(s, RAX, (uint64_t)-EINVAL);
    emit_alu_imm(s, 7, true, RDX, HU_HELPER_MAX_LEN);
    too_long = emit_jcc8(s, CC_A);
    emit_load_imm(s, R11, w->size - 1);
    return too_long;
}

/* memcpy(dst r1, src r2, len r3): both ranges masked and inside the window, else -EINVAL and no
 * write; overlap copies as memmove does (backwards when dst lies inside [src, src + len)). */
static void emit_memcpy(struct jit_state *s, const struct hu_window *w)
{
    size_t fail[3], backwards, done;

    fail[0] = emit_bulk_start(s, w);
    emit_mask(s, RDI);
    emit_mask(s, RSI);
    emit_alu_imm(s, 0, true, R11, 1); /* r11 = size */
    fail[1] = emit_outside(s, RDI);
    fail[2] = emit_outside(s, RSI);
    emit_load_imm(s, R10, (uint64_t)(uintptr_t)w->hva);
    emit_rr(s, 0x01, true, RDI, R10);
    emit_rr(s, 0x01, true, RSI, R10);
    emit_mov(s, true, RCX, RDX);
    emit_mov(s, true, RAX, RDI);
    emit_rr(s, 0x29, true, RAX, RSI); /* dst - src < len: dst overlaps src's tail */
    emit_rr(s, 0x39, true, RAX, RCX);
    backwards = emit_jcc8(s, CC_B);
    emit1(s, 0xf3); /* rep movsb */
    emit1(s, 0xa4);
    done = emit_jmp8(s);
    land8(s, backwards);
    emit_lea_index(s, RSI, RSI, RCX, -1);
    emit_lea_index(s, RDI, RDI, RCX, -1);
    emit1(s, 0xfd); /* std */
    emit1(s, 0xf3); /* rep movsb */
    emit1(s, 0xa4);
    emit1(s, 0xfc); /* cld: the SysV ABI's direction, which rep movsb above assumes */
    land8(s, done);
    emit_zero(s, RAX);
    for (int k = 0; k < 3; k++)
        land8(s, fail[k]);
}

/* memset(dst r1, byte r2, len r3): the range masked and inside the window, else -EINVAL. */
static void emit_memset(struct jit_state *s, const struct hu_window *w)
{
    size_t fail[2];

    fail[0] = emit_bulk_start(s, w);
    emit_mask(s, RDI);
    emit_alu_imm(s, 0, true, R11, 1);
    fail[1] = emit_outside(s, RDI);
    emit_load_imm(s, R10, (uint64_t)(uintptr_t)w->hva);
    emit_rr(s, 0x01, true, RDI, R10);
    emit_mov(s, true, RCX, RDX);
    emit_mov(s, false, RAX, RSI); /* al = the byte */
    emit1(s, 0xf3);               /* rep stosb */
    emit1(s, 0xaa);
    emit_zero(s, RAX);
    for (int k = 0; k < 2; k++)
        land8(s, fail[k]);
}

/* cmpxchg(addr r1, old r2, new r3) on the masked 64-bit word: r0 = the previous value. A
 * misaligned address writes nothing and returns ~old. The window is a power of two of at least a
 * page, so the mask keeps the low three bits and an aligned word never leaves the window. */
static void emit_cmpxchg(struct jit_state *s, const struct hu_window *w)
{
    size_t misaligned, done;

    emit_mov(s, true, RAX, RSI);
    emit_ext(s, 0xf7, 0, false, RDI); /* test edi, 7 */
    emit4(s, 7);
    misaligned = emit_jcc8(s, CC_NE);
    emit_load_imm(s, R11, w->size - 1);
    emit_mask(s, RDI);
    emit_load_imm(s, R10, (uint64_t)(uintptr_t)w->hva);
    emit_rr(s, 0x01, true, RDI, R10);
    emit1(s, 0xf0); /* lock cmpxchg [rdi], rdx: rax = the previous value */
    emit_rex(s, true, RDX, RDI, false);
    emit1(s, 0x0f);
    emit1(s, 0xb1);
    emit_mem(s, RDX, RDI, 0);
    done = emit_jmp8(s);
    land8(s, misaligned);
    emit_ext(s, 0xf7, 2, true, RAX); /* not rax */
    land8(s, done);
}

/* The backend's callback for vCPU helper `id`, 0 when it has none or `id` is not one. */
static uint64_t backend_callback(const struct hu_backend *b, int32_t id)
{
    switch (id) {
    case HU_HELPER_SEND_VCPU_IPI:
        return (uint64_t)(uintptr_t)b->send_vcpu_ipi;
    case HU_HELPER_GET_VCPU_REGISTER:
        return (uint64_t)(uintptr_t)b->get_vcpu_register;
    case HU_HELPER_SET_VCPU_REGISTER:
        return (uint64_t)(uintptr_t)b->set_vcpu_register;
    case HU_HELPER_FLUSH_TLB_VCPU:
        return (uint64_t)(uintptr_t)b->flush_tlb_vcpu;
    case HU_HELPER_GET_EXIT_INFO:
        return (uint64_t)(uintptr_t)b->get_exit_info;
    default:
        return 0;
    }
}

/* fn(priv, vcpu, r1 .. r<nargs>): the helper's declared arguments after the backend's priv and the
 * run's vCPU (from the cookie), as helpers.c's VCPU_HELPER passes them. */
static void emit_backend_call(struct jit_state *s, uint64_t fn, void *priv, int nargs)
{
    if (nargs >= 3)
        emit_mov(s, true, R8, RDX);
    if (nargs >= 2)
        emit_mov(s, true, RCX, RSI);
    emit_mov(s, true, RDX, RDI);
    emit_load_cookie(s, RSI);
    emit1(s, 0x8b); /* mov esi, [rsi + vcpu] */
    emit_mem(s, RSI, RSI, (int32_t)offsetof(struct hu_run, vcpu));
    emit_load_imm(s, RDI, (uint64_t)(uintptr_t)priv);
    emit1(s, 0xff); /* call [rip + d]: the callback's address is a constant of the pool */
    emit_const_operand(s, 2, fn);
}

bool emit_bound_helper(struct jit_state *s, int32_t id)
{
    const struct hu_run *run = s->run;
    uint64_t fn;

    /* Trusted programs keep the table's calls: they zero r1-r5 after each (jit_call.c). */
    if (!run || !s->shape || s->h != &hu_run_helpers)
        return false;
    if (id == HU_HELPER_MEMCPY || id == HU_HELPER_MEMSET || id == HU_HELPER_CMPXCHG) {
        if (run->backend && run->backend->trace)
            return false; /* h_memcpy and the others report each call */
        if (id == HU_HELPER_MEMCPY)
            emit_memcpy(s, run->w);
        else if (id == HU_HELPER_MEMSET)
            emit_memset(s, run->w);
        else
            emit_cmpxchg(s, run->w);
        return true;
    }
    if (!run->untraced || !(fn = backend_callback(run->untraced, id)))
        return false;
    emit_backend_call(s, fn, run->priv, hu_helper_info[id].nargs);
    return true;
}
