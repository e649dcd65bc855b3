/* SPDX-License-Identifier: MIT */
/*
 * Atomics on guest memory. Reads and writes are single accesses (READ_ONCE/WRITE_ONCE); a
 * cmpxchg is exact at every size: 8 bytes through the cmpxchg helper, 1, 2 and 4 through the
 * atomic helper (hupcall-atomics), both the host's own atomic instruction on the object.
 *
 * Spinlocks: a hyperupcall never spins (it may run while the lock holder is descheduled, and the
 * verifier bounds it anyway). spin_trylock takes a free lock with one cmpxchg or fails at once;
 * spin_lock does not exist here and is a compile error.
 */
#ifndef HUPCALL_ATOMIC_H
#define HUPCALL_ATOMIC_H

#include <hupcall/compiler.h>
#include <hupcall/helpers.h>
#include <hupcall/types.h>

#ifndef _LINUX_TYPES_H
typedef struct {
    int counter;
} atomic_t;
typedef struct {
    hu_s64 counter;
} atomic64_t;
#endif

#define hu_atomic_read(v) READ_ONCE((v)->counter)
#define hu_atomic_set(v, i) WRITE_ONCE((v)->counter, (i))

/*
 * The kernel's cmpxchg on a naturally aligned 1-, 2- or 4-byte guest object: the compiler's
 * compare-and-swap of that size, which hupcall-atomics makes one call of the atomic helper (the
 * host's own cmpxchg of the object's size). Returns the previous value of the object; it swapped
 * exactly when that equals `old`.
 */
static __hu_inline hu_u64 hu_cmpxchg_narrow(void *p, unsigned int size, hu_u64 old, hu_u64 new_val)
{
    if (size == 1)
        return __sync_val_compare_and_swap((hu_u8 *)p, (hu_u8)old, (hu_u8)new_val);
    if (size == 2)
        return __sync_val_compare_and_swap((hu_u16 *)p, (hu_u16)old, (hu_u16)new_val);
    return __sync_val_compare_and_swap((hu_u32 *)p, (hu_u32)old, (hu_u32)new_val);
}

static __hu_inline hu_u32 hu_cmpxchg32(hu_u32 *p, hu_u32 old, hu_u32 new_val)
{
    return (hu_u32)hu_cmpxchg_narrow(p, 4, old, new_val);
}

/* The kernel's cmpxchg on a 1-, 2-, 4- or 8-byte guest object; returns the previous value. The
 * compiler's compare-and-swap on the object itself (8 bytes: the cmpxchg helper, hupcall-translate;
 * narrower: the atomic helper, hupcall-atomics), so that the compiler sees the object's alignment:
 * one it knows is under-aligned (a packed field) gets a warning at the line. A statement
 * expression, so that an unused result does not warn. */
#define hu_cmpxchg_any_(ptr, old, new_val, prev)                                                   \
    ({                                                                                             \
        __typeof__(*(ptr)) prev = (__typeof__(*(ptr)))(old);                                       \
        __atomic_compare_exchange_n((ptr), &prev, (__typeof__(*(ptr)))(new_val), 0,                \
                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);                           \
        prev;                                                                                      \
    })
#define hu_cmpxchg_any(ptr, old, new_val) hu_cmpxchg_any_(ptr, old, new_val, HU_UNIQUE(hu_prev_))
#define hu_atomic_cmpxchg(v, old, new_val) hu_cmpxchg_any(&(v)->counter, old, new_val)

/* The kernel's xchg() and the read-modify-writes of atomic_t and atomic64_t: the compiler's
 * builtins on the object, which are exact in a hyperupcall (one BPF atomic instruction or one
 * call of the atomic helper, hupcall-atomics) and the hardware's natively. */
#define hu_xchg(ptr, v) __atomic_exchange_n((ptr), (__typeof__(*(ptr)))(v), __ATOMIC_SEQ_CST)
#define hu_atomic_xchg(v, i) hu_xchg(&(v)->counter, i)
#define hu_atomic_fetch_add(i, v) __atomic_fetch_add(&(v)->counter, (i), __ATOMIC_SEQ_CST)
#define hu_atomic_fetch_sub(i, v) __atomic_fetch_sub(&(v)->counter, (i), __ATOMIC_SEQ_CST)
#define hu_atomic_fetch_and(i, v) __atomic_fetch_and(&(v)->counter, (i), __ATOMIC_SEQ_CST)
#define hu_atomic_fetch_andnot(i, v) __atomic_fetch_and(&(v)->counter, ~(i), __ATOMIC_SEQ_CST)
#define hu_atomic_fetch_or(i, v) __atomic_fetch_or(&(v)->counter, (i), __ATOMIC_SEQ_CST)
#define hu_atomic_fetch_xor(i, v) __atomic_fetch_xor(&(v)->counter, (i), __ATOMIC_SEQ_CST)
#define hu_atomic_add_return(i, v) __atomic_add_fetch(&(v)->counter, (i), __ATOMIC_SEQ_CST)
#define hu_atomic_sub_return(i, v) __atomic_sub_fetch(&(v)->counter, (i), __ATOMIC_SEQ_CST)
#define hu_atomic_add(i, v) ((void)hu_atomic_fetch_add(i, v))
#define hu_atomic_sub(i, v) ((void)hu_atomic_fetch_sub(i, v))
#define hu_atomic_and(i, v) ((void)hu_atomic_fetch_and(i, v))
#define hu_atomic_andnot(i, v) ((void)hu_atomic_fetch_andnot(i, v))
#define hu_atomic_or(i, v) ((void)hu_atomic_fetch_or(i, v))
#define hu_atomic_xor(i, v) ((void)hu_atomic_fetch_xor(i, v))
#define hu_atomic_inc(v) hu_atomic_add(1, v)
#define hu_atomic_dec(v) hu_atomic_sub(1, v)
#define hu_atomic_inc_return(v) hu_atomic_add_return(1, v)
#define hu_atomic_dec_return(v) hu_atomic_sub_return(1, v)
#define hu_atomic_inc_and_test(v) (hu_atomic_inc_return(v) == 0)
#define hu_atomic_dec_and_test(v) (hu_atomic_dec_return(v) == 0)
#define hu_atomic_sub_and_test(i, v) (hu_atomic_sub_return(i, v) == 0)

