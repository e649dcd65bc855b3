/* Two captured variables (8 and 4 bytes) and one guest symbol the code references. */
#include <hupcall/capture.h>
#include <hupcall/hupcall.h>

extern unsigned long table_base;
extern unsigned int table_shift;
extern unsigned long jiffies;

HU_CAPTURE(table_base);
HU_CAPTURE(table_shift);

HUPCALL(reclaim)
{
    const unsigned long *t = (const unsigned long *)table_base;

    return t[hu_reclaim_gfn(ctx) << table_shift] + jiffies;
}
