/* SPDX-License-Identifier: MIT */
/*
 * hupcall ABI v1: the contract between the guest framework, the compiler (hucc and its pass
 * plugin) and the host loader. This header is the single source of truth; it compiles as C for
 * the BPF target, as C for the host and as C++ for the pass plugin. docs/abi.md explains it.
 */
#ifndef HUPCALL_ABI_H
#define HUPCALL_ABI_H

/* Fixed-width types from the compiler's own macros: no libc header exists for the BPF target. */
typedef __UINT8_TYPE__ hu_u8;
typedef __UINT16_TYPE__ hu_u16;
typedef __UINT32_TYPE__ hu_u32;
typedef __UINT64_TYPE__ hu_u64;
typedef __INT64_TYPE__ hu_s64;

#define HU_ABI_VERSION 1

#ifdef __cplusplus
#define HU_STATIC_ASSERT(cond, msg) static_assert(cond, msg)
#else
#define HU_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#endif

/* The context a hyperupcall receives in r1. Read-only; its layout is ABI v1 (HU_ABI_VERSION). */
struct hu_ctx {
    hu_u32 event;      /* event id (HU_EVENT_*) */
    hu_u32 vcpu_id;    /* the vCPU a local event concerns */
    hu_u64 hva;        /* host virtual address of the window's first byte */
    hu_u64 guest_base; /* guest virtual address of the window's first byte */
    hu_u64 guest_mask; /* window size - 1; guest_base is aligned to the size */
    hu_u64 rip;        /* vCPU instruction pointer, where the event has a vCPU */
    hu_u64 args[6];    /* event arguments */
    hu_u64 env[8];     /* guest-supplied at registration; env[0] is the KASLR slide */
};

#define HU_CTX_OFF_EVENT 0
#define HU_CTX_OFF_VCPU_ID 4
#define HU_CTX_OFF_HVA 8
#define HU_CTX_OFF_GUEST_BASE 16
#define HU_CTX_OFF_GUEST_MASK 24
#define HU_CTX_OFF_RIP 32
#define HU_CTX_OFF_ARGS 40
#define HU_CTX_OFF_ENV 88
#define HU_CTX_SIZE 152
#define HU_CTX_NARGS 6
#define HU_CTX_NENV 8
#define HU_ENV_KASLR_SLIDE 0

HU_STATIC_ASSERT(__builtin_offsetof(struct hu_ctx, event) == HU_CTX_OFF_EVENT, "event");
HU_STATIC_ASSERT(__builtin_offsetof(struct hu_ctx, vcpu_id) == HU_CTX_OFF_VCPU_ID, "vcpu_id");
HU_STATIC_ASSERT(__builtin_offsetof(struct hu_ctx, hva) == HU_CTX_OFF_HVA, "hva");
HU_STATIC_ASSERT(__builtin_offsetof(struct hu_ctx, guest_base) == HU_CTX_OFF_GUEST_BASE, "base");
HU_STATIC_ASSERT(__builtin_offsetof(struct hu_ctx, guest_mask) == HU_CTX_OFF_GUEST_MASK, "mask");
HU_STATIC_ASSERT(__builtin_offsetof(struct hu_ctx, rip) == HU_CTX_OFF_RIP, "rip");
HU_STATIC_ASSERT(__builtin_offsetof(struct hu_ctx, args) == HU_CTX_OFF_ARGS, "args");
HU_STATIC_ASSERT(__builtin_offsetof(struct hu_ctx, env) == HU_CTX_OFF_ENV, "env");
HU_STATIC_ASSERT(sizeof(struct hu_ctx) == HU_CTX_SIZE, "struct hu_ctx is 152 bytes");

