/* SPDX-License-Identifier: MIT */
/*
 * Memory ordering and RCU for reused kernel code. A hyperupcall reads guest memory while the
 * guest runs: every read of a shared pointer is a single access (READ_ONCE), and what it reads
 * may be stale or freed a moment later - still inside the window, never outside it. The host
 * runs the code on x86-64 (TSO): loads are not reordered with loads nor stores with stores, so
 * smp_rmb/smp_wmb and acquire/release need only keep the compiler in order. smp_mb is the same
 * compiler barrier: BPF has no fence instruction, so a store followed by a load may still be
 * reordered by the CPU; reused code that depends on it is not correct here.
 */
#ifndef HUPCALL_RCU_H
#define HUPCALL_RCU_H

#include <hupcall/compiler.h>

/* A pointer published with rcu_assign_pointer, read once. No grace period protects it. */
#define hu_rcu_dereference(p) READ_ONCE(p)
#define hu_smp_load_acquire(p)                                                                     \
    ({                                                                                             \
        __typeof__(*(p)) hu_v_ = READ_ONCE(*(p));                                                  \
        barrier();                                                                                 \
        hu_v_;                                                                                     \
    })
#define hu_smp_store_release(p, v)                                                                 \
    do {                                                                                           \
        barrier();                                                                                 \
        WRITE_ONCE(*(p), (v));                                                                     \
    } while (0)

#ifndef HU_NO_KERNEL_NAMES
#define rcu_dereference(p) hu_rcu_dereference(p)
#define rcu_dereference_raw(p) hu_rcu_dereference(p)
#define rcu_dereference_check(p, c) hu_rcu_dereference(p)
#define rcu_dereference_protected(p, c) hu_rcu_dereference(p)
#define rcu_access_pointer(p) hu_rcu_dereference(p)
/* Nothing to hold: the hyperupcall cannot delay the guest's grace periods. */
#define rcu_read_lock() barrier()
#define rcu_read_unlock() barrier()
#define smp_rmb() barrier()
#define smp_wmb() barrier()
#define smp_mb() barrier()
#define smp_load_acquire(p) hu_smp_load_acquire(p)
#define smp_store_release(p, v) hu_smp_store_release(p, v)
#endif

#endif /* HUPCALL_RCU_H */
