/* SPDX-License-Identifier: MIT */
/*
 * Compiler glue of the hupcall framework: mode selection (BPF or native), __host, inlining,
 * unrolling, READ_ONCE/WRITE_ONCE and the small kernel macros reused code expects.
 */
#ifndef HUPCALL_COMPILER_H
#define HUPCALL_COMPILER_H

/*
 * Native mode: the same source built for the host with direct pointers and the helpers as plain
 * extern C functions (differential tests, the native benchmark column). hucc defines __HUPCALL__
 * in both of its routes, so kernel mode (host triple first, BPF later) is not mistaken for it.
 */
#if !defined(HUPCALL_NATIVE) && !defined(__bpf__) && !defined(__HUPCALL__)
#define HUPCALL_NATIVE 1
#endif

/*
 * Kernel names (test_bit, list_for_each_entry, per_cpu, spin_trylock, u64, ...) are defined
 * for reused code unless HU_NO_KERNEL_NAMES is defined; the hu_ names always are. When the
 * guest's own kernel headers come first they own the kernel names, so only the hu_ names are
 * added (include the kernel headers before this one).
 */
#if defined(_LINUX_TYPES_H) && !defined(HU_NO_KERNEL_NAMES)
#define HU_NO_KERNEL_NAMES 1
#endif

/* Host pointers (helper-provided host buffers); plain pointers are guest pointers. */
#ifdef HUPCALL_NATIVE
#define __host
#else
#define __host __attribute__((address_space(2)))
#endif

/*
 * Framework functions are always inlined and, under clang, carry no debug info of their own:
 * their instructions take the caller's line, so a diagnostic (from the pass or the verifier's
 * line info) points at the hyperupcall's source, not into these headers.
 */
#ifdef __clang__
#define __hu_inline inline __attribute__((always_inline, nodebug))
#else
#define __hu_inline inline __attribute__((always_inline))
#endif

#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif

#define HU_CONCAT_(a, b) a##b
#define HU_CONCAT(a, b) HU_CONCAT_(a, b)
/* A fresh identifier per expansion, for loop counters hidden inside walk macros. */
#define HU_UNIQUE(prefix) HU_CONCAT(prefix, __COUNTER__)

/*
 * Loops must unroll completely: the verifier accepts no back edge. A loop whose trip count is
 * only bounded (a walk that may stop early) unrolls by its bound when the bound is at most
 * LLVM's -unroll-max-upperbound, which hucc raises from 8 to HUCC_UNROLL_MAX_UPPERBOUND. Native
 * code keeps its loops.
 */
#ifdef HUPCALL_NATIVE
#define HU_UNROLL
#else
#define HU_UNROLL _Pragma("unroll")
#endif

#ifndef likely
#define likely(x) __builtin_expect(!!(x), 1)
#endif
#ifndef unlikely
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif

/* A compiler barrier without inline assembly (which the verifier rejects). */
#ifndef barrier
#define barrier() __atomic_signal_fence(__ATOMIC_SEQ_CST)
#endif

/* One access of exactly the object's size: the guest may change its memory while we read it. */
#ifndef READ_ONCE
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#endif
#ifndef WRITE_ONCE
#define WRITE_ONCE(x, val)                                                                         \
    do {                                                                                           \
        *(volatile __typeof__(x) *)&(x) = (val);                                                   \
    } while (0)
#endif

#ifndef offsetof
#define offsetof(type, member) __builtin_offsetof(type, member)
#endif
#ifndef container_of
#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* A call that must not survive to code generation: the attribute makes it a compile error. */
#define HU_UNAVAILABLE(msg) __attribute__((error(msg)))

#endif /* HUPCALL_COMPILER_H */
