/* SPDX-License-Identifier: MIT */
/* x86-64 JIT for verified BPF programs (RFC 9669 semantics, the interpreter's).
 *
 * The program's structure (functions, jump targets, call depth) is the verifier's: a verified
 * program comes with its struct hu_verify_shape, and the JIT decides none of it again. One pass
 * emits code instruction by instruction and puts every jump and call on a patch list; the patch
 * pass resolves them once all addresses are known. This file is that program pass and publishing;
 * the encoder and the emitters are in jit_encode.c, jit_alu.c, jit_jump.c, jit_mem.c, jit_call.c.
 * The code is written to RW memory and then made read-execute, never writable and executable; the
 * guest's constants are in a read-only pool after it (docs/jit.md "Guest constants").
 * docs/jit.md has the register map, the frame layout and the calling convention. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS under -std=c11 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "jit_x86.h"
#include "opcodes.h"

/* One BPF instruction (an ld_imm64 with its second slot). */
int emit_insn(struct jit_state *s, uint32_t i)
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
            return jit_fail(s, i, "ld_imm64 of kind %u (only plain 64-bit constants)", in->src);
        if (i + 1 >= s->p->n_insns || s->p->insns[i + 1].code != 0)
            return jit_fail(s, i, "ld_imm64 without its second slot");
        if ((dst = bpf_reg(s, i, in->dst)) < 0)
            return -EINVAL;
        if (in->dst == 10)
            return jit_fail(s, i, "writes r10, the read-only frame pointer");
        emit_guest_imm(s, dst, (uint32_t)in->imm | (uint64_t)(uint32_t)s->p->insns[i + 1].imm << 32,
                       true);
        return 0;
    case BPF_LDX:
        if (BPF_MODE(in->code) != BPF_MEM && BPF_MODE(in->code) != BPF_MEMSX)
            break;
        if (s->fuse[i]) /* [hva + rX + off] (jit_fuse.c) */
            return emit_load(s, i, in, reg_map[s->fuse[i] - 1], reg_map[in->src]);
        return emit_load(s, i, in, bpf_reg(s, i, in->src), -1);
    case BPF_ST:
    case BPF_STX:
        if (BPF_MODE(in->code) == BPF_MEM && s->fuse[i])
            return emit_store(s, i, in, reg_map[s->fuse[i] - 1], reg_map[in->dst]);
        if (BPF_MODE(in->code) == BPF_MEM)
            return emit_store(s, i, in, bpf_reg(s, i, in->dst), -1);
        if (BPF_MODE(in->code) == BPF_ATOMIC && BPF_CLASS(in->code) == BPF_STX)
            return emit_atomic(s, i, in);
        break;
    }
    return jit_fail(s, i, "unknown opcode 0x%02x", in->code);
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
        s->fp_escapes |= (in->src == BPF_FP && BPF_CLASS(in->code) != BPF_LDX) ||
                         (in->dst == BPF_FP && (in->code & 6) != BPF_ST); /* ST or STX */
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

/* int3 bytes always left after the code: decoders that read ahead of the last instruction
 * (valgrind's, when the code fills its last page exactly) stay inside the mapping. */
#define TAIL_BYTES 64

/* n bytes rounded up to whole pages. The code's pages hold at least TAIL_BYTES of int3 after it;
 * the constant pool's pages follow them. */
static size_t whole_pages(size_t n)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);

    return (n + page - 1) / page * page;
}

/* Fills every rel32 once all addresses are known (emission checked each target's range): jumps
 * and calls, and each [rip + disp32] naming a constant of the pool, which follows the code. */
