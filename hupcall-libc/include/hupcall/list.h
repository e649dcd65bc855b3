/* SPDX-License-Identifier: MIT */
/*
 * Kernel lists walked with a bound. The list lives in guest memory, which the guest may change
 * under us, so a walk stops after `max` nodes even if it never comes back to the head: a walk
 * that hits the bound sees a prefix of the list. The unbounded kernel names walk at most
 * HU_LIST_MAX nodes (define it before including to change it).
 */
#ifndef HUPCALL_LIST_H
#define HUPCALL_LIST_H

#include <hupcall/compiler.h>
#include <hupcall/types.h>

#ifndef HU_LIST_MAX
#define HU_LIST_MAX 16
#endif

/* The kernel's layout (include/linux/types.h), unless its headers are in use. */
#ifndef _LINUX_TYPES_H
struct list_head {
    struct list_head *next, *prev;
};
struct hlist_head {
    struct hlist_node *first;
};
struct hlist_node {
    struct hlist_node *next, **pprev;
};
#endif

#define hu_list_entry(ptr, type, member) container_of(ptr, type, member)
#define hu_list_first_entry(head, type, member) hu_list_entry(READ_ONCE((head)->next), type, member)
#define hu_list_next_entry(pos, member)                                                            \
    hu_list_entry(READ_ONCE((pos)->member.next), __typeof__(*(pos)), member)
#define hu_list_last_entry(head, type, member) hu_list_entry(READ_ONCE((head)->prev), type, member)
#define hu_list_prev_entry(pos, member)                                                            \
    hu_list_entry(READ_ONCE((pos)->member.prev), __typeof__(*(pos)), member)
#define hu_list_entry_is_head(pos, head, member) (&(pos)->member == (head))
#define hu_list_empty(head) (READ_ONCE((head)->next) == (head))

#define hu_list_walk_(pos, head, member, max, it)                                                  \
    HU_UNROLL for (unsigned long it =                                                              \
                       ((pos) = hu_list_first_entry(head, __typeof__(*(pos)), member), 0);         \
                   it < (max) && !hu_list_entry_is_head(pos, head, member);                        \
                   it++, (pos) = hu_list_next_entry(pos, member))
/* list_for_each_entry that visits at most `max` nodes. */
#define hu_list_for_each_entry_bounded(pos, head, member, max)                                     \
    hu_list_walk_(pos, head, member, max, HU_UNIQUE(hu_it_))

#define hu_list_walk_reverse_(pos, head, member, max, it)                                          \
    HU_UNROLL for (unsigned long it =                                                              \
                       ((pos) = hu_list_last_entry(head, __typeof__(*(pos)), member), 0);          \
                   it < (max) && !hu_list_entry_is_head(pos, head, member);                        \
                   it++, (pos) = hu_list_prev_entry(pos, member))
/* list_for_each_entry_reverse that visits at most `max` nodes. */
#define hu_list_for_each_entry_reverse_bounded(pos, head, member, max)                             \
    hu_list_walk_reverse_(pos, head, member, max, HU_UNIQUE(hu_it_))

#define hu_list_raw_walk_(pos, head, max, it)                                                      \
    HU_UNROLL for (unsigned long it = ((pos) = READ_ONCE((head)->next), 0);                        \
                   it < (max) && (pos) != (head); it++, (pos) = READ_ONCE((pos)->next))
/* list_for_each that visits at most `max` nodes. */
#define hu_list_for_each_bounded(pos, head, max)                                                   \
    hu_list_raw_walk_(pos, head, max, HU_UNIQUE(hu_it_))

#define hu_hlist_empty(head) (!READ_ONCE((head)->first))

#define hu_hlist_entry_safe_(ptr, type, member)                                                    \
    ({                                                                                             \
        __typeof__(ptr) hu_p_ = (ptr);                                                             \
        hu_p_ ? container_of(hu_p_, type, member) : NULL;                                          \
    })
#define hu_hlist_walk_(pos, head, member, max, it)                                                 \
    HU_UNROLL for (unsigned long it = ((pos) = hu_hlist_entry_safe_(READ_ONCE((head)->first),      \
                                                                    __typeof__(*(pos)), member),   \
                                       0);                                                         \
                   it < (max) && (pos);                                                            \
                   it++, (pos) = hu_hlist_entry_safe_(READ_ONCE((pos)->member.next),               \
                                                      __typeof__(*(pos)), member))
/* hlist_for_each_entry that visits at most `max` nodes. */
#define hu_hlist_for_each_entry_bounded(pos, head, member, max)                                    \
    hu_hlist_walk_(pos, head, member, max, HU_UNIQUE(hu_it_))

#ifndef HU_NO_KERNEL_NAMES
#define list_entry hu_list_entry
#define list_first_entry hu_list_first_entry
#define list_last_entry hu_list_last_entry
#define list_next_entry hu_list_next_entry
#define list_prev_entry hu_list_prev_entry
#define list_entry_is_head hu_list_entry_is_head
#define list_empty hu_list_empty
#define hlist_entry hu_list_entry
#define list_for_each_entry_bounded hu_list_for_each_entry_bounded
#define list_for_each_entry(pos, head, member)                                                     \
    hu_list_for_each_entry_bounded(pos, head, member, HU_LIST_MAX)
/* The _safe walks allow deleting `pos` in the kernel; a hyperupcall only reads, so `n` is
 * just kept one node ahead. */
// clang-format off
#define list_for_each_entry_safe(pos, n, head, member)                                             \
    hu_list_for_each_entry_bounded(pos, head, member, HU_LIST_MAX)                                 \
        if (((n) = hu_list_next_entry(pos, member)), 0) {                                          \
        } else
// clang-format on
#define list_for_each_entry_reverse(pos, head, member)                                             \
    hu_list_for_each_entry_reverse_bounded(pos, head, member, HU_LIST_MAX)
#define list_for_each_bounded hu_list_for_each_bounded
#define list_for_each(pos, head) hu_list_for_each_bounded(pos, head, HU_LIST_MAX)
#define hlist_empty hu_hlist_empty
#define hlist_for_each_entry_bounded hu_hlist_for_each_entry_bounded
#define hlist_for_each_entry(pos, head, member)                                                    \
    hu_hlist_for_each_entry_bounded(pos, head, member, HU_LIST_MAX)
#endif

#endif /* HUPCALL_LIST_H */
