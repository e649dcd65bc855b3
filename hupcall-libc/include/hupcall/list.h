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

#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(head, type, member) list_entry(READ_ONCE((head)->next), type, member)
#define list_next_entry(pos, member)                                                               \
    list_entry(READ_ONCE((pos)->member.next), __typeof__(*(pos)), member)
#define list_entry_is_head(pos, head, member) (&(pos)->member == (head))

static __hu_inline int list_empty(const struct list_head *head)
{
    return READ_ONCE(head->next) == head;
}

#define hu_list_walk_(pos, head, member, max, it)                                                  \
    HU_UNROLL for (unsigned long it =                                                              \
                       ((pos) = list_first_entry(head, __typeof__(*(pos)), member), 0);            \
                   it < (max) && !list_entry_is_head(pos, head, member);                           \
                   it++, (pos) = list_next_entry(pos, member))

/* list_for_each_entry that visits at most `max` nodes. */
#define list_for_each_entry_bounded(pos, head, member, max)                                        \
    hu_list_walk_(pos, head, member, max, HU_UNIQUE(hu_it_))
#define list_for_each_entry(pos, head, member)                                                     \
    list_for_each_entry_bounded(pos, head, member, HU_LIST_MAX)

#define hu_list_raw_walk_(pos, head, max, it)                                                      \
    HU_UNROLL for (unsigned long it = ((pos) = READ_ONCE((head)->next), 0);                        \
                   it < (max) && (pos) != (head); it++, (pos) = READ_ONCE((pos)->next))
#define list_for_each_bounded(pos, head, max) hu_list_raw_walk_(pos, head, max, HU_UNIQUE(hu_it_))
#define list_for_each(pos, head) list_for_each_bounded(pos, head, HU_LIST_MAX)

#define hlist_entry(ptr, type, member) container_of(ptr, type, member)
#define hlist_entry_safe_(ptr, type, member)                                                       \
    ({                                                                                             \
        __typeof__(ptr) hu_p_ = (ptr);                                                             \
        hu_p_ ? hlist_entry(hu_p_, type, member) : NULL;                                           \
    })

#define hu_hlist_walk_(pos, head, member, max, it)                                                 \
    HU_UNROLL for (unsigned long it = ((pos) = hlist_entry_safe_(READ_ONCE((head)->first),         \
                                                                 __typeof__(*(pos)), member),      \
                                       0);                                                         \
                   it < (max) && (pos);                                                            \
                   it++, (pos) = hlist_entry_safe_(READ_ONCE((pos)->member.next),                  \
                                                   __typeof__(*(pos)), member))

/* hlist_for_each_entry that visits at most `max` nodes. */
#define hlist_for_each_entry_bounded(pos, head, member, max)                                       \
    hu_hlist_walk_(pos, head, member, max, HU_UNIQUE(hu_it_))
#define hlist_for_each_entry(pos, head, member)                                                    \
    hlist_for_each_entry_bounded(pos, head, member, HU_LIST_MAX)

#endif /* HUPCALL_LIST_H */
