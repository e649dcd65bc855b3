/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's helpers (abi.h's HU_HELPERS table) as typed inline functions. On BPF each is
 * a `call <id>`: the helper address is a constant function pointer, folded at -O2. Guest
 * addresses travel as integers: helpers mask them themselves. In native mode the memory helpers
 * are plain C and the vCPU helpers are extern functions the test harness implements.
 */
#ifndef HUPCALL_HELPERS_H
#define HUPCALL_HELPERS_H

#include <hupcall/abi.h>
#include <hupcall/compiler.h>

#ifndef HUPCALL_NATIVE

#define HU_HELPER(id, ret, name, ...) static ret (*const name)(__VA_ARGS__) = (void *)(id)
HU_HELPER(HU_HELPER_SEND_VCPU_IPI, long, hu_call_send_vcpu_ipi, hu_u64, hu_u64);
HU_HELPER(HU_HELPER_GET_VCPU_REGISTER, hu_u64, hu_call_get_vcpu_register, hu_u64, hu_u64);
HU_HELPER(HU_HELPER_SET_VCPU_REGISTER, long, hu_call_set_vcpu_register, hu_u64, hu_u64, hu_u64);
HU_HELPER(HU_HELPER_MEMCPY, long, hu_call_memcpy, hu_u64, hu_u64, hu_u64);
HU_HELPER(HU_HELPER_MEMSET, long, hu_call_memset, hu_u64, hu_u64, hu_u64);
HU_HELPER(HU_HELPER_CMPXCHG, hu_u64, hu_call_cmpxchg, hu_u64, hu_u64, hu_u64);
HU_HELPER(HU_HELPER_FLUSH_TLB_VCPU, long, hu_call_flush_tlb_vcpu, hu_u64);
HU_HELPER(HU_HELPER_GET_EXIT_INFO, hu_u64, hu_call_get_exit_info, hu_u64);
#undef HU_HELPER

#else /* HUPCALL_NATIVE */

long hu_native_send_vcpu_ipi(hu_u64 vcpu, hu_u64 vector);
hu_u64 hu_native_get_vcpu_register(hu_u64 vcpu, hu_u64 reg);
long hu_native_set_vcpu_register(hu_u64 vcpu, hu_u64 reg, hu_u64 value);
long hu_native_flush_tlb_vcpu(hu_u64 vcpu);
hu_u64 hu_native_get_exit_info(hu_u64 field);

#define hu_call_send_vcpu_ipi hu_native_send_vcpu_ipi
#define hu_call_get_vcpu_register hu_native_get_vcpu_register
#define hu_call_set_vcpu_register hu_native_set_vcpu_register
#define hu_call_flush_tlb_vcpu hu_native_flush_tlb_vcpu
#define hu_call_get_exit_info hu_native_get_exit_info

static __hu_inline long hu_call_memcpy(hu_u64 dst, hu_u64 src, hu_u64 len)
{
    __builtin_memcpy((void *)dst, (const void *)src, len);
    return 0;
}

static __hu_inline long hu_call_memset(hu_u64 dst, hu_u64 byte, hu_u64 len)
{
    __builtin_memset((void *)dst, (int)byte, len);
    return 0;
}

static __hu_inline hu_u64 hu_call_cmpxchg(hu_u64 addr, hu_u64 old, hu_u64 new_val)
{
    __atomic_compare_exchange_n((hu_u64 *)addr, &old, new_val, 0, __ATOMIC_SEQ_CST,
                                __ATOMIC_SEQ_CST);
    return old;
}

#endif /* HUPCALL_NATIVE */

/* Inject interrupt `vector` into vCPU `vcpu`. */
static __hu_inline long hu_send_vcpu_ipi(hu_u32 vcpu, hu_u32 vector)
{
    return hu_call_send_vcpu_ipi(vcpu, vector);
}

/* Read register `reg` (enum hu_vcpu_reg) of a possibly descheduled vCPU. */
static __hu_inline hu_u64 hu_get_vcpu_register(hu_u32 vcpu, enum hu_vcpu_reg reg)
{
    return hu_call_get_vcpu_register(vcpu, reg);
}

/* Write register `reg` of `vcpu`; takes effect at the next synchronisation point. */
static __hu_inline long hu_set_vcpu_register(hu_u32 vcpu, enum hu_vcpu_reg reg, hu_u64 value)
{
    return hu_call_set_vcpu_register(vcpu, reg, value);
}

/* Guest-to-guest copy of `len` bytes (the helper bounds it). */
static __hu_inline long hu_memcpy(void *dst, const void *src, hu_u64 len)
{
    return hu_call_memcpy((hu_u64)(unsigned long)dst, (hu_u64)(unsigned long)src, len);
}

/* Set `len` guest bytes to `byte` (the helper bounds it). */
static __hu_inline long hu_memset(void *dst, int byte, hu_u64 len)
{
    return hu_call_memset((hu_u64)(unsigned long)dst, (hu_u64)(hu_u8)byte, len);
}

/* Atomic 64-bit compare-and-swap on guest memory; returns the previous value. */
static __hu_inline hu_u64 hu_cmpxchg(void *addr, hu_u64 old, hu_u64 new_val)
{
    return hu_call_cmpxchg((hu_u64)(unsigned long)addr, old, new_val);
}

/* Flush `vcpu`'s TLB before it next runs. */
static __hu_inline long hu_flush_tlb_vcpu(hu_u32 vcpu)
{
    return hu_call_flush_tlb_vcpu(vcpu);
}

/* A detail of the current VM exit (enum hu_exit_info). */
static __hu_inline hu_u64 hu_get_exit_info(enum hu_exit_info field)
{
    return hu_call_get_exit_info(field);
}

#endif /* HUPCALL_HELPERS_H */
