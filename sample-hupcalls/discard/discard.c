/* SPDX-License-Identifier: MIT */
/*
 * discard: on memory reclaim, tell the hypervisor whether a guest frame is free in the guest's
 * buddy allocator, so it can drop the frame instead of swapping out garbage (the paper's first use
 * case).
 *
 * The decision is Linux's own is_free_buddy_page() (mm/page_alloc.c) over the guest's struct page
 * array: a frame is free when the head of an aligned block of some order containing it is a buddy
 * page whose free block is at least that large. Compound pages are never free: their head and
 * tails carry no buddy type, so every candidate head the walk looks at fails the test.
 */
#include <hupcall/hupcall.h>

#include "mm.h"

/* Guest symbols: the base of the virtual memory map (x86-64's vmemmap_base) and the highest
 * frame number plus one. */
extern unsigned long vmemmap_base;
extern unsigned long max_pfn;

#define vmemmap ((struct page *)READ_ONCE(vmemmap_base))
#define pfn_to_page(pfn) (vmemmap + (pfn))

static inline int page_type_is(const struct page *page, unsigned int type)
{
    return (READ_ONCE(page->page_type) >> 24) == type;
}

static inline int PageBuddy(const struct page *page)
{
    return page_type_is(page, PGTY_buddy);
}

/* buddy_order_unsafe(): the order may change under us; the caller checks it against the walk. */
static inline unsigned long buddy_order_unsafe(const struct page *page)
{
    return READ_ONCE(page->private);
}

static int is_free_buddy_page(const struct page *page, unsigned long pfn)
{
    unsigned int order;

    HU_UNROLL
    for (order = 0; order < NR_PAGE_ORDERS; order++) {
        const struct page *head = page - (pfn & ((1ul << order) - 1));

        if (PageBuddy(head) && buddy_order_unsafe(head) >= order)
            break;
    }
    return order <= MAX_PAGE_ORDER;
}

HUPCALL_NAMED(reclaim, discard)
{
    unsigned long pfn = hu_arg(ctx, 0);

    if (pfn >= READ_ONCE(max_pfn))
        return 0;
    return is_free_buddy_page(pfn_to_page(pfn), pfn);
}
