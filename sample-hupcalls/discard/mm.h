/* SPDX-License-Identifier: MIT */
/*
 * The guest's memory map, as Linux 6.12 lays it out (include/linux/mm_types.h, page-flags.h,
 * mm/internal.h), reduced to what deciding "is this frame free?" reads. Field offsets and
 * encodings follow the kernel: a 64-byte struct page without debug options, the buddy page type in
 * the top byte of page_type, the order of a free block in page->private, compound tails marked by
 * bit 0 of compound_head and the order of a compound page in the first tail's flags.
 *
 * Shared by the hyperupcall (compiled by hucc) and the guest model generator (host C).
 */
#ifndef SAMPLE_DISCARD_MM_H
#define SAMPLE_DISCARD_MM_H

#include <hupcall/list.h>

#define PAGE_SHIFT 12
#define MAX_PAGE_ORDER 10
#define NR_PAGE_ORDERS (MAX_PAGE_ORDER + 1)

/* enum pageflags (the bits this model uses) */
#define PG_locked 0
#define PG_referenced 2
#define PG_uptodate 3
#define PG_dirty 4
#define PG_lru 5
#define PG_head 6
#define PG_reserved 10

/* enum pagetype: the top byte of page_type when the page has a type; 0xff.. is "no type" */
#define PGTY_buddy 0xf0
#define PGTY_table 0xf2
#define PAGE_TYPE_NONE 0xffffffffu /* _mapcount == -1 */

struct page {
    unsigned long flags; /* PG_* */
    union {
        struct {                  /* page cache, anonymous and free (buddy) pages */
            struct list_head lru; /* buddy: linkage on the free_area list */
            void *mapping;
            unsigned long index;
            unsigned long private; /* buddy: the order of the free block this page heads */
        };
        struct {                         /* tail pages of compound pages */
            unsigned long compound_head; /* the head page's address | 1 */
        };
    };
    union {
        unsigned int page_type; /* PGTY_* << 24 when typed */
        int _mapcount;
    };
    int _refcount;
    unsigned long memcg_data;
};

_Static_assert(sizeof(struct page) == 64, "struct page is 64 bytes, as in Linux on x86-64");
_Static_assert(__builtin_offsetof(struct page, private) == 40, "page->private");
_Static_assert(__builtin_offsetof(struct page, page_type) == 48, "page->page_type");

#endif /* SAMPLE_DISCARD_MM_H */
