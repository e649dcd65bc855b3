// The framework facilities runq.c does not use: hlist walks, hu_for_bounded, bounded string and
// memory functions, 8- and 4-byte cmpxchg, atomic_cmpxchg, find_first_bit, RCU read side and
// acquire/release.
// Built by hucc (facilities.test) and natively (native.c).
#include <hupcall/hupcall.h>

#include "facilities.h"

extern struct hlist_head buckets[8];
extern unsigned long seq;
extern atomic_t users;
extern unsigned long weights[];
extern unsigned long busy[];

/* exit: look the key (arg 0) up in its bucket; r0 = strnlen of its name * 1000 + its bucket
 * position, or -1. Bumps `seq` with cmpxchg and `users` with atomic_cmpxchg on the way. */
HUPCALL(exit)
{
    unsigned long key = hu_exit_reason(ctx), pos = 0;
    struct entry *e, *hit = NULL;
    char copy[16];

    cmpxchg(&seq, READ_ONCE(seq), READ_ONCE(seq) + 1);
    atomic_cmpxchg(&users, atomic_read(&users), atomic_read(&users) + 2);
    /* The hit is kept, not returned from inside the walk (that path is block-order.c's). */
    hlist_for_each_entry(e, &buckets[key & 7], link) {
        if (!hit && READ_ONCE(e->key) == key)
            hit = e;
        pos += !hit;
    }
    if (!hit)
        return -1;
    hu_memcpy_bounded(copy, hit->name, sizeof(copy), 16);
    copy[15] = 0;
    return (long)hu_strnlen_bounded(copy, sizeof(copy), 16) * 1000 + (long)pos;
}

/* aging: the weighted sum of the first arg-0 weights (at most 8), plus 100 * the first busy
 * CPU; a release store marks weights[0]. */
HUPCALL(aging)
{
    unsigned long i, sum = 0;

    rcu_read_lock();
    hu_for_bounded(i, hu_aging_gfn(ctx), 8) sum += smp_load_acquire(&weights[i]) * (i + 1);
    rcu_read_unlock();
    smp_store_release(&weights[0], 7);
    return (long)(sum + 100 * find_first_bit(busy, 128));
}