static void patch(struct jit_state *s)
{
    size_t pool_at = whole_pages(s->len + TAIL_BYTES);

    for (uint32_t k = 0; k < s->n_patches; k++) {
        const struct jit_patch *pt = &s->patches[k];
        size_t to = pt->pool ? pool_at + pt->to * sizeof(uint64_t) : s->addr[pt->to];
        int32_t rel = (int32_t)(to - (pt->at + 4));

        write_at(s, pt->at, &rel, 4);
    }
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
        return jit_fail(s, -1, "entry %u outside a program of %u instructions", p->entry,
                        p->n_insns);
    if (s->shape && s->shape->n_insns != p->n_insns)
        return jit_fail(s, -1, "the verifier's shape has %u instructions, the program %u",
                        s->shape->n_insns, p->n_insns);
    scan_uses(s);
    if ((err = plan_accesses(s)))
        return err;
    emit_prologue(s);
    for (uint32_t i = 0; i < p->n_insns; i++) {
        s->addr[i] = s->len;
        if ((err = grow(s)))
            return err;
        if (s->fuse[i] == FUSE_SKIP)
            continue; /* an hva add the accesses make (jit_fuse.c) */
        if ((err = emit_insn(s, i)))
            return err;
        if (p->insns[i].code == (BPF_LD | BPF_IMM | BPF_DW))
            s->addr[++i] = s->len; /* the second slot: the verifier lets no jump land here */
    }
    if (s->entry_inline && s->has_helper_call) {
        if ((err = grow(s)))
            return err;
        emit_fault_stub(s);
    }
    patch(s);
    if (s->overflow)
        return jit_fail(s, -1, "internal error: code outside its buffer or a short jump too long");
    return 0;
}

/* Copies the code into its own mapping and makes it read-execute; the constant pool, in the
 * pages right after it (so that every rel32 reaches it), read-only. Neither is ever writable and
 * executable at once, and the pool is never executable. */
static int publish(struct jit_state *s, struct hu_jit *j)
{
    size_t code_size = whole_pages(s->len + TAIL_BYTES),
           pool_bytes = s->n_consts * sizeof(uint64_t);
    size_t pool_size = whole_pages(pool_bytes);
    uint8_t *mem = mmap(NULL, code_size + pool_size, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (mem == MAP_FAILED)
        return -ENOMEM;
    memset(mem, 0xcc, code_size); /* int3 after the code */
    memcpy(mem, s->code, s->len);
    memcpy(mem + code_size, s->consts, pool_bytes);
    if (mprotect(mem, code_size, PROT_READ | PROT_EXEC) ||
        (pool_size && mprotect(mem + code_size, pool_size, PROT_READ))) {
        munmap(mem, code_size + pool_size);
        return jit_fail(s, -1, "mprotect: %s", strerror(errno));
    }
    j->code = mem;
    j->map_size = code_size + pool_size;
    j->code_size = s->len;
    j->consts = pool_bytes ? (const uint64_t *)(mem + code_size) : NULL;
    j->n_consts = s->n_consts;
    return 0;
}

/* Emits the program into s->code with its own address, patch and constant arrays. */
static int emit_all(struct jit_state *s, unsigned flags)
{
    size_t n = s->p->n_insns;
    int ret = -ENOMEM;

    if (s->errlen)
        s->err[0] = '\0';
    s->pool = !(flags & HU_JIT_NO_BLINDING);
    s->addr = calloc(n + 1, sizeof(*s->addr));
    s->patches = calloc(2 * (n + 1), sizeof(*s->patches));
    s->fuse = calloc(n + 1, sizeof(*s->fuse));
    s->live = calloc(n + 1, sizeof(*s->live));
    s->consts = calloc(n + 1, sizeof(*s->consts));
    if (s->addr && s->patches && s->fuse && s->live && s->consts)
        ret = emit_program(s);
    if (ret == -ENOMEM && s->errlen && !s->err[0])
        snprintf(s->err, s->errlen, "jit: out of memory");
    free(s->addr);
    free(s->patches);
    free(s->fuse);
    free(s->live);
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

    free(s.consts);
    *len = s.len;
    return ret;
}

int hu_jit_compile_flags(const struct hu_prog *p, const struct hu_verify_shape *shape,
                         const struct hu_helpers *h, unsigned flags, struct hu_jit **out, char *err,
                         size_t errlen)
{
    return hu_jit_compile_bound(p, shape, h, NULL, flags, out, err, errlen);
}

int hu_jit_compile_bound(const struct hu_prog *p, const struct hu_verify_shape *shape,
                         const struct hu_helpers *h, const struct hu_run *run, unsigned flags,
                         struct hu_jit **out, char *err, size_t errlen)
{
    struct jit_state s = {.p = p, .shape = shape, .h = h, .run = run, .err = err, .errlen = errlen};
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
    free(s.consts);
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
