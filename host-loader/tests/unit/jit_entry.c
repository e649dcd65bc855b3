/* SPDX-License-Identifier: MIT */
/* The JIT's native entry saves only the callee-saved registers a program uses: for every mix of
 * r6-r9 and r10 named, helper calls and BPF-to-BPF calls, the code must still return the right r0,
 * leave rbx, rbp and r12-r15 as the caller had them (also after a fault from a nested call), keep
 * r6-r9 and the stack across calls, and call helpers with rsp 16-byte aligned and the run's
 * cookie. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "insn.h"
#include "jit.h"
#include "verifier.h"

#define INSN(c, d, s, o, i) ((struct hu_insn)I(c, d, s, o, i))
#define UNKNOWN_HELPER 9

/* Calls a native entry with rbx, rbp, r12-r15 set to distinct canaries; *clobbered is non-zero
 * if any of them differs after the return. x86-64 SysV; the struct comes back in rax:rdx. */
struct guarded_ret {
    uint64_t r0, fault;
};
struct guarded_ret guarded_call(const void *entry, uint64_t r1, uint64_t r2, void *cookie,
                                uint64_t *clobbered);
__asm__(".text\n"
        ".type guarded_call, @function\n"
        "guarded_call:\n"
        "  push %rbx\n  push %rbp\n  push %r12\n  push %r13\n  push %r14\n  push %r15\n"
        "  push %r8\n" /* 7 pushes: rsp is 16-byte aligned at the call below */
        "  mov %rdi, %rax\n  mov %rsi, %rdi\n  mov %rdx, %rsi\n  mov %rcx, %rdx\n"
        "  movabs $0x1b1b1b1b1b1b1b1b, %rbx\n  movabs $0x2b2b2b2b2b2b2b2b, %rbp\n"
        "  movabs $0x3c3c3c3c3c3c3c3c, %r12\n  movabs $0x4d4d4d4d4d4d4d4d, %r13\n"
        "  movabs $0x5e5e5e5e5e5e5e5e, %r14\n  movabs $0x6f6f6f6f6f6f6f6f, %r15\n"
        "  call *%rax\n"
        "  movabs $0x1b1b1b1b1b1b1b1b, %r8\n  xor %rbx, %r8\n"
        "  movabs $0x2b2b2b2b2b2b2b2b, %rcx\n  xor %rbp, %rcx\n  or %rcx, %r8\n"
        "  movabs $0x3c3c3c3c3c3c3c3c, %rcx\n  xor %r12, %rcx\n  or %rcx, %r8\n"
        "  movabs $0x4d4d4d4d4d4d4d4d, %rcx\n  xor %r13, %rcx\n  or %rcx, %r8\n"
        "  movabs $0x5e5e5e5e5e5e5e5e, %rcx\n  xor %r14, %rcx\n  or %rcx, %r8\n"
        "  movabs $0x6f6f6f6f6f6f6f6f, %rcx\n  xor %r15, %rcx\n  or %rcx, %r8\n"
        "  pop %rcx\n  mov %r8, (%rcx)\n"
        "  pop %r15\n  pop %r14\n  pop %r13\n  pop %r12\n  pop %rbp\n  pop %rbx\n"
        "  ret\n"
        ".size guarded_call, .-guarded_call\n");

/* A helper returning rsp's misalignment at its entry (SysV: rsp + 8 is a multiple of 16), plus
 * 0x100 when its cookie is not the run's (COOKIE). */
#define COOKIE 0x7c0031e0c00c1e00ull
uint64_t align_probe(void *cookie, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);
__asm__(".text\n"
        ".type align_probe, @function\n"
        "align_probe:\n"
        "  lea 8(%rsp), %rax\n  and $15, %eax\n"
        "  movabs $0x7c0031e0c00c1e00, %rcx\n  cmp %rcx, %rdi\n  je 1f\n  or $0x100, %eax\n"
        "1:  ret\n"
        ".size align_probe, .-align_probe\n");

struct shape {
    unsigned regs; /* bit r - 6: r6-r9 and r10 are named */
    bool helper;   /* calls align_probe */
    bool local;    /* the call happens in a BPF function of its own */
    bool fault;    /* the call names no helper instead */
};

/* r1 = 5. Named r6-r9 get 100 * r; r10 holds r1 on the stack across the call; the call (helper,
 * local, or neither) leaves r0, which must come back 0; the local function overwrites r6-r9.
 * Returns the instruction count; *expect is r0 and *fault_at the faulting call's index. */