/* Events (paper, Table 2). Ids of 16 and above are global events with the strict limits. */
enum hu_event {
    HU_EVENT_EXIT = 1,      /* local; args: exit reason, qualification, guest-physical address */
    HU_EVENT_ENTRY = 2,     /* local; r0 ignored */
    HU_EVENT_INTERRUPT = 3, /* local; args: target vCPU, vector; r0 1 = handled, do not deliver */
    HU_EVENT_MAP = 4,       /* local; args: gpa, gva, access bits; r0 0 = allow, 1 = deny */
    HU_EVENT_RECLAIM = 16,  /* global; args: guest frame number; r0 1 = free, discard it */
    HU_EVENT_AGING = 17,    /* global; args: guest frame number; r0 1 = cold */
    HU_EVENT_PREEMPT = 18,  /* global; args: vCPU about to be descheduled; r0 scheduling hint */
};
#define HU_EVENT_FIRST_GLOBAL 16
#define HU_EVENT_IS_GLOBAL(e) ((e) >= HU_EVENT_FIRST_GLOBAL)

/* Section names: a hyperupcall's code lives in section HU_SECTION_PREFIX "<event name>". */
#define HU_SECTION_PREFIX "hupcall/"
#define HU_EVENT_NAME_EXIT "exit"
#define HU_EVENT_NAME_ENTRY "entry"
#define HU_EVENT_NAME_INTERRUPT "interrupt"
#define HU_EVENT_NAME_MAP "map"
#define HU_EVENT_NAME_RECLAIM "reclaim"
#define HU_EVENT_NAME_AGING "aging"
#define HU_EVENT_NAME_PREEMPT "preempt"

/* Sets of events, as bits: which events may call a helper. */
#define HU_EV(e) (1u << (e))
#define HU_EV_LOCAL                                                                                \
    (HU_EV(HU_EVENT_EXIT) | HU_EV(HU_EVENT_ENTRY) | HU_EV(HU_EVENT_INTERRUPT) | HU_EV(HU_EVENT_MAP))
#define HU_EV_ALL                                                                                  \
    (HU_EV_LOCAL | HU_EV(HU_EVENT_RECLAIM) | HU_EV(HU_EVENT_AGING) | HU_EV(HU_EVENT_PREEMPT))

/* Helpers (paper, Table 3), called with `call imm`; arguments in r1-r5, result in r0. Helpers
 * take guest virtual addresses and mask them themselves. The one table of them:
 * X(id, ENUM, name, arguments, events that may call it), used by the enum below, the verifier,
 * both engines, the recorder and the disassembler.
 *   send_vcpu_ipi(vcpu, vector)            get_vcpu_register(vcpu, reg) -> value
 *   set_vcpu_register(vcpu, reg, value)    memcpy(dst gva, src gva, len) guest to guest, bounded
 *   memset(dst gva, byte, len) bounded     cmpxchg(gva, old, new) -> previous, 64-bit, atomic
 *   flush_tlb_vcpu(vcpu) before it runs    get_exit_info(field) -> value
 *   atomic(gva, value, HU_ATOMIC_OP(op, size), expected) -> previous value of the object */
#define HU_HELPERS(X)                                                                              \
    X(1, SEND_VCPU_IPI, send_vcpu_ipi, 2, HU_EV(HU_EVENT_EXIT) | HU_EV(HU_EVENT_INTERRUPT))         \
    X(2, GET_VCPU_REGISTER, get_vcpu_register, 2, HU_EV_ALL)                                       \
    X(3, SET_VCPU_REGISTER, set_vcpu_register, 3, HU_EV_LOCAL)                                     \
    X(4, MEMCPY, memcpy, 3, HU_EV_ALL)                                                             \
    X(5, MEMSET, memset, 3, HU_EV_ALL)                                                             \
    X(6, CMPXCHG, cmpxchg, 3, HU_EV_ALL)                                                           \
    X(7, FLUSH_TLB_VCPU, flush_tlb_vcpu, 1, HU_EV(HU_EVENT_EXIT) | HU_EV(HU_EVENT_INTERRUPT))       \
    X(8, GET_EXIT_INFO, get_exit_info, 1, HU_EV(HU_EVENT_EXIT))                                     \
    X(9, ATOMIC, atomic, 4, HU_EV_ALL)

enum hu_helper {
#define HU_HELPER_ENUM(id, ENUM, name, nargs, events) HU_HELPER_##ENUM = id,
    HU_HELPERS(HU_HELPER_ENUM)
#undef HU_HELPER_ENUM
};
#define HU_HELPER_MAX 9

