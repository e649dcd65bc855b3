/* A reclaim hyperupcall: the host may discard a guest frame the guest marks free. It reads the
 * guest's own array through a plain pointer; hucc makes that a masked access to the window. */
#include <hupcall/hupcall.h>

#define EXAMPLE_FRAMES 64

extern unsigned char example_frame_free[EXAMPLE_FRAMES];

HUPCALL_NAMED(reclaim, example_free_page)
{
    unsigned long gfn = hu_reclaim_gfn(ctx);

    if (gfn >= EXAMPLE_FRAMES)
        return 0;
    return example_frame_free[gfn];
}