static uint32_t build(const struct shape *sh, struct hu_insn *in, uint64_t *expect,
                      uint32_t *fault_at)
{
    int32_t id = sh->fault ? UNKNOWN_HELPER : 1;
    uint32_t n = 0, call_at;

    *expect = 0;
    for (int r = 6; r <= 9; r++)
        if (sh->regs & (1u << (r - 6))) {
            in[n++] = INSN(0xb7, r, 0, 0, 100 * r); /* r = 100 * r */
            *expect += 100u * (unsigned)r;
        }
    if (sh->regs & 0x10) {
        in[n++] = INSN(0x7b, 10, 1, -8, 0); /* *(u64 *)(r10 - 8) = r1 */
        *expect += 5;
    }
    call_at = n;
    if (sh->local)
        in[n++] = INSN(0x85, 0, 1, 0, 0); /* call the function placed after this one's exit */
    else if (sh->helper)
        in[n++] = INSN(0x85, 0, 0, 0, id);
    else
        in[n++] = INSN(0xb7, 0, 0, 0, 0);
    for (int r = 6; r <= 9; r++)
        if (sh->regs & (1u << (r - 6)))
            in[n++] = INSN(0x0f, 0, r, 0, 0); /* r0 += r */
    if (sh->regs & 0x10) {
        in[n++] = INSN(0x79, 2, 10, -8, 0); /* r2 = *(u64 *)(r10 - 8) */
        in[n++] = INSN(0x0f, 0, 2, 0, 0);
    }
    in[n++] = INSN(0x95, 0, 0, 0, 0);
    if (!sh->local) {
        *fault_at = call_at;
        return n;
    }
    in[call_at].imm = (int32_t)(n - call_at - 1);
    for (int r = 6; r <= 9; r++)
        if (sh->regs & (1u << (r - 6)))
            in[n++] = INSN(0xb7, r, 0, 0, 7); /* the caller must get its own r back */
    *fault_at = n;
    in[n++] = sh->helper ? INSN(0x85, 0, 0, 0, id) : INSN(0xb7, 0, 0, 0, 0);
    in[n++] = INSN(0x95, 0, 0, 0, 0);
    return n;
}

/* The verifier's shape of a program from build(): the entry function up to the first exit, the
 * local function after it, the entry's stack slot; no jumps. */
static void shape_of(const struct shape *sh, const struct hu_prog *p, struct hu_verify_shape *vs,
                     uint8_t *flags, struct hu_verify_func *funcs)
{
    uint32_t end = 0;

    while (p->insns[end].code != 0x95)
        end++;
    end++;
    memset(flags, 0, p->n_insns);
    flags[0] = HU_SHAPE_FUNC_START;
    funcs[0] = (struct hu_verify_func){
        .start = 0, .end = end, .frames = 1 + sh->local, .stack_bytes = sh->regs & 0x10 ? 8 : 0};
    funcs[1] = (struct hu_verify_func){.start = end, .end = p->n_insns, .frames = 1};
    if (sh->local)
        flags[end] = HU_SHAPE_FUNC_START;
    *vs = (struct hu_verify_shape){.insn = flags,
                                   .n_insns = p->n_insns,
                                   .funcs = funcs,
                                   .n_funcs = sh->local ? 2 : 1,
                                   .max_frames = 1 + sh->local};
}

/* The shape compiled as a trusted program, or (`verified`) with a verifier's shape: the entry's
 * code then runs without a call of its own and its exits end the run. */
static int check(const struct shape *sh, const struct hu_helpers *h, bool verified)
{
    struct hu_insn in[32];
    struct hu_prog p = {.insns = in};
    struct hu_verify_shape vs;
    struct hu_verify_func funcs[2];
    uint8_t flags[32];
    struct hu_jit *j;
    uint64_t expect, clobbered = 1;
    uint32_t fault_at;
    char err[256];
    size_t size;

    p.n_insns = build(sh, in, &expect, &fault_at);
    shape_of(sh, &p, &vs, flags, funcs);
    if (hu_jit_compile_flags(&p, verified ? &vs : NULL, h, 0, &j, err, sizeof(err))) {
        fprintf(stderr, "FAIL regs %#x helper %d local %d: %s\n", sh->regs, sh->helper, sh->local,
                err);
        return 1;
    }
    struct guarded_ret ret = guarded_call(hu_jit_code(j, &size), 5, 0, (void *)COOKIE, &clobbered);
    hu_jit_free(j);
    bool ok = clobbered == 0 && (sh->fault ? ret.fault == fault_at
                                           : ret.fault == HU_JIT_NO_FAULT && ret.r0 == expect);
    if (!ok)
        fprintf(stderr,
                "FAIL regs %#x helper %d local %d fault %d verified %d: r0 %llu (want %llu), "
                "fault %llu, callee-saved registers %s\n",
                sh->regs, sh->helper, sh->local, sh->fault, verified, (unsigned long long)ret.r0,
                (unsigned long long)expect, (unsigned long long)ret.fault,
                clobbered ? "clobbered" : "kept");
    return !ok;
}

int main(void)
{
    struct hu_helpers h = {.fn = {[1] = align_probe}};
    int failed = 0, runs = 0;

    for (unsigned regs = 0; regs < 32; regs++)
        for (int kind = 0; kind < 6; kind++) {
            /* neither, helper, local, local + helper, helper fault, local + helper fault */
            static const struct {
                bool helper, local, fault;
            } kinds[] = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {1, 1, 0}, {1, 0, 1}, {1, 1, 1}};
            struct shape sh = {regs, kinds[kind].helper, kinds[kind].local, kinds[kind].fault};

            for (int verified = 0; verified < 2; verified++, runs++)
                failed += check(&sh, &h, verified);
        }
    if (failed) {
        fprintf(stderr, "jit_entry: %d of %d shapes failed\n", failed, runs);
        return 1;
    }
    printf("jit_entry: %d entry shapes keep the callee-saved registers, r6-r9, the stack and "
           "helper alignment\n",
           runs);
    return 0;
}