/* The atomic helper's operations on a naturally aligned 1-, 2-, 4- or 8-byte guest object, done
 * with the host's own atomic instructions. Its third argument is HU_ATOMIC_OP(op, size); it
 * returns the object's previous value, zero-extended. CMPXCHG stores `value` when the object
 * equals `expected` (the fourth argument, read by no other operation); the min/max operations
 * compare as signed (S) or unsigned (U) integers of the object's size. A misaligned address writes
 * nothing and returns ~expected truncated to the size (as the cmpxchg helper does); an unknown
 * operation or size returns -EINVAL. */
enum hu_atomic_op {
    HU_ATOMIC_XCHG = 0,
    HU_ATOMIC_ADD = 1,
    HU_ATOMIC_AND = 2,
    HU_ATOMIC_OR = 3,
    HU_ATOMIC_XOR = 4,
    HU_ATOMIC_NAND = 5,
    HU_ATOMIC_CMPXCHG = 6,
    HU_ATOMIC_SMAX = 7,
    HU_ATOMIC_SMIN = 8,
    HU_ATOMIC_UMAX = 9,
    HU_ATOMIC_UMIN = 10,
    HU_ATOMIC_OP_COUNT /* the number of operations */
};
#define HU_ATOMIC_OP(op, size) ((op) << 4 | (size))

/* Fields of get_exit_info. */
enum hu_exit_info {
    HU_EXIT_INFO_REASON = 0,
    HU_EXIT_INFO_QUALIFICATION = 1,
    HU_EXIT_INFO_GPA = 2,
    HU_EXIT_INFO_GVA = 3,
    HU_EXIT_INFO_INSN_LEN = 4,
    HU_EXIT_INFO_TSC = 5,
    HU_EXIT_INFO_COUNT /* the number of fields */
};

/* vCPU registers of get/set_vcpu_register (x86-64 encoding order, then the specials). */
enum hu_vcpu_reg {
    HU_REG_RAX, HU_REG_RCX, HU_REG_RDX, HU_REG_RBX, HU_REG_RSP, HU_REG_RBP, HU_REG_RSI,
    HU_REG_RDI, HU_REG_R8, HU_REG_R9, HU_REG_R10, HU_REG_R11, HU_REG_R12, HU_REG_R13,
    HU_REG_R14, HU_REG_R15, HU_REG_RIP, HU_REG_RFLAGS, HU_REG_CR0, HU_REG_CR2, HU_REG_CR3,
    HU_REG_CR4, HU_REG_COUNT
};

/* Limits. */
#define HU_MAX_INSNS_GLOBAL 4096          /* a global hyperupcall's instruction budget */
#define HU_MAX_INSNS_LOCAL_DEFAULT 65536  /* a local one's, configurable at registration */
/* The largest local limit registration accepts, so the largest program any event allows (the
 * host's loader rejects a bigger code section before copying it). */
#define HU_MAX_INSNS_LOCAL_MAX (1u << 18)
#define HU_WINDOW_MAX_PERCENT_GLOBAL 2    /* a global window is at most 2% of guest memory */
#define HU_STACK_SIZE 512                 /* the BPF stack frame */
#define HU_MAX_CALL_FRAMES 8              /* frames on a BPF-to-BPF call chain, the entry's included */
/* Helper work, counted in the run-time bound: memcpy and memset refuse a length above
 * HU_HELPER_MAX_LEN (returning -EINVAL), and the calls on a program's longest path may touch at
 * most HU_HELPER_BYTES_PER_INSN bytes per instruction of its limit (64 KiB for a global one). */
#define HU_HELPER_MAX_LEN 4096
#define HU_HELPER_BYTES_PER_INSN 16
/* The guard the host maps after the window: a constant field offset folded into a guest access
 * stays inside it. 64 KiB covers every positive 16-bit BPF offset plus an 8-byte access. */
#define HU_GUARD_SIZE 0x10000

/* LLVM address spaces the compiler uses (270-272 are reserved by the x86 data layout). Nothing
 * reaches BPF code generation in a non-zero address space. */
#define HU_AS_GUEST 1 /* plain pointers into guest memory: translated and masked */
#define HU_AS_HOST 2  /* __host pointers: the context and helper-provided host buffers */

#endif /* HUPCALL_ABI_H */