/* The x86-64 queued spinlock word: 0 is free, the low byte is the locked flag. */
#ifndef HU_NO_KERNEL_NAMES
typedef struct {
    atomic_t val;
} spinlock_t;
#endif
#define HU_SPIN_LOCKED 1

/* Take `lock` if it is free, with one cmpxchg; returns 1 when taken, 0 otherwise. Never spins. */
static __hu_inline int hu_spin_trylock(void *lock)
{
    return hu_cmpxchg32((hu_u32 *)lock, 0, HU_SPIN_LOCKED) == 0;
}

/* Release a lock taken with hu_spin_trylock: clear the locked byte. */
static __hu_inline void hu_spin_unlock(void *lock)
{
    WRITE_ONCE(*(hu_u8 *)lock, 0);
}

void hu_spin_lock_unavailable(void *lock) HU_UNAVAILABLE(
    "a hyperupcall never spins: use spin_trylock() and give up when the lock is taken");

#ifndef HU_NO_KERNEL_NAMES
#define atomic_read hu_atomic_read
#define atomic_set hu_atomic_set
#define atomic64_read hu_atomic_read
#define atomic64_set hu_atomic_set
#define cmpxchg hu_cmpxchg_any
#define atomic_cmpxchg hu_atomic_cmpxchg
#define atomic64_cmpxchg hu_atomic_cmpxchg
#define xchg hu_xchg
#define atomic_xchg hu_atomic_xchg
#define atomic_fetch_add hu_atomic_fetch_add
#define atomic_fetch_sub hu_atomic_fetch_sub
#define atomic_fetch_and hu_atomic_fetch_and
#define atomic_fetch_andnot hu_atomic_fetch_andnot
#define atomic_fetch_or hu_atomic_fetch_or
#define atomic_fetch_xor hu_atomic_fetch_xor
#define atomic_add_return hu_atomic_add_return
#define atomic_sub_return hu_atomic_sub_return
#define atomic_add hu_atomic_add
#define atomic_sub hu_atomic_sub
#define atomic_and hu_atomic_and
#define atomic_andnot hu_atomic_andnot
#define atomic_or hu_atomic_or
#define atomic_xor hu_atomic_xor
#define atomic_inc hu_atomic_inc
#define atomic_dec hu_atomic_dec
#define atomic_inc_return hu_atomic_inc_return
#define atomic_dec_return hu_atomic_dec_return
#define atomic_inc_and_test hu_atomic_inc_and_test
#define atomic_dec_and_test hu_atomic_dec_and_test
#define atomic_sub_and_test hu_atomic_sub_and_test
#define atomic64_xchg hu_atomic_xchg
#define atomic64_fetch_add hu_atomic_fetch_add
#define atomic64_fetch_sub hu_atomic_fetch_sub
#define atomic64_fetch_and hu_atomic_fetch_and
#define atomic64_fetch_andnot hu_atomic_fetch_andnot
#define atomic64_fetch_or hu_atomic_fetch_or
#define atomic64_fetch_xor hu_atomic_fetch_xor
#define atomic64_add_return hu_atomic_add_return
#define atomic64_sub_return hu_atomic_sub_return
#define atomic64_add hu_atomic_add
#define atomic64_sub hu_atomic_sub
#define atomic64_and hu_atomic_and
#define atomic64_andnot hu_atomic_andnot
#define atomic64_or hu_atomic_or
#define atomic64_xor hu_atomic_xor
#define atomic64_inc hu_atomic_inc
#define atomic64_dec hu_atomic_dec
#define atomic64_inc_return hu_atomic_inc_return
#define atomic64_dec_return hu_atomic_dec_return
#define atomic64_inc_and_test hu_atomic_inc_and_test
#define atomic64_dec_and_test hu_atomic_dec_and_test
#define atomic64_sub_and_test hu_atomic_sub_and_test
#define spin_trylock(lock) hu_spin_trylock(lock)
#define spin_unlock(lock) hu_spin_unlock(lock)
#define spin_lock(lock) hu_spin_lock_unavailable(lock)
#endif

#endif /* HUPCALL_ATOMIC_H */
