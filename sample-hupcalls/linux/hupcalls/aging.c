/* SPDX-License-Identifier: GPL-2.0 */
/*
 * aging: is this guest frame cold? From the frame's own page flags, read with the kernel's own
 * headers: the frame is on an LRU list (PG_lru), on the inactive one (not PG_active), has not been
 * referenced since the kernel last looked (not PG_referenced) and may be evicted (not
 * PG_unevictable, not PG_mlocked). Those are the next pages the guest's own reclaim would take,
 * so the host can swap or compress them first. Verdict 1 = cold.
 *
 * The bits are the frame's own struct page flags, as /proc/kpageflags reports them (KPF_LRU 5,
 * KPF_ACTIVE 6, KPF_REFERENCED 2, KPF_UNEVICTABLE 18, KPF_MLOCKED 33 copy PG_lru, PG_active,
 * PG_referenced, PG_unevictable, PG_mlocked of the frame's own page): cold exactly when the
 * frame's kpageflags have LRU set and the four others clear. (PageLRU() and friends would read
 * a tail page's head instead; kpageflags does not.)
 *
 * The window is the struct page array, as for reclaim; vmemmap_base is captured into env[1].
 */
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/page-flags.h>

#include <hupcall/capture.h>
#include <hupcall/hupcall.h>

HU_CAPTURE(vmemmap_base);

static bool frame_is_cold(struct page *page)
{
    const unsigned long *flags = &page->flags;

    return test_bit(PG_lru, flags) && !test_bit(PG_active, flags) &&
           !test_bit(PG_referenced, flags) && !test_bit(PG_unevictable, flags) &&
           !test_bit(PG_mlocked, flags);
}

HUPCALL(aging)
{
    unsigned long pfn = hu_aging_gfn(ctx);

    /* Frames past the window have no struct page the host can read. */
    if (pfn > ctx->guest_mask / sizeof(struct page))
        return 0;
    return frame_is_cold(pfn_to_page(pfn));
}
