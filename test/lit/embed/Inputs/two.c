/* Two hyperupcalls in one object: one table entry each, both carrying the object. */
#include <hupcall/hupcall.h>

HUPCALL_NAMED(map, deny_low_pages)
{
    return hu_map_gva(ctx) < 0x1000;
}

HUPCALL_NAMED(aging, never_cold)
{
    return 0;
}
