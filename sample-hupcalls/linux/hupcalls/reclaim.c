/* SPDX-License-Identifier: GPL-2.0 */
/*
 * reclaim: is this guest frame free? The guest kernel's own answer, is_free_buddy_page()
 * (mm/page_alloc.c, Linux 6.1), over the guest's struct page array, written with the kernel's own
 * headers and inline functions: pfn_to_page(), PageBuddy(), page_private().
 *
 * A frame is free when the head of an aligned block of some order containing it is a buddy page
 * whose free block is at least that large. Verdict 1 = free (the host may discard it).
 *
 * The window is the struct page array: vmemmap_base, a power of two covering max_pfn struct pages.
 * vmemmap_base itself, which pfn_to_page() reads, lives in the kernel image: it is captured, so
 * its value arrives in env[1] at registration (hupcall/capture.h).
 */
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/page-flags.h>

#include <hupcall/capture.h>
#include <hupcall/hupcall.h>

HU_CAPTURE(vmemmap_base);

/* buddy_order_unsafe() of mm/internal.h (not an installed header): the order of a free block,
 * which may change under us; the walk checks it against the order it looks for. */
static inline unsigned int buddy_order_unsafe(struct page *page)
{
    return READ_ONCE(page_private(page));
}

/* is_free_buddy_page() of mm/page_alloc.c (the header declares the kernel's, which a hyperupcall cannot
 * call), line for line. */
static bool free_buddy_page(struct page *page)
{
    unsigned long pfn = page_to_pfn(page);
    unsigned int order;

    HU_UNROLL
    for (order = 0; order < MAX_ORDER; order++) {
        struct page *page_head = page - (pfn & ((1 << order) - 1));

        if (PageBuddy(page_head) && buddy_order_unsafe(page_head) >= order)
            break;
    }
    return order < MAX_ORDER;
}

HUPCALL(reclaim)
{
    unsigned long pfn = hu_reclaim_gfn(ctx);

    /* Frames past the window have no struct page the host can read. */
    if (pfn > ctx->guest_mask / sizeof(struct page))
        return 0;
    return free_buddy_page(pfn_to_page(pfn));
}
