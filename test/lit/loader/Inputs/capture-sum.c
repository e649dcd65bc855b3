/* Two captured variables, 8 and 4 bytes: the hyperupcall returns their sum. */
#include <hupcall/capture.h>
#include <hupcall/hupcall.h>

extern unsigned long table_base;
extern unsigned int table_shift;

HU_CAPTURE(table_base);
HU_CAPTURE(table_shift);

HUPCALL(reclaim)
{
    return table_base + table_shift + hu_reclaim_gfn(ctx);
}
