/* SPDX-License-Identifier: MIT */
/* The x86-64 JIT: native code for a verified program, with the interpreter's semantics. Internal.
 *
 * The JIT adds no run-time checks: it must only be handed programs hu_verify accepted, with the
 * struct hu_verify_shape the verifier filled (functions, jump targets, call depth, stack use), or
 * trusted test programs such as the BPF conformance suite. It decides no structure itself. It still
 * refuses, with an error and no crash, what it cannot encode: unknown opcodes, registers above
 * r10, writes to r10, jumps and calls outside the program, a truncated ld_imm64.
 * docs/jit.md describes the code it emits. */
#ifndef HU_JIT_H
#define HU_JIT_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include "interp.h"
#include "prog.h"
#include "verifier.h"

/* A compiled program: `code` starts with the native entry (docs/jit.md); `consts`, the guest's
 * constants (NULL: none), is a read-only pool in the pages after the code's. */
struct hu_jit {
    void *code;
    size_t map_size; /* the code's pages and the pool's */
    size_t code_size;
    const uint64_t *consts;
    size_t n_consts;
};

/* The native entry returns r0 in rax and, in rdx, HU_JIT_NO_FAULT or the index of the
 * instruction that faulted. */
#define HU_JIT_NO_FAULT UINT32_MAX
struct hu_jit_ret {
    uint64_t r0;
    uint64_t fault;
};
typedef struct hu_jit_ret (*hu_jit_entry_fn)(uint64_t r1, uint64_t r2, void *cookie);

/* Compiles a trusted program `p` (no verifier has seen it: the conformance suite, the tests) from
 * its entry; the helper functions h->fn are bound into the code now (h may be NULL: no helpers;
 * h->cookie is not used: each run passes its own). 0 and *out, or -EINVAL (program refused, `err`
 * says which instruction and why) or -ENOMEM. */
int hu_jit_compile(const struct hu_prog *p, const struct hu_helpers *h, struct hu_jit **out,
                   char *err, size_t errlen);

/* hu_jit_compile keeps guest-chosen immediates out of the code (docs/jit.md "Guest constants"):
 * instructions read them from a read-only constant pool. This flag puts them back into the code
 * as immediates, verbatim: only for measuring what the pool costs (a hostile guest could then
 * plant instruction bytes in executable memory). */
#define HU_JIT_NO_BLINDING 1u
/* hu_jit_compile of a program hu_verify accepted, with the `shape` it filled (NULL: a trusted
 * program), and `flags` (HU_JIT_*). */
int hu_jit_compile_flags(const struct hu_prog *p, const struct hu_verify_shape *shape,
                         const struct hu_helpers *h, unsigned flags, struct hu_jit **out, char *err,
                         size_t errlen);

struct hu_run;
/* hu_jit_compile_flags for a registration: `run` (run.h; its vcpu unused, each run's cookie has
 * its own) binds the library's helpers (h == &hu_run_helpers) to the registration's window and
 * backend, read now. In a verified program, when the backend has no trace callback, memcpy, memset
 * and cmpxchg are compiled inline and the vCPU helpers call the backend's callback directly
 * (jit_inline_helpers.c, docs/jit.md); otherwise every helper is called through h. */
int hu_jit_compile_bound(const struct hu_prog *p, const struct hu_verify_shape *shape,
                         const struct hu_helpers *h, const struct hu_run *run, unsigned flags,
                         struct hu_jit **out, char *err, size_t errlen);

/* For the test of the code buffer's bounds: hu_jit_compile_flags's code generation into the
 * caller's `buf` of `cap` bytes, which never grows, with the bytes written in *len; nothing is
 * mapped. A buffer too small fails the compile (-EINVAL, "internal error") with no byte written
 * past `cap`. */
int hu_jit_emit_into(const struct hu_prog *p, const struct hu_verify_shape *shape,
                     const struct hu_helpers *h, unsigned flags, uint8_t *buf, size_t cap,
                     size_t *len, char *err, size_t errlen);

/* Runs the compiled program with r1, r2 set (r0 and the r3-r9 it names start at 0; docs/jit.md): 0
 * and *r0, or -EINVAL with `err` filled for the one fault checked at run time, a call (or callx)
 * that names no helper, as hu_interp_run does. Helpers get `cookie` (the run's state, as struct
 * hu_helpers' cookie for the interpreter). Reentrant: runs may proceed concurrently on different
 * threads. */
static inline int hu_jit_run(const struct hu_jit *j, uint64_t r1, uint64_t r2, void *cookie,
                             uint64_t *r0, char *err, size_t errlen);
/* hu_jit_run's fault message, out of line: fills `err` for a fault at `insn`. */
void hu_jit_fault(uint64_t insn, char *err, size_t errlen);

/* The native code and its size in bytes: for measurements, and to disassemble it (e.g. with
 * objdump -D -b binary -m i386:x86-64). */
const void *hu_jit_code(const struct hu_jit *j, size_t *size);

void hu_jit_free(struct hu_jit *j);

/* clang's -fsanitize=function (part of -fsanitize=undefined) checks every indirect call by reading
 * a type signature from the 8 bytes before the callee. JIT code has none, and its entry starts a
 * page whose predecessor is usually unmapped, so the check itself would fault. This is the one
 * call into JIT code; gcc has no such check (and warns about the name). */
#if defined(__clang__)
#define HU_JIT_NO_SANITIZE_FUNCTION __attribute__((no_sanitize("function")))
#else
#define HU_JIT_NO_SANITIZE_FUNCTION
#endif

/* Inline so that a caller passing no message buffer (hu_fire) keeps nothing but r0's address live
 * across the call. */
HU_JIT_NO_SANITIZE_FUNCTION
static inline int hu_jit_run(const struct hu_jit *j, uint64_t r1, uint64_t r2, void *cookie,
                             uint64_t *r0, char *err, size_t errlen)
{
    struct hu_jit_ret ret = ((hu_jit_entry_fn)j->code)(r1, r2, cookie);

    if (ret.fault != HU_JIT_NO_FAULT) {
        hu_jit_fault(ret.fault, err, errlen);
        return -EINVAL;
    }
    *r0 = ret.r0;
    return 0;
}

#endif /* HU_JIT_H */
