// The smallest useful hyperupcall: the frame is free when the guest's bitmap says so.
#include <hupcall/hupcall.h>

extern unsigned long free_frames[];

HUPCALL(reclaim)
{
    return test_bit(hu_reclaim_gfn(ctx) & 1023, free_frames);
}
