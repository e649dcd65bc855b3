/* SPDX-License-Identifier: MIT */
/*
 * Atomics on guest memory. Reads and writes are single accesses (READ_ONCE/WRITE_ONCE); every
 * read-modify-write goes through the cmpxchg helper, which is 64-bit: a 1-, 2- or 4-byte
 * cmpxchg swaps the aligned 64-bit word around it, comparing and replacing only its own bytes.
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

/* How often a 1-, 2- or 4-byte cmpxchg retries when only the other bytes of its 8-byte word
 * changed meanwhile (the hardware instruction would not have failed then). */
#ifndef HU_CMPXCHG_TRIES
#define HU_CMPXCHG_TRIES 4
#endif

/*
 * The kernel's cmpxchg on a naturally aligned 1-, 2- or 4-byte guest object, through the 64-bit
 * helper on the aligned word around it: only the object's own bytes are compared and replaced.
 * Returns the previous value of the object (== old: swapped). Fails, returning a value other
 * than `old`, only when the object differs from `old`, or when the rest of its word changed
 * under it HU_CMPXCHG_TRIES times in a row.
 */
static __hu_inline hu_u64 hu_cmpxchg_narrow(void *p, unsigned int size, hu_u64 old, hu_u64 new_val)
{
    unsigned long addr = (unsigned long)p;
    hu_u64 *word = (hu_u64 *)(addr & ~7UL);
    unsigned int shift = (unsigned int)(addr & 7) * 8; /* little endian */
    hu_u64 field = size == 1 ? 0xffULL : size == 2 ? 0xffffULL : 0xffffffffULL;
    hu_u64 cur = READ_ONCE(*word), prev;
    int i;

    old &= field;
    new_val &= field;
    HU_UNROLL for (i = 0; i < HU_CMPXCHG_TRIES; i++)
    {
        if (((cur >> shift) & field) != old)
            return (cur >> shift) & field;
        prev = hu_cmpxchg(word, cur, (cur & ~(field << shift)) | (new_val << shift));
        if (prev == cur)
            return old;
        cur = prev;
    }
    return ~old & field;
}

static __hu_inline hu_u32 hu_cmpxchg32(hu_u32 *p, hu_u32 old, hu_u32 new_val)
{
    return (hu_u32)hu_cmpxchg_narrow(p, 4, old, new_val);
}

/* The kernel's cmpxchg on a 1-, 2-, 4- or 8-byte guest object; returns the previous value.
 * Values go through hu_u64 first so that a pointer-typed object does not warn in the untaken
 * narrow arm; a statement expression, so that an unused result does not warn either. */
#define hu_cmpxchg_any(ptr, old, new_val)                                                          \
    ({                                                                                             \
        __typeof__(*(ptr)) hu_prev_ =                                                              \
            (__typeof__(*(ptr)))(sizeof(*(ptr)) == 8                                               \
                                     ? hu_cmpxchg((void *)(ptr), (hu_u64)(old), (hu_u64)(new_val)) \
                                     : hu_cmpxchg_narrow((void *)(ptr), sizeof(*(ptr)),            \
                                                         (hu_u64)(old), (hu_u64)(new_val)));       \
        hu_prev_;                                                                                  \
    })
#define hu_atomic_cmpxchg(v, old, new_val) hu_cmpxchg_any(&(v)->counter, old, new_val)

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
#define spin_trylock(lock) hu_spin_trylock(lock)
#define spin_unlock(lock) hu_spin_unlock(lock)
#define spin_lock(lock) hu_spin_lock_unavailable(lock)
#endif

#endif /* HUPCALL_ATOMIC_H */
